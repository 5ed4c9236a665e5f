import { proveWorkflow } from '../../helpers/faults.js';

proveWorkflow('push-blob-streamed', {
  'blob-get-corrupt': { 'push/blob/streamed': 'fail' },
  'upload-post-not-202': { 'push/blob/streamed': 'skip' },
  'upload-put-not-201': { 'push/blob/streamed': 'fail' },
  'patch-no-range': { 'push/blob/streamed': 'fail' },
  // v1.1.1 defines PATCH only with Content-Range: refusing the streamed form is allowed.
  'streamed-patch-broken': { 'push/blob/streamed': 'skip' },
});
