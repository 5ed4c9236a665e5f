import { proveWorkflow } from '../../helpers/faults.js';

proveWorkflow('dev-next', {
  // The 1.1.1 SHOULD (PULL-007/012/018) is a MUST on the main branch.
  'digest-header-missing': { 'dev/next/digest-header-required': 'fail' },
  'blob-head-unsupported': { 'dev/next/digest-header-required': 'fail' },
  'patch-out-of-order-accepted': { 'dev/next/put-final-chunk-out-of-order': 'fail' },
  'upload-cancel-ignored': { 'dev/next/upload-cancel': 'warn' },
  // The setup cannot push the image: the push checks report that, these skip.
  'manifest-put-not-201': { '*': 'skip' },
});
