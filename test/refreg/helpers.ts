/** Small HTTP helpers for black-box tests of the reference registry. */
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const EMPTY_JSON = 'application/vnd.oci.empty.v1+json';

export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export function sha512(data: Buffer | string): string {
  return `sha512:${createHash('sha512').update(data).digest('hex')}`;
}

export function randomDigest(): string {
  return sha256(randomBytes(16));
}

export interface Res {
  status: number;
  headers: Headers;
  body: Buffer;
  text: string;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** fetch without redirects that returns the whole body as a Buffer. */
export async function http(base: string, path: string, init: RequestInit = {}): Promise<Res> {
  const url = path.startsWith('http') ? path : base + path;
  const r = await fetch(url, { redirect: 'manual', ...init });
  const body = Buffer.from(await r.arrayBuffer());
  const text = body.toString('utf8');
  return { status: r.status, headers: r.headers, body, text, json: () => JSON.parse(text) };
}

/** POST + PUT monolithic upload; returns the digest. */
export async function pushBlob(base: string, repo: string, data: Buffer | string): Promise<string> {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data);
  const digest = sha256(buf);
  const post = await http(base, `/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  expect(post.status).toBe(202);
  const loc = post.headers.get('location')!;
  const put = await http(base, `${loc}${loc.includes('?') ? '&' : '?'}digest=${digest}`, {
    method: 'PUT',
    body: buf,
    headers: { 'Content-Type': 'application/octet-stream' },
  });
  expect(put.status).toBe(201);
  return digest;
}

export interface Pushed {
  bytes: string;
  digest: string;
  config: string;
  layer: string;
}

/** Pushes config + layer blobs and returns an image manifest (not yet pushed) referencing them. */
export async function prepareImage(base: string, repo: string, extra: Record<string, unknown> = {}, pretty = true): Promise<Pushed> {
  const configBytes = JSON.stringify({ architecture: 'amd64', os: 'linux', n: randomBytes(4).toString('hex') });
  const layerBytes = randomBytes(64);
  const config = await pushBlob(base, repo, configBytes);
  const layer = await pushBlob(base, repo, layerBytes);
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: config, size: Buffer.byteLength(configBytes) },
    layers: [{ mediaType: OCI_LAYER, digest: layer, size: layerBytes.length }],
    ...extra,
  };
  // Unusual whitespace makes any re-serialization visible.
  const bytes = pretty ? JSON.stringify(manifest, null, 7) + '\n' : JSON.stringify(manifest);
  return { bytes, digest: sha256(bytes), config, layer };
}

export async function putManifest(base: string, repo: string, ref: string, bytes: string, mediaType = OCI_MANIFEST): Promise<Res> {
  return http(base, `/v2/${repo}/manifests/${ref}`, { method: 'PUT', body: bytes, headers: { 'Content-Type': mediaType } });
}

/** Pushes an image manifest under `ref` and asserts 201. */
export async function pushImage(base: string, repo: string, ref: string, extra: Record<string, unknown> = {}): Promise<Pushed> {
  const img = await prepareImage(base, repo, extra);
  const r = await putManifest(base, repo, ref, img.bytes);
  expect(r.status, r.text).toBe(201);
  return img;
}

/** Pushes the `{}` empty blob (used as config of artifacts). */
export async function pushEmpty(base: string, repo: string): Promise<string> {
  return pushBlob(base, repo, '{}');
}

/** Builds an artifact manifest (empty config) with a subject. */
export function artifact(subject: { digest: string; size: number; mediaType?: string }, opts: { artifactType?: string; annotations?: Record<string, string>; configMediaType?: string } = {}): string {
  const m: Record<string, unknown> = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: opts.configMediaType ?? EMPTY_JSON, digest: sha256('{}'), size: 2 },
    layers: [{ mediaType: EMPTY_JSON, digest: sha256('{}'), size: 2 }],
    subject: { mediaType: subject.mediaType ?? OCI_MANIFEST, digest: subject.digest, size: subject.size },
  };
  if (opts.artifactType !== undefined) m['artifactType'] = opts.artifactType;
  if (opts.annotations !== undefined) m['annotations'] = opts.annotations;
  return JSON.stringify(m);
}

export function nextLink(h: Headers): string | undefined {
  const link = h.get('link');
  if (!link) return undefined;
  const m = /<([^>]*)>\s*;\s*rel="?next"?/.exec(link);
  return m ? m[1] : undefined;
}
