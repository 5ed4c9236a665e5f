import { proveWorkflow } from '../../helpers/faults.js';

const errorBody = { 'pull/blob/missing-error-body': 'fail', 'pull/blob/missing-error-code': 'warn' } as const;

proveWorkflow('pull-blobs', {
  'blob-get-corrupt': { 'pull/blob/get': 'fail' },
  'blob-missing-not-404': { 'pull/blob/get-missing': 'fail', 'pull/blob/head-missing': 'fail', ...errorBody },
  // Ignoring Range (200 with the whole blob) is allowed by HTTP but misses the SHOULD.
  'blob-range-ignored': { 'pull/blob/range': 'warn' },
  'blob-head-wrong-length': { 'pull/blob/head-content-length': 'warn', 'pull/blob/head-matches-get': 'warn' },
  'blob-head-unsupported': {
    'pull/blob/head': 'fail',
    'pull/blob/head-missing': 'fail',
    'pull/blob/digest-header-matches': 'fail',
    'pull/blob/head-content-length': 'warn',
    'pull/blob/head-digest-header': 'warn',
    'pull/blob/head-matches-get': 'warn',
  },
  'error-message-not-string': { 'pull/blob/missing-error-body': 'fail' },
  // Without the header there is nothing to verify, so the MUST check skips.
  'digest-header-missing': { 'pull/blob/get-digest-header': 'warn', 'pull/blob/digest-header-matches': 'skip', 'pull/blob/head-digest-header': 'warn' },
  'digest-header-wrong': { 'pull/blob/digest-header-matches': 'fail' },
  'error-code-lowercase': errorBody,
  'error-code-unknown': errorBody,
  'error-body-not-errors': errorBody,
  'error-code-mismatch': { 'pull/blob/missing-error-code': 'warn' },
  // The setup cannot push the image: the push checks report that, these skip.
  'upload-post-not-202': { '*': 'skip' },
  'manifest-put-not-201': { '*': 'skip' },
});
