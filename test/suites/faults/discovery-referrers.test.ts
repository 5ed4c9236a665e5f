import { proveWorkflow } from '../../helpers/faults.js';

/** With the API gone (404 or 406) the listing checks have nothing to read. */
const listing = {
  'discovery/referrers/subject-header': 'skip',
  'discovery/referrers/subject-header-index': 'skip',
  'discovery/referrers/unknown-subject': 'skip',
  'discovery/referrers/no-referrers': 'skip',
  'discovery/referrers/bad-digest': 'skip',
  'discovery/referrers/index-body': 'skip',
  'discovery/referrers/content-type': 'skip',
  'discovery/referrers/only-referrers': 'skip',
  'discovery/referrers/complete': 'skip',
  'discovery/referrers/random-sets': 'skip',
  'discovery/referrers/artifact-type': 'skip',
  'discovery/referrers/artifact-type-from-config': 'skip',
  'discovery/referrers/index-without-artifact-type': 'skip',
  'discovery/referrers/annotations': 'skip',
  'discovery/referrers/descriptor': 'skip',
  'discovery/referrers/random-descriptors': 'skip',
  'discovery/referrers/index-subject': 'skip',
  'discovery/referrers/subject-pushed-later': 'skip',
  'discovery/referrers/filter': 'skip',
  'discovery/referrers/filter-header': 'skip',
  'discovery/referrers/pagination': 'skip',
} as const;

/** The checks that read a list's descriptors, which a body that is not an index does not have. */
const descriptors = {
  'discovery/referrers/no-referrers': 'skip',
  'discovery/referrers/only-referrers': 'skip',
  'discovery/referrers/complete': 'skip',
  'discovery/referrers/random-sets': 'skip',
  'discovery/referrers/artifact-type': 'skip',
  'discovery/referrers/artifact-type-from-config': 'skip',
  'discovery/referrers/index-without-artifact-type': 'skip',
  'discovery/referrers/annotations': 'skip',
  'discovery/referrers/descriptor': 'skip',
  'discovery/referrers/random-descriptors': 'skip',
  'discovery/referrers/index-subject': 'skip',
  'discovery/referrers/subject-pushed-later': 'skip',
  'discovery/referrers/filter': 'skip',
  'discovery/referrers/filter-header': 'skip',
  'discovery/referrers/pagination': 'skip',
} as const;

proveWorkflow(
  'discovery-referrers',
  {
    // The referrer pushed before its subject is refused, so its listing cannot be judged.
    'subject-required': { 'push/manifest/subject-absent': 'fail', 'discovery/referrers/subject-pushed-later': 'skip' },
    'subject-header-missing': { 'discovery/referrers/subject-header': 'fail', 'discovery/referrers/subject-header-index': 'warn' },
    'subject-header-wrong': { 'discovery/referrers/subject-header': 'fail', 'discovery/referrers/subject-header-index': 'warn' },
    // 404 is the allowed "no API": the listing checks skip, but OCI-Subject is still sent, which lies.
    'referrers-not-found': { ...listing, 'discovery/referrers/status': 'skip', 'discovery/referrers/subject-header-listed': 'fail' },
    // 406 is no sanctioned signal (inventory §3 A1): the status check fails, and OCI-Subject lies as above.
    'referrers-not-acceptable': { ...listing, 'discovery/referrers/status': 'fail', 'discovery/referrers/subject-header-listed': 'fail' },
    'referrers-orphans-dropped': { 'discovery/referrers/subject-pushed-later': 'fail' },
    'referrers-unknown-subject-404': { 'discovery/referrers/unknown-subject': 'fail', 'discovery/referrers/no-referrers': 'fail' },
    'referrers-bad-digest-200': { 'discovery/referrers/bad-digest': 'fail' },
    // Whether OCI-Subject holds cannot be told from a body that is not an index.
    'referrers-not-index': { ...descriptors, 'discovery/referrers/index-body': 'fail', 'discovery/referrers/subject-header-listed': 'skip' },
    'referrers-wrong-content-type': { 'discovery/referrers/content-type': 'fail' },
    // Every manifest with any subject is listed, so a manifest nobody refers to gets referrers too.
    'referrers-wrong-subject': { 'discovery/referrers/only-referrers': 'fail', 'discovery/referrers/random-sets': 'fail', 'discovery/referrers/no-referrers': 'fail' },
    // The one index referrer without artifactType is left out, so there is nothing for REF-010 to judge.
    'referrers-skip-indexes': { 'discovery/referrers/complete': 'fail', 'discovery/referrers/random-sets': 'fail', 'discovery/referrers/index-without-artifact-type': 'skip' },
    'referrers-index-subject-ignored': { 'discovery/referrers/index-subject': 'fail' },
    // The filter keeps entries with the asked type; with no types at all it keeps none, yet says it filtered.
    'referrers-artifacttype-missing': {
      'discovery/referrers/artifact-type': 'fail',
      'discovery/referrers/artifact-type-from-config': 'fail',
      'discovery/referrers/random-descriptors': 'fail',
      'discovery/referrers/filter-header': 'fail',
    },
    'referrers-index-artifacttype-invented': { 'discovery/referrers/index-without-artifact-type': 'fail', 'discovery/referrers/random-descriptors': 'fail' },
    'referrers-annotations-dropped': { 'discovery/referrers/annotations': 'fail', 'discovery/referrers/random-descriptors': 'fail' },
    'referrers-size-wrong': { 'discovery/referrers/descriptor': 'fail', 'discovery/referrers/random-descriptors': 'fail' },
    // Pages of 8: only the pagination check's 10-14 referrers need a second page.
    'referrers-no-pagination-link': { 'discovery/referrers/pagination': 'fail' },
    // Filtered without saying so: the SHOULD reads it as no filtering, the MUST as a silent change of the list.
    'referrers-filter-no-header': { 'discovery/referrers/filter': 'warn', 'discovery/referrers/filter-header': 'fail' },
    'referrers-filter-header-unfiltered': { 'discovery/referrers/filter-header': 'fail' },
    // Ignoring the filter (full list, no header) is allowed: only the SHOULD warns.
    'referrers-filter-ignored': { 'discovery/referrers/filter': 'warn' },
    // The setup cannot push the subject: the push checks report that, these skip.
    'upload-post-not-202': { '*': 'skip' },
    'manifest-put-not-201': { '*': 'skip' },
  },
  { registry: { referrersPageSize: 8 } },
);
