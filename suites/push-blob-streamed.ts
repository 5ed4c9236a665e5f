import { blob } from '../src/gen/oci.js';
import { MEDIA, UPLOAD_RANGE_RE } from '../src/registry/grammar.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { Unsupported } from '../src/runner/verdicts.js';
import { expectBytes, expectHeader, expectLocation, expectStatus, fail, need } from './_lib/expect.js';

/**
 * Streamed upload: the whole blob in one PATCH without Content-Range, then a
 * PUT with the digest. v1.1.1 describes PATCH only with Content-Range, so a
 * registry that refuses the streamed form is skipped, not failed; one that
 * accepts it must report progress and store the bytes like any session.
 */
export default defineWorkflow({
  id: 'push-blob-streamed',
  title: 'Pushing blobs: streamed PATCH then PUT',
  category: 'push',
  needs: ['push'],
  checks: [
    {
      id: 'push/blob/streamed',
      title: 'MUST answer an accepted streamed PATCH with 202, Location and Range, and store the blob on PUT',
      level: 'MUST',
      requirements: ['CHUNK-006', 'CHUNK-007', 'CHUNK-014'],
      async run({ registry, repo, rng }) {
        const b = blob(rng.bytes(rng.int(1024, 8192)), MEDIA.octet);
        const post = await registry.startUpload(repo);
        need(post.status === 202 && !!post.location, `POST upload failed (status ${post.status})`);
        const patch = await registry.patchUpload(post.location, b.data);
        if (patch.status === 400 || patch.status === 416 || patch.status === 405)
          throw new Unsupported(`the registry does not take a PATCH without Content-Range (status ${patch.status}), which v1.1.1 does not define`);
        expectStatus(patch, [202], 'streamed PATCH');
        const loc = expectLocation(patch, 'streamed PATCH');
        const range = expectHeader(patch, 'Range', 'streamed PATCH');
        if (!UPLOAD_RANGE_RE.test(range) || range !== `0-${b.data.length - 1}`)
          fail('streamed PATCH: Range does not cover the bytes sent', `Range: 0-${b.data.length - 1}`, `Range: ${range}`);
        const put = await registry.putUpload(loc, repo, b.digest);
        expectStatus(put, [201], 'PUT closing the streamed upload');
        const get = await registry.getBlob(repo, b.digest);
        expectStatus(get, [200], 'GET of the streamed blob');
        expectBytes(get, b.data, 'GET of the streamed blob');
      },
    },
  ],
});
