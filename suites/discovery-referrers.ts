import fc from 'fast-check';
import { absentDigest, blob, emptyBlob, imageIndex, manifestDoc, randomImage, randomTag, type Blob, type Descriptor, type ManifestDoc } from '../src/gen/oci.js';
import type { Rng } from '../src/gen/rng.js';
import type { Registry, Reply } from '../src/registry/client.js';
import { bareMediaType, DIGEST_RE, MEDIA } from '../src/registry/grammar.js';
import { Unsupported, Violation } from '../src/runner/verdicts.js';
import { defineWorkflow, type CheckContext } from '../src/runner/workflow.js';
import { expectStatus, fail, need } from './_lib/expect.js';
import { eventually } from './_lib/eventually.js';
import { lazy } from './_lib/lazy.js';
import { property } from './_lib/property.js';
import { pushBlobs, pushImage } from './_lib/setup.js';
import { nextLink } from './_lib/tag-list.js';

/**
 * How the registry answered the support probe (inventory §3 A1): 200 ⇒ the API exists;
 * 404 ⇒ absent, which the spec allows (clients fall back to the tag schema); anything
 * else is a non-conformant way of signalling, reported by the status check.
 */
type Api = { kind: 'supported' } | { kind: 'absent' } | { kind: 'odd'; status: number };

/** A manifest pushed with a subject, and what its referrers descriptor must say. */
export interface Referrer {
  doc: ManifestDoc;
  /** The manifest's own artifactType, if it sets one. */
  artifactType?: string;
  /** config.mediaType for image manifests; undefined for indexes. */
  configMediaType?: string;
  annotations: Record<string, string>;
}

interface State {
  api: Api;
  empty: Blob;
  /** An image manifest with the referrers below, in the workflow's repository. */
  subject: ManifestDoc;
  referrers: Referrer[];
  /** Two artifact types, each set by at least one referrer of `subject`. */
  types: [string, string];
  /** Manifests that must never appear among `subject`'s referrers. */
  decoys: ManifestDoc[];
  /** A manifest without subject, the child of the index referrers. */
  plain: ManifestDoc;
  /** An image index with one referrer (REF-023). */
  indexSubject: ManifestDoc;
  indexReferrer: Referrer;
  /** A subject for the checks that push referrers of their own (OCI-Subject). */
  spareSubject: ManifestDoc;
}

/** A descriptor of the referrers list, as served: nothing about it is trusted. */
type Listed = Record<string, unknown>;

interface Listing {
  pages: Reply[];
  descriptors: Listed[];
  /** Why the walk stopped: a page that is not a list of descriptors, a bad Link, a loop. */
  problem?: string;
}

/** A random media type in a vendor tree no registry knows. */
function vendorType(rng: Rng, what: string): string {
  return `application/vnd.oci-conform.${rng.word(6)}.${what}.v1+json`;
}

/** Annotations a referrer carries: an empty value and non-ASCII text included, plus a nonce that makes the digest unique. */
function randomAnnotations(rng: Rng): Record<string, string> {
  const words = ['grüße', 'наблюдение', '観測', 'ελέγχος', 'plain'];
  return {
    'org.opencontainers.image.revision': rng.hex(40),
    'org.opencontainers.image.created': new Date(Date.UTC(2020, 0, 1) + rng.int(0, 2 ** 30) * 1000).toISOString().replace('.000', ''),
    [`org.example.oci-conform.${rng.word(6)}`]: '',
    [`org.example.oci-conform.${rng.word(6)}`]: `${rng.pick(words)} ${rng.word(5)}`,
  };
}

export function subjectOf(doc: ManifestDoc): Descriptor {
  return { mediaType: doc.mediaType, digest: doc.digest, size: doc.bytes.length };
}

/** An artifact on the empty descriptor (image-spec's guidance): `{}` as config and as the one layer, and an artifactType. */
export function emptyArtifact(rng: Rng, empty: Blob, artifactType: string, subject?: Descriptor): Referrer {
  const annotations = randomAnnotations(rng);
  const doc = manifestDoc(
    { schemaVersion: 2, mediaType: MEDIA.manifest, artifactType, config: empty.descriptor, layers: [empty.descriptor], ...(subject ? { subject } : {}), annotations },
    MEDIA.manifest,
  );
  return { doc, artifactType, configMediaType: MEDIA.empty, annotations };
}

/** An image index with a subject; no artifactType unless given. */
function indexReferrer(rng: Rng, children: ManifestDoc[], subject: Descriptor, artifactType?: string): Referrer {
  const annotations = randomAnnotations(rng);
  const doc = manifestDoc(
    { schemaVersion: 2, mediaType: MEDIA.index, ...(artifactType ? { artifactType } : {}), manifests: children.map(subjectOf), subject, annotations },
    MEDIA.index,
  );
  return { doc, ...(artifactType ? { artifactType } : {}), annotations };
}

/** PUT by digest; the setup and most checks need it to succeed (the push checks judge it). */
async function pushManifest(registry: Registry, repo: string, doc: ManifestDoc, ref = doc.digest): Promise<Reply> {
  const r = await registry.putManifest(repo, ref, doc.bytes, doc.mediaType);
  need(r.status === 201, `pushing a manifest failed (status ${r.status})`);
  return r;
}

/** One page: the descriptors of an image index's manifests, or why the reply is not one. */
function parsePage(r: Reply): Listed[] | string {
  if (r.status !== 200) return `status ${r.status}`;
  let doc: unknown;
  try {
    doc = JSON.parse(r.body.toString('utf8'));
  } catch {
    return 'a body that is not JSON';
  }
  const manifests = (doc as { manifests?: unknown } | null)?.manifests;
  if (!Array.isArray(manifests)) return 'a body without a "manifests" array';
  if (!manifests.every((m) => m !== null && typeof m === 'object' && !Array.isArray(m))) return '"manifests" entries that are not objects';
  return manifests as Listed[];
}

/** Reads a referrers list over every `rel="next"` page (at most `maxPages`). */
async function listReferrers(registry: Registry, repo: string, subject: string, artifactType?: string, maxPages = 20): Promise<Listing> {
  const pages: Reply[] = [];
  const descriptors: Listed[] = [];
  const seen = new Set<string>();
  let r = await registry.referrers(repo, subject, artifactType);
  for (;;) {
    pages.push(r);
    const page = parsePage(r);
    if (typeof page === 'string') return { pages, descriptors, problem: `page ${pages.length} is not a referrers list: ${page}` };
    descriptors.push(...page);
    const links = r.rawHeaders.filter(([k]) => k.toLowerCase() === 'link').map(([, v]) => v);
    if (links.length === 0) return { pages, descriptors };
    const next = nextLink(links.join(', '));
    if (typeof next === 'string') return { pages, descriptors, problem: next };
    const url = new URL(next.url, r.url).toString();
    if (seen.has(url) || url === pages[0]!.url) return { pages, descriptors, problem: `the Link of page ${pages.length} points back to an earlier page` };
    if (pages.length >= maxPages) return { pages, descriptors, problem: `more than ${maxPages} pages` };
    seen.add(url);
    r = await registry.get(url);
  }
}

/** API checks run only where the API exists; a 404 is the allowed way to say it does not. */
function needApi(api: Api): void {
  if (api.kind === 'absent') throw new Unsupported('the referrers API answers 404: the registry does not offer it, which the spec allows (clients use the tag schema)');
  need(api.kind === 'supported', `the referrers API answers status ${api.kind === 'odd' ? api.status : '?'}; discovery/referrers/status reports that`);
}

/** A list the check builds on; its shape is judged by the index and pagination checks. */
async function readList(ctx: CheckContext, api: Api, subject: string, artifactType?: string): Promise<Listing> {
  needApi(api);
  const l = await listReferrers(ctx.registry, ctx.repo, subject, artifactType);
  need(!l.problem, `the referrers list could not be read: ${l.problem} (the index and pagination checks judge that)`);
  return l;
}

/** Reads the list until every digest of `want` is listed or the consistency window has passed (A26). */
async function listedEventually(ctx: CheckContext, api: Api, subject: string, want: string[]): Promise<{ listing: Listing; missing: string[] }> {
  const missingIn = (l: Listing): string[] => want.filter((d) => !l.descriptors.some((x) => x['digest'] === d));
  const listing = await eventually(ctx, () => readList(ctx, api, subject), (l) => missingIn(l).length === 0);
  return { listing, missing: missingIn(listing) };
}

/** The descriptors of the given referrers that are listed; completeness is the REF-007 check's. */
function listedOf(listing: Listing, referrers: Referrer[]): Array<{ ref: Referrer; d: Listed }> {
  const out: Array<{ ref: Referrer; d: Listed }> = [];
  for (const ref of referrers) {
    const d = listing.descriptors.find((x) => x['digest'] === ref.doc.digest);
    if (d) out.push({ ref, d });
  }
  need(out.length > 0, 'none of the referrers this check judges is listed (discovery/referrers/complete reports that)');
  return out;
}

function show(v: unknown): string {
  return v === undefined ? '(absent)' : JSON.stringify(v);
}

/** How many referrers and decoys of each kind one example of the random-sets property pushes. */
const referrerSets = lazy(() =>
  fc.record({
    artifacts: fc.integer({ min: 1, max: 3 }),
    indexes: fc.integer({ min: 1, max: 2 }),
    otherSubject: fc.integer({ min: 0, max: 2 }),
    noSubject: fc.integer({ min: 0, max: 2 }),
    otherRepo: fc.integer({ min: 0, max: 1 }),
  }),
);

/** Random media types in the RFC 6838 grammar, with the `.`, `+`, `-` and `_` a registry must keep. */
const mediaTypes = lazy(() =>
  fc
    .tuple(fc.constantFrom('application', 'text', 'image', 'model'), fc.stringMatching(/^[a-z][a-z0-9]{0,8}(?:[.+_-][a-z0-9]{1,8}){0,3}$/))
    .map(([type, subtype]) => `${type}/${subtype}`),
);

/** Random annotations: reverse-domain keys, any Unicode text as values (empty ones too). */
const annotationMaps = lazy(() =>
  fc.dictionary(fc.stringMatching(/^(?:org|com|io)\.[a-z0-9]{1,8}(?:\.[a-z0-9-]{1,8}){1,2}$/), fc.string({ unit: 'grapheme', maxLength: 24 }), { minKeys: 1, maxKeys: 4 }),
);

/** One referrer of each kind whose descriptor the spec defines: types and annotations drawn at random. */
const descriptorCases = lazy(() => {
  const [types, annotations] = [mediaTypes(), annotationMaps()];
  return fc.record({ types: fc.tuple(types, types, types), annotations: fc.tuple(annotations, annotations, annotations, annotations) });
});

/** Values of a comma-separated header, trimmed (REF-017: several filters are listed with commas). */
function filtersApplied(r: Reply): string[] {
  return (r.headers['oci-filters-applied'] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** The referrers API: subjects, OCI-Subject, listing, descriptor fields, filtering and pagination. */
export default defineWorkflow<State>({
  id: 'discovery-referrers',
  title: 'Referrers: pushing manifests with a subject, OCI-Subject, and listing referrers',
  category: 'content-discovery',
  needs: ['push', 'content-discovery'],
  async setup({ registry, repo, repo2, rng }) {
    const empty = emptyBlob();
    const image = randomImage(rng, { layers: 1 });
    const configType = vendorType(rng, 'config');
    const artifactConfig = blob(Buffer.from(JSON.stringify({ tool: 'oci-conform', nonce: rng.hex(16) })), configType);
    const types: [string, string] = [vendorType(rng, 'sbom'), vendorType(rng, 'signature')];
    await pushImage(registry, repo, image, randomTag(rng, 'subject'));
    await pushBlobs(registry, repo, [empty, artifactConfig]);
    const subject = image.manifest;
    const s = subjectOf(subject);

    // Subjects other than `subject`, and a manifest without subject that the index referrers list.
    const other = emptyArtifact(rng, empty, types[0]).doc;
    const plain = emptyArtifact(rng, empty, types[1]).doc;
    const spareSubject = emptyArtifact(rng, empty, types[0]).doc;
    for (const d of [other, plain, spareSubject]) await pushManifest(registry, repo, d);
    const indexSubject = imageIndex([subject]);
    await pushManifest(registry, repo, indexSubject, randomTag(rng, 'index'));

    const untyped = randomAnnotations(rng);
    const referrers: Referrer[] = [
      emptyArtifact(rng, empty, types[0], s),
      emptyArtifact(rng, empty, types[0], s),
      emptyArtifact(rng, empty, types[1], s),
      // No artifactType: the config's media type stands in for it (REF-009).
      {
        doc: manifestDoc({ schemaVersion: 2, mediaType: MEDIA.manifest, config: artifactConfig.descriptor, layers: [empty.descriptor], subject: s, annotations: untyped }, MEDIA.manifest),
        configMediaType: configType,
        annotations: untyped,
      },
      indexReferrer(rng, [plain], s),
      indexReferrer(rng, [plain], s, types[1]),
    ];
    for (const r of referrers) await pushManifest(registry, repo, r.doc);
    const indexRef = emptyArtifact(rng, empty, types[1], subjectOf(indexSubject));
    await pushManifest(registry, repo, indexRef.doc);

    // Decoys: a referrer of another subject, the same subject's referrer in another repository.
    const otherReferrer = emptyArtifact(rng, empty, types[0], subjectOf(other)).doc;
    await pushManifest(registry, repo, otherReferrer);
    await pushImage(registry, repo2, image, randomTag(rng, 'subject'));
    await pushBlobs(registry, repo2, [empty]);
    const elsewhere = emptyArtifact(rng, empty, types[0], s).doc;
    await pushManifest(registry, repo2, elsewhere);
    const decoys = [otherReferrer, plain, other, elsewhere];

    // Support probe (A1): an unknown digest, then the subject that has referrers, since a
    // registry that wrongly answers 404 for unknown subjects (REF-002) still has the API.
    let probe = await registry.referrers(repo, absentDigest(rng));
    if (probe.status === 404) probe = await registry.referrers(repo, subject.digest);
    const api: Api = probe.status === 200 ? { kind: 'supported' } : probe.status === 404 ? { kind: 'absent' } : { kind: 'odd', status: probe.status };
    return { api, empty, subject, referrers, types, decoys, plain, indexSubject, indexReferrer: indexRef, spareSubject };
  },
  checks: [
    {
      id: 'push/manifest/subject-absent',
      title: 'MUST accept a manifest whose subject is not in the repository',
      level: 'MUST',
      requirements: ['PUSH-001'],
      category: 'push',
      // subject came with v1.1's referrers: a run without content discovery (profile 1.0) does not ask for it.
      needs: ['push', 'content-discovery'],
      async run({ registry, repo, rng }, { empty, types }) {
        const subject: Descriptor = { mediaType: MEDIA.manifest, digest: absentDigest(rng), size: rng.int(200, 4000) };
        const ref = emptyArtifact(rng, empty, types[0], subject);
        const r = await registry.putManifest(repo, ref.doc.digest, ref.doc.bytes, ref.doc.mediaType);
        // distribution-spec#459 proposes letting registries refuse such pushes; v1.1.1 requires acceptance.
        expectStatus(r, [201], 'PUT of a manifest whose subject was never pushed (v1.1.1 requires acceptance; see distribution-spec#459)');
      },
    },
    {
      id: 'discovery/referrers/subject-header',
      title: 'MUST answer the push of an image manifest with a subject with OCI-Subject: <subject digest>, when it offers the referrers API',
      level: 'MUST',
      requirements: ['SUBJ-001'],
      async run({ registry, repo, rng }, { api, empty, types, spareSubject }) {
        const ref = emptyArtifact(rng, empty, types[1], subjectOf(spareSubject));
        const r = await pushManifest(registry, repo, ref.doc);
        needApi(api);
        const got = r.headers['oci-subject'];
        if (got !== spareSubject.digest) fail('the push of a manifest with a subject does not name the subject in OCI-Subject', `OCI-Subject: ${spareSubject.digest}`, `OCI-Subject: ${got ?? '(none)'}`);
      },
    },
    {
      id: 'discovery/referrers/subject-header-index',
      // The text names image manifests only (inventory §3 A2); indexes may carry a subject too, so a miss only warns.
      title: 'MUST answer the push of an image index with a subject with OCI-Subject: <subject digest> when it offers the referrers API (a warning for indexes, A2)',
      level: 'MUST',
      requirements: ['SUBJ-001'],
      async run({ registry, repo, rng }, { api, plain, spareSubject }) {
        const ref = indexReferrer(rng, [plain], subjectOf(spareSubject));
        const r = await pushManifest(registry, repo, ref.doc);
        needApi(api);
        const got = r.headers['oci-subject'];
        if (got !== spareSubject.digest)
          throw new Violation('the push of an index with a subject does not name the subject in OCI-Subject (A2: a warning for indexes)', `OCI-Subject: ${spareSubject.digest}`, `OCI-Subject: ${got ?? '(none)'}`, 'SHOULD');
      },
    },
    {
      id: 'discovery/referrers/subject-header-listed',
      title: 'MUST NOT send OCI-Subject for a pushed manifest unless the referrers API lists it',
      level: 'MUST NOT',
      // OCI-Subject tells clients to skip the tag-schema fallback, so it is only true when the API lists the referrer.
      requirements: ['SUBJ-002'],
      async run(ctx, { empty, types, spareSubject }) {
        const ref = emptyArtifact(ctx.rng, empty, types[0], subjectOf(spareSubject));
        const put = await pushManifest(ctx.registry, ctx.repo, ref.doc);
        const header = put.headers['oci-subject'];
        if (header === undefined) return; // no claim made: nothing to contradict
        const listing = await eventually(ctx, () => listReferrers(ctx.registry, ctx.repo, spareSubject.digest), (l) => l.descriptors.some((d) => d['digest'] === ref.doc.digest));
        const first = listing.pages[0]!;
        if (first.status === 200) need(!listing.problem, `the referrers list could not be read: ${listing.problem} (the index and pagination checks judge that)`);
        if (!listing.descriptors.some((d) => d['digest'] === ref.doc.digest))
          fail(
            'the registry sent OCI-Subject, but its referrers API does not list the pushed manifest',
            `referrers of ${spareSubject.digest} listing ${ref.doc.digest}`,
            first.status === 200 ? `${listing.descriptors.length} descriptors without it` : `status ${first.status} from the referrers API`,
          );
      },
    },
    {
      id: 'discovery/referrers/status',
      title: 'MUST answer GET of a subject’s referrers in an existing repository with 200 (404 only when it has no referrers API)',
      level: 'MUST',
      requirements: ['REF-001'],
      async run({ registry, repo }, { api, subject }) {
        const r = await registry.referrers(repo, subject.digest);
        if (r.status === 404 && api.kind === 'absent') throw new Unsupported('the referrers API answers 404: the registry does not offer it, which the spec allows');
        // Anything else than 200 or 404 (a 406, a redirect, …) is no sanctioned signal (inventory §3 A1).
        expectStatus(r, [200], 'GET of the referrers of a pushed subject');
      },
    },
    {
      id: 'discovery/referrers/unknown-subject',
      title: 'MUST NOT answer 404 for the referrers of a digest unknown to the repository',
      level: 'MUST NOT',
      requirements: ['REF-002'],
      async run({ registry, repo, rng }, { api }) {
        needApi(api);
        for (let i = 0; i < 3; i++) {
          const d = absentDigest(rng);
          const r = await registry.referrers(repo, d);
          if (r.status === 404) fail('the referrers API answers 404 for a digest without referrers', 'status 200 and an empty list', `status 404 for ${d}`);
          expectStatus(r, [200], `GET of the referrers of the unknown digest ${d}`);
        }
      },
    },
    {
      id: 'discovery/referrers/no-referrers',
      title: 'MUST answer the referrers of a manifest that has none with 200 and an empty manifests list',
      level: 'MUST',
      requirements: ['REF-013'],
      async run({ registry, repo, rng }, { api, empty, types }) {
        const lonely = emptyArtifact(rng, empty, types[0]).doc;
        await pushManifest(registry, repo, lonely);
        needApi(api);
        const r = await registry.referrers(repo, lonely.digest);
        expectStatus(r, [200], 'GET of the referrers of a manifest without referrers');
        const page = parsePage(r);
        need(typeof page !== 'string', `the reply is not a referrers list: ${String(page)} (the index check judges that)`);
        if (page.length > 0) fail('a manifest nobody refers to has referrers', 'an empty manifests list', `${page.length} descriptors`);
      },
    },
    {
      id: 'discovery/referrers/bad-digest',
      title: 'MUST answer GET of referrers with a malformed digest with 400',
      level: 'MUST',
      requirements: ['REF-003'],
      async run({ registry, repo, rng }, { api }) {
        needApi(api);
        const bad = [`sha256:${rng.hex(63)}`, `sha256:${rng.word(12)}xyz`, `nodigest${rng.word(8)}`, `sha256:${rng.hex(64).toUpperCase()}g`];
        for (const d of bad) expectStatus(await registry.send('GET', registry.url(`/v2/${repo}/referrers/${d}`)), [400], `GET of the referrers of the malformed digest ${d}`);
      },
    },
    {
      id: 'discovery/referrers/index-body',
      title: 'MUST answer with an image index body: schemaVersion 2, the index mediaType, manifests of descriptors',
      level: 'MUST',
      requirements: ['REF-004'],
      async run({ registry, repo, rng }, { api, subject }) {
        needApi(api);
        // Replies other than 200 are the status checks' to judge.
        const replies = (await Promise.all([subject.digest, absentDigest(rng)].map((d) => registry.referrers(repo, d)))).filter((r) => r.status === 200);
        need(replies.length > 0, 'no referrers list answered 200 (the status checks judge that)');
        for (const r of replies) {
          let doc: unknown;
          try {
            doc = JSON.parse(r.body.toString('utf8'));
          } catch {
            fail('the referrers body is not JSON', 'an image index', r.body.toString('utf8', 0, 200));
          }
          const idx = (doc ?? {}) as { schemaVersion?: unknown; mediaType?: unknown; manifests?: unknown };
          if (idx.schemaVersion !== 2) fail('the referrers body is not an image index: schemaVersion is not 2', 'schemaVersion 2', show(idx.schemaVersion));
          if (idx.mediaType !== MEDIA.index) fail('the referrers body does not declare the image index mediaType', MEDIA.index, show(idx.mediaType));
          if (!Array.isArray(idx.manifests)) fail('the referrers body has no manifests array', 'manifests: [descriptors]', show(idx.manifests));
          for (const m of idx.manifests as Listed[]) {
            const ok = m && typeof m['mediaType'] === 'string' && typeof m['digest'] === 'string' && DIGEST_RE.test(m['digest']) && Number.isSafeInteger(m['size']) && (m['size'] as number) >= 0;
            if (!ok) fail('a referrers entry is not a descriptor (mediaType, digest, size)', 'a descriptor', JSON.stringify(m).slice(0, 300));
          }
        }
      },
    },
    {
      id: 'discovery/referrers/content-type',
      title: 'MUST send Content-Type: application/vnd.oci.image.index.v1+json with referrers lists',
      level: 'MUST',
      requirements: ['REF-005'],
      async run({ registry, repo, rng }, { api, subject, types }) {
        needApi(api);
        const all = [await registry.referrers(repo, subject.digest), await registry.referrers(repo, absentDigest(rng)), await registry.referrers(repo, subject.digest, types[0])];
        // Replies other than 200 are the status checks' to judge.
        const replies = all.filter((r) => r.status === 200);
        need(replies.length > 0, 'no referrers list answered 200 (the status checks judge that)');
        for (const r of replies) {
          if (bareMediaType(r.headers['content-type']) !== MEDIA.index) fail('a referrers list is not served as an image index', `Content-Type: ${MEDIA.index}`, `Content-Type: ${r.headers['content-type'] ?? '(none)'} (${r.url})`);
        }
      },
    },
    {
      id: 'discovery/referrers/only-referrers',
      title: 'MUST list only manifests of the same repository whose subject is the requested digest',
      level: 'MUST',
      requirements: ['REF-006'],
      async run(ctx, { api, subject, referrers, decoys }) {
        const l = await readList(ctx, api, subject.digest);
        const allowed = new Set(referrers.map((r) => r.doc.digest));
        const extra = l.descriptors.map((d) => String(d['digest'])).filter((d) => !allowed.has(d));
        if (extra.length > 0) {
          const decoy = extra.filter((d) => decoys.some((x) => x.digest === d));
          fail('the referrers list holds manifests that do not refer to the subject in this repository', `only ${allowed.size} referrers`, `also ${extra.join(', ')}${decoy.length ? ` (${decoy.length} of them a referrer of another subject, a manifest without subject, or from another repository)` : ''}`);
        }
      },
    },
    {
      id: 'discovery/referrers/complete',
      title: 'MUST list every pushed image manifest and index whose subject is the requested digest',
      level: 'MUST',
      requirements: ['REF-007', 'REFUP-003'],
      async run(ctx, { api, subject, referrers }) {
        const { missing } = await listedEventually(ctx, api, subject.digest, referrers.map((r) => r.doc.digest));
        if (missing.length > 0) fail('pushed referrers are missing from the referrers list', `all ${referrers.length} referrers`, `missing ${missing.join(', ')}`);
      },
    },
    {
      id: 'discovery/referrers/random-sets',
      title: 'MUST list exactly the referrers of a subject, for random sets of referrers and decoys',
      level: 'MUST',
      requirements: ['REF-006', 'REF-007'],
      timeoutMs: 90_000,
      async run(ctx, { api, empty, types, plain }) {
        needApi(api);
        const { registry, repo, repo2, rng } = ctx;
        await property(
          ctx,
          referrerSets(),
          async (n) => {
            const subject = emptyArtifact(rng, empty, types[0]).doc;
            const other = emptyArtifact(rng, empty, types[1]).doc;
            for (const d of [subject, other]) await pushManifest(registry, repo, d);
            // The subject is in the other repository too, so its referrers there are ordinary pushes.
            if (n.otherRepo > 0) await pushManifest(registry, repo2, subject);
            const s = subjectOf(subject);
            const want: string[] = [];
            const push = async (doc: ManifestDoc, into: string, listed: boolean): Promise<void> => {
              await pushManifest(registry, into, doc);
              if (listed) want.push(doc.digest);
            };
            for (let i = 0; i < n.artifacts; i++) await push(emptyArtifact(rng, empty, rng.pick(types), s).doc, repo, true);
            // Index referrers, with or without an artifactType of their own.
            for (let i = 0; i < n.indexes; i++) await push(indexReferrer(rng, [plain], s, rng.int(0, 1) ? rng.pick(types) : undefined).doc, repo, true);
            for (let i = 0; i < n.otherSubject; i++) await push(emptyArtifact(rng, empty, rng.pick(types), subjectOf(other)).doc, repo, false);
            for (let i = 0; i < n.noSubject; i++) await push(emptyArtifact(rng, empty, rng.pick(types)).doc, repo, false);
            for (let i = 0; i < n.otherRepo; i++) await push(emptyArtifact(rng, empty, rng.pick(types), s).doc, repo2, false);
            const { listing, missing } = await listedEventually(ctx, api, subject.digest, want);
            const extra = listing.descriptors.map((d) => String(d['digest'])).filter((d) => !want.includes(d));
            if (missing.length > 0 || extra.length > 0)
              fail('the referrers list is not exactly the subject’s referrers in this repository', `${want.length} referrers`, [missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `extra ${extra.join(', ')}` : ''].filter(Boolean).join('; '));
          },
          { numRuns: 3 },
        );
      },
    },
    {
      id: 'discovery/referrers/artifact-type',
      title: 'MUST give a referrer’s descriptor the artifactType the manifest or index sets, also for artifacts on the empty descriptor',
      level: 'MUST',
      // The image-manifest referrers here are artifacts on the empty descriptor (IMG-015/016): their type is only in artifactType.
      requirements: ['REF-008', 'IMG-015', 'IMG-016'],
      async run(ctx, { api, subject, referrers }) {
        const l = await readList(ctx, api, subject.digest);
        for (const { ref, d } of listedOf(l, referrers.filter((r) => r.artifactType !== undefined)))
          if (d['artifactType'] !== ref.artifactType) fail('a referrer’s descriptor does not carry its artifactType', `artifactType ${ref.artifactType} for ${ref.doc.digest}`, `artifactType ${show(d['artifactType'])}`);
      },
    },
    {
      id: 'discovery/referrers/artifact-type-from-config',
      title: 'MUST give an image manifest without artifactType the config mediaType as artifactType',
      level: 'MUST',
      requirements: ['REF-009'],
      async run(ctx, { api, subject, referrers }) {
        const l = await readList(ctx, api, subject.digest);
        for (const { ref, d } of listedOf(l, referrers.filter((r) => r.artifactType === undefined && r.configMediaType !== undefined)))
          if (d['artifactType'] !== ref.configMediaType) fail('a referrer without artifactType is not described by its config media type', `artifactType ${ref.configMediaType}`, `artifactType ${show(d['artifactType'])}`);
      },
    },
    {
      id: 'discovery/referrers/index-without-artifact-type',
      title: 'MUST omit artifactType from the descriptor of an index referrer that sets none',
      level: 'MUST',
      requirements: ['REF-010'],
      async run(ctx, { api, subject, referrers }) {
        const l = await readList(ctx, api, subject.digest);
        for (const { ref, d } of listedOf(l, referrers.filter((r) => r.artifactType === undefined && r.configMediaType === undefined)))
          if ('artifactType' in d) fail('an index referrer without artifactType is described with one', `no artifactType for ${ref.doc.digest}`, `artifactType ${show(d['artifactType'])}`);
      },
    },
    {
      id: 'discovery/referrers/annotations',
      title: 'MUST copy a referrer’s annotations into its descriptor',
      level: 'MUST',
      requirements: ['REF-011', 'IMG-013'],
      async run(ctx, { api, subject, referrers }) {
        const l = await readList(ctx, api, subject.digest);
        for (const { ref, d } of listedOf(l, referrers)) {
          const got = (d['annotations'] ?? {}) as Record<string, unknown>;
          // Extra keys are not judged: the spec only requires the referrer's own.
          const wrong = Object.entries(ref.annotations).filter(([k, v]) => got[k] !== v);
          if (wrong.length > 0) fail('a referrer’s descriptor lacks its annotations', JSON.stringify(Object.fromEntries(wrong)), JSON.stringify(Object.fromEntries(wrong.map(([k]) => [k, got[k] ?? null]))));
        }
      },
    },
    {
      id: 'discovery/referrers/descriptor',
      title: 'MUST describe each referrer with its mediaType, digest and size',
      level: 'MUST',
      requirements: ['REF-012'],
      async run(ctx, { api, subject, referrers }) {
        const l = await readList(ctx, api, subject.digest);
        for (const { ref, d } of listedOf(l, referrers)) {
          if (d['mediaType'] !== ref.doc.mediaType || d['size'] !== ref.doc.bytes.length)
            fail('a referrer’s descriptor does not match the pushed manifest', `mediaType ${ref.doc.mediaType}, size ${ref.doc.bytes.length}`, `mediaType ${show(d['mediaType'])}, size ${show(d['size'])}`);
        }
      },
    },
    {
      id: 'discovery/referrers/random-descriptors',
      title: 'MUST describe referrers with random artifact types and annotations by the spec’s rules',
      level: 'MUST',
      requirements: ['REF-008', 'REF-009', 'REF-010', 'REF-011', 'REF-012'],
      timeoutMs: 60_000,
      async run(ctx, { api, empty, types, plain }) {
        needApi(api);
        const { registry, repo, rng } = ctx;
        await property(
          ctx,
          descriptorCases(),
          async ({ types: [typed, config, typedIndex], annotations: [a0, a1, a2, a3] }) => {
            const subject = emptyArtifact(rng, empty, types[0]).doc;
            await pushManifest(registry, repo, subject);
            const s = subjectOf(subject);
            const image = (extra: object, annotations: Record<string, string>, cfg: Descriptor): ManifestDoc =>
              manifestDoc({ schemaVersion: 2, mediaType: MEDIA.manifest, ...extra, config: cfg, layers: [empty.descriptor], subject: s, annotations }, MEDIA.manifest);
            const index = (extra: object, annotations: Record<string, string>): ManifestDoc =>
              manifestDoc({ schemaVersion: 2, mediaType: MEDIA.index, ...extra, manifests: [subjectOf(plain)], subject: s, annotations }, MEDIA.index);
            // The oracle: the manifest's artifactType, else its config's mediaType; none for an index without one.
            const cases: Array<{ doc: ManifestDoc; artifactType: string | undefined; annotations: Record<string, string> }> = [
              { doc: image({ artifactType: typed }, a0, empty.descriptor), artifactType: typed, annotations: a0 },
              // The config is the `{}` blob under a random type: only its descriptor's mediaType matters here.
              { doc: image({}, a1, { ...empty.descriptor, mediaType: config }), artifactType: config, annotations: a1 },
              { doc: index({}, a2), artifactType: undefined, annotations: a2 },
              { doc: index({ artifactType: typedIndex }, a3), artifactType: typedIndex, annotations: a3 },
            ];
            for (const c of cases) await pushManifest(registry, repo, c.doc);
            const l = await readList(ctx, api, subject.digest);
            for (const c of cases) {
              const d = l.descriptors.find((x) => x['digest'] === c.doc.digest);
              if (!d) continue; // completeness is judged by discovery/referrers/complete
              const got = (d['annotations'] ?? {}) as Record<string, unknown>;
              const problems = [
                d['artifactType'] !== c.artifactType ? `artifactType ${show(d['artifactType'])}, expected ${show(c.artifactType)}` : '',
                d['mediaType'] !== c.doc.mediaType ? `mediaType ${show(d['mediaType'])}` : '',
                d['size'] !== c.doc.bytes.length ? `size ${show(d['size'])}, expected ${c.doc.bytes.length}` : '',
                Object.entries(c.annotations).some(([k, v]) => got[k] !== v) ? `annotations ${JSON.stringify(got)}, expected ${JSON.stringify(c.annotations)}` : '',
              ].filter(Boolean);
              if (problems.length > 0) fail('a referrer’s descriptor does not follow the rules for its kind', `the descriptor of ${c.doc.digest}`, problems.join('; '));
            }
          },
          { numRuns: 3 },
        );
      },
    },
    {
      id: 'discovery/referrers/index-subject',
      title: 'MUST list the referrers of an image index like those of an image manifest',
      level: 'MUST',
      requirements: ['REF-023'],
      async run(ctx, { api, indexSubject, indexReferrer }) {
        const { missing } = await listedEventually(ctx, api, indexSubject.digest, [indexReferrer.doc.digest]);
        if (missing.length > 0) fail('a referrer whose subject is an image index is not listed', `${indexReferrer.doc.digest} among the referrers of ${indexSubject.digest}`, 'not listed');
      },
    },
    {
      id: 'discovery/referrers/subject-pushed-later',
      title: 'MUST list a referrer pushed before its subject, before and after the subject is pushed',
      level: 'MUST',
      requirements: ['REF-018'],
      async run(ctx, { api, empty, types }) {
        const late = emptyArtifact(ctx.rng, empty, types[1]).doc;
        const ref = emptyArtifact(ctx.rng, empty, types[0], subjectOf(late));
        await pushManifest(ctx.registry, ctx.repo, ref.doc);
        for (const when of ['before', 'after']) {
          if (when === 'after') await pushManifest(ctx.registry, ctx.repo, late);
          const { missing } = await listedEventually(ctx, api, late.digest, [ref.doc.digest]);
          if (missing.length > 0) fail(`a referrer pushed before its subject is not listed ${when} the subject is pushed`, `${ref.doc.digest} listed`, 'not listed');
        }
      },
    },
    {
      id: 'discovery/referrers/filter',
      title: 'SHOULD filter referrers by artifactType',
      level: 'SHOULD',
      requirements: ['REF-015'],
      async run(ctx, { api, subject, types }) {
        const l = await readList(ctx, api, subject.digest, types[0]);
        if (!filtersApplied(l.pages[0]!).includes('artifactType'))
          fail('the artifactType filter was not applied (no OCI-Filters-Applied: artifactType)', 'OCI-Filters-Applied: artifactType', `OCI-Filters-Applied: ${l.pages[0]!.headers['oci-filters-applied'] ?? '(none)'}`);
      },
    },
    {
      id: 'discovery/referrers/filter-header',
      title: 'MUST send OCI-Filters-Applied: artifactType exactly when the list is filtered by artifactType',
      level: 'MUST',
      // A registry may ignore the filter (REF-015 is a SHOULD); then the unfiltered list and no header.
      requirements: ['REF-016', 'REF-017'],
      async run(ctx, { api, subject, referrers, types }) {
        const all = await readList(ctx, api, subject.digest);
        const unfiltered = new Set(all.descriptors.map((d) => String(d['digest'])));
        for (const t of [types[0], types[1], vendorType(ctx.rng, 'absent')]) {
          const l = await readList(ctx, api, subject.digest, t);
          const got = l.descriptors.map((d) => String(d['digest']));
          if (filtersApplied(l.pages[0]!).includes('artifactType')) {
            const expected = referrers.filter((r) => r.artifactType === t || (r.artifactType === undefined && r.configMediaType === t)).map((r) => r.doc.digest).filter((d) => unfiltered.has(d));
            const wrong = l.descriptors.filter((d) => d['artifactType'] !== t).map((d) => `${String(d['digest'])} (${show(d['artifactType'])})`);
            const missing = expected.filter((d) => !got.includes(d));
            if (wrong.length > 0 || missing.length > 0)
              fail(`OCI-Filters-Applied names artifactType, but the list is not the referrers of type ${t}`, `the ${expected.length} referrers of type ${t}`, [wrong.length ? `other types: ${wrong.join(', ')}` : '', missing.length ? `missing: ${missing.join(', ')}` : ''].filter(Boolean).join('; '));
          } else if (got.length !== unfiltered.size || !got.every((d) => unfiltered.has(d))) {
            fail(`the list for artifactType=${t} differs from the unfiltered list, but OCI-Filters-Applied does not say a filter was applied`, `OCI-Filters-Applied: artifactType, or the ${unfiltered.size} unfiltered referrers`, `${got.length} referrers, OCI-Filters-Applied: ${l.pages[0]!.headers['oci-filters-applied'] ?? '(none)'}`);
          }
        }
      },
    },
    {
      id: 'discovery/referrers/pagination',
      title: 'MUST send Link rel="next" when the referrers do not fit one response, each page holding different descriptors',
      level: 'MUST',
      requirements: ['REF-014'],
      timeoutMs: 60_000,
      async run(ctx, { api, empty, types }) {
        needApi(api);
        const subject = emptyArtifact(ctx.rng, empty, types[0]).doc;
        await pushManifest(ctx.registry, ctx.repo, subject);
        const want: string[] = [];
        for (let i = ctx.rng.int(10, 14); i > 0; i--) {
          const ref = emptyArtifact(ctx.rng, empty, ctx.rng.pick(types), subjectOf(subject));
          await pushManifest(ctx.registry, ctx.repo, ref.doc);
          want.push(ref.doc.digest);
        }
        const l = await listReferrers(ctx.registry, ctx.repo, subject.digest);
        need(l.pages[0]!.status === 200, `the referrers list answered ${l.pages[0]!.status} (the status checks judge that)`);
        if (l.problem && l.pages.length > 1) fail('a referrers page reached through Link is not a referrers list, or the Link chain is broken', 'image indexes linked by rel="next"', l.problem);
        need(!l.problem, `the first page is not a referrers list: ${l.problem} (the index check judges that)`);
        const got = l.descriptors.map((d) => String(d['digest']));
        const dup = got.filter((d, i) => got.indexOf(d) !== i);
        if (dup.length > 0) fail('referrers pages repeat descriptors', 'different descriptors on each page', `repeated: ${[...new Set(dup)].join(', ')}`);
        const missing = want.filter((d) => !got.includes(d));
        if (missing.length > 0)
          fail(
            l.pages.length === 1 ? 'the referrers list is cut short without a Link header' : 'the referrers pages together lack referrers',
            `${want.length} referrers over ${l.pages.length === 1 ? 'one response or Link rel="next" pages' : 'the linked pages'}`,
            `${got.length} in ${l.pages.length} page(s), missing ${missing.length}`,
          );
      },
    },
  ],
});
