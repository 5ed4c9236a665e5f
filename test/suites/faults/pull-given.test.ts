import { proveGivenWorkflow } from '../../helpers/given-faults.js';

proveGivenWorkflow('pull-given', {
  'blob-get-corrupt': { 'pull/given/blob-get': 'fail', 'pull/given/blob-digest-header-matches': 'fail' },
  'blob-missing-not-404': { 'pull/given/blob-missing': 'fail' },
  'blob-head-wrong-length': { 'pull/given/blob-head-content-length': 'warn' },
  'blob-head-unsupported': {
    'pull/given/blob-head': 'fail',
    'pull/given/blob-head-content-length': 'warn',
    'pull/given/blob-digest-header-matches': 'fail',
    'pull/given/blob-missing': 'fail',
  },
  'digest-header-wrong': { 'pull/given/manifest-digest-header-matches': 'fail', 'pull/given/blob-digest-header-matches': 'fail' },
  // Without the header there is nothing to verify.
  'digest-header-missing': { 'pull/given/manifest-digest-header-matches': 'skip', 'pull/given/blob-digest-header-matches': 'skip' },
  'manifest-missing-not-404': { 'pull/given/manifest-missing': 'fail' },
  'repo-missing-not-404': { 'pull/given/missing-repository': 'fail' },
  // Re-serialised JSON no longer hashes to its digest (nor to the header computed from the stored bytes).
  'manifest-rewrite': { 'pull/given/manifest-by-digest': 'fail', 'pull/given/manifest-digest-header-matches': 'fail', 'pull/given/index-children': 'fail' },
  'manifest-head-content-type': { 'pull/given/manifest-head': 'fail' },
  'manifest-head-unsupported': { 'pull/given/manifest-head': 'fail', 'pull/given/manifest-missing': 'fail' },
  'manifest-content-type-generic': { 'pull/given/manifest-by-tag': 'fail' },
});
