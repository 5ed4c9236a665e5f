import { proveWorkflow } from '../../helpers/faults.js';

proveWorkflow('general-categories', {
  'manifest-head-unsupported': { 'general/categories/pull': 'fail' },
  'blob-get-corrupt': { 'general/categories/pull': 'fail' },
  'tags-list-not-found': { 'general/categories/beyond-pull': 'warn' },
  'referrers-not-found': { 'general/categories/beyond-pull': 'warn' },
  'upload-put-not-201': { '*': 'skip' },
});
