/**
 * Every fault switch, proven both ways: each probe returns true when the requirement the fault
 * names holds. It must hold on a clean registry and fail with only that fault switched on.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { FAULTS, FAULT_NAMES, type FaultName, type RefRegistryOptions, startReferenceRegistry } from '../../src/refreg/index.js';
import {
  OCI_INDEX, OCI_MANIFEST, artifact, http, nextLink, prepareImage, pushBlob, pushEmpty, pushImage, putManifest,
  randomDigest, sha256, sha512,
} from './helpers.js';

type Probe = (url: string) => Promise<boolean>;
interface FaultCase {
  opts?: RefRegistryOptions;
  probe: Probe;
}

const SPEC_CODES = [
  'BLOB_UNKNOWN', 'BLOB_UPLOAD_INVALID', 'BLOB_UPLOAD_UNKNOWN', 'DIGEST_INVALID', 'MANIFEST_BLOB_UNKNOWN', 'MANIFEST_INVALID',
  'MANIFEST_UNKNOWN', 'NAME_INVALID', 'NAME_UNKNOWN', 'SIZE_INVALID', 'UNAUTHORIZED', 'DENIED', 'UNSUPPORTED', 'TOOMANYREQUESTS',
];

const post = (url: string, repo = 'f/r') => http(url, `/v2/${repo}/blobs/uploads/`, { method: 'POST' });

/** Opens a session and returns its Location (these probes only run where POST works). */
async function session(url: string, repo = 'f/r'): Promise<string> {
  const r = await post(url, repo);
  return r.headers.get('location')!;
}

const patch = (url: string, loc: string, body: Buffer, range?: string) =>
  http(url, loc, { method: 'PATCH', body, headers: { 'Content-Type': 'application/octet-stream', ...(range ? { 'Content-Range': range } : {}) } });

const withDigest = (loc: string, d: string) => `${loc}${loc.includes('?') ? '&' : '?'}digest=${d}`;

async function errorOf(url: string, path: string, method = 'GET'): Promise<{ status: number; body: any }> {
  const r = await http(url, path, { method });
  let body: any;
  try {
    body = r.json();
  } catch {
    body = undefined;
  }
  return { status: r.status, body };
}

/** Sends `sent` bytes of a PATCH declaring `declared`, then drops the connection. */
function droppedPatch(url: string, loc: string, declared: number, sent: number): Promise<void> {
  return new Promise((resolve) => {
    const u = new URL(loc, url);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'PATCH', headers: { 'Content-Length': String(declared), 'Content-Range': `0-${declared - 1}` } });
    req.on('error', () => resolve());
    req.write(randomBytes(sent), () => setTimeout(() => {
      req.destroy();
      resolve();
    }, 50));
  });
}

/** The Range a status GET reports once it stops changing (the server notices a drop a moment later). */
async function settledRange(url: string, loc: string): Promise<string | null> {
  let last: string | null = null;
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 25));
    const now = (await http(url, loc)).headers.get('range');
    if (now === last) return now;
    last = now;
  }
  return last;
}

/** A 100-byte blob stored as a large one (the threshold is 16 bytes): its bytes, or undefined when the GET broke off. */
async function largeGet(url: string, init: RequestInit = {}): Promise<{ data: Buffer; got?: Buffer }> {
  const data = randomBytes(100);
  const d = await pushBlob(url, 'f/large', data);
  try {
    return { data, got: (await http(url, `/v2/f/large/blobs/${d}`, init)).body };
  } catch {
    return { data };
  }
}

/** Pushes three tags b, a, c of one image. */
async function threeTags(url: string, repo = 'f/tags'): Promise<void> {
  const img = await pushImage(url, repo, 'b');
  await putManifest(url, repo, 'a', img.bytes);
  await putManifest(url, repo, 'c', img.bytes);
}

/** Pushes a subject and referrers; returns the subject digest and the referrer bytes by key. */
async function referrers(url: string, repo = 'f/ref'): Promise<{ subject: string; refs: Record<string, string> }> {
  const img = await pushImage(url, repo, 'subject');
  const subject = { digest: img.digest, size: Buffer.byteLength(img.bytes) };
  await pushEmpty(url, repo);
  const refs: Record<string, string> = {
    a: artifact(subject, { artifactType: 'application/x.a', annotations: { k: 'v' } }),
    b: artifact(subject, { artifactType: 'application/x.b' }),
    cfg: artifact(subject, { configMediaType: 'application/x.cfg+json' }),
  };
  for (const b of Object.values(refs)) expect((await putManifest(url, repo, sha256(b), b)).status).toBe(201);
  return { subject: img.digest, refs };
}

async function listReferrers(url: string, repo: string, subject: string, query = ''): Promise<{ items: any[]; headers: Headers; status: number; body: any }> {
  const r = await http(url, `/v2/${repo}/referrers/${subject}${query}`);
  let body: any;
  try {
    body = r.json();
  } catch {
    body = undefined;
  }
  return { items: body?.manifests ?? [], headers: r.headers, status: r.status, body };
}

async function discover(url: string): Promise<Array<{ status: number; ct: string | null; body: any }>> {
  const out = [];
  for (const p of ['/v2/_oci/ext/discover', '/v2/f/r/_oci/ext/discover']) {
    const r = await http(url, p);
    let body: any;
    try {
      body = r.json();
    } catch {
      body = undefined;
    }
    out.push({ status: r.status, ct: r.headers.get('content-type'), body });
  }
  return out;
}

const CASES: Record<FaultName, FaultCase> = {
  'ping-not-found': { probe: async (u) => (await http(u, '/v2/')).status === 200 },
  'ping-unauthorized-no-challenge': {
    probe: async (u) => {
      const r = await http(u, '/v2/');
      return r.status === 200 || (r.status === 401 && r.headers.get('www-authenticate') !== null);
    },
  },
  'blob-get-corrupt': {
    probe: async (u) => {
      const data = randomBytes(100);
      const d = await pushBlob(u, 'f/r', data);
      const r = await http(u, `/v2/f/r/blobs/${d}`);
      return r.body.equals(data) && sha256(r.body) === d;
    },
  },
  'blob-missing-not-404': {
    probe: async (u) => {
      await pushBlob(u, 'f/r', 'x');
      const d = randomDigest();
      return (await http(u, `/v2/f/r/blobs/${d}`)).status === 404 && (await http(u, `/v2/f/r/blobs/${d}`, { method: 'HEAD' })).status === 404;
    },
  },
  'blob-head-wrong-length': {
    probe: async (u) => {
      const d = await pushBlob(u, 'f/r', 'twelve bytes');
      return (await http(u, `/v2/f/r/blobs/${d}`, { method: 'HEAD' })).headers.get('content-length') === '12';
    },
  },
  'blob-range-ignored': {
    probe: async (u) => {
      const d = await pushBlob(u, 'f/r', '0123456789');
      const r = await http(u, `/v2/f/r/blobs/${d}`, { headers: { Range: 'bytes=2-4' } });
      return r.status === 206 && r.text === '234';
    },
  },
  'blob-large-truncated': {
    opts: { largeBlobBytes: 16 },
    probe: async (u) => {
      const { data, got } = await largeGet(u);
      return got !== undefined && got.equals(data);
    },
  },
  'blob-large-range-wrong': {
    opts: { largeBlobBytes: 16 },
    probe: async (u) => {
      const { data, got } = await largeGet(u, { headers: { Range: 'bytes=60-69' } });
      return got !== undefined && got.equals(data.subarray(60, 70));
    },
  },
  'upload-drop-counts-declared': {
    opts: { largeBlobBytes: 16 },
    probe: async (u) => {
      const loc = await session(u, 'f/large');
      await droppedPatch(u, loc, 100, 30);
      return (await settledRange(u, loc)) === '0-29';
    },
  },
  'digest-header-missing': {
    probe: async (u) => {
      const img = await pushImage(u, 'f/r', 't');
      const rs = [
        await http(u, `/v2/f/r/blobs/${img.layer}`), await http(u, `/v2/f/r/blobs/${img.layer}`, { method: 'HEAD' }),
        await http(u, '/v2/f/r/manifests/t'), await http(u, '/v2/f/r/manifests/t', { method: 'HEAD' }),
      ];
      return rs.every((r) => r.headers.get('docker-content-digest') !== null);
    },
  },
  'server-error-malformed-digest': {
    probe: async (u) => {
      await pushBlob(u, 'f/r', 'x');
      return (await http(u, '/v2/f/r/blobs/sha256:xyz')).status < 500;
    },
  },
  'connection-drop-unregistered-digest': {
    probe: async (u) => {
      await pushBlob(u, 'f/r', 'x');
      return http(u, '/v2/f/r/blobs/sha256+b64u:abc', { method: 'HEAD' }).then(
        (r) => r.status === 404,
        () => false,
      );
    },
  },
  'error-code-range-invalid': {
    probe: async (u) => {
      const d = await pushBlob(u, 'f/r', '0123456789');
      const r = await http(u, `/v2/f/r/blobs/${d}`, { headers: { Range: 'bytes=50-60' } });
      return r.status === 416 && !r.text.includes('RANGE_INVALID');
    },
  },
  'content-length-overstated-404': {
    probe: async (u) =>
      http(u, `/v2/f/none/blobs/${randomDigest()}`).then(
        (r) => r.status === 404 && r.text.startsWith('{') && JSON.parse(r.text).errors.length === 1,
        () => false,
      ),
  },
  'ping-json-not-json': {
    probe: async (u) => {
      const r = await http(u, '/v2/');
      try {
        JSON.parse(r.text);
        return true;
      } catch {
        return false;
      }
    },
  },
  'digest-header-wrong-large-manifest': {
    probe: async (u) => {
      const img = await prepareImage(u, 'f/r', { annotations: { big: 'x'.repeat(70 * 1024) } });
      await putManifest(u, 'f/r', 'big', img.bytes);
      const m = await http(u, '/v2/f/r/manifests/big');
      return m.status === 200 && m.headers.get('docker-content-digest') === sha256(m.body);
    },
  },
  'upload-digest-unregistered-accepted': {
    probe: async (u) => {
      const loc = await session(u);
      const r = await http(u, withDigest(loc, 'md5:0123456789abcdef'), { method: 'PUT', body: 'x', headers: { 'Content-Type': 'application/octet-stream' } });
      return r.status === 400;
    },
  },
  'mount-malformed-accepted': {
    probe: async (u) => {
      await pushBlob(u, 'f/r', 'x');
      const bad = await http(u, '/v2/f/r2/blobs/uploads/?mount=sha256:xyz&from=f/r', { method: 'POST' });
      const badFrom = await http(u, `/v2/f/r2/blobs/uploads/?mount=${randomDigest()}&from=F/R`, { method: 'POST' });
      return bad.status !== 201 && badFrom.status !== 201;
    },
  },
  'tag-overlong-accepted': {
    probe: async (u) => {
      const img = await prepareImage(u, 'f/r');
      return (await putManifest(u, 'f/r', 'a'.repeat(129), img.bytes)).status === 400;
    },
  },
  'tags-n-invalid-500': {
    probe: async (u) => {
      await pushImage(u, 'f/r', 't');
      return (await http(u, '/v2/f/r/tags/list?n=-1')).status === 400;
    },
  },
  'upload-unknown-session-accepted': {
    probe: async (u) => (await http(u, '/v2/f/r/blobs/uploads/00000000-no-such-session')).status === 404,
  },
  'ext-discover-bad-endpoint': {
    probe: async (u) => (await http(u, '/v2/_oci/ext/discover')).json().extensions[0].endpoints[0] === '_oci/ext/discover',
  },
  'tags-mounted-repository-404': {
    probe: async (u) => {
      const img = await pushImage(u, 'f/src', 'x');
      for (const d of [img.config, img.layer]) expect((await http(u, `/v2/f/dst/blobs/uploads/?mount=${d}&from=f/src`, { method: 'POST' })).status).toBe(201);
      await putManifest(u, 'f/dst', 'y', img.bytes);
      return (await http(u, '/v2/f/dst/tags/list')).status === 200;
    },
  },
  'upload-status-latest-only': {
    probe: async (u) => {
      const loc = await session(u);
      const p = await patch(u, loc, Buffer.from('abc'), '0-2');
      return p.status === 202 && (await http(u, loc)).status === 204;
    },
  },
  'digest-header-wrong': {
    probe: async (u) => {
      const img = await pushImage(u, 'f/r', 't');
      const b = await http(u, `/v2/f/r/blobs/${img.layer}`);
      const m = await http(u, '/v2/f/r/manifests/t');
      return b.headers.get('docker-content-digest') === sha256(b.body) && m.headers.get('docker-content-digest') === sha256(m.body);
    },
  },
  'digest-uppercase-accepted': {
    probe: async (u) => {
      const d = await pushBlob(u, 'f/r', 'case');
      return (await http(u, `/v2/f/r/blobs/sha256:${d.slice(7).toUpperCase()}`)).status === 400;
    },
  },
  'name-uppercase-accepted': {
    probe: async (u) => {
      const d = await pushBlob(u, 'f/r', 'case');
      return (await http(u, `/v2/F/R/blobs/${d}`)).status >= 400;
    },
  },
  'tag-long-rejected': {
    probe: async (u) => {
      const img = await prepareImage(u, 'f/r');
      return (await putManifest(u, 'f/r', 'x'.repeat(100), img.bytes)).status === 201;
    },
  },
  'sha512-unsupported': {
    probe: async (u) => {
      const loc = await session(u);
      return (await http(u, withDigest(loc, sha512('z')), { method: 'PUT', body: 'z' })).status === 201;
    },
  },
  'manifest-missing-not-404': {
    probe: async (u) => {
      await pushImage(u, 'f/r', 't');
      return (await http(u, '/v2/f/r/manifests/nope')).status === 404 && (await http(u, `/v2/f/r/manifests/${randomDigest()}`, { method: 'HEAD' })).status === 404;
    },
  },
  'repo-missing-not-404': {
    probe: async (u) => (await http(u, '/v2/no/repo/manifests/latest')).status === 404 && (await http(u, '/v2/no/repo/tags/list')).status === 404,
  },
  'manifest-rewrite': {
    probe: async (u) => {
      const img = await pushImage(u, 'f/r', 't');
      const r = await http(u, `/v2/f/r/manifests/${img.digest}`);
      return r.text === img.bytes && sha256(r.body) === img.digest;
    },
  },
  'manifest-content-type-param': {
    probe: async (u) => {
      await pushImage(u, 'f/r', 't');
      return !(await http(u, '/v2/f/r/manifests/t')).headers.get('content-type')!.includes(';');
    },
  },
  'manifest-content-type-generic': {
    probe: async (u) => {
      await pushImage(u, 'f/r', 't');
      return (await http(u, '/v2/f/r/manifests/t')).headers.get('content-type')?.split(';')[0] === OCI_MANIFEST;
    },
  },
  'manifest-head-content-type': {
    probe: async (u) => {
      await pushImage(u, 'f/r', 't');
      const g = await http(u, '/v2/f/r/manifests/t');
      const h = await http(u, '/v2/f/r/manifests/t', { method: 'HEAD' });
      return g.headers.get('content-type') === h.headers.get('content-type');
    },
  },
  'manifest-tag-resolves-child': {
    probe: async (u) => {
      const img = await pushImage(u, 'f/r', 'child');
      const index = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_MANIFEST, digest: img.digest, size: Buffer.byteLength(img.bytes) }] });
      expect((await putManifest(u, 'f/r', 'idx', index, OCI_INDEX)).status).toBe(201);
      const r = await http(u, '/v2/f/r/manifests/idx', { headers: { Accept: `${OCI_MANIFEST}, ${OCI_INDEX}` } });
      return r.text === index && r.headers.get('docker-content-digest') === sha256(index);
    },
  },
  'error-code-lowercase': {
    probe: async (u) => /^[A-Z_]+$/.test((await errorOf(u, '/v2/no/repo/tags/list')).body?.errors?.[0]?.code ?? ''),
  },
  'error-code-unknown': {
    probe: async (u) => SPEC_CODES.includes((await errorOf(u, '/v2/no/repo/tags/list')).body?.errors?.[0]?.code),
  },
  'error-body-not-errors': {
    probe: async (u) => {
      const e = await errorOf(u, '/v2/no/repo/tags/list');
      return Array.isArray(e.body?.errors) && typeof e.body.errors[0].code === 'string';
    },
  },
  'error-code-mismatch': {
    probe: async (u) => {
      await pushImage(u, 'f/r', 't');
      const b = await errorOf(u, `/v2/f/r/blobs/${randomDigest()}`);
      const m = await errorOf(u, '/v2/f/r/manifests/nope');
      return b.body.errors[0].code === 'BLOB_UNKNOWN' && m.body.errors[0].code === 'MANIFEST_UNKNOWN';
    },
  },
  'warning-bad-format': {
    probe: async (u) => {
      const w = (await http(u, '/v2/')).headers.get('warning');
      return w === null || /^299 - "(?:[^"\\]|\\.)*"(?:, 299 - "(?:[^"\\]|\\.)*")*$/.test(w);
    },
  },
  'warning-too-long': {
    probe: async (u) => {
      const w = (await http(u, '/v2/')).headers.get('warning');
      return w === null || Buffer.byteLength(w) <= 4096;
    },
  },
  'upload-post-not-202': { probe: async (u) => (await post(u)).status === 202 },
  'upload-post-no-location': { probe: async (u) => (await post(u)).headers.get('location') !== null },
  'upload-location-not-unique': {
    probe: async (u) => {
      const a = await session(u);
      const b = await session(u);
      if (a === b) return false;
      const pa = await http(u, withDigest(a, sha256('a')), { method: 'PUT', body: 'a' });
      const pb = await http(u, withDigest(b, sha256('b')), { method: 'PUT', body: 'b' });
      return pa.status === 201 && pb.status === 201;
    },
  },
  'upload-put-no-verify': {
    probe: async (u) => {
      const loc = await session(u);
      const r = await http(u, withDigest(loc, sha256('claimed')), { method: 'PUT', body: 'actual' });
      const single = await http(u, `/v2/f/r/blobs/uploads/?digest=${sha256('claimed')}`, { method: 'POST', body: 'actual' });
      return r.status === 400 && single.status === 400 && (await http(u, `/v2/f/r/blobs/${sha256('claimed')}`)).status === 404;
    },
  },
  'upload-put-not-201': {
    probe: async (u) => (await http(u, withDigest(await session(u), sha256('x')), { method: 'PUT', body: 'x' })).status === 201,
  },
  'upload-put-no-location': {
    probe: async (u) => (await http(u, withDigest(await session(u), sha256('x')), { method: 'PUT', body: 'x' })).headers.get('location') !== null,
  },
  'upload-put-needs-no-digest': {
    probe: async (u) => {
      const s = (await http(u, await session(u), { method: 'PUT', body: 'x' })).status;
      return s >= 400 && s < 500;
    },
  },
  'upload-cancel-ignored': {
    probe: async (u) => {
      const loc = await session(u);
      expect((await http(u, loc, { method: 'DELETE' })).status).toBe(204);
      return (await http(u, loc)).status === 404;
    },
  },
  'upload-session-reusable': {
    probe: async (u) => {
      const loc = await session(u);
      expect((await http(u, withDigest(loc, sha256('x')), { method: 'PUT', body: 'x' })).status).toBe(201);
      const g = await http(u, loc);
      const p = await patch(u, loc, Buffer.from('y'));
      return g.status === 404 && p.status === 404;
    },
  },
  'single-post-refused': {
    probe: async (u) => {
      const s = (await http(u, `/v2/f/r/blobs/uploads/?digest=${sha256('x')}`, { method: 'POST', body: 'x' })).status;
      return s === 201 || s === 202;
    },
  },
  'single-post-location-wrong': {
    probe: async (u) => {
      const r = await http(u, `/v2/f/r/blobs/uploads/?digest=${sha256('x')}`, { method: 'POST', body: 'x' });
      if (r.status !== 201) return true;
      return (await http(u, r.headers.get('location')!)).text === 'x';
    },
  },
  'patch-no-range': {
    probe: async (u) => /^0-\d+$/.test((await patch(u, await session(u), Buffer.alloc(10), '0-9')).headers.get('range') ?? ''),
  },
  'patch-range-per-chunk': {
    probe: async (u) => {
      const loc = await session(u);
      await patch(u, loc, Buffer.alloc(10), '0-9');
      return (await patch(u, loc, Buffer.alloc(10), '10-19')).headers.get('range') === '0-19';
    },
  },
  'patch-out-of-order-accepted': {
    probe: async (u) => {
      const loc = await session(u);
      await patch(u, loc, Buffer.alloc(10), '0-9');
      return (await patch(u, loc, Buffer.alloc(10), '20-29')).status === 416;
    },
  },
  'patch-416-resets-session': {
    probe: async (u) => {
      const loc = await session(u);
      await patch(u, loc, Buffer.alloc(10), '0-9');
      await patch(u, loc, Buffer.alloc(10), '20-29');
      return (await http(u, loc)).headers.get('range') === '0-9';
    },
  },
  'upload-status-not-204': { probe: async (u) => (await http(u, await session(u))).status === 204 },
  'upload-status-no-range': { probe: async (u) => (await http(u, await session(u))).headers.get('range') !== null },
  'chunk-min-unadvertised': {
    probe: async (u) => {
      const p = await post(u);
      const advertised = p.headers.get('oci-chunk-min-length') !== null;
      const loc = p.headers.get('location')!;
      await patch(u, loc, Buffer.alloc(10), '0-9');
      const rejected = (await patch(u, loc, Buffer.alloc(10), '10-19')).status >= 400;
      return !rejected || advertised;
    },
  },
  'chunk-min-malformed': {
    probe: async (u) => {
      const p = await post(u);
      const advertised = p.headers.get('oci-chunk-min-length');
      const loc = p.headers.get('location')!;
      await patch(u, loc, Buffer.alloc(10), '0-9');
      const rejected = (await patch(u, loc, Buffer.alloc(10), '10-19')).status >= 400;
      return !rejected || /^[0-9]+$/.test(advertised ?? '');
    },
  },
  'upload-put-final-chunk-dropped': {
    probe: async (u) => {
      const loc = (await patch(u, await session(u), Buffer.from('ab'), '0-1')).headers.get('location')!;
      const put = await http(u, withDigest(loc, sha256('abcd')), { method: 'PUT', body: 'cd', headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': '2-3' } });
      return put.status === 201 && (await http(u, `/v2/f/r/blobs/${sha256('abcd')}`)).text === 'abcd';
    },
  },
  'streamed-patch-broken': { probe: async (u) => (await patch(u, await session(u), Buffer.alloc(10))).status === 202 },
  'mount-claims-unknown': {
    probe: async (u) => {
      await pushBlob(u, 'f/src', 'x');
      const a = await http(u, `/v2/f/r/blobs/uploads/?mount=${randomDigest()}&from=f/src`, { method: 'POST' });
      const b = await http(u, `/v2/f/r/blobs/uploads/?mount=${randomDigest()}`, { method: 'POST' });
      return a.status !== 201 && b.status !== 201;
    },
  },
  'mount-no-fallback': {
    probe: async (u) => {
      await pushBlob(u, 'f/src', 'x');
      const r = await http(u, `/v2/f/r/blobs/uploads/?mount=${randomDigest()}&from=f/src`, { method: 'POST' });
      return r.status === 202 && r.headers.get('location') !== null;
    },
  },
  'mount-not-linked': {
    probe: async (u) => {
      const d = await pushBlob(u, 'f/src', 'x');
      const r = await http(u, `/v2/f/r/blobs/uploads/?mount=${d}&from=f/src`, { method: 'POST' });
      return r.status === 201 && (await http(u, r.headers.get('location')!)).text === 'x';
    },
  },
  'mount-digest-header-wrong': {
    probe: async (u) => {
      const d = await pushBlob(u, 'f/src', 'x');
      const r = await http(u, `/v2/f/r/blobs/uploads/?mount=${d}&from=f/src`, { method: 'POST' });
      return r.status === 201 && r.headers.get('docker-content-digest') === d;
    },
  },
  'manifest-put-no-verify': {
    probe: async (u) => {
      const img = await prepareImage(u, 'f/r');
      return (await putManifest(u, 'f/r', randomDigest(), img.bytes)).status === 400;
    },
  },
  'manifest-put-not-201': {
    probe: async (u) => (await putManifest(u, 'f/r', 't', (await prepareImage(u, 'f/r')).bytes)).status === 201,
  },
  'manifest-put-no-location': {
    probe: async (u) => {
      const r = await putManifest(u, 'f/r', 't', (await prepareImage(u, 'f/r')).bytes);
      const loc = r.headers.get('location');
      return loc !== null && (await http(u, loc)).status === 200;
    },
  },
  'manifest-put-digest-header-wrong': {
    probe: async (u) => {
      const img = await prepareImage(u, 'f/r');
      return (await putManifest(u, 'f/r', 't', img.bytes)).headers.get('docker-content-digest') === img.digest;
    },
  },
  'manifest-put-by-digest-tags': {
    probe: async (u) => {
      const img = await prepareImage(u, 'f/r');
      expect((await putManifest(u, 'f/r', img.digest, img.bytes)).status).toBe(201);
      return (await http(u, '/v2/f/r/tags/list')).json().tags.length === 0;
    },
  },
  'manifest-put-content-type-param-rejected': {
    probe: async (u) => (await putManifest(u, 'f/r', 't', (await prepareImage(u, 'f/r')).bytes, `${OCI_MANIFEST}; charset=utf-8`)).status === 201,
  },
  'manifest-too-large-400': {
    opts: { maxManifestBytes: 600 },
    probe: async (u) => (await putManifest(u, 'f/r', 't', (await prepareImage(u, 'f/r', { annotations: { pad: 'x'.repeat(1000) } })).bytes)).status === 413,
  },
  'manifest-tag-immutable': {
    probe: async (u) => {
      await pushImage(u, 'f/r', 't');
      const m2 = await pushImage(u, 'f/r', 't');
      return (await http(u, '/v2/f/r/manifests/t')).headers.get('docker-content-digest') === m2.digest;
    },
  },
  'manifest-index-rejected': {
    probe: async (u) => {
      const img = await pushImage(u, 'f/r', 'child');
      const index = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_MANIFEST, digest: img.digest, size: Buffer.byteLength(img.bytes) }] });
      return (await putManifest(u, 'f/r', 'idx', index, OCI_INDEX)).status === 201;
    },
  },
  'manifest-blob-unknown-wrong-code': {
    probe: async (u) => {
      const img = JSON.parse((await prepareImage(u, 'f/r')).bytes);
      img.layers.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: randomDigest(), size: 1 });
      const r = await putManifest(u, 'f/r', 't', JSON.stringify(img));
      return r.status !== 201 && r.json().errors.some((e: any) => e.code === 'MANIFEST_BLOB_UNKNOWN');
    },
  },
  'manifest-unknown-artifacttype-rejected': {
    probe: async (u) => (await putManifest(u, 'f/r', 't', (await prepareImage(u, 'f/r', { artifactType: 'application/x.custom' })).bytes)).status === 201,
  },
  'subject-required': {
    probe: async (u) => {
      await pushEmpty(u, 'f/r');
      return (await putManifest(u, 'f/r', 'sig', artifact({ digest: randomDigest(), size: 5 }, { artifactType: 'application/x.a' }))).status === 201;
    },
  },
  'subject-header-missing': {
    probe: async (u) => {
      await pushEmpty(u, 'f/r');
      const s = randomDigest();
      return (await putManifest(u, 'f/r', 'sig', artifact({ digest: s, size: 5 }))).headers.get('oci-subject') === s;
    },
  },
  'subject-header-wrong': {
    probe: async (u) => {
      await pushEmpty(u, 'f/r');
      const s = randomDigest();
      return (await putManifest(u, 'f/r', 'sig', artifact({ digest: s, size: 5 }))).headers.get('oci-subject') === s;
    },
  },
  'tags-unsorted': {
    probe: async (u) => {
      await threeTags(u);
      return JSON.stringify((await http(u, '/v2/f/tags/tags/list')).json().tags) === '["a","b","c"]';
    },
  },
  'tags-n-ignored': {
    probe: async (u) => {
      await threeTags(u);
      return (await http(u, '/v2/f/tags/tags/list?n=2')).json().tags.length === 2;
    },
  },
  'tags-last-inclusive': {
    probe: async (u) => {
      await threeTags(u);
      return JSON.stringify((await http(u, '/v2/f/tags/tags/list?last=a')).json().tags) === '["b","c"]';
    },
  },
  'tags-link-on-n0': {
    probe: async (u) => {
      await threeTags(u);
      return (await http(u, '/v2/f/tags/tags/list?n=0')).headers.get('link') === null;
    },
  },
  'tags-n0-not-empty': {
    probe: async (u) => {
      await threeTags(u);
      return (await http(u, '/v2/f/tags/tags/list?n=0')).json().tags.length === 0;
    },
  },
  'tags-truncated-no-link': {
    probe: async (u) => {
      await threeTags(u);
      return nextLink((await http(u, '/v2/f/tags/tags/list?n=2')).headers) !== undefined;
    },
  },
  'tags-link-malformed': {
    probe: async (u) => {
      await threeTags(u);
      const next = nextLink((await http(u, '/v2/f/tags/tags/list?n=2')).headers);
      return next !== undefined && JSON.stringify((await http(u, next)).json().tags) === '["c"]';
    },
  },
  'tags-name-wrong': {
    probe: async (u) => {
      await threeTags(u);
      return (await http(u, '/v2/f/tags/tags/list')).json().name === 'f/tags';
    },
  },
  'tags-null-when-empty': {
    probe: async (u) => {
      const img = await prepareImage(u, 'f/r');
      await putManifest(u, 'f/r', img.digest, img.bytes);
      return Array.isArray((await http(u, '/v2/f/r/tags/list')).json().tags);
    },
  },
  'tags-stale-after-delete': {
    probe: async (u) => {
      await threeTags(u);
      expect((await http(u, '/v2/f/tags/manifests/a', { method: 'DELETE' })).status).toBe(202);
      return JSON.stringify((await http(u, '/v2/f/tags/tags/list')).json().tags) === '["b","c"]';
    },
  },
  'referrers-not-found': {
    probe: async (u) => {
      await pushImage(u, 'f/ref', 't');
      return (await http(u, `/v2/f/ref/referrers/${randomDigest()}`)).status === 200;
    },
  },
  'referrers-unknown-subject-404': {
    probe: async (u) => {
      await pushImage(u, 'f/ref', 't');
      const r = await listReferrers(u, 'f/ref', randomDigest());
      return r.status === 200 && Array.isArray(r.body.manifests) && r.items.length === 0;
    },
  },
  'referrers-bad-digest-200': {
    probe: async (u) => {
      await pushImage(u, 'f/ref', 't');
      return (await http(u, '/v2/f/ref/referrers/sha256:xyz')).status === 400;
    },
  },
  'referrers-not-index': {
    probe: async (u) => {
      const { subject } = await referrers(u);
      const r = await listReferrers(u, 'f/ref', subject);
      return r.body.schemaVersion === 2 && r.body.mediaType === OCI_INDEX && Array.isArray(r.body.manifests) && r.items.length === 3;
    },
  },
  'referrers-wrong-content-type': {
    probe: async (u) => {
      const { subject } = await referrers(u);
      return (await listReferrers(u, 'f/ref', subject)).headers.get('content-type') === OCI_INDEX;
    },
  },
  'referrers-wrong-subject': {
    probe: async (u) => {
      const { subject } = await referrers(u);
      expect((await putManifest(u, 'f/ref', 'decoy', artifact({ digest: randomDigest(), size: 1 }, { artifactType: 'application/x.a' }))).status).toBe(201);
      return (await listReferrers(u, 'f/ref', subject)).items.length === 3;
    },
  },
  'referrers-artifacttype-missing': {
    probe: async (u) => {
      const { subject, refs } = await referrers(u);
      const items = (await listReferrers(u, 'f/ref', subject)).items;
      const by = (k: string) => items.find((d) => d.digest === sha256(refs[k]!));
      return by('a')?.artifactType === 'application/x.a' && by('cfg')?.artifactType === 'application/x.cfg+json';
    },
  },
  'referrers-index-artifacttype-invented': {
    probe: async (u) => {
      const img = await pushImage(u, 'f/ref', 's');
      const idx = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [], subject: { mediaType: OCI_MANIFEST, digest: img.digest, size: Buffer.byteLength(img.bytes) } });
      expect((await putManifest(u, 'f/ref', 'idx', idx, OCI_INDEX)).status).toBe(201);
      const items = (await listReferrers(u, 'f/ref', img.digest)).items;
      return items.length === 1 && !('artifactType' in items[0]);
    },
  },
  'referrers-annotations-dropped': {
    probe: async (u) => {
      const { subject, refs } = await referrers(u);
      const d = (await listReferrers(u, 'f/ref', subject)).items.find((x) => x.digest === sha256(refs['a']!));
      return d?.annotations?.k === 'v';
    },
  },
  'referrers-size-wrong': {
    probe: async (u) => {
      const { subject, refs } = await referrers(u);
      const items = (await listReferrers(u, 'f/ref', subject)).items;
      return items.every((d) => Object.values(refs).some((b) => sha256(b) === d.digest && Buffer.byteLength(b) === d.size));
    },
  },
  'referrers-no-pagination-link': {
    opts: { referrersPageSize: 2 },
    probe: async (u) => {
      const { subject } = await referrers(u);
      const seen: string[] = [];
      let next: string | undefined = `/v2/f/ref/referrers/${subject}`;
      while (next) {
        const r = await http(u, next);
        seen.push(...r.json().manifests.map((d: any) => d.digest));
        next = nextLink(r.headers);
      }
      return new Set(seen).size === 3;
    },
  },
  'referrers-filter-no-header': {
    probe: async (u) => {
      const { subject } = await referrers(u);
      const all = (await listReferrers(u, 'f/ref', subject)).items;
      const f = await listReferrers(u, 'f/ref', subject, '?artifactType=application/x.a');
      if (f.headers.get('oci-filters-applied') === 'artifactType') return f.items.every((d) => d.artifactType === 'application/x.a') && f.items.length === 1;
      return f.items.length === all.length;
    },
  },
  'referrers-filter-header-unfiltered': {
    probe: async (u) => {
      const { subject } = await referrers(u);
      const all = (await listReferrers(u, 'f/ref', subject)).items;
      const f = await listReferrers(u, 'f/ref', subject, '?artifactType=application/x.a');
      if (f.headers.get('oci-filters-applied') === 'artifactType') return f.items.every((d) => d.artifactType === 'application/x.a') && f.items.length === 1;
      return f.items.length === all.length;
    },
  },
  'referrers-not-acceptable': {
    probe: async (u) => {
      const img = await pushImage(u, 'f/ref', 't');
      return (await http(u, `/v2/f/ref/referrers/${img.digest}`)).status === 200;
    },
  },
  'referrers-orphans-dropped': {
    probe: async (u) => {
      await pushEmpty(u, 'f/ref');
      const img = await prepareImage(u, 'f/ref');
      const ref = artifact({ digest: sha256(img.bytes), size: Buffer.byteLength(img.bytes) }, { artifactType: 'application/x.a' });
      expect((await putManifest(u, 'f/ref', 'ref', ref)).status).toBe(201);
      expect((await putManifest(u, 'f/ref', 'subject', img.bytes)).status).toBe(201);
      return (await listReferrers(u, 'f/ref', sha256(img.bytes))).items.some((d) => d.digest === sha256(ref));
    },
  },
  'referrers-stale-after-delete': {
    probe: async (u) => {
      const { subject, refs } = await referrers(u);
      expect((await http(u, `/v2/f/ref/manifests/${sha256(refs['a']!)}`, { method: 'DELETE' })).status).toBe(202);
      return (await listReferrers(u, 'f/ref', subject)).items.length === 2;
    },
  },
  'delete-manifest-200': {
    probe: async (u) => {
      const img = await pushImage(u, 'f/r', 't');
      await putManifest(u, 'f/r', 't2', img.bytes);
      const a = await http(u, '/v2/f/r/manifests/t2', { method: 'DELETE' });
      const b = await http(u, `/v2/f/r/manifests/${img.digest}`, { method: 'DELETE' });
      return a.status === 202 && b.status === 202;
    },
  },
  'delete-blob-200': {
    probe: async (u) => (await http(u, `/v2/f/r/blobs/${await pushBlob(u, 'f/r', 'x')}`, { method: 'DELETE' })).status === 202,
  },
  'delete-manifest-keeps-content': {
    probe: async (u) => {
      const img = await pushImage(u, 'f/r', 't');
      await http(u, `/v2/f/r/manifests/${img.digest}`, { method: 'DELETE' });
      return (await http(u, `/v2/f/r/manifests/${img.digest}`)).status === 404 && (await http(u, '/v2/f/r/manifests/t')).status === 404;
    },
  },
  'delete-tag-keeps-tag': {
    probe: async (u) => {
      await pushImage(u, 'f/r', 't');
      await http(u, '/v2/f/r/manifests/t', { method: 'DELETE' });
      return (await http(u, '/v2/f/r/manifests/t')).status === 404;
    },
  },
  'delete-tag-refused-403': {
    probe: async (u) => {
      await pushImage(u, 'f/r', 't');
      return (await http(u, '/v2/f/r/manifests/t', { method: 'DELETE' })).status === 202;
    },
  },
  'delete-tag-deletes-manifest': {
    probe: async (u) => {
      const img = await pushImage(u, 'f/r', 't');
      await http(u, '/v2/f/r/manifests/t', { method: 'DELETE' });
      return (await http(u, `/v2/f/r/manifests/${img.digest}`)).status === 200;
    },
  },
  'delete-blob-keeps-content': {
    probe: async (u) => {
      const d = await pushBlob(u, 'f/r', 'x');
      await http(u, `/v2/f/r/blobs/${d}`, { method: 'DELETE' });
      return (await http(u, `/v2/f/r/blobs/${d}`)).status === 404;
    },
  },
  'delete-unknown-202': {
    probe: async (u) => {
      await pushImage(u, 'f/r', 't');
      const m = await http(u, `/v2/f/r/manifests/${randomDigest()}`, { method: 'DELETE' });
      const b = await http(u, `/v2/f/r/blobs/${randomDigest()}`, { method: 'DELETE' });
      return m.status === 404 && b.status === 404;
    },
  },
  'delete-disabled-403': {
    opts: { deletes: false },
    probe: async (u) => {
      const img = await pushImage(u, 'f/r', 't');
      const r = await errorOf(u, `/v2/f/r/manifests/${img.digest}`, 'DELETE');
      return (r.status === 400 || r.status === 405) && r.body.errors[0].code === 'UNSUPPORTED';
    },
  },
  'ext-discover-not-found': { probe: async (u) => (await discover(u)).every((d) => d.status === 200) },
  'ext-discover-missing-endpoints': {
    probe: async (u) => (await discover(u)).every((d) => d.body.extensions.every((e: any) => Array.isArray(e.endpoints))),
  },
  'ext-discover-wrong-content-type': { probe: async (u) => (await discover(u)).every((d) => d.ct === 'application/json') },
  'ext-discover-bad-name': {
    probe: async (u) => (await discover(u)).every((d) => d.body.extensions.every((e: any) => /^_[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(e.name))),
  },
  'ext-discover-duplicate-names': {
    probe: async (u) =>
      (await discover(u)).every((d) => new Set(d.body.extensions.map((e: any) => e.name)).size === d.body.extensions.length),
  },

  'blob-head-unsupported': {
    probe: async (u) => (await http(u, `/v2/f/r/blobs/${await pushBlob(u, 'f/r', 'x')}`, { method: 'HEAD' })).status === 200,
  },
  'manifest-head-unsupported': {
    probe: async (u) => {
      const img = await pushImage(u, 'f/r', 't');
      return (await http(u, '/v2/f/r/manifests/t', { method: 'HEAD' })).status === 200 && (await http(u, `/v2/f/r/manifests/${img.digest}`, { method: 'HEAD' })).status === 200;
    },
  },
  'digest-unregistered-rejected': {
    probe: async (u) => {
      await pushBlob(u, 'f/r', 'x');
      return (await http(u, '/v2/f/r/blobs/sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564', { method: 'HEAD' })).status === 404;
    },
  },
  'tag-schema-rejected': {
    probe: async (u) => {
      const img = await pushImage(u, 'f/r', 's');
      const idx = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] });
      return (await putManifest(u, 'f/r', `sha256-${img.digest.slice(7)}`, idx, OCI_INDEX)).status === 201;
    },
  },
  'error-message-not-string': {
    probe: async (u) => typeof (await errorOf(u, '/v2/no/repo/tags/list')).body?.errors?.[0]?.message === 'string',
  },
  'error-unauthorized-code-wrong': {
    opts: { auth: { mode: 'basic', username: 'u', password: 'p' } },
    probe: async (u) => {
      const e = await errorOf(u, '/v2/');
      return e.status === 401 && e.body.errors[0].code === 'UNAUTHORIZED';
    },
  },
  'manifest-put-malformed-digest-accepted': {
    probe: async (u) => (await putManifest(u, 'f/r', 'sha256:baddigeststring', (await prepareImage(u, 'f/r')).bytes)).status === 400,
  },
  'manifest-limit-small': {
    probe: async (u) => {
      const img = await prepareImage(u, 'f/r', { annotations: { pad: '' } }, false);
      const obj = JSON.parse(img.bytes);
      obj.annotations.pad = 'x'.repeat(4_000_000 - img.bytes.length);
      return (await putManifest(u, 'f/r', 'big', JSON.stringify(obj))).status === 201;
    },
  },
  'manifest-repush-rejected': {
    probe: async (u) => {
      const img = await prepareImage(u, 'f/r');
      return (await putManifest(u, 'f/r', 't', img.bytes)).status === 201 && (await putManifest(u, 'f/r', 't', img.bytes)).status === 201;
    },
  },
  'manifest-docker-types-rejected': {
    probe: async (u) => {
      const obj = JSON.parse((await prepareImage(u, 'f/r')).bytes);
      obj.mediaType = 'application/vnd.docker.distribution.manifest.v2+json';
      obj.config.mediaType = 'application/vnd.docker.container.image.v1+json';
      obj.layers[0].mediaType = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
      const r = await putManifest(u, 'f/r', 'docker', JSON.stringify(obj), obj.mediaType);
      return r.status === 201 && (await http(u, '/v2/f/r/manifests/docker')).headers.get('content-type') === obj.mediaType;
    },
  },
  'manifest-unknown-config-rejected': {
    probe: async (u) => {
      const obj = JSON.parse((await prepareImage(u, 'f/r')).bytes);
      obj.config.mediaType = 'application/x.unknown.config+json';
      return (await putManifest(u, 'f/r', 't', JSON.stringify(obj))).status === 201;
    },
  },
  'manifest-unknown-layer-rejected': {
    probe: async (u) => {
      const obj = JSON.parse((await prepareImage(u, 'f/r')).bytes);
      obj.layers[0].mediaType = 'application/x.weird-layer';
      return (await putManifest(u, 'f/r', 't', JSON.stringify(obj))).status === 201;
    },
  },
  'manifest-zstd-rejected': {
    probe: async (u) => {
      const obj = JSON.parse((await prepareImage(u, 'f/r')).bytes);
      obj.layers[0].mediaType = 'application/vnd.oci.image.layer.v1.tar+zstd';
      return (await putManifest(u, 'f/r', 't', JSON.stringify(obj))).status === 201;
    },
  },
  'manifest-unknown-annotations-rejected': {
    probe: async (u) => (await putManifest(u, 'f/r', 't', (await prepareImage(u, 'f/r', { annotations: { 'com.example.key': 'v' } })).bytes)).status === 201,
  },
  'manifest-empty-index-rejected': {
    probe: async (u) => (await putManifest(u, 'f/r', 'e', JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }), OCI_INDEX)).status === 201,
  },
  'index-duplicate-platform-rejected': {
    probe: async (u) => {
      const img = await pushImage(u, 'f/r', 'm');
      const entry = { mediaType: OCI_MANIFEST, digest: img.digest, size: Buffer.byteLength(img.bytes), platform: { architecture: 'amd64', os: 'linux' } };
      const idx = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [entry, entry] });
      return (await putManifest(u, 'f/r', 'i', idx, OCI_INDEX)).status === 201;
    },
  },
  'manifest-data-populated': {
    probe: async (u) => {
      const img = await pushImage(u, 'f/r', 't');
      const r = await http(u, `/v2/f/r/manifests/${img.digest}`);
      return r.text === img.bytes && !('data' in JSON.parse(r.text).config);
    },
  },
  'index-unknown-child-type-rejected': {
    probe: async (u) => {
      const d = await pushBlob(u, 'f/r', 'custom');
      const idx = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: 'application/x.custom', digest: d, size: 6 }] });
      return (await putManifest(u, 'f/r', 'i', idx, OCI_INDEX)).status === 201;
    },
  },
  'tags-list-not-found': {
    probe: async (u) => {
      await threeTags(u);
      return (await http(u, '/v2/f/tags/tags/list')).status === 200;
    },
  },
  'referrers-skip-indexes': {
    probe: async (u) => {
      const img = await pushImage(u, 'f/ref', 's');
      const idx = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [], artifactType: 'application/x.idx', subject: { mediaType: OCI_MANIFEST, digest: img.digest, size: Buffer.byteLength(img.bytes) } });
      expect((await putManifest(u, 'f/ref', 'idx', idx, OCI_INDEX)).status).toBe(201);
      return (await listReferrers(u, 'f/ref', img.digest)).items.some((d) => d.digest === sha256(idx));
    },
  },
  'referrers-index-subject-ignored': {
    probe: async (u) => {
      const img = await pushImage(u, 'f/ref', 's');
      const subj = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_MANIFEST, digest: img.digest, size: Buffer.byteLength(img.bytes) }] });
      expect((await putManifest(u, 'f/ref', 'subject-index', subj, OCI_INDEX)).status).toBe(201);
      await pushEmpty(u, 'f/ref');
      const ref = artifact({ digest: sha256(subj), size: Buffer.byteLength(subj), mediaType: OCI_INDEX }, { artifactType: 'application/x.a' });
      expect((await putManifest(u, 'f/ref', 'ref', ref)).status).toBe(201);
      return (await listReferrers(u, 'f/ref', sha256(subj))).items.length === 1;
    },
  },

  'digest-malformed-200': {
    probe: async (u) => {
      await pushBlob(u, 'f/r', 'x');
      const g = await http(u, '/v2/f/r/blobs/sha256:xyz');
      const h = await http(u, '/v2/f/r/blobs/sha256', { method: 'HEAD' });
      return [400, 404].includes(g.status) && [400, 404].includes(h.status);
    },
  },
  'manifest-size-unlimited': {
    opts: { maxManifestBytes: 2000 },
    probe: async (u) => (await putManifest(u, 'f/r', 't', (await prepareImage(u, 'f/r', { annotations: { pad: 'x'.repeat(3000) } })).bytes)).status === 413,
  },
  'manifest-unknown-fields-rejected': {
    probe: async (u) => (await putManifest(u, 'f/r', 't', (await prepareImage(u, 'f/r', { 'x-vendor-extra': { a: 1 } })).bytes)).status === 201,
  },
  'manifest-nondistributable-rejected': {
    probe: async (u) => {
      const obj = JSON.parse((await prepareImage(u, 'f/r')).bytes);
      obj.layers.push({ mediaType: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip', digest: randomDigest(), size: 10 });
      return (await putManifest(u, 'f/r', 't', JSON.stringify(obj))).status === 201;
    },
  },
  'tags-first-page-skips': {
    probe: async (u) => {
      await threeTags(u);
      return (await http(u, '/v2/f/tags/tags/list?n=1')).json().tags[0] === 'a';
    },
  },
  'referrers-filter-ignored': {
    probe: async (u) => {
      const { subject } = await referrers(u);
      const f = await listReferrers(u, 'f/ref', subject, '?artifactType=application/x.b');
      return f.headers.get('oci-filters-applied') === 'artifactType' && f.items.length === 1 && f.items[0].artifactType === 'application/x.b';
    },
  },
  'ext-discover-repo-not-found': {
    probe: async (u) => (await http(u, '/v2/f/r/_oci/ext/discover')).status === 200 && (await http(u, '/v2/_oci/ext/discover')).status === 200,
  },
};

describe('fault table', () => {
  it('every fault has a description, requirement IDs and a probe here', () => {
    expect(Object.keys(CASES).sort()).toEqual([...FAULT_NAMES].sort());
    for (const name of FAULT_NAMES) {
      expect(FAULTS[name].description.length, name).toBeGreaterThan(10);
      expect(FAULTS[name].breaks.length > 0 || FAULTS[name].allowed === true, name).toBe(true);
      for (const id of FAULTS[name].breaks) expect(id, name).toMatch(/^[A-Z]+-\d{3}$/);
    }
  });
});

describe.each(FAULT_NAMES.map((n) => [n]))('fault %s', (name) => {
  it(`holds on a clean registry and breaks with the fault (${FAULTS[name].breaks.join(', ')})`, async () => {
    const c = CASES[name];
    const clean = await startReferenceRegistry(c.opts);
    try {
      expect(await c.probe(clean.url), 'clean registry').toBe(true);
    } finally {
      await clean.close();
    }
    const faulty = await startReferenceRegistry({ ...c.opts, faults: [name] });
    try {
      expect(await c.probe(faulty.url), 'with fault').toBe(false);
    } finally {
      await faulty.close();
    }
  });
});
