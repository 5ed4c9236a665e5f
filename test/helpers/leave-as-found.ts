import { NAME_RE } from '../../src/registry/grammar.js';
import type { Seen } from './recording-proxy.js';
import type { Seeded } from './seed.js';

/** The registry's request log (`METHOD url status` lines of the reference registry) as Seen entries. */
export function parseLog(lines: readonly string[]): Seen[] {
  return lines.map((l) => l.split(' ')).filter((p) => p.length === 3).map(([method, path, status]) => ({ method: method!, path: path!, status: Number(status) }));
}

/** Every manifest media type: distribution answers 404 for an OCI manifest a client does not accept. */
export const ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const NAME = /^\/v2\/(.+?)\/(?:blobs|manifests|tags|referrers|_oci)\//;

/** Repository names of every write request (upload locations included); names that break the grammar (bad-input probes) are left out unless the registry accepted the write. */
export function writtenRepositories(seen: readonly Seen[]): string[] {
  const named = seen.filter((s) => WRITES.has(s.method)).map((s) => ({ s, name: NAME.exec(new URL(s.path, 'http://x').pathname)?.[1] ?? s.path }));
  return [...new Set(named.filter(({ s, name }) => NAME_RE.test(name) || (s.status >= 200 && s.status < 300)).map(({ name }) => name))];
}

/** What the requests stored (201 answers): manifests by repository and reference, blobs by repository and digest. */
export function pushed(seen: readonly Seen[]): { manifests: Array<[string, string]>; blobs: Array<[string, string]> } {
  const manifests: Array<[string, string]> = [];
  const blobs: Array<[string, string]> = [];
  for (const s of seen) {
    if (s.status !== 201) continue;
    const u = new URL(s.path, 'http://x');
    const m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(u.pathname);
    if (s.method === 'PUT' && m) manifests.push([m[1]!, decodeURIComponent(m[2]!)]);
    const b = /^\/v2\/(.+)\/blobs\/uploads\//.exec(u.pathname);
    const digest = u.searchParams.get('digest') ?? u.searchParams.get('mount');
    if (b && digest && (s.method === 'PUT' || s.method === 'POST')) blobs.push([b[1]!, digest]);
  }
  return { manifests, blobs };
}

/** What a client sees of the seeded content: tag list, and status and digest of each manifest and blob. */
export async function snapshot(url: string, s: Seeded): Promise<unknown> {
  const tags = await fetch(`${url}/v2/${s.repo}/tags/list`).then(async (r) => ({ status: r.status, body: r.status === 200 ? ((await r.json()) as { tags: string[] }).tags.sort() : null }));
  const refs: Record<string, string> = {};
  for (const ref of [...s.tags, s.manifest, s.index, s.referrer]) {
    const r = await fetch(`${url}/v2/${s.repo}/manifests/${ref}`, { headers: { accept: ACCEPT } });
    refs[ref] = `${r.status} ${r.headers.get('docker-content-digest')} ${(await r.arrayBuffer()).byteLength}`;
  }
  for (const d of [s.blob, 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'])
    refs[d] = String((await fetch(`${url}/v2/${s.repo}/blobs/${d}`, { method: 'HEAD' })).status);
  return { tags, refs };
}

/** Every manifest and blob in `p` that a client can still fetch (after cleanup: none). */
export async function stillThere(url: string, p: ReturnType<typeof pushed>): Promise<string[]> {
  const out: string[] = [];
  for (const [repo, ref] of p.manifests) {
    const r = await fetch(`${url}/v2/${repo}/manifests/${ref}`, { method: 'HEAD', headers: { accept: ACCEPT } });
    if (r.status !== 404) out.push(`manifest ${repo}:${ref} ${r.status}`);
  }
  for (const [repo, d] of p.blobs) {
    const r = await fetch(`${url}/v2/${repo}/blobs/${d}`, { method: 'HEAD' });
    if (r.status !== 404) out.push(`blob ${repo}@${d} ${r.status}`);
  }
  return out;
}
