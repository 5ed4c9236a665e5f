import { absentDigest, blob, randomImage, randomTag, type Image } from '../src/gen/oci.js';
import { MEDIA } from '../src/registry/grammar.js';
import type { Reply } from '../src/registry/client.js';
import type { CheckContext } from '../src/runner/workflow.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { expectErrorCode, expectWellFormedErrorBody, need, parseErrorBody } from './_lib/expect.js';
import { Unsupported } from '../src/runner/verdicts.js';
import { pushImage } from './_lib/setup.js';

/** One error situation: the request, the statuses the spec allows, and the code that names it. */
interface Situation {
  what: string;
  code: string;
  statuses: number[];
  send(ctx: CheckContext, image: Image): Promise<Reply>;
}

const SITUATIONS: Situation[] = [
  { what: 'tags of a repository that does not exist', code: 'NAME_UNKNOWN', statuses: [404], send: ({ registry, repo, rng }) => registry.listTags(`${repo}-${rng.word(8)}`) },
  {
    what: 'a manifest that is not JSON',
    code: 'MANIFEST_INVALID',
    statuses: [400],
    send: ({ registry, repo, rng }) => registry.putManifest(repo, randomTag(rng), Buffer.from('{"schemaVersion": 2, "mediaType": '), MEDIA.manifest),
  },
  {
    what: 'a blob PUT whose digest does not match',
    code: 'DIGEST_INVALID',
    statuses: [400],
    async send({ registry, repo, rng }) {
      const post = await registry.startUpload(repo);
      need(post.status === 202 && !!post.location, `POST upload failed (status ${post.status})`);
      return registry.putUpload(post.location, repo, absentDigest(rng), rng.bytes(64));
    },
  },
  {
    what: 'an upload session that was finished',
    code: 'BLOB_UPLOAD_UNKNOWN',
    statuses: [404],
    async send({ registry, repo, rng }) {
      const b = blob(rng.bytes(64), MEDIA.octet);
      const { post, put } = await registry.pushBlob(repo, b.data, b.digest);
      need(put?.status === 201 && !!post.location, 'POST then PUT failed');
      return registry.uploadStatus(post.location);
    },
  },
  { what: 'a blob that does not exist', code: 'BLOB_UNKNOWN', statuses: [404], send: ({ registry, repo, rng }) => registry.getBlob(repo, absentDigest(rng)) },
  { what: 'a manifest that does not exist', code: 'MANIFEST_UNKNOWN', statuses: [404], send: ({ registry, repo, rng }) => registry.getManifest(repo, absentDigest(rng)) },
];

/** Error responses across the API: the JSON body shape, and codes that name the situation. */
export default defineWorkflow<{ image: Image }>({
  id: 'general-errors',
  title: 'Error bodies and codes',
  category: 'general',
  needs: ['push'],
  async setup({ registry, repo, rng }) {
    const image = randomImage(rng, { layers: 1 });
    await pushImage(registry, repo, image, randomTag(rng));
    return { image };
  },
  checks: [
    {
      id: 'general/errors/body-shape',
      title: 'MUST shape every JSON error body as {"errors":[{"code","message","detail"}]} with codes from the spec',
      level: 'MUST',
      requirements: ['ERR-002', 'ERR-003', 'ERR-004', 'ERR-006'],
      async run(ctx, { image }) {
        let errors = 0;
        let json = 0;
        for (const s of SITUATIONS) {
          const r = await s.send(ctx, image);
          // Only the body is judged here: the status of each situation is its endpoint workflow's verdict,
          // and an answer that is no error at all has no error body.
          if (r.status < 400) continue;
          errors++;
          // A body that is not JSON is allowed (ERR-001); only JSON bodies have a shape to check.
          if (parseErrorBody(r) === undefined) continue;
          expectWellFormedErrorBody(r, s.what);
          json++;
        }
        need(errors > 0, 'no situation was answered with an error (the statuses are judged by the pull, push and discovery workflows)');
        if (json === 0) throw new Unsupported('no error body was JSON, which the spec allows');
      },
    },
    {
      id: 'general/errors/codes',
      title: 'SHOULD name each error situation with its code (NAME_UNKNOWN, MANIFEST_INVALID, DIGEST_INVALID, …)',
      level: 'SHOULD',
      requirements: ['ERR-007'],
      async run(ctx, { image }) {
        for (const s of SITUATIONS) {
          const r = await s.send(ctx, image);
          // Statuses are judged by body-shape and the workflow checks; here only the code matters.
          need(s.statuses.includes(r.status), `${s.what}: status ${r.status}`);
          expectErrorCode(r, s.code, s.what);
        }
      },
    },
  ],
});
