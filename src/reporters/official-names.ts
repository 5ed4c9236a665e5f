import type { CheckResult } from '../model/result.js';

/**
 * How our checks map onto the API and data names of the official OCI
 * conformance suite (opencontainers/distribution-spec `conformance/`, the
 * `apis:` and `data:` maps of its `results.yaml`). The official site reads
 * those names, so they are spelled exactly as the suite spells them.
 *
 * A check counts towards every rule it matches: its workflow is listed in
 * `workflows`, or its ID matches `id`. Extend this table as suites grow; a
 * rule without any matching check is left out of results.yaml (the official
 * suite has no "not tested" status and Disabled would claim a configuration
 * that did not happen).
 */
export interface OfficialRule {
  /** The official name, e.g. `Blob get`. */
  name: string;
  /** Workflow IDs (suite files) whose every check counts. */
  workflows?: readonly string[];
  /** Check-ID pattern. */
  id?: RegExp;
}

/** Manifest checks that exercise a specific data set rather than the plain image. */
const NOT_PLAIN_IMAGE =
  /(index|artifact|subject|nested|empty|large|size-|uncompressed|layer-types|data|custom-field|unknown-fields|no-layers|non-?distributable|sha512|digest-mismatch|malformed-digest|tag-param|sparse)/;

/** Official API names (`stateAPIType` in the suite), in the suite's order. */
export const OFFICIAL_APIS: readonly OfficialRule[] = [
  { name: 'Tag listing', workflows: ['tags-list'], id: /^(content-)?discovery\/tags?\// },
  // After a delete, the official suite's "atomic" variants check that the content is gone.
  { name: 'Tag delete', id: /^content-management\/delete\/tag$/ },
  { name: 'Tag delete atomic', id: /^content-management\/delete\/tag-gone$/ },
  { name: 'Blob upload cancel', id: /^push\/blob\/.*cancel/ },
  // "Blob push" is the suite's umbrella for any blob upload method.
  { name: 'Blob push', id: /^push\/blob\// },
  { name: 'Blob post only', workflows: ['push-blob-single-post'], id: /^push\/blob\/single-post/ },
  { name: 'Blob post put', workflows: ['push-blob-post-put'] },
  { name: 'Blob chunked', workflows: ['push-blob-chunked'], id: /^push\/blob\/chunked/ },
  { name: 'Blob streaming', workflows: ['push-blob-streamed'], id: /^push\/blob\/stream/ },
  { name: 'Blob mount', id: /^push\/(blob\/)?mount(?!.*anonymous)/ },
  { name: 'Blob anonymous mount', id: /^push\/(blob\/)?mount.*anonymous/ },
  { name: 'Blob get', id: /^pull\/blob\/(?!head|(get-)?range)/ },
  { name: 'Blob get range', id: /^pull\/blob\/(get-)?range/ },
  { name: 'Blob head', id: /^pull\/blob\/head/ },
  { name: 'Blob delete', id: /^content-management\/delete\/(blob|unknown-blob)$/ },
  { name: 'Blob delete atomic', id: /^content-management\/delete\/blob-gone$/ },
  // Generic manifest-PUT checks (digest header, byte identity) count for both reference forms.
  { name: 'Manifest put by digest', id: /^push\/manifest\/(?!put-by-tag|subject|tag-param)/ },
  { name: 'Manifest put by tag', id: /^push\/manifest\/(?!put-by-digest|digest-mismatch|malformed-digest|subject|tag-param)/ },
  { name: 'Manifest put with tag params', id: /^push\/manifest\/tag-param/ },
  { name: 'Manifest put with subject', workflows: ['push-subject'], id: /^push\/(manifest\/)?subject/ },
  // Generic manifest-GET checks (content type, digest header, 404s) count for both reference forms.
  { name: 'Manifest get by digest', id: /^pull\/manifest\/(?!head|get-by-tag)/ },
  { name: 'Manifest get by tag', id: /^pull\/manifest\/(?!head|get-by-digest)/ },
  { name: 'Manifest head by digest', id: /^pull\/manifest\/head(?!-by-tag)/ },
  { name: 'Manifest head by tag', id: /^pull\/manifest\/head(?!-by-digest)/ },
  { name: 'Manifest delete', id: /^content-management\/delete\/(manifest|unknown-manifest|missing-repository)$/ },
  { name: 'Manifest delete atomic', id: /^content-management\/delete\/manifest-gone$/ },
  { name: 'Referrers', workflows: ['referrers'], id: /^(content-)?discovery\/referrers/ },
  { name: 'Ping', workflows: ['ping'], id: /^(general\/)?ping\// },
];

/** Official data-set names (the display names in `data:`). */
export const OFFICIAL_DATA: readonly OfficialRule[] = [
  { name: 'Blobs sha256', id: /^(pull|push)\/blob\/(?!.*sha512)|^content-management\/delete\/(blob|unknown-blob|blob-gone)$/ },
  { name: 'Blobs sha512', id: /^(pull|push)\/blob\/.*sha512/ },
  {
    name: 'Image',
    id: new RegExp(`^(pull|push)\\/manifest\\/(?!.*${NOT_PLAIN_IMAGE.source})|^content-management\\/(delete\\/(manifest|manifest-gone|tag|tag-gone)|model\\/)`),
  },
  { name: 'Image Uncompressed', id: /\/manifest\/(.*uncompressed|layer-types$)/ },
  { name: 'Image with Large Manifest', id: /\/manifest\/(.*large|size-4mb$)/ },
  { name: 'Index', id: /\/manifest\/(index$|index-same-platform|index-unknown-entry-type|tag-resolves-index)/ },
  { name: 'Nested Index', id: /nested-index|\/index-nested$/ },
  { name: 'Empty Index', id: /empty-index|\/index-empty$/ },
  { name: 'Artifact', id: /\/manifest\/(artifact$|unknown-artifact-type$)/ },
  { name: 'Artifact Index', id: /artifact-index|\/index-artifact-type$/ },
  { name: 'Artifact without Layers', id: /artifact-without-layers/ },
  { name: 'Artifacts with Subject', workflows: ['push-subject'], id: /^push\/(manifest\/)?subject(?!.*missing)/ },
  { name: 'Index with Subject', id: /index-with-subject/ },
  { name: 'Missing Subject', id: /missing-subject/ },
  { name: 'Data Field', id: /data-field|\/descriptor-data$/ },
  { name: 'Non-distributable Layers', id: /non-?distributable/ },
  { name: 'Custom Fields', id: /custom-field|\/unknown-fields$/ },
  { name: 'No Layers', id: /no-layers/ },
  { name: 'Sparse Manifests', id: /sparse/ },
  { name: 'Digest Algorithm sha512', id: /\/manifest\/.*sha512/ },
  { name: 'Tag Param', id: /tag-param(?!.*sha512)/ },
  { name: 'Tag Param sha512', id: /tag-param.*sha512/ },
  { name: 'Bad Digest Image', id: /^push\/manifest\/digest-mismatch/ },
  { name: 'Invalid Manifest Digest', id: /^push\/manifest\/malformed-digest/ },
];

export function ruleMatches(rule: OfficialRule, c: Pick<CheckResult, 'id' | 'workflow'>): boolean {
  return (rule.workflows?.includes(c.workflow) ?? false) || (rule.id?.test(c.id) ?? false);
}

/** Official names (APIs or data sets) a check counts towards. */
export function officialNames(rules: readonly OfficialRule[], c: Pick<CheckResult, 'id' | 'workflow'>): string[] {
  return rules.filter((r) => ruleMatches(r, c)).map((r) => r.name);
}
