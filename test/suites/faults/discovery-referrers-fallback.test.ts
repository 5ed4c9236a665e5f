import { proveWorkflow } from '../../helpers/faults.js';

proveWorkflow('discovery-referrers-fallback', {
  'tag-schema-rejected': { 'discovery/referrers/tag-schema': 'fail' },
  // Without the API (404) clients fall back to the tag, and the registry serves it.
  'referrers-not-found': {},
  // The setup cannot push the subject: the push checks report that, this skips.
  'upload-post-not-202': { '*': 'skip' },
  'manifest-put-not-201': { '*': 'skip' },
});
