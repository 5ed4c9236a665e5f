import { proveWorkflow } from '../../helpers/faults.js';

const errorBody = { 'pull/manifest/missing-error-body': 'fail', 'pull/manifest/missing-error-code': 'warn' } as const;

proveWorkflow('pull-manifests', {
  'digest-header-missing': { 'pull/manifest/digest-header': 'warn', 'pull/manifest/digest-header-matches': 'skip' },
  'digest-header-wrong': { 'pull/manifest/digest-header-matches': 'fail' },
  'manifest-missing-not-404': { 'pull/manifest/get-missing': 'fail', 'pull/manifest/head-missing': 'fail', ...errorBody },
  'repo-missing-not-404': { 'pull/manifest/missing-repository': 'fail' },
  // Re-serialised JSON has other bytes and another length.
  'manifest-rewrite': { 'pull/manifest/get-by-tag': 'fail', 'pull/manifest/get-by-digest': 'fail', 'pull/manifest/head-content-length': 'warn' },
  'manifest-content-type-param': { 'pull/manifest/content-type-no-parameters': 'warn' },
  'manifest-content-type-generic': { 'pull/manifest/content-type': 'warn' },
  'manifest-head-content-type': { 'pull/manifest/head-matches-get': 'fail' },
  'manifest-head-unsupported': {
    'pull/manifest/head': 'fail',
    'pull/manifest/head-missing': 'fail',
    'pull/manifest/head-matches-get': 'fail',
    'pull/manifest/digest-header-matches': 'fail',
    'pull/manifest/content-type-no-parameters': 'warn',
    'pull/manifest/digest-header': 'warn',
    'pull/manifest/head-content-length': 'warn',
  },
  'error-message-not-string': { 'pull/manifest/missing-error-body': 'fail' },
  'error-code-lowercase': errorBody,
  'error-code-unknown': errorBody,
  'error-body-not-errors': errorBody,
  'error-code-mismatch': { 'pull/manifest/missing-error-code': 'warn' },
  'upload-put-not-201': { '*': 'skip' },
  'manifest-put-not-201': { '*': 'skip' },
});
