import { proveWorkflow } from '../../helpers/faults.js';

proveWorkflow(
  'push-blob-single-post',
  {
    'blob-get-corrupt': { 'push/blob/single-post': 'fail' },
    'blob-missing-not-404': { 'push/blob/single-post-wrong-digest': 'fail' },
    'upload-put-no-verify': { 'push/blob/single-post-wrong-digest': 'fail' },
    // Refusing single POST is allowed; refusing it without a session breaks the SHOULD.
    'single-post-refused': { 'push/blob/single-post': 'skip', 'push/blob/single-post-fallback': 'warn' },
    'single-post-location-wrong': { 'push/blob/single-post': 'fail' },
  },
  // The reference registry supports single POST, so it has no fallback to exercise.
  { baseline: { 'push/blob/single-post-fallback': 'skip' } },
);
