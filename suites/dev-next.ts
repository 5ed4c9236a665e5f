import { blob, type Blob, type Image } from '../src/gen/oci.js';
import { MEDIA } from '../src/registry/grammar.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { expectHeader, expectLocation, expectStatus, fail, need } from './_lib/expect.js';
import { pushTaggedImage } from './_lib/setup.js';

/**
 * What the distribution-spec main branch adds after v1.1.1 (inventory group NEXT), each as a check
 * of its own. Runs under --profile dev only: never part of a 1.1 verdict.
 */
export default defineWorkflow<{ image: Image; tag: string; layer: Blob }>({
  id: 'dev-next',
  title: 'After 1.1.1: the additions on the spec main branch (dev profile only)',
  category: 'push',
  needs: ['push'],
  devOnly: true,
  async setup(ctx) {
    const { image, tag } = await pushTaggedImage(ctx);
    return { image, tag, layer: image.layers[0]! };
  },
  checks: [
    {
      id: 'dev/next/digest-header-required',
      title: 'MUST send Docker-Content-Digest on manifest GET, blob GET and HEAD, and Content-Length on HEAD (main)',
      level: 'MUST',
      category: 'pull',
      requirements: ['NEXT-001'],
      async run({ registry, repo }, { image, tag, layer }) {
        const replies = [
          await registry.getManifest(repo, tag),
          await registry.headManifest(repo, image.manifest.digest),
          await registry.getBlob(repo, layer.digest),
          await registry.headBlob(repo, layer.digest),
        ];
        for (const r of replies) {
          const what = `${r.exchange.method} ${r.exchange.url}`;
          expectStatus(r, [200], what);
          expectHeader(r, 'Docker-Content-Digest', what);
          if (r.exchange.method === 'HEAD') expectHeader(r, 'Content-Length', what);
        }
      },
    },
    {
      id: 'dev/next/put-final-chunk-out-of-order',
      title: 'MUST refuse a closing PUT whose final chunk does not start at the upload offset with 416 (main)',
      level: 'MUST',
      requirements: ['NEXT-004'],
      async run({ registry, repo, rng, settings }) {
        const n = Math.max(settings.chunkMinLength, 64);
        const b = blob(rng.bytes(2 * n), MEDIA.octet);
        const post = await registry.startUpload(repo);
        expectStatus(post, [202], 'POST upload');
        const first = await registry.patchUpload(expectLocation(post, 'POST upload'), b.data.subarray(0, n), { start: 0, end: n - 1 });
        need(first.status === 202 && !!first.location, `PATCH of the first chunk failed (status ${first.status}); the chunked checks judge that`);
        // The final chunk claims to start one byte past where the upload stands: a gap.
        const gap = b.data.subarray(n + 1);
        const put = await registry.putUpload(first.location, repo, b.digest, gap, { start: n + 1, end: 2 * n - 1 });
        expectStatus(put, [416], 'PUT of a final chunk leaving a gap');
      },
    },
    {
      id: 'dev/next/upload-cancel',
      title: 'SHOULD cancel an upload on DELETE of its session URL with 204, the session then unknown (main)',
      level: 'SHOULD',
      requirements: ['NEXT-005'],
      async run({ registry, repo }) {
        const post = await registry.startUpload(repo);
        expectStatus(post, [202], 'POST upload');
        const location = expectLocation(post, 'POST upload');
        expectStatus(await registry.cancelUpload(location), [204], 'DELETE of the upload session');
        const status = await registry.uploadStatus(location);
        if (status.status !== 404) fail('the cancelled upload session is still known', 'status 404 for GET of the session', `status ${status.status}`);
      },
    },
  ],
});
