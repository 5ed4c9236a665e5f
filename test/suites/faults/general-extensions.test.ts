import { proveWorkflow } from '../../helpers/faults.js';

proveWorkflow('general-extensions', {
  // 404 with UNSUPPORTED is how a registry says it has no extensions: allowed.
  'ext-discover-not-found': { '*': 'skip' },
  // The endpoint check builds on a valid discovery answer: it skips, naming the discover check.
  'ext-discover-missing-endpoints': { '*': 'fail', 'general/extensions/endpoint-paths': 'skip' },
  'ext-discover-wrong-content-type': { '*': 'fail', 'general/extensions/endpoint-paths': 'skip' },
  'ext-discover-bad-name': { 'general/extensions/names': 'fail' },
  'ext-discover-duplicate-names': { 'general/extensions/names': 'fail' },
  // Repository-level discovery may be absent while registry-level works.
  'ext-discover-repo-not-found': { 'general/extensions/discover-repository': 'skip', 'general/extensions/names': 'skip', 'general/extensions/endpoint-paths': 'skip' },
  'ext-discover-bad-endpoint': { 'general/extensions/endpoint-paths': 'warn' },
  'upload-put-not-201': { '*': 'skip' },
});
