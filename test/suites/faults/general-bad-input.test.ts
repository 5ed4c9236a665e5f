import { proveWorkflow } from '../../helpers/faults.js';

proveWorkflow('general-bad-input', {
  // Upper-case hex folded to lower case is accepted at every digest endpoint.
  'digest-uppercase-accepted': {
    'general/bad-input/blob-digests': 'fail',
    'general/bad-input/manifest-references': 'fail',
    'general/bad-input/upload-digests': 'fail',
    'general/bad-input/mounts': 'fail',
    'general/bad-input/referrers-digests': 'fail',
  },
  'digest-malformed-200': { 'general/bad-input/blob-digests': 'fail' },
  'server-error-malformed-digest': { 'general/bad-input/blob-digests': 'fail' },
  'manifest-put-malformed-digest-accepted': { 'general/bad-input/manifest-references': 'fail' },
  'upload-digest-unregistered-accepted': { 'general/bad-input/upload-digests': 'fail' },
  'mount-malformed-accepted': { 'general/bad-input/mounts': 'fail' },
  'referrers-bad-digest-200': { 'general/bad-input/referrers-digests': 'fail' },
  'name-uppercase-accepted': { 'general/bad-input/repository-names': 'fail' },
  'tag-overlong-accepted': { 'general/bad-input/tags': 'fail', 'general/bad-input/manifest-references': 'fail' },
  'tags-n-invalid-500': { 'general/bad-input/tag-list-parameters': 'fail' },
  'upload-unknown-session-accepted': { 'general/bad-input/upload-sessions': 'fail' },
});
