/** Happy paths and strict error handling of the reference registry, black-box over HTTP. */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRegistry, startReferenceRegistry } from '../../src/refreg/index.js';
import {
  EMPTY_JSON, OCI_INDEX, OCI_MANIFEST, artifact, http, nextLink, prepareImage, pushBlob, pushEmpty, pushImage,
  putManifest, randomDigest, sha256, sha512,
} from './helpers.js';

let reg: RunningRegistry;
let base: string;

beforeAll(async () => {
  reg = await startReferenceRegistry();
  base = reg.url;
});
afterAll(async () => {
  await reg.close();
});

function errorCode(r: { json: () => any }): string {
  return r.json().errors[0].code;
}

describe('base', () => {
  it('binds 127.0.0.1 and answers GET /v2/ with 200', async () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await http(base, '/v2/');
    expect(r.status).toBe(200);
    expect(r.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
  });

  it('answers unknown routes with 404 and a spec-shaped JSON error', async () => {
    const r = await http(base, '/v2/foo/nothing-here');
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(r.json()).toEqual({ errors: [expect.objectContaining({ code: 'UNSUPPORTED', message: expect.any(String) })] });
    expect((await http(base, '/other')).status).toBe(404);
  });

  it('never answers garbage with 5xx', async () => {
    const paths = [
      '/v2/%zz/blobs/sha256:abc', '/v2/a/manifests/%E0%A4%A', '/v2//blobs/x', '/v2/A/tags/list', '/v2/a/blobs/uploads/%',
      '/v2/a/referrers/', '/v2/a/manifests/..', '/v2/a/tags/list?n=-1', '/v2/a/tags/list?n=99999999999999999999',
      '/v2/a/blobs/uploads/?mount=nope&from=B', '/v2/____/manifests/latest',
    ];
    for (const p of paths) {
      for (const method of ['GET', 'PUT', 'POST', 'PATCH', 'DELETE']) {
        const r = await http(base, p, { method, ...(method === 'GET' || method === 'DELETE' ? {} : { body: 'junk' }) });
        expect(r.status, `${method} ${p}`).toBeGreaterThanOrEqual(400);
        expect(r.status, `${method} ${p}`).toBeLessThan(500);
      }
    }
  });

  it('keeps a body declared larger than the large-blob threshold out of memory, and what arrived of it when it breaks off', async () => {
    const loc = (await http(base, '/v2/cap/body/blobs/uploads/', { method: 'POST' })).headers.get('location')!;
    await new Promise<void>((resolve) => {
      const u = new URL(base + loc);
      const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'PATCH', headers: { 'Content-Length': String(65 * 1024 * 1024) } });
      req.on('error', () => resolve());
      // Only 1 KiB of the declared 65 MiB is sent, then the connection goes away.
      req.write(Buffer.alloc(1024), () => setTimeout(() => (req.destroy(), resolve()), 100));
    });
    let range: string | null = null;
    for (let i = 0; i < 40 && range !== '0-1023'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      range = (await http(base, loc)).headers.get('range');
    }
    expect(range).toBe('0-1023');
  });

  it('answers malformed HTTP with 400 and keeps serving', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const u = new URL(base);
      const sock = connect(Number(u.port), u.hostname, () => sock.write('GARBAGE \x00\x01 nonsense\r\n\r\n'));
      let data = '';
      sock.on('data', (d) => (data += d.toString()));
      sock.on('end', () => resolve(data));
      sock.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await http(base, '/v2/')).status).toBe(200);
  });

  it('serves extension discovery at registry and repository level', async () => {
    for (const p of ['/v2/_oci/ext/discover', '/v2/some/repo/_oci/ext/discover']) {
      const r = await http(base, p);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/json');
      const ext = r.json().extensions;
      expect(ext).toHaveLength(1);
      expect(ext[0]).toMatchObject({ name: '_oci', url: expect.any(String), endpoints: ['_oci/ext/discover'] });
    }
  });
});

describe('names and digests', () => {
  it('rejects invalid names, digests and references with 400 and fitting codes', async () => {
    const d = await pushBlob(base, 'names/ok', 'x');
    const cases: Array<[string, string]> = [
      ['/v2/Upper/blobs/' + d, 'NAME_INVALID'],
      ['/v2/a--/manifests/latest', 'NAME_INVALID'],
      ['/v2/a___b/manifests/latest', 'NAME_INVALID'],
      ['/v2/names/ok/blobs/sha256:xyz', 'DIGEST_INVALID'],
      ['/v2/names/ok/blobs/' + d.toUpperCase(), 'DIGEST_INVALID'],
      ['/v2/names/ok/blobs/sha256:' + d.slice(7).toUpperCase(), 'DIGEST_INVALID'],
      ['/v2/names/ok/blobs/sha256', 'DIGEST_INVALID'],
      ['/v2/names/ok/manifests/-bad', 'MANIFEST_INVALID'],
      ['/v2/names/ok/manifests/' + 'a'.repeat(129), 'MANIFEST_INVALID'],
      ['/v2/names/ok/manifests/sha256:zz', 'DIGEST_INVALID'],
    ];
    for (const [p, code] of cases) {
      const r = await http(base, p);
      expect(r.status, p).toBe(400);
      expect(errorCode(r), p).toBe(code);
    }
  });

  it('accepts multi-component names with __ and -- separators', async () => {
    const name = 'a/b__c/d--e/f.g';
    const d = await pushBlob(base, name, 'multi');
    expect((await http(base, `/v2/${name}/blobs/${d}`)).text).toBe('multi');
  });

  it('treats a well-formed digest of an unregistered algorithm as unknown (404), not invalid', async () => {
    await pushBlob(base, 'names/ok', 'y');
    const r = await http(base, '/v2/names/ok/blobs/sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564', { method: 'GET' });
    expect(r.status).toBe(404);
    expect(errorCode(r)).toBe('BLOB_UNKNOWN');
  });
});

describe('blob pulls', () => {
  let digest: string;
  const data = randomBytes(2048);
  beforeAll(async () => {
    digest = await pushBlob(base, 'pull/blob', data);
  });

  it('GET returns the bytes with digest, length and type headers', async () => {
    const r = await http(base, `/v2/pull/blob/blobs/${digest}`);
    expect(r.status).toBe(200);
    expect(r.body.equals(data)).toBe(true);
    expect(r.headers.get('docker-content-digest')).toBe(digest);
    expect(r.headers.get('content-length')).toBe('2048');
    expect(r.headers.get('content-type')).toBe('application/octet-stream');
    expect(r.headers.get('accept-ranges')).toBe('bytes');
  });

  it('HEAD has the same headers and no body', async () => {
    const r = await http(base, `/v2/pull/blob/blobs/${digest}`, { method: 'HEAD' });
    expect(r.status).toBe(200);
    expect(r.body.length).toBe(0);
    expect(r.headers.get('content-length')).toBe('2048');
    expect(r.headers.get('docker-content-digest')).toBe(digest);
  });

  it('honours Range: explicit, open, suffix, clamped and unsatisfiable', async () => {
    const get = (range: string) => http(base, `/v2/pull/blob/blobs/${digest}`, { headers: { Range: range } });
    let r = await get('bytes=500-1499');
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe('bytes 500-1499/2048');
    expect(r.body.equals(data.subarray(500, 1500))).toBe(true);
    r = await get('bytes=500-');
    expect(r.headers.get('content-range')).toBe('bytes 500-2047/2048');
    expect(r.body.length).toBe(1548);
    r = await get('bytes=-500');
    expect(r.headers.get('content-range')).toBe('bytes 1548-2047/2048');
    expect(r.body.equals(data.subarray(1548))).toBe(true);
    r = await get('bytes=2000-5000');
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe('bytes 2000-2047/2048');
    r = await get('bytes=5000-10000');
    expect(r.status).toBe(416);
    expect(r.headers.get('content-range')).toBe('bytes */2048');
    r = await get('bytes=500-0');
    expect(r.status).toBe(416);
    r = await get('items=1-2');
    expect(r.status).toBe(200);
  });

  it('unknown blob is 404 BLOB_UNKNOWN, unknown repository 404 NAME_UNKNOWN, for GET and HEAD', async () => {
    const r = await http(base, `/v2/pull/blob/blobs/${randomDigest()}`);
    expect(r.status).toBe(404);
    expect(errorCode(r)).toBe('BLOB_UNKNOWN');
    expect((await http(base, `/v2/pull/blob/blobs/${randomDigest()}`, { method: 'HEAD' })).status).toBe(404);
    const n = await http(base, `/v2/no/such/repo/blobs/${digest}`);
    expect(n.status).toBe(404);
    expect(errorCode(n)).toBe('NAME_UNKNOWN');
  });

  it('a blob pushed to one repository is not readable from another', async () => {
    await pushBlob(base, 'pull/other', 'other');
    expect((await http(base, `/v2/pull/other/blobs/${digest}`)).status).toBe(404);
  });
});

describe('monolithic and single-POST uploads', () => {
  it('POST opens a session with 202, relative Location and Docker-Upload-UUID, no chunk minimum by default', async () => {
    const r = await http(base, '/v2/up/mono/blobs/uploads/', { method: 'POST' });
    expect(r.status).toBe(202);
    expect(r.headers.get('location')).toMatch(/^\/v2\/up\/mono\/blobs\/uploads\/[0-9a-f-]{36}$/);
    expect(r.headers.get('docker-upload-uuid')).toBeTruthy();
    expect(r.headers.get('oci-chunk-min-length')).toBeNull();
    const r2 = await http(base, '/v2/up/mono/blobs/uploads/', { method: 'POST' });
    expect(r2.headers.get('location')).not.toBe(r.headers.get('location'));
  });

  it('closing PUT verifies the digest and answers 201 with a pullable Location', async () => {
    const data = Buffer.from('hello world');
    const post = await http(base, '/v2/up/mono/blobs/uploads/', { method: 'POST' });
    const loc = post.headers.get('location')!;
    const put = await http(base, `${loc}?digest=${sha256(data)}`, { method: 'PUT', body: data });
    expect(put.status).toBe(201);
    expect(put.headers.get('docker-content-digest')).toBe(sha256(data));
    const got = await http(base, put.headers.get('location')!);
    expect(got.text).toBe('hello world');
    // The finished session is gone.
    for (const method of ['GET', 'PATCH', 'PUT']) {
      const again = await http(base, `${loc}?digest=${sha256(data)}`, { method, ...(method === 'GET' ? {} : { body: 'x' }) });
      expect(again.status, method).toBe(404);
      expect(errorCode(again)).toBe('BLOB_UPLOAD_UNKNOWN');
    }
  });

  it('wrong or missing digest on PUT is 400 DIGEST_INVALID, ends the session and stores nothing', async () => {
    for (const q of [`?digest=${sha256('other')}`, '', '?digest=sha256:nothex']) {
      const post = await http(base, '/v2/up/mono/blobs/uploads/', { method: 'POST' });
      const loc = post.headers.get('location')!;
      const put = await http(base, loc + q, { method: 'PUT', body: 'payload' });
      expect(put.status, q).toBe(400);
      expect(errorCode(put)).toBe('DIGEST_INVALID');
      expect((await http(base, loc)).status).toBe(404);
    }
    expect((await http(base, `/v2/up/mono/blobs/${sha256('other')}`)).status).toBe(404);
    expect((await http(base, `/v2/up/mono/blobs/${sha256('payload')}`)).status).toBe(404);
  });

  it('supports empty blobs and sha512', async () => {
    const empty = await pushBlob(base, 'up/mono', Buffer.alloc(0));
    expect(empty).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const r = await http(base, `/v2/up/mono/blobs/${empty}`);
    expect(r.status).toBe(200);
    expect(r.body.length).toBe(0);
    const data = Buffer.from('{}');
    const post = await http(base, '/v2/up/mono/blobs/uploads/', { method: 'POST' });
    const put = await http(base, `${post.headers.get('location')}?digest=${sha512(data)}`, { method: 'PUT', body: data });
    expect(put.status).toBe(201);
    const got = await http(base, `/v2/up/mono/blobs/${sha512(data)}`);
    expect(got.text).toBe('{}');
    expect(got.headers.get('docker-content-digest')).toBe(sha512(data));
  });

  it('single POST with ?digest= stores the blob (201) and refuses a mismatch (400)', async () => {
    const data = randomBytes(300);
    const r = await http(base, `/v2/up/single/blobs/uploads/?digest=${sha256(data)}`, { method: 'POST', body: data });
    expect(r.status).toBe(201);
    expect(r.headers.get('location')).toBe(`/v2/up/single/blobs/${sha256(data)}`);
    expect((await http(base, r.headers.get('location')!)).body.equals(data)).toBe(true);
    const bad = await http(base, `/v2/up/single/blobs/uploads/?digest=${sha256('nope')}`, { method: 'POST', body: data });
    expect(bad.status).toBe(400);
    expect(errorCode(bad)).toBe('DIGEST_INVALID');
    expect((await http(base, `/v2/up/single/blobs/${sha256('nope')}`)).status).toBe(404);
  });

  it('DELETE on a session cancels it', async () => {
    const post = await http(base, '/v2/up/mono/blobs/uploads/', { method: 'POST' });
    const loc = post.headers.get('location')!;
    expect((await http(base, loc, { method: 'DELETE' })).status).toBe(204);
    expect((await http(base, loc)).status).toBe(404);
  });

  it('a session cannot be used through another repository', async () => {
    const post = await http(base, '/v2/up/mono/blobs/uploads/', { method: 'POST' });
    const id = post.headers.get('location')!.split('/').pop();
    expect((await http(base, `/v2/up/elsewhere/blobs/uploads/${id}`)).status).toBe(404);
  });
});

describe('chunked uploads', () => {
  const data = randomBytes(250);

  it('PATCH chunks report the cumulative Range; out-of-order chunks are 416 and leave the session intact', async () => {
    const post = await http(base, '/v2/up/chunk/blobs/uploads/', { method: 'POST' });
    expect(post.headers.get('range')).toBeNull();
    let loc = post.headers.get('location')!;
    let st = await http(base, loc);
    expect(st.status).toBe(204);
    expect(st.headers.get('range')).toBe('0-0');

    const patch = (range: string | undefined, body: Buffer) =>
      http(base, loc, { method: 'PATCH', body, headers: { 'Content-Type': 'application/octet-stream', ...(range ? { 'Content-Range': range } : {}) } });
    let r = await patch('0-99', data.subarray(0, 100));
    expect(r.status).toBe(202);
    expect(r.headers.get('range')).toBe('0-99');
    loc = r.headers.get('location')!;

    for (const bad of ['150-199', '0-99', '50-149']) {
      const [a, b] = bad.split('-').map(Number) as [number, number];
      const rr = await patch(bad, data.subarray(a, b + 1));
      expect(rr.status, bad).toBe(416);
      expect(rr.headers.get('range')).toBe('0-99');
    }
    for (const malformed of ['bytes=100-199', '100-', '199-100', 'abc']) {
      const rr = await patch(malformed, data.subarray(100, 200));
      expect(rr.status, malformed).toBe(400);
      expect(errorCode(rr)).toBe('BLOB_UPLOAD_INVALID');
    }
    const short = await patch('100-199', data.subarray(100, 150));
    expect(short.status).toBe(400);
    expect(errorCode(short)).toBe('SIZE_INVALID');

    st = await http(base, loc);
    expect(st.status).toBe(204);
    expect(st.headers.get('range')).toBe('0-99');
    expect(st.headers.get('location')).toBe(loc);

    r = await patch('100-199', data.subarray(100, 200));
    expect(r.headers.get('range')).toBe('0-199');
    // Last chunk in the closing PUT.
    const put = await http(base, `${loc}?digest=${sha256(data)}`, {
      method: 'PUT', body: data.subarray(200), headers: { 'Content-Range': '200-249', 'Content-Type': 'application/octet-stream' },
    });
    expect(put.status).toBe(201);
    expect((await http(base, put.headers.get('location')!)).body.equals(data)).toBe(true);
    expect((await http(base, loc)).status).toBe(404);
  });

  it('closing with the digest of the last chunk only is 400 DIGEST_INVALID', async () => {
    const post = await http(base, '/v2/up/chunk/blobs/uploads/', { method: 'POST' });
    const loc = post.headers.get('location')!;
    await http(base, loc, { method: 'PATCH', body: data.subarray(0, 100), headers: { 'Content-Range': '0-99' } });
    const put = await http(base, `${loc}?digest=${sha256(data.subarray(100))}`, { method: 'PUT', body: data.subarray(100), headers: { 'Content-Range': '100-249' } });
    expect(put.status).toBe(400);
    expect(errorCode(put)).toBe('DIGEST_INVALID');
  });

  it('a streamed PATCH without Content-Range appends', async () => {
    const post = await http(base, '/v2/up/chunk/blobs/uploads/', { method: 'POST' });
    const loc = post.headers.get('location')!;
    const r1 = await http(base, loc, { method: 'PATCH', body: data.subarray(0, 120) });
    expect(r1.status).toBe(202);
    const r2 = await http(base, loc, { method: 'PATCH', body: data.subarray(120) });
    expect(r2.headers.get('range')).toBe('0-249');
    const put = await http(base, `${loc}?digest=${sha256(data)}`, { method: 'PUT' });
    expect(put.status).toBe(201);
  });

  it('with chunkMinLength the POST advertises it and a short chunk must be the last', async () => {
    const r = await startReferenceRegistry({ chunkMinLength: 100 });
    try {
      const post = await http(r.url, '/v2/min/blobs/uploads/', { method: 'POST' });
      expect(post.headers.get('oci-chunk-min-length')).toBe('100');
      const loc = post.headers.get('location')!;
      expect((await http(r.url, loc, { method: 'PATCH', body: data.subarray(0, 100), headers: { 'Content-Range': '0-99' } })).status).toBe(202);
      expect((await http(r.url, loc, { method: 'PATCH', body: data.subarray(100, 150), headers: { 'Content-Range': '100-149' } })).status).toBe(202);
      const more = await http(r.url, loc, { method: 'PATCH', body: data.subarray(150), headers: { 'Content-Range': '150-249' } });
      expect(more.status).toBe(416);
      expect(errorCode(more)).toBe('BLOB_UPLOAD_INVALID');
      const put = await http(r.url, `${loc}?digest=${sha256(data.subarray(0, 150))}`, { method: 'PUT' });
      expect(put.status).toBe(201);
    } finally {
      await r.close();
    }
  });
});

describe('mounts', () => {
  it('mounts from another repository (201), anonymously (201), and falls back to a session for unknown blobs (202)', async () => {
    const d = await pushBlob(base, 'mount/src', 'mount me');
    const m = await http(base, `/v2/mount/dst/blobs/uploads/?mount=${d}&from=mount/src`, { method: 'POST' });
    expect(m.status).toBe(201);
    expect(m.headers.get('location')).toBe(`/v2/mount/dst/blobs/${d}`);
    expect((await http(base, `/v2/mount/dst/blobs/${d}`)).text).toBe('mount me');

    const anon = await http(base, `/v2/mount/anon/blobs/uploads/?mount=${d}`, { method: 'POST' });
    expect(anon.status).toBe(201);
    expect((await http(base, `/v2/mount/anon/blobs/${d}`)).status).toBe(200);

    const unknown = randomDigest();
    for (const q of [`?mount=${unknown}&from=mount/src`, `?mount=${unknown}`, `?mount=${d}&from=mount/none`]) {
      const r = await http(base, `/v2/mount/dst2/blobs/uploads/${q}`, { method: 'POST' });
      expect(r.status, q).toBe(202);
      const loc = r.headers.get('location')!;
      expect(loc).toMatch(/\/blobs\/uploads\//);
      const put = await http(base, `${loc}?digest=${sha256('fallback')}`, { method: 'PUT', body: 'fallback' });
      expect(put.status).toBe(201);
    }
  });
});

describe('manifests', () => {
  it('push by tag, pull by tag and digest byte for byte with exact headers', async () => {
    const img = await prepareImage(base, 'man/a');
    const put = await putManifest(base, 'man/a', 'v1', img.bytes);
    expect(put.status).toBe(201);
    expect(put.headers.get('location')).toBe(`/v2/man/a/manifests/${img.digest}`);
    expect(put.headers.get('docker-content-digest')).toBe(img.digest);
    expect(put.headers.get('oci-subject')).toBeNull();
    for (const ref of ['v1', img.digest]) {
      const r = await http(base, `/v2/man/a/manifests/${ref}`, { headers: { Accept: OCI_MANIFEST } });
      expect(r.status).toBe(200);
      expect(r.text).toBe(img.bytes);
      expect(r.headers.get('content-type')).toBe(OCI_MANIFEST);
      expect(r.headers.get('docker-content-digest')).toBe(img.digest);
      expect(r.headers.get('content-length')).toBe(String(Buffer.byteLength(img.bytes)));
      const h = await http(base, `/v2/man/a/manifests/${ref}`, { method: 'HEAD' });
      expect(h.status).toBe(200);
      expect(h.body.length).toBe(0);
      expect(h.headers.get('content-type')).toBe(OCI_MANIFEST);
      expect(h.headers.get('content-length')).toBe(String(Buffer.byteLength(img.bytes)));
      expect(h.headers.get('docker-content-digest')).toBe(img.digest);
    }
  });

  it('push by digest works and is not listed as a tag', async () => {
    const img = await prepareImage(base, 'man/bydigest');
    const put = await putManifest(base, 'man/bydigest', img.digest, img.bytes);
    expect(put.status).toBe(201);
    const tags = await http(base, '/v2/man/bydigest/tags/list');
    expect(tags.json()).toEqual({ name: 'man/bydigest', tags: [] });
  });

  it('PUT by a digest the body does not hash to is 400 DIGEST_INVALID', async () => {
    const img = await prepareImage(base, 'man/a');
    const r = await putManifest(base, 'man/a', randomDigest(), img.bytes);
    expect(r.status).toBe(400);
    expect(errorCode(r)).toBe('DIGEST_INVALID');
  });

  it('sha512 manifest references work', async () => {
    const img = await prepareImage(base, 'man/sha512');
    const d = sha512(img.bytes);
    const put = await putManifest(base, 'man/sha512', d, img.bytes);
    expect(put.status).toBe(201);
    expect(put.headers.get('docker-content-digest')).toBe(d);
    const r = await http(base, `/v2/man/sha512/manifests/${d}`);
    expect(r.text).toBe(img.bytes);
  });

  it('validates Content-Type against mediaType, ignoring parameters', async () => {
    const img = await prepareImage(base, 'man/ct');
    const bad = await putManifest(base, 'man/ct', 'x', img.bytes, OCI_INDEX);
    expect(bad.status).toBe(400);
    expect(errorCode(bad)).toBe('MANIFEST_INVALID');
    const ok = await putManifest(base, 'man/ct', 'x', img.bytes, `${OCI_MANIFEST}; charset=utf-8`);
    expect(ok.status).toBe(201);
    expect((await http(base, '/v2/man/ct/manifests/x')).headers.get('content-type')).toBe(OCI_MANIFEST);
  });

  it('refuses invalid JSON, wrong schemaVersion and malformed descriptors with MANIFEST_INVALID', async () => {
    const img = await prepareImage(base, 'man/bad');
    const obj = JSON.parse(img.bytes);
    const bodies = ['{not json', JSON.stringify({ ...obj, schemaVersion: 1 }), JSON.stringify({ ...obj, config: { mediaType: 'x/y' } }), JSON.stringify({ ...obj, layers: 'no' }), '[]'];
    for (const b of bodies) {
      const r = await putManifest(base, 'man/bad', 't', b);
      expect(r.status, b).toBe(400);
      expect(errorCode(r)).toBe('MANIFEST_INVALID');
    }
  });

  it('refuses missing config/layers/children with MANIFEST_BLOB_UNKNOWN, except non-distributable layers', async () => {
    const img = await prepareImage(base, 'man/refs');
    const obj = JSON.parse(img.bytes);
    const missingLayer = { ...obj, layers: [...obj.layers, { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: randomDigest(), size: 3 }] };
    let r = await putManifest(base, 'man/refs', 't', JSON.stringify(missingLayer));
    expect(r.status).toBe(400);
    expect(errorCode(r)).toBe('MANIFEST_BLOB_UNKNOWN');
    const nondist = { ...obj, layers: [...obj.layers, { mediaType: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip', digest: randomDigest(), size: 3 }] };
    r = await putManifest(base, 'man/refs', 't', JSON.stringify(nondist));
    expect(r.status).toBe(201);
    const index = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_MANIFEST, digest: randomDigest(), size: 10 }] };
    r = await putManifest(base, 'man/refs', 'idx', JSON.stringify(index), OCI_INDEX);
    expect(r.status).toBe(400);
    expect(errorCode(r)).toBe('MANIFEST_BLOB_UNKNOWN');
  });

  it('stores indexes (and nested indexes) whose children exist; a tag resolves to the index itself', async () => {
    const a = await pushImage(base, 'man/idx', 'a');
    const b = await pushImage(base, 'man/idx', 'b');
    const index = JSON.stringify({
      schemaVersion: 2, mediaType: OCI_INDEX,
      manifests: [a, b].map((m) => ({ mediaType: OCI_MANIFEST, digest: m.digest, size: Buffer.byteLength(m.bytes) })),
    });
    expect((await putManifest(base, 'man/idx', 'multi', index, OCI_INDEX)).status).toBe(201);
    const outer = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_INDEX, digest: sha256(index), size: Buffer.byteLength(index) }] });
    expect((await putManifest(base, 'man/idx', 'nested', outer, OCI_INDEX)).status).toBe(201);
    const r = await http(base, '/v2/man/idx/manifests/multi', { headers: { Accept: `${OCI_MANIFEST}, ${OCI_INDEX}` } });
    expect(r.text).toBe(index);
    expect(r.headers.get('content-type')).toBe(OCI_INDEX);
    expect((await putManifest(base, 'man/idx', 'empty', JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }), OCI_INDEX)).status).toBe(201);
  });

  it('accepts a subject that does not exist and echoes OCI-Subject', async () => {
    await pushEmpty(base, 'man/subj');
    const subject = { digest: randomDigest(), size: 123 };
    const r = await putManifest(base, 'man/subj', 'sig', artifact(subject, { artifactType: 'application/x.sig' }));
    expect(r.status).toBe(201);
    expect(r.headers.get('oci-subject')).toBe(subject.digest);
  });

  it('tags are mutable and many tags can point at one manifest', async () => {
    const m1 = await pushImage(base, 'man/tags', 'latest');
    const m2 = await pushImage(base, 'man/tags', 'latest');
    expect((await http(base, '/v2/man/tags/manifests/latest')).text).toBe(m2.bytes);
    expect((await http(base, `/v2/man/tags/manifests/${m1.digest}`)).text).toBe(m1.bytes);
    for (const t of ['t1', 't2', 'T3_x.y-z']) expect((await putManifest(base, 'man/tags', t, m1.bytes)).status).toBe(201);
    for (const t of ['t1', 't2', 'T3_x.y-z']) expect((await http(base, `/v2/man/tags/manifests/${t}`)).headers.get('docker-content-digest')).toBe(m1.digest);
    const tag128 = 'a'.repeat(128);
    expect((await putManifest(base, 'man/tags', tag128, m1.bytes)).status).toBe(201);
    expect((await putManifest(base, 'man/tags', 'a'.repeat(129), m1.bytes)).status).toBe(400);
  });

  it('unknown manifest is 404 MANIFEST_UNKNOWN; unknown repository 404 NAME_UNKNOWN', async () => {
    await pushImage(base, 'man/unknown', 'x');
    for (const ref of ['nope', randomDigest()]) {
      const r = await http(base, `/v2/man/unknown/manifests/${ref}`);
      expect(r.status).toBe(404);
      expect(errorCode(r)).toBe('MANIFEST_UNKNOWN');
      expect((await http(base, `/v2/man/unknown/manifests/${ref}`, { method: 'HEAD' })).status).toBe(404);
    }
    const r = await http(base, '/v2/man/never/pushed/manifests/latest');
    expect(r.status).toBe(404);
    expect(errorCode(r)).toBe('NAME_UNKNOWN');
  });

  it('refuses manifests above maxManifestBytes with 413', async () => {
    const r = await startReferenceRegistry({ maxManifestBytes: 1000 });
    try {
      const img = await prepareImage(r.url, 'big', { annotations: { pad: 'x'.repeat(2000) } });
      const put = await putManifest(r.url, 'big', 't', img.bytes);
      expect(put.status).toBe(413);
      expect(errorCode(put)).toBe('MANIFEST_INVALID');
      const small = await prepareImage(r.url, 'big', {}, false);
      expect((await putManifest(r.url, 'big', 't', small.bytes)).status).toBe(201);
    } finally {
      await r.close();
    }
  });

  it('accepts a 4,000,000-byte manifest by default', async () => {
    const img = await prepareImage(base, 'man/large', { annotations: { pad: '' } }, false);
    const obj = JSON.parse(img.bytes);
    obj.annotations.pad = 'x'.repeat(4_000_000 - img.bytes.length);
    const bytes = JSON.stringify(obj);
    expect(bytes.length).toBe(4_000_000);
    expect((await putManifest(base, 'man/large', 'big', bytes)).status).toBe(201);
  });
});

describe('tag listing', () => {
  const tags = ['b10', 'A', 'a', '_x', 'b2', '1.0', 'b1', '1.0-rc'];
  const sorted = [...tags].sort();
  beforeAll(async () => {
    const img = await pushImage(base, 'tags/repo', tags[0]!);
    for (const t of tags.slice(1)) await putManifest(base, 'tags/repo', t, img.bytes);
  });

  it('lists all tags in byte order', async () => {
    const r = await http(base, '/v2/tags/repo/tags/list');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(r.json()).toEqual({ name: 'tags/repo', tags: sorted });
    expect(r.headers.get('link')).toBeNull();
  });

  it('paginates with n, exclusive last and Link rel="next"', async () => {
    const seen: string[] = [];
    let path: string | undefined = '/v2/tags/repo/tags/list?n=3';
    let pages = 0;
    while (path) {
      const r = await http(base, path);
      const page: string[] = r.json().tags;
      expect(page.length).toBe(Math.min(3, sorted.length - seen.length));
      seen.push(...page);
      path = nextLink(r.headers);
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(sorted);
    const r = await http(base, `/v2/tags/repo/tags/list?n=2&last=${encodeURIComponent(sorted[2]!)}`);
    expect(r.json().tags).toEqual(sorted.slice(3, 5));
    const lastOnly = await http(base, `/v2/tags/repo/tags/list?last=${sorted[5]}`);
    expect(lastOnly.json().tags).toEqual(sorted.slice(6));
    const unknownLast = await http(base, '/v2/tags/repo/tags/list?last=b15');
    expect(unknownLast.json().tags).toEqual(['b2']);
  });

  it('n=0 gives an empty list without Link; bad n is 400; n above the count gives everything', async () => {
    const z = await http(base, '/v2/tags/repo/tags/list?n=0');
    expect(z.json().tags).toEqual([]);
    expect(z.headers.get('link')).toBeNull();
    for (const n of ['-1', 'abc', '1.5', '']) expect((await http(base, `/v2/tags/repo/tags/list?n=${n}`)).status, n).toBe(400);
    const all = await http(base, '/v2/tags/repo/tags/list?n=10000');
    expect(all.json().tags).toEqual(sorted);
    expect(all.headers.get('link')).toBeNull();
  });

  it('applies the server page size when n is absent, with a Link to the rest', async () => {
    const r = await startReferenceRegistry({ tagsPageSize: 5 });
    try {
      const img = await pushImage(r.url, 'cap', tags[0]!);
      for (const t of tags.slice(1)) await putManifest(r.url, 'cap', t, img.bytes);
      const first = await http(r.url, '/v2/cap/tags/list');
      expect(first.json().tags).toEqual(sorted.slice(0, 5));
      const next = nextLink(first.headers)!;
      expect(next).toBe(`/v2/cap/tags/list?n=5&last=${encodeURIComponent(sorted[4]!)}`);
      expect((await http(r.url, next)).json().tags).toEqual(sorted.slice(5));
    } finally {
      await r.close();
    }
  });

  it('unknown repository is 404 NAME_UNKNOWN', async () => {
    const r = await http(base, '/v2/tags/none/tags/list');
    expect(r.status).toBe(404);
    expect(errorCode(r)).toBe('NAME_UNKNOWN');
  });
});

describe('referrers', () => {
  let reg2: RunningRegistry;
  let subject: { digest: string; size: number };
  const pushed: Record<string, string> = {};
  beforeAll(async () => {
    reg2 = await startReferenceRegistry({ referrersPageSize: 2 });
    const img = await pushImage(reg2.url, 'ref/repo', 'subject');
    subject = { digest: img.digest, size: Buffer.byteLength(img.bytes) };
    await pushEmpty(reg2.url, 'ref/repo');
    const sig = artifact(subject, { artifactType: 'application/x.sig', annotations: { 'org.example.k': 'v', empty: '' } });
    const sbom = artifact(subject, { artifactType: 'application/x.sbom' });
    const noType = artifact(subject, { configMediaType: 'application/x.config+json' });
    const idx = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [], subject: { mediaType: OCI_MANIFEST, ...subject } });
    const decoy = artifact({ digest: randomDigest(), size: 1 }, { artifactType: 'application/x.sig' });
    for (const [k, b, mt] of [['sig', sig, OCI_MANIFEST], ['sbom', sbom, OCI_MANIFEST], ['noType', noType, OCI_MANIFEST], ['idx', idx, OCI_INDEX], ['decoy', decoy, OCI_MANIFEST]] as const) {
      const put = await putManifest(reg2.url, 'ref/repo', sha256(b), b, mt);
      expect(put.status, k).toBe(201);
      pushed[k] = b;
    }
    // Same subject in another repository must not be listed.
    await pushEmpty(reg2.url, 'ref/other');
    expect((await putManifest(reg2.url, 'ref/other', 'x', artifact(subject, { artifactType: 'application/x.sig' }))).status).toBe(201);
  });
  afterAll(async () => {
    await reg2.close();
  });

  async function all(path: string): Promise<{ items: any[]; pages: number; headers: Headers[] }> {
    const items: any[] = [];
    const headers: Headers[] = [];
    let next: string | undefined = path;
    let pages = 0;
    while (next) {
      const r = await http(reg2.url, next);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe(OCI_INDEX);
      const body = r.json();
      expect(body).toMatchObject({ schemaVersion: 2, mediaType: OCI_INDEX });
      items.push(...body.manifests);
      headers.push(r.headers);
      next = nextLink(r.headers);
      pages++;
    }
    return { items, pages, headers };
  }

  it('lists exactly the referrers of the subject in this repository, paginated, with correct descriptors', async () => {
    const { items, pages } = await all(`/v2/ref/repo/referrers/${subject.digest}`);
    expect(pages).toBe(2);
    expect(items).toHaveLength(4);
    const byDigest = new Map(items.map((d) => [d.digest, d]));
    expect(byDigest.get(sha256(pushed['sig']!))).toEqual({
      mediaType: OCI_MANIFEST, digest: sha256(pushed['sig']!), size: Buffer.byteLength(pushed['sig']!),
      artifactType: 'application/x.sig', annotations: { 'org.example.k': 'v', empty: '' },
    });
    expect(byDigest.get(sha256(pushed['noType']!)).artifactType).toBe('application/x.config+json');
    const idx = byDigest.get(sha256(pushed['idx']!));
    expect(idx.mediaType).toBe(OCI_INDEX);
    expect(idx).not.toHaveProperty('artifactType');
    expect(byDigest.has(sha256(pushed['decoy']!))).toBe(false);
  });

  it('filters by artifactType and says so', async () => {
    const { items, headers } = await all(`/v2/ref/repo/referrers/${subject.digest}?artifactType=application/x.sig`);
    expect(items.map((d) => d.digest)).toEqual([sha256(pushed['sig']!)]);
    expect(headers[0]!.get('oci-filters-applied')).toBe('artifactType');
  });

  it('unknown subject gives an empty index; malformed digest is 400', async () => {
    const r = await http(reg2.url, `/v2/ref/repo/referrers/${randomDigest()}`);
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] });
    for (const bad of ['sha256:xyz', 'notadigest', subject.digest.toUpperCase()]) {
      const b = await http(reg2.url, `/v2/ref/repo/referrers/${bad}`);
      expect(b.status, bad).toBe(400);
    }
  });

  it('deleting a referrer removes it from the list', async () => {
    const d = sha256(pushed['sbom']!);
    expect((await http(reg2.url, `/v2/ref/repo/manifests/${d}`, { method: 'DELETE' })).status).toBe(202);
    const { items } = await all(`/v2/ref/repo/referrers/${subject.digest}`);
    expect(items.map((x) => x.digest)).not.toContain(d);
    expect(items).toHaveLength(3);
  });
});

describe('deletes', () => {
  it('deletes tags (untag only), manifests (with their tags) and blobs with 202, then 404', async () => {
    const img = await pushImage(base, 'del/repo', 'one');
    await putManifest(base, 'del/repo', 'two', img.bytes);
    expect((await http(base, '/v2/del/repo/manifests/one', { method: 'DELETE' })).status).toBe(202);
    expect((await http(base, '/v2/del/repo/manifests/one')).status).toBe(404);
    expect((await http(base, `/v2/del/repo/manifests/${img.digest}`)).status).toBe(200);
    expect((await http(base, '/v2/del/repo/tags/list')).json().tags).toEqual(['two']);

    expect((await http(base, `/v2/del/repo/manifests/${img.digest}`, { method: 'DELETE' })).status).toBe(202);
    expect((await http(base, `/v2/del/repo/manifests/${img.digest}`)).status).toBe(404);
    expect((await http(base, '/v2/del/repo/manifests/two')).status).toBe(404);
    expect((await http(base, '/v2/del/repo/tags/list')).json().tags).toEqual([]);

    expect((await http(base, `/v2/del/repo/blobs/${img.layer}`, { method: 'DELETE' })).status).toBe(202);
    expect((await http(base, `/v2/del/repo/blobs/${img.layer}`)).status).toBe(404);
    expect((await http(base, `/v2/del/repo/blobs/${img.layer}`, { method: 'HEAD' })).status).toBe(404);
  });

  it('unknown targets are 404 with the fitting codes', async () => {
    await pushImage(base, 'del/unknown', 'x');
    const cases: Array<[string, string]> = [
      [`/v2/del/unknown/manifests/${randomDigest()}`, 'MANIFEST_UNKNOWN'],
      ['/v2/del/unknown/manifests/nope', 'MANIFEST_UNKNOWN'],
      [`/v2/del/unknown/blobs/${randomDigest()}`, 'BLOB_UNKNOWN'],
      [`/v2/del/never/manifests/${randomDigest()}`, 'NAME_UNKNOWN'],
    ];
    for (const [p, code] of cases) {
      const r = await http(base, p, { method: 'DELETE' });
      expect(r.status, p).toBe(404);
      expect(errorCode(r)).toBe(code);
    }
  });

  it('deletes: false answers every DELETE with 405 UNSUPPORTED', async () => {
    const r = await startReferenceRegistry({ deletes: false });
    try {
      const img = await pushImage(r.url, 'nodel', 't');
      for (const p of ['/v2/nodel/manifests/t', `/v2/nodel/manifests/${img.digest}`, `/v2/nodel/blobs/${img.layer}`]) {
        const d = await http(r.url, p, { method: 'DELETE' });
        expect(d.status, p).toBe(405);
        expect(errorCode(d)).toBe('UNSUPPORTED');
      }
      expect((await http(r.url, '/v2/nodel/manifests/t')).status).toBe(200);
    } finally {
      await r.close();
    }
  });
});

describe('authentication', () => {
  const creds = { username: 'alice', password: 's3cret' };
  const basic = 'Basic ' + Buffer.from('alice:s3cret').toString('base64');

  it('basic: 401 with a Basic challenge without credentials, 200 with them', async () => {
    const r = await startReferenceRegistry({ auth: { mode: 'basic', ...creds } });
    try {
      const anon = await http(r.url, '/v2/');
      expect(anon.status).toBe(401);
      expect(anon.headers.get('www-authenticate')).toMatch(/^Basic realm="[^"]+"$/);
      expect(anon.json().errors[0].code).toBe('UNAUTHORIZED');
      const wrong = await http(r.url, '/v2/', { headers: { Authorization: 'Basic ' + Buffer.from('alice:x').toString('base64') } });
      expect(wrong.status).toBe(401);
      expect((await http(r.url, '/v2/', { headers: { Authorization: basic } })).status).toBe(200);
      expect((await http(r.url, '/v2/x/tags/list')).status).toBe(401);
    } finally {
      await r.close();
    }
  });

  it('bearer: challenge, token endpoint, scoped challenge and authorized push/pull', async () => {
    const r = await startReferenceRegistry({ auth: { mode: 'bearer', ...creds } });
    try {
      const anon = await http(r.url, '/v2/');
      expect(anon.status).toBe(401);
      expect(anon.headers.get('www-authenticate')).toBe(`Bearer realm="${r.url}/token",service="oci-conform"`);
      const scoped = await http(r.url, '/v2/my/repo/blobs/uploads/', { method: 'POST' });
      expect(scoped.status).toBe(401);
      expect(scoped.headers.get('www-authenticate')).toContain('scope="repository:my/repo:pull,push"');
      const pull = await http(r.url, '/v2/my/repo/tags/list');
      expect(pull.headers.get('www-authenticate')).toContain('scope="repository:my/repo:pull"');

      expect((await http(r.url, '/token?service=oci-conform&scope=repository:my/repo:pull,push')).status).toBe(401);
      const tok = await http(r.url, '/token?service=oci-conform&scope=repository:my/repo:pull,push', { headers: { Authorization: basic } });
      expect(tok.status).toBe(200);
      const body = tok.json();
      expect(body.token).toMatch(/^[0-9a-f]+$/);
      expect(body.access_token).toBe(body.token);
      expect(body.expires_in).toBe(300);
      const auth = { Authorization: `Bearer ${body.token}` };
      expect((await http(r.url, '/v2/', { headers: auth })).status).toBe(200);
      expect((await http(r.url, '/v2/', { headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
      const post = await http(r.url, '/v2/my/repo/blobs/uploads/', { method: 'POST', headers: auth });
      expect(post.status).toBe(202);
      const put = await http(r.url, `${post.headers.get('location')}?digest=${sha256('x')}`, { method: 'PUT', body: 'x', headers: auth });
      expect(put.status).toBe(201);
      expect((await http(r.url, `/v2/my/repo/blobs/${sha256('x')}`, { headers: auth })).text).toBe('x');
    } finally {
      await r.close();
    }
  });
});

describe('options', () => {
  it('rejects unknown fault names and invalid sizes', async () => {
    await expect(startReferenceRegistry({ faults: ['no-such-fault' as never] })).rejects.toThrow(/unknown fault/);
    await expect(startReferenceRegistry({ tagsPageSize: 0 })).rejects.toThrow();
  });

  it('logs one line per request when asked', async () => {
    const lines: string[] = [];
    const r = await startReferenceRegistry({ log: (l) => lines.push(l) });
    try {
      await http(r.url, '/v2/');
      await new Promise((res) => setTimeout(res, 10));
      expect(lines).toContain('GET /v2/ 200');
    } finally {
      await r.close();
    }
  });
});

// The empty config blob is needed by artifacts; make sure its digest is the well-known one.
it('the {} blob has the well-known empty-descriptor digest', () => {
  expect(sha256('{}')).toBe('sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  expect(EMPTY_JSON).toBe('application/vnd.oci.empty.v1+json');
});
