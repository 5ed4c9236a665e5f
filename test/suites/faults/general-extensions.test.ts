import { proveWorkflow } from '../../helpers/faults.js';

proveWorkflow('general-extensions', {
  // 404 with UNSUPPORTED is how a registry says it has no extensions: allowed.
  'ext-discover-not-found': { '*': 'skip' },
  'ext-discover-missing-endpoints': { '*': 'fail' },
  'ext-discover-wrong-content-type': { '*': 'fail' },
  'ext-discover-bad-name': { 'general/extensions/names': 'fail' },
  'ext-discover-duplicate-names': { 'general/extensions/names': 'fail' },
  'upload-put-not-201': { '*': 'skip' },
});
