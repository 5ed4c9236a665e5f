import { proveGivenWorkflow } from '../../helpers/given-faults.js';

proveGivenWorkflow('discovery-given', {
  'tags-list-not-found': { 'discovery/given/tags-list': 'fail', 'discovery/given/tags-order': 'skip', 'discovery/given/tags-n': 'skip' },
  'tags-name-wrong': { 'discovery/given/tags-list': 'fail' },
  'tags-unsorted': { 'discovery/given/tags-order': 'fail' },
  'tags-n-ignored': { 'discovery/given/tags-n': 'fail' },
  'repo-missing-not-404': { 'discovery/given/tags-missing-repository': 'fail' },
  'referrers-wrong-content-type': { 'discovery/given/referrers': 'fail' },
  'referrers-not-index': { 'discovery/given/referrers': 'fail', 'discovery/given/referrers-resolve': 'fail' },
  // The listed media type is no longer the one the manifest is served with.
  'manifest-content-type-generic': { 'discovery/given/referrers-resolve': 'fail' },
});
