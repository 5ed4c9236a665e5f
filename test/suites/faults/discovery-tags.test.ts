import { proveWorkflow, type Verdicts } from '../../helpers/faults.js';

/**
 * Checks that compare pages with slices of the ordered list: they skip when
 * the list is in no accepted order (discovery/tags/order judges that).
 */
const ordered = ['discovery/tags/link-walk', 'discovery/tags/last', 'discovery/tags/last-without-n', 'discovery/tags/n-random', 'discovery/tags/last-random'];
const skipping = (ids: string[]): Verdicts => Object.fromEntries(ids.map((id) => [id, 'skip']));
/** tag-moves and after-delete need a list that holds every pushed tag before judging their own tag. */
const needsComplete = skipping(['discovery/tags/tag-moves', 'discovery/tags/after-delete']);

/** Faults whose verdicts do not depend on how the registry pages the plain list. */
const common = {
  'tags-list-not-found': {
    'discovery/tags/list': 'fail',
    'discovery/tags/complete': 'fail',
    // A 404 is no answer to n=0, nor a page that could carry a Link; these read the list themselves.
    'discovery/tags/n-zero': 'fail',
    'discovery/tags/link-syntax': 'fail',
    'discovery/tags/link-walk': 'fail',
    // A 404 for the untagged repository alone is left open by the spec (A16): not judged.
    'discovery/tags/untagged-repository': 'skip',
    // A 404 to ?n=&last= and to ?last= is no tag list either; both judge it before reading the whole list.
    'discovery/tags/last': 'fail',
    'discovery/tags/last-without-n': 'fail',
    ...skipping(['discovery/tags/n', 'discovery/tags/n-random', 'discovery/tags/last-random', 'discovery/tags/order', 'discovery/tags/n-zero-no-link', 'discovery/tags/empty-array']),
    ...needsComplete,
  },
  'tags-first-page-skips': {
    'discovery/tags/complete': 'fail',
    // n larger than the list returns one tag too few, with no Link.
    'discovery/tags/n': 'fail',
    'discovery/tags/n-random': 'fail',
    // The walk from ?n= starts one tag late.
    'discovery/tags/link-walk': 'fail',
    ...needsComplete,
  },
  'tags-n-ignored': {
    'discovery/tags/n': 'fail',
    'discovery/tags/n-random': 'fail',
    'discovery/tags/last': 'fail',
    'discovery/tags/last-random': 'fail',
    // n=0 is ignored too.
    'discovery/tags/n-zero': 'fail',
    // Whole lists carry no Link: pagination by Link is absent, which the spec allows.
    'discovery/tags/link-syntax': 'skip',
    'discovery/tags/link-walk': 'skip',
  },
  'tags-link-on-n0': { 'discovery/tags/n-zero-no-link': 'fail' },
  'tags-name-wrong': { 'discovery/tags/list': 'fail', 'discovery/tags/untagged-repository': 'fail' },
  'tags-null-when-empty': { 'discovery/tags/empty-array': 'warn' },
  'tags-stale-after-delete': { 'discovery/tags/after-delete': 'fail' },
  'repo-missing-not-404': { 'discovery/tags/missing-repository': 'fail' },
  // The digest "tag" is judged by the listing checks; pages are compared with what the registry lists.
  'manifest-put-by-digest-tags': { 'discovery/tags/complete': 'fail', 'discovery/tags/untagged-repository': 'fail' },
  'manifest-tag-immutable': { 'discovery/tags/tag-moves': 'fail' },
  'tag-long-rejected': { 'discovery/tags/long-tag': 'fail' },
} as const satisfies Record<string, Verdicts>;

// A server page of 5 tags: the plain list itself comes in pages linked by rel="next".
proveWorkflow(
  'discovery-tags',
  {
    ...common,
    // Reversed pages, continued with last as if sorted, also lose tags on the way.
    'tags-unsorted': { 'discovery/tags/order': 'fail', 'discovery/tags/complete': 'fail', ...skipping(ordered), ...needsComplete },
    // Every page repeats the tag it continues from.
    'tags-last-inclusive': {
      'discovery/tags/complete': 'fail',
      'discovery/tags/last': 'fail',
      'discovery/tags/last-random': 'fail',
      'discovery/tags/last-without-n': 'fail',
      'discovery/tags/link-walk': 'fail',
    },
    // Only the first page of the plain list is served, with no way to the rest.
    'tags-truncated-no-link': {
      'discovery/tags/complete': 'fail',
      'discovery/tags/last-without-n': 'fail',
      'discovery/tags/link-syntax': 'skip',
      'discovery/tags/link-walk': 'skip',
      ...needsComplete,
    },
    // The plain list's Link cannot be followed, so the checks that read the whole list skip.
    'tags-link-malformed': {
      'discovery/tags/complete': 'fail',
      'discovery/tags/link-syntax': 'fail',
      // ?last= alone is served in pages too, and its Link cannot be followed either.
      'discovery/tags/last-without-n': 'fail',
      ...skipping(['discovery/tags/n', 'discovery/tags/link-walk', 'discovery/tags/last', 'discovery/tags/n-random', 'discovery/tags/last-random', 'discovery/tags/order']),
      ...needsComplete,
    },
    // n=0 taken as no n: a first page of 5 with its Link.
    'tags-n0-not-empty': { 'discovery/tags/n-zero': 'fail', 'discovery/tags/n-zero-no-link': 'fail' },
  },
  { registry: { tagsPageSize: 5 } },
);

// The default page of 1000 tags: the plain list is one page, Links appear only with n.
proveWorkflow('discovery-tags', {
  ...common,
  // n is judged by counts alone; the checks that slice the ordered list skip.
  'tags-unsorted': { 'discovery/tags/order': 'fail', ...skipping(ordered) },
  'tags-last-inclusive': {
    'discovery/tags/last': 'fail',
    'discovery/tags/last-random': 'fail',
    'discovery/tags/last-without-n': 'fail',
    'discovery/tags/link-walk': 'fail',
  },
  // Pages cut by n may omit Link (exactly n tags is allowed): only the Link checks skip.
  'tags-truncated-no-link': { 'discovery/tags/link-syntax': 'skip', 'discovery/tags/link-walk': 'skip' },
  'tags-link-malformed': { 'discovery/tags/link-syntax': 'fail', 'discovery/tags/link-walk': 'fail' },
  // A whole list fits the page: no Link to forbid.
  'tags-n0-not-empty': { 'discovery/tags/n-zero': 'fail' },
});
