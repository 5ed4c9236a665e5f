/**
 * GET /v2/<name>/referrers/<digest>[?artifactType=...]: an image index of the manifests in the
 * repository whose subject is <digest>. Pages are ordered by digest; the Link cursor is the last
 * digest of the page (an opaque `last` query parameter to clients).
 */
import { RegistryError } from './errors.js';
import { type Ctx, type Headers, send } from './context.js';
import { DOCKER_LIST, OCI_INDEX } from './mediatypes.js';
import { checkDigest, repoMissing } from './refs.js';
import type { StoredManifest } from './store.js';

interface ReferrerDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
}

/** artifactType: the manifest's own, else config.mediaType for image manifests, none for indexes. */
function describe(ctx: Ctx, m: StoredManifest): ReferrerDescriptor {
  const d: ReferrerDescriptor = {
    mediaType: m.mediaType,
    digest: m.digest,
    size: m.bytes.length + (ctx.faults.has('referrers-size-wrong') ? 1 : 0),
  };
  let artifactType = m.artifactType ?? m.configMediaType;
  if (artifactType === undefined && ctx.faults.has('referrers-index-artifacttype-invented')) artifactType = m.mediaType;
  if (artifactType !== undefined && !ctx.faults.has('referrers-artifacttype-missing')) d.artifactType = artifactType;
  if (m.annotations && !ctx.faults.has('referrers-annotations-dropped')) d.annotations = { ...m.annotations };
  return d;
}

function emptyIndex(ctx: Ctx): void {
  send(ctx, 200, { 'Content-Type': OCI_INDEX }, JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }));
}

export function handleReferrers(ctx: Ctx, name: string, rawDigest: string): void {
  if (ctx.method !== 'GET') throw new RegistryError(405, 'UNSUPPORTED', `${ctx.method} not allowed on referrers`);
  if (ctx.faults.has('referrers-not-found')) throw new RegistryError(404, 'UNSUPPORTED', 'referrers API not available');
  if (ctx.faults.has('referrers-not-acceptable')) throw new RegistryError(406, 'UNSUPPORTED', 'referrers API not available');
  let subject: string;
  try {
    subject = checkDigest(ctx, rawDigest).digest;
  } catch (e) {
    if (ctx.faults.has('referrers-bad-digest-200')) return emptyIndex(ctx);
    throw e;
  }
  const repo = ctx.store.repo(name);
  if (!repo) throw repoMissing(ctx, name);

  const pool = [...repo.manifests.values()];
  if (ctx.faults.has('referrers-stale-after-delete')) pool.push(...repo.ghostManifests.values());
  let matches = ctx.faults.has('referrers-wrong-subject')
    ? pool.filter((m) => m.subjectDigest !== undefined)
    : pool.filter((m) => m.subjectDigest === subject);
  if (ctx.faults.has('referrers-orphans-dropped')) matches = matches.filter((m) => !m.subjectAbsentAtPush);
  if (ctx.faults.has('referrers-skip-indexes')) matches = matches.filter((m) => m.configMediaType !== undefined);
  if (ctx.faults.has('referrers-index-subject-ignored')) matches = matches.filter((m) => m.subjectMediaType !== OCI_INDEX && m.subjectMediaType !== DOCKER_LIST);
  if (matches.length === 0 && ctx.faults.has('referrers-unknown-subject-404')) {
    throw new RegistryError(404, 'MANIFEST_UNKNOWN', 'no referrers for this subject', { digest: rawDigest });
  }
  let list = matches.sort((a, b) => (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0)).map((m) => describe(ctx, m));

  const headers: Headers = { 'Content-Type': ctx.faults.has('referrers-wrong-content-type') ? 'application/json' : OCI_INDEX };
  const wanted = ctx.query.getAll('artifactType').filter((t) => t !== '');
  if (wanted.length > 0 && !ctx.faults.has('referrers-filter-ignored')) {
    if (!ctx.faults.has('referrers-filter-header-unfiltered')) {
      list = list.filter((d) => d.artifactType !== undefined && wanted.includes(d.artifactType));
    }
    if (!ctx.faults.has('referrers-filter-no-header')) headers['OCI-Filters-Applied'] = 'artifactType';
  }

  const cursor = ctx.query.get('last');
  if (cursor !== null) list = list.filter((d) => d.digest > cursor);
  const page = list.slice(0, ctx.opts.referrersPageSize);
  if (list.length > page.length && !ctx.faults.has('referrers-no-pagination-link')) {
    const q = new URLSearchParams();
    for (const t of wanted) q.append('artifactType', t);
    q.set('last', page[page.length - 1]!.digest);
    headers['Link'] = `</v2/${name}/referrers/${subject}?${q.toString()}>; rel="next"`;
  }
  const body = ctx.faults.has('referrers-not-index')
    ? { referrers: page }
    : { schemaVersion: 2, mediaType: OCI_INDEX, manifests: page };
  send(ctx, 200, headers, JSON.stringify(body));
}
