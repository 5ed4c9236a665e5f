import { proveWorkflow } from '../../helpers/faults.js';

proveWorkflow('general-names', {
  'blob-get-corrupt': { 'general/names/separators': 'fail' },
  'name-uppercase-accepted': { 'general/names/invalid-refused': 'fail' },
  'digest-uppercase-accepted': { 'general/names/invalid-digest': 'fail' },
  'digest-unregistered-rejected': { 'general/names/unregistered-algorithm': 'warn' },
  // A HEAD that cannot answer 404 cannot show that the digest passed validation.
  'blob-head-unsupported': { 'general/names/unregistered-algorithm': 'warn' },
  'upload-post-not-202': { '*': 'skip' },
});
