import { absentDigest, blob, randomImage, randomTag, type Blob } from '../src/gen/oci.js';
import { MEDIA } from '../src/registry/grammar.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { Unsupported } from '../src/runner/verdicts.js';
import { expectBytes, expectDigestHeaderMatches, expectErrorCode, expectHeader, expectStatus, expectWellFormedErrorBody, fail } from './_lib/expect.js';
import { pushBlobs, pushImage } from './_lib/setup.js';

/** Pulling blobs: GET and HEAD of existing and missing blobs. */
/** Range requests on a 2048-byte blob and the answers RFC 9110 gives them. */
const RANGES: Array<{ range: string; start: number; end: number } | { range: string; unsatisfiable: true }> = [
  { range: 'bytes=500-1499', start: 500, end: 1499 },
  { range: 'bytes=500-', start: 500, end: 2047 },
  { range: 'bytes=-500', start: 1548, end: 2047 },
  { range: 'bytes=2000-5000', start: 2000, end: 2047 },
  { range: 'bytes=5000-10000', unsatisfiable: true },
];

export default defineWorkflow<{ layer: Blob; ranged: Blob }>({
  id: 'pull-blobs',
  title: 'Pulling blobs',
  category: 'pull',
  // The setup pushes what is pulled, as the official suite does; a registry that refuses it skips these checks.
  needs: [],
  async setup({ registry, repo, rng }) {
    const image = randomImage(rng, { layers: 1 });
    await pushImage(registry, repo, image, randomTag(rng));
    const ranged = blob(rng.bytes(2048), MEDIA.octet);
    await pushBlobs(registry, repo, [ranged]);
    return { layer: image.layers[0]!, ranged };
  },
  checks: [
    {
      id: 'pull/blob/get',
      title: 'MUST answer GET of an existing blob with 200 and exactly its bytes',
      level: 'MUST',
      requirements: ['PULL-011', 'PULL-014'],
      async run({ registry, repo }, { layer }) {
        const r = await registry.getBlob(repo, layer.digest);
        expectStatus(r, [200], 'GET blob');
        expectBytes(r, layer.data, 'GET blob');
      },
    },
    {
      id: 'pull/blob/get-digest-header',
      title: 'SHOULD send Docker-Content-Digest with a blob',
      level: 'SHOULD',
      requirements: ['PULL-012'],
      async run({ registry, repo }, { layer }) {
        const r = await registry.getBlob(repo, layer.digest);
        expectStatus(r, [200], 'GET blob');
        expectHeader(r, 'Docker-Content-Digest', 'GET blob');
      },
    },
    {
      id: 'pull/blob/digest-header-matches',
      title: 'MUST send a Docker-Content-Digest that is the digest of the blob, when sending one',
      level: 'MUST',
      requirements: ['PULL-013'],
      async run({ registry, repo }, { layer }) {
        const get = await registry.getBlob(repo, layer.digest);
        const head = await registry.headBlob(repo, layer.digest);
        expectStatus(get, [200], 'GET blob');
        expectStatus(head, [200], 'HEAD blob');
        if (!get.headers['docker-content-digest'] && !head.headers['docker-content-digest'])
          throw new Unsupported('the registry sends no Docker-Content-Digest, so there is nothing to verify');
        expectDigestHeaderMatches(get, layer.data, 'GET blob');
        expectDigestHeaderMatches(head, layer.data, 'HEAD blob');
      },
    },
    {
      id: 'pull/blob/head',
      title: 'MUST answer HEAD of an existing blob with 200 and no body',
      level: 'MUST',
      requirements: ['PULL-017', 'PULL-021'],
      async run({ registry, repo }, { layer }) {
        const r = await registry.headBlob(repo, layer.digest);
        expectStatus(r, [200], 'HEAD blob');
        if (r.body.length > 0) fail('HEAD blob: the response has a body', 'no body', `${r.body.length} bytes`);
      },
    },
    {
      id: 'pull/blob/head-matches-get',
      title: 'SHOULD answer HEAD of a blob with the headers of GET (status, Content-Length, Docker-Content-Digest)',
      level: 'SHOULD',
      requirements: ['GEN-009'],
      async run({ registry, repo }, { layer }) {
        const get = await registry.getBlob(repo, layer.digest);
        const head = await registry.headBlob(repo, layer.digest);
        expectStatus(get, [200], 'GET blob');
        if (head.status !== get.status) fail('HEAD blob: the status differs from GET', `status ${get.status}`, `status ${head.status}`);
        // HTTP semantics: HEAD is GET without the body, so the length it announces is the body GET sends.
        for (const h of ['content-length', 'docker-content-digest']) {
          const want = h === 'content-length' ? String(get.body.length) : get.headers[h];
          if (head.headers[h] !== want) fail(`HEAD blob: ${h} differs from GET`, `${h}: ${want ?? '(none)'}`, `${h}: ${head.headers[h] ?? '(none)'}`);
        }
      },
    },
    {
      id: 'pull/blob/head-content-length',
      title: 'SHOULD send the blob size as Content-Length on HEAD',
      level: 'SHOULD',
      requirements: ['PULL-019'],
      async run({ registry, repo }, { layer }) {
        const r = await registry.headBlob(repo, layer.digest);
        expectStatus(r, [200], 'HEAD blob');
        const len = expectHeader(r, 'Content-Length', 'HEAD blob');
        if (len !== String(layer.data.length)) fail('HEAD blob: Content-Length is not the blob size', `Content-Length: ${layer.data.length}`, `Content-Length: ${len}`);
      },
    },
    {
      id: 'pull/blob/head-digest-header',
      title: 'SHOULD send Docker-Content-Digest on HEAD of a blob',
      level: 'SHOULD',
      requirements: ['PULL-018'],
      async run({ registry, repo }, { layer }) {
        const r = await registry.headBlob(repo, layer.digest);
        expectStatus(r, [200], 'HEAD blob');
        expectHeader(r, 'Docker-Content-Digest', 'HEAD blob');
      },
    },
    {
      id: 'pull/blob/range',
      title: 'SHOULD answer Range requests on a blob with 206 and the requested bytes, or 416 when unsatisfiable',
      level: 'SHOULD',
      requirements: ['PULL-016'],
      async run({ registry, repo }, { ranged }) {
        for (const r of RANGES) {
          const res = await registry.getBlob(repo, ranged.digest, r.range);
          if ('unsatisfiable' in r) {
            expectStatus(res, [416], `GET blob with Range: ${r.range}`);
            continue;
          }
          // A 200 with the whole blob means Range is not supported, which this SHOULD check reports.
          expectStatus(res, [206], `GET blob with Range: ${r.range}`);
          const cr = expectHeader(res, 'Content-Range', `GET blob with Range: ${r.range}`);
          // The complete length may be given or replaced by `*`.
          if (cr !== `bytes ${r.start}-${r.end}/2048` && cr !== `bytes ${r.start}-${r.end}/*`)
            fail(`GET blob with Range: ${r.range}: Content-Range names other bytes`, `Content-Range: bytes ${r.start}-${r.end}/2048`, `Content-Range: ${cr}`);
          expectBytes(res, ranged.data.subarray(r.start, r.end + 1), `GET blob with Range: ${r.range}`);
        }
      },
    },
    {
      id: 'pull/blob/get-missing',
      title: 'MUST answer GET of an unknown blob with 404',
      level: 'MUST',
      requirements: ['PULL-015'],
      async run({ registry, repo, rng }) {
        expectStatus(await registry.getBlob(repo, absentDigest(rng)), [404], 'GET unknown blob');
      },
    },
    {
      id: 'pull/blob/head-missing',
      title: 'MUST answer HEAD of an unknown blob with 404',
      level: 'MUST',
      requirements: ['PULL-020'],
      async run({ registry, repo, rng }) {
        expectStatus(await registry.headBlob(repo, absentDigest(rng)), [404], 'HEAD unknown blob');
      },
    },
    {
      id: 'pull/blob/missing-error-body',
      title: 'MUST give a JSON error body for an unknown blob the shape and codes the spec defines',
      level: 'MUST',
      requirements: ['ERR-002', 'ERR-003', 'ERR-004', 'ERR-006'],
      async run({ registry, repo, rng }) {
        const r = await registry.getBlob(repo, absentDigest(rng));
        expectStatus(r, [404], 'GET unknown blob');
        expectWellFormedErrorBody(r, 'GET unknown blob');
      },
    },
    {
      id: 'pull/blob/missing-error-code',
      title: 'SHOULD name an unknown blob with the code BLOB_UNKNOWN',
      level: 'SHOULD',
      requirements: ['ERR-007'],
      async run({ registry, repo, rng }) {
        const r = await registry.getBlob(repo, absentDigest(rng));
        expectStatus(r, [404], 'GET unknown blob');
        expectErrorCode(r, 'BLOB_UNKNOWN', 'GET unknown blob');
      },
    },
  ],
});
