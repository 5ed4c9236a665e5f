/** Property tests: random requests never produce 5xx, and every JSON error is spec-shaped. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRegistry, startReferenceRegistry } from '../../src/refreg/index.js';
import { http, pushImage } from './helpers.js';

let reg: RunningRegistry;
let uploadLoc: string;

beforeAll(async () => {
  reg = await startReferenceRegistry();
  await pushImage(reg.url, 'fuzz/repo', 'latest');
  uploadLoc = (await http(reg.url, '/v2/fuzz/repo/blobs/uploads/', { method: 'POST' })).headers.get('location')!;
});
afterAll(async () => {
  await reg.close();
});

const printable = fc.string({ unit: fc.constantFrom(...'abcAZ09-_.:/%+=?&~ '.split('')), maxLength: 40 });
const segment = fc.oneof(
  fc.constantFrom('v2', 'fuzz', 'repo', 'blobs', 'uploads', 'manifests', 'tags', 'list', 'referrers', '_oci', 'ext', 'discover', 'latest', 'sha256:' + 'a'.repeat(64)),
  printable,
);

describe('robustness', () => {
  it('never answers 5xx and always shapes JSON errors as {"errors":[...]}', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE', 'OPTIONS'),
        fc.oneof(fc.array(segment, { maxLength: 7 }).map((s) => '/v2/' + s.join('/')), fc.constant('UPLOAD')),
        fc.record({
          'Content-Range': fc.option(printable, { nil: undefined }),
          Range: fc.option(printable.map((s) => 'bytes=' + s), { nil: undefined }),
          'Content-Type': fc.option(fc.constantFrom('application/vnd.oci.image.manifest.v1+json', 'application/json', 'x/y; a=b', ''), { nil: undefined }),
        }),
        fc.option(fc.uint8Array({ maxLength: 64 }), { nil: undefined }),
        async (method, rawPath, hdrs, body) => {
          const path = rawPath === 'UPLOAD' ? uploadLoc : rawPath;
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(hdrs)) if (v !== undefined) headers[k] = v;
          const withBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
          let r;
          try {
            r = await http(reg.url, path, { method, headers, ...(withBody ? { body } : {}) });
          } catch {
            return; // fetch refused to build the request (invalid URL/header): nothing reached the server
          }
          expect(r.status).toBeLessThan(500);
          if (r.status >= 400 && method !== 'HEAD' && r.headers.get('content-type') === 'application/json') {
            const json = r.json();
            expect(Array.isArray(json.errors)).toBe(true);
            expect(json.errors[0].code).toMatch(/^[A-Z_]+$/);
          }
        },
      ),
      { numRuns: 400, seed: 20240601 },
    );
  });
});
