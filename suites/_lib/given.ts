import { digestOf } from '../../src/registry/digest.js';
import { bareMediaType, DIGEST_RE, MEDIA } from '../../src/registry/grammar.js';
import type { Registry, Reply } from '../../src/registry/client.js';
import { Unsupported } from '../../src/runner/verdicts.js';
import type { CheckContext } from '../../src/runner/workflow.js';
import { parseTagPage } from './tag-list.js';

/**
 * Content already in a registry, for read-only runs: what the user named
 * (--tag, --manifest-digest, … and the official suites' variables), completed
 * by what GET requests can discover (/v2/_catalog, the tag list, manifests).
 * Discovery only reads; where it finds nothing it says why, and the checks
 * that needed that content skip with that reason (never pass).
 */
export interface Found {
  repo?: string;
  tags: string[];
  /** Digests of image manifests (not indexes). */
  manifests: string[];
  /** Digests of image indexes. */
  indexes: string[];
  blobs: string[];
  subjects: string[];
  /** Why a kind of content is missing, by the noun the skip names. */
  missing: Partial<Record<Kind, string>>;
  /** How the content was found, e.g. "tag latest from the tag list". */
  notes: string[];
}

export type Kind = 'repository' | 'tag' | 'manifest' | 'index' | 'blob' | 'subject';

const NAMES: Record<Kind, string> = {
  repository: 'a repository (--namespace, OCI_NAMESPACE, OCI_REPO1)',
  tag: 'a tag (--tag, OCI_TAG_NAME, OCI_RO_DATA_TAGS)',
  manifest: 'an image manifest (--manifest-digest, OCI_MANIFEST_DIGEST, OCI_RO_DATA_MANIFESTS)',
  index: 'an image index (--index, or an index among the manifests named)',
  blob: 'a blob (--blob-digest, OCI_BLOB_DIGEST, OCI_RO_DATA_BLOBS)',
  subject: 'a referrers subject (--subject, OCI_RO_DATA_REFERRERS)',
};

/** Discovered blobs larger than this are not pulled whole; a named blob always is. */
const DISCOVERED_BLOB_MAX = 8 * 1024 * 1024;
/** Tags of the list that discovery resolves, looking for an image manifest and an index. */
const DISCOVERED_TAGS = 5;
const INDEX_TYPES = new Set<string>([MEDIA.index, MEDIA.dockerList]);

/** The content a check needs, or a skip that names what was not given and why none was found. */
export function want<T>(f: Found, kind: Kind, value: T | undefined): T {
  if (value !== undefined && (!Array.isArray(value) || value.length > 0)) return value;
  const why = f.missing[kind] ?? 'none was found';
  throw new Unsupported(`not tested: needs ${NAMES[kind]}; ${why}`);
}

/** How a passing check found its content, when discovery (not the user) named some of it. */
export function howFound(f: Found): string | undefined {
  return f.notes.length > 0 ? `found by discovery: ${f.notes.join('; ')}` : undefined;
}

interface Doc {
  mediaType?: string;
  config?: { digest?: unknown; size?: unknown };
  layers?: Array<{ digest?: unknown; size?: unknown }>;
  manifests?: Array<{ digest?: unknown; mediaType?: unknown }>;
}

function parse(r: Reply): Doc | undefined {
  try {
    const d = JSON.parse(r.body.toString('utf8')) as unknown;
    return d && typeof d === 'object' && !Array.isArray(d) ? (d as Doc) : undefined;
  } catch {
    return undefined;
  }
}

function isIndex(r: Reply, d: Doc | undefined): boolean {
  const ct = bareMediaType(r.headers['content-type']);
  return (ct !== undefined && INDEX_TYPES.has(ct)) || (typeof d?.mediaType === 'string' && INDEX_TYPES.has(d.mediaType)) || Array.isArray(d?.manifests);
}

const digestString = (v: unknown): v is string => typeof v === 'string' && DIGEST_RE.test(v);

/** Resolves what the user named and discovers the rest, with GET requests only. */
export async function findContent(ctx: CheckContext): Promise<Found> {
  const { registry, settings } = ctx;
  const g = settings.given;
  const f: Found = { tags: [...g.tags], manifests: [], indexes: [], blobs: [...g.blobs], subjects: [...g.subjects], missing: {}, notes: [] };

  f.repo = g.repository ?? (await fromCatalog(registry, f));
  if (f.repo === undefined) {
    for (const k of ['tag', 'manifest', 'index', 'blob', 'subject'] as const) f.missing[k] = `no repository to look in: ${f.missing.repository}`;
    return f;
  }
  const repo = f.repo;

  if (f.tags.length === 0) {
    const r = await registry.listTags(repo, { n: 10 });
    const page = parseTagPage(r);
    const tags = typeof page === 'string' ? [] : (page.tags ?? []);
    if (tags.length > 0) {
      f.tags = tags.slice(0, DISCOVERED_TAGS);
      f.notes.push(`tags ${f.tags.join(', ')} from the tag list of ${repo}`);
    } else f.missing.tag = `none was named and the tag list of ${repo} gave none (${typeof page === 'string' ? page : 'an empty list'})`;
  }

  // Manifests named by digest and indexes by tag or digest, then what the first tag points to.
  const refs = [...new Set([...g.manifests, ...g.indexes])];
  const fromTag = refs.length === 0 && f.tags.length > 0;
  if (fromTag) refs.push(...f.tags);
  for (const ref of refs) {
    const r = await registry.getManifest(repo, ref);
    if (r.status !== 200) continue; // the pull checks judge a named reference that does not resolve
    const d = parse(r);
    const digest = DIGEST_RE.test(ref) ? ref : digestOf(r.body);
    if (isIndex(r, d)) {
      f.indexes.push(digest);
      const child = d?.manifests?.map((m) => m.digest).find(digestString);
      if (child && g.manifests.length === 0 && !f.manifests.includes(child)) {
        f.manifests.push(child);
        f.notes.push(`manifest ${child} from the index ${digest}`);
      }
    } else if (!g.indexes.includes(ref)) f.manifests.push(digest);
    if (fromTag) f.notes.push(`${isIndex(r, d) ? 'index' : 'manifest'} ${digest} from the tag ${ref}`);
    if (fromTag && f.manifests.length > 0 && f.indexes.length > 0) break;
  }
  f.manifests = [...new Set([...g.manifests, ...f.manifests])];
  f.indexes = [...new Set(f.indexes)];
  if (f.manifests.length === 0) f.missing.manifest = fromTag ? `none was named and the tags ${f.tags.join(', ')} did not lead to one` : (f.missing.tag ?? 'none was named');
  if (f.indexes.length === 0) f.missing.index = 'none was named or found';

  if (f.blobs.length === 0) {
    for (const m of f.manifests.slice(0, 1)) {
      const r = await registry.getManifest(repo, m);
      const d = r.status === 200 ? parse(r) : undefined;
      const candidates = [d?.config, ...(d?.layers ?? [])].filter((x): x is { digest: string; size?: unknown } => digestString(x?.digest));
      const small = candidates.filter((x) => typeof x.size === 'number' && x.size <= DISCOVERED_BLOB_MAX).sort((a, b) => (a.size as number) - (b.size as number));
      if (small[0]) {
        f.blobs.push(small[0].digest);
        f.notes.push(`blob ${small[0].digest} from the manifest ${m}`);
      }
    }
    if (f.blobs.length === 0) f.missing.blob = f.manifests.length ? `none was named and the manifest ${f.manifests[0]} lists none under ${DISCOVERED_BLOB_MAX} bytes` : 'none was named and no manifest was found to list one';
  }

  if (f.subjects.length === 0) {
    // Any manifest can be a subject: one without referrers has an empty list.
    const s = f.manifests[0] ?? f.indexes[0];
    if (s) {
      f.subjects.push(s);
      f.notes.push(`subject ${s}: a manifest found above`);
    } else f.missing.subject = 'none was named and no manifest was found to use as one';
  }
  return f;
}

/** The first repository /v2/_catalog lists (a Docker-era endpoint outside the OCI spec, widely offered). */
async function fromCatalog(registry: Registry, f: Found): Promise<string | undefined> {
  const r = await registry.get(registry.url('/v2/_catalog?n=100'));
  let repos: unknown;
  try {
    repos = r.status === 200 ? (JSON.parse(r.body.toString('utf8')) as { repositories?: unknown }).repositories : undefined;
  } catch {
    repos = undefined;
  }
  const first = Array.isArray(repos) ? repos.find((x): x is string => typeof x === 'string') : undefined;
  if (first === undefined) {
    f.missing.repository = `none was named and /v2/_catalog ${r.status === 200 ? 'listed none' : `answered ${r.status}`}`;
    return undefined;
  }
  f.notes.push(`repository ${first} from /v2/_catalog`);
  return first;
}
