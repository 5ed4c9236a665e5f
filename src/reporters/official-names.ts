import type { CheckResult } from '../model/result.js';

/**
 * How our checks map onto the API and data names of the official OCI
 * conformance suite (the `apis:` and `data:` maps of its `results.yaml`,
 * distribution-spec main branch). The official site reads those names, so
 * they are spelled exactly as the suite spells them.
 *
 * The mapping is by workflow and requirement: a name covers the checks of the
 * listed workflows that prove one of the listed requirements (all the
 * workflow's checks when none are listed), less those proving one of the
 * `unless` requirements. Where one requirement covers both reference forms
 * (by tag and by digest) or several data sets, `except` and `checks` name
 * whole check IDs; a test proves every workflow, requirement and check ID
 * named here exists in the suites, so nothing maps by a fragment that no
 * check has.
 */
export interface OfficialClause {
  workflows: readonly string[];
  requirements?: readonly string[];
  unless?: readonly string[];
}

export interface OfficialRule {
  /** The official name, e.g. `Blob get`. */
  name: string;
  from: readonly OfficialClause[];
  /** Whole check IDs that count although no clause matches them. */
  checks?: readonly string[];
  /** Whole check IDs left out although a clause matches them (the other reference form). */
  except?: readonly string[];
}

/** An official name none of our checks tests, and why. */
export interface UntestedName {
  name: string;
  reason: string;
}

const PUSH_BLOB = ['push-blob-post-put', 'push-blob-single-post', 'push-blob-streamed', 'push-blob-chunked', 'push-blob-mount'];
const MANIFEST_GET = ['PULL-001', 'PULL-003', 'PULL-004', 'PULL-007', 'PULL-008', 'PULL-009', 'PULL-010', 'PULL-022', 'ERR-002', 'ERR-007'];
const MANIFEST_HEAD = ['PULL-017', 'PULL-018', 'PULL-019', 'PULL-020', 'PULL-021'];
const MANIFEST_PUT = ['MAN-006', 'MAN-008', 'MAN-009', 'MAN-010', 'MAN-011'];
/** Manifest PUT rules that hold for either reference form. */
const MANIFEST_PUT_KINDS: OfficialClause = { workflows: ['push-manifest-kinds'], requirements: ['MAN-003', 'MAN-016'] };
const SUBJECT_PUSH = ['SUBJ-001', 'SUBJ-002', 'PUSH-001'];

/** Official API names (`stateAPIType` in the suite), in the suite's order. */
export const OFFICIAL_APIS: readonly OfficialRule[] = [
  { name: 'Tag listing', from: [{ workflows: ['discovery-tags'] }, { workflows: ['discovery-given'], requirements: ['TAGS-001', 'TAGS-004', 'TAGS-005', 'TAGS-016'] }] },
  { name: 'Tag delete', from: [{ workflows: ['management-deletes'], requirements: ['DEL-002'] }] },
  // The official "atomic" variants check that deleted content is gone at once.
  { name: 'Tag delete atomic', from: [{ workflows: ['management-deletes', 'management-model'], requirements: ['DEL-004'] }] },
  // After v1.1.1 (dev-next runs under --profile dev only, so elsewhere this reads Disabled, as in the official suite).
  { name: 'Blob upload cancel', from: [{ workflows: ['dev-next'], requirements: ['NEXT-005'] }] },
  // "Blob push" is the suite's umbrella for every upload method.
  {
    name: 'Blob push',
    from: [
      { workflows: PUSH_BLOB },
      { workflows: ['push-manifest-kinds'], requirements: ['PUSHM-007'] },
      { workflows: ['push-sha512'], requirements: ['MOUNT-001'] },
      { workflows: ['general-bad-input'], requirements: ['NAME-009'] },
      { workflows: ['push-blob-large'], requirements: ['PUSHM-007', 'CHUNK-014'] },
      { workflows: ['dev-next'], requirements: ['NEXT-004'] },
    ],
  },
  { name: 'Blob post only', from: [{ workflows: ['push-blob-single-post'] }] },
  { name: 'Blob post put', from: [{ workflows: ['push-blob-post-put'] }, { workflows: ['push-blob-large'], requirements: ['PUSHM-007'] }] },
  {
    name: 'Blob chunked',
    from: [
      { workflows: ['push-blob-chunked'] },
      { workflows: ['push-blob-mount'], requirements: ['MOUNT-007'] },
      { workflows: ['push-blob-large'], requirements: ['CHUNK-014'] },
      { workflows: ['dev-next'], requirements: ['NEXT-004'] },
    ],
  },
  { name: 'Blob streaming', from: [{ workflows: ['push-blob-streamed'] }] },
  { name: 'Blob mount', from: [{ workflows: ['push-blob-mount'], unless: ['MOUNT-005'] }, { workflows: ['push-sha512'], requirements: ['MOUNT-001'] }] },
  // A mount of an unknown blob is refused with or without `from` (MOUNT-004).
  { name: 'Blob anonymous mount', from: [{ workflows: ['push-blob-mount'], requirements: ['MOUNT-005', 'MOUNT-004'] }] },
  {
    name: 'Blob get',
    from: [
      { workflows: ['pull-blobs'], requirements: ['PULL-011', 'PULL-012', 'PULL-013', 'PULL-014', 'PULL-015', 'ERR-002', 'ERR-007'] },
      { workflows: ['push-manifest-kinds'], requirements: ['PULL-014'] },
      { workflows: ['pull-given'], requirements: ['PULL-011', 'PULL-013', 'PULL-014', 'PULL-015'] },
      { workflows: ['push-blob-large'], requirements: ['PULL-011'] },
      // The digest header the main branch requires (NEXT-001) is checked on blob and manifest GET and HEAD at once.
      { workflows: ['dev-next'], requirements: ['NEXT-001'] },
    ],
  },
  { name: 'Blob get range', from: [{ workflows: ['pull-blobs', 'push-blob-large'], requirements: ['PULL-016'] }] },
  // In pull-given one requirement (PULL-017) covers HEAD of blobs and manifests: the blob check is named.
  {
    name: 'Blob head',
    from: [
      { workflows: ['pull-blobs'], requirements: ['PULL-017', 'PULL-018', 'PULL-019', 'PULL-020', 'PULL-021', 'GEN-009'] },
      { workflows: ['pull-given'], requirements: ['PULL-019', 'PULL-015'] },
      { workflows: ['push-sha512'], requirements: ['PULL-019'] },
      { workflows: ['dev-next'], requirements: ['NEXT-001'] },
    ],
    checks: ['pull/given/blob-head'],
  },
  // A refused delete (DEL-003/007/012) is a registry with deletes off: the official suite calls that Skip, never Pass.
  { name: 'Blob delete', from: [{ workflows: ['management-deletes', 'push-sha512'], requirements: ['DEL-010', 'DEL-011'] }] },
  { name: 'Blob delete atomic', from: [{ workflows: ['management-deletes', 'push-sha512'], requirements: ['DEL-013'] }] },
  { name: 'Manifest put by digest', from: [{ workflows: ['push-manifests'], requirements: MANIFEST_PUT }, MANIFEST_PUT_KINDS], except: ['push/manifest/put-by-tag'] },
  // A digest that does not match the body (MAN-011) exists only for a PUT by digest.
  { name: 'Manifest put by tag', from: [{ workflows: ['push-manifests'], requirements: MANIFEST_PUT, unless: ['MAN-011'] }, MANIFEST_PUT_KINDS], except: ['push/manifest/put-by-digest'] },
  { name: 'Manifest put with subject', from: [{ workflows: ['discovery-referrers'], requirements: SUBJECT_PUSH }] },
  {
    name: 'Manifest get by digest',
    from: [
      { workflows: ['pull-manifests'], requirements: MANIFEST_GET },
      { workflows: ['push-manifest-kinds'], requirements: ['IMG-029'] },
      { workflows: ['pull-given'], requirements: ['PULL-008', 'PULL-009', 'PULL-010', 'PULL-022'] },
    ],
    except: ['pull/manifest/get-by-tag'],
  },
  // Pulling by digest (PULL-009) is the other reference form; resolving a tag (PULL-023) is this one.
  {
    name: 'Manifest get by tag',
    from: [
      { workflows: ['pull-manifests'], requirements: MANIFEST_GET, unless: ['PULL-009'] },
      { workflows: ['push-manifest-kinds'], requirements: ['PULL-023'] },
      { workflows: ['pull-given'], requirements: ['PULL-001', 'PULL-008', 'PULL-010', 'PULL-022'], unless: ['PULL-009'] },
      { workflows: ['dev-next'], requirements: ['NEXT-001'] },
    ],
  },
  {
    name: 'Manifest head by digest',
    from: [
      { workflows: ['pull-manifests'], requirements: MANIFEST_HEAD },
      { workflows: ['pull-given'], requirements: ['PULL-010'] },
      { workflows: ['push-sha512'], requirements: ['PULL-017'], unless: ['PULL-019'] },
      { workflows: ['dev-next'], requirements: ['NEXT-001'] },
    ],
    checks: ['pull/given/manifest-head'],
  },
  { name: 'Manifest head by tag', from: [{ workflows: ['pull-manifests'], requirements: MANIFEST_HEAD }, { workflows: ['pull-given'], requirements: ['PULL-010'] }], checks: ['pull/given/manifest-head'] },
  { name: 'Manifest delete', from: [{ workflows: ['management-deletes', 'push-sha512'], requirements: ['DEL-005', 'DEL-006', 'DEL-009'] }] },
  { name: 'Manifest delete atomic', from: [{ workflows: ['management-deletes', 'management-model', 'push-sha512'], requirements: ['DEL-008'] }] },
  { name: 'Referrers', from: [{ workflows: ['discovery-referrers'], unless: SUBJECT_PUSH }, { workflows: ['discovery-given'], requirements: ['REF-001', 'REF-006'] }] },
  { name: 'Ping', from: [{ workflows: ['ping'] }] },
];

/** Official data-set names (the display names in `data:`), in the suite's order of generation. */
export const OFFICIAL_DATA: readonly OfficialRule[] = [
  {
    name: 'Image',
    from: [
      { workflows: ['pull-manifests', 'discovery-tags', 'management-model'] },
      { workflows: ['push-manifests'], unless: ['MAN-011', 'PUSH-002'] },
      MANIFEST_PUT_KINDS,
      { workflows: ['management-deletes'], requirements: ['DEL-002', 'DEL-004', 'DEL-005', 'DEL-006', 'DEL-008', 'DEL-009'] },
    ],
  },
  // An image with a plain tar layer beside a tar+gzip one.
  { name: 'Image Uncompressed', from: [{ workflows: ['push-manifest-data'], requirements: ['IMG-006'] }] },
  { name: 'Index', from: [{ workflows: ['push-manifest-kinds'], requirements: ['MAN-017', 'IMG-019', 'IMG-020', 'PULL-023'] }], except: ['push/manifest/index-nested'] },
  { name: 'Nested Index', from: [], checks: ['push/manifest/index-nested'] },
  { name: 'Empty Index', from: [{ workflows: ['push-manifest-kinds'], requirements: ['IMG-018'] }] },
  // The official "Artifact" has an empty config and a layer of its own; an unknown artifactType is ours too.
  { name: 'Artifact', from: [{ workflows: ['push-manifest-data'], requirements: ['IMG-004'], unless: ['IMG-015'] }] },
  { name: 'Artifact Index', from: [{ workflows: ['push-manifest-kinds'], requirements: ['IMG-021'] }] },
  // Without content of its own an artifact carries the empty descriptor as its one layer (IMG-015), as the official data set does.
  { name: 'Artifact without Layers', from: [{ workflows: ['push-manifest-data'], requirements: ['IMG-015'] }] },
  {
    name: 'Artifacts with Subject',
    from: [{ workflows: ['discovery-referrers'], unless: ['REF-023', 'REF-010', 'PUSH-001', 'REF-018'] }],
    except: ['discovery/referrers/subject-header-index'],
  },
  { name: 'Index with Subject', from: [{ workflows: ['discovery-referrers'], requirements: ['REF-023', 'REF-010'] }], checks: ['discovery/referrers/subject-header-index'] },
  // A subject that is not (yet) in the repository: accepted (PUSH-001) and listed once it is (REF-018).
  { name: 'Missing Subject', from: [{ workflows: ['discovery-referrers'], requirements: ['PUSH-001', 'REF-018'] }] },
  { name: 'Data Field', from: [{ workflows: ['push-manifest-data'], requirements: ['IMG-025'] }] },
  { name: 'Non-distributable Layers', from: [{ workflows: ['push-manifest-data'], requirements: ['IMG-008', 'IMG-030'], unless: ['IMG-006'] }] },
  { name: 'Custom Fields', from: [{ workflows: ['push-manifest-data'], requirements: ['IMG-031'] }] },
  { name: 'Image with Large Manifest', from: [{ workflows: ['push-manifest-kinds'], requirements: ['MAN-014'] }] },
  {
    name: 'Blobs sha256',
    from: [
      { workflows: ['pull-blobs', 'push-blob-large', ...PUSH_BLOB] },
      { workflows: ['management-deletes'], requirements: ['DEL-010', 'DEL-011', 'DEL-013'] },
    ],
  },
  {
    name: 'Blobs sha512',
    from: [
      { workflows: ['push-manifest-kinds'], requirements: ['NAME-007'], unless: ['IMG-029'] },
      { workflows: ['push-sha512'], requirements: ['PULL-019', 'MOUNT-001', 'DEL-010'] },
    ],
  },
  // A manifest under a sha512 digest: the manifest checks of push-sha512 are those proving no blob requirement.
  { name: 'Digest Algorithm sha512', from: [{ workflows: ['push-manifest-kinds'], requirements: ['IMG-029'] }, { workflows: ['push-sha512'], unless: ['PULL-019', 'MOUNT-001', 'DEL-010'] }] },
  { name: 'Bad Digest Image', from: [{ workflows: ['push-manifests'], requirements: ['MAN-011'], unless: ['NAME-003'] }] },
  { name: 'Invalid Manifest Digest', from: [{ workflows: ['push-manifests', 'general-bad-input'], requirements: ['NAME-003'] }] },
];

/** Names of the official vocabulary no check of ours tests. results.yaml lists them in a comment, never with a status. */
export const OFFICIAL_UNTESTED: readonly UntestedName[] = [
  {
    name: 'Manifest put with tag params',
    reason: 'tag query parameters on a manifest PUT come after distribution-spec v1.1.1 (official suite: OCI_VERSION=dev only); no check yet, --profile dev included',
  },
  { name: 'Tag Param', reason: 'tag query parameters come after distribution-spec v1.1.1 (official suite: dev only); no check yet, --profile dev included' },
  { name: 'Tag Param sha512', reason: 'tag query parameters come after distribution-spec v1.1.1 (official suite: dev only); no check yet, --profile dev included' },
  {
    name: 'No Layers',
    reason: 'no check pushes an image manifest with an empty layers list yet (image-spec asks for at least one layer, MAN-007 allows an empty list)',
  },
  {
    name: 'Sparse Manifests',
    reason: 'accepting a manifest whose blobs are missing is a MAY (PUSH-002); we check only how a refusal is worded (PUSH-003), which says nothing of sparse support',
  },
];

function clauseMatches(k: OfficialClause, c: Pick<CheckResult, 'workflow' | 'requirements'>): boolean {
  if (!k.workflows.includes(c.workflow)) return false;
  if (k.requirements && !k.requirements.some((r) => c.requirements.includes(r))) return false;
  return !(k.unless ?? []).some((r) => c.requirements.includes(r));
}

export function ruleMatches(rule: OfficialRule, c: Pick<CheckResult, 'id' | 'workflow' | 'requirements'>): boolean {
  if (rule.except?.includes(c.id)) return false;
  return (rule.checks?.includes(c.id) ?? false) || rule.from.some((k) => clauseMatches(k, c));
}

/** Official names (APIs or data sets) a check counts towards. */
export function officialNames(rules: readonly OfficialRule[], c: Pick<CheckResult, 'id' | 'workflow' | 'requirements'>): string[] {
  return rules.filter((r) => ruleMatches(r, c)).map((r) => r.name);
}
