import fc from 'fast-check';
import { blob, randomImage, randomTag, type Blob } from '../src/gen/oci.js';
import type { Registry, Reply } from '../src/registry/client.js';
import { digestOf } from '../src/registry/digest.js';
import { MEDIA } from '../src/registry/grammar.js';
import { Unsupported } from '../src/runner/verdicts.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { expectBytes, expectDigestHeaderMatches, expectHeader, expectLocation, expectStatus, fail, need } from './_lib/expect.js';
import { expectBlobServed } from './_lib/served.js';
import { property } from './_lib/property.js';
import { eventually } from './_lib/eventually.js';
import { pushBlobs } from './_lib/setup.js';
import { parseTagPage } from './_lib/tag-list.js';

/** Blobs the setup pushed to the second repository, one per check that mounts, so checks stay independent. */
interface Sources {
  forMount: Blob;
  forDigestHeader: Blob;
  forAnonymous: Blob;
}

/**
 * Mounting a blob from another repository (POST …/uploads/?mount=<d>&from=<other>).
 * 201 is a mount; 202 is the allowed way to decline (unsupported, or the blob cannot be
 * mounted), and must then be an ordinary upload session. Without `from` the registry
 * MAY look the blob up itself (anonymous mount); both answers are allowed there too.
 */
export default defineWorkflow<Sources>({
  id: 'push-blob-mount',
  title: 'Pushing blobs: mounting from another repository',
  category: 'push',
  needs: ['push'],
  async setup({ registry, repo2, rng }) {
    const push = async (): Promise<Blob> => {
      const b = blob(rng.bytes(rng.int(100, 2048)), MEDIA.octet);
      const { post, put } = await registry.pushBlob(repo2, b.data, b.digest);
      need(put?.status === 201, `pushing a blob to the second repository failed (status ${put?.status ?? post.status})`);
      return b;
    };
    return { forMount: await push(), forDigestHeader: await push(), forAnonymous: await push() };
  },
  checks: [
    {
      id: 'push/blob/mount/from',
      title: 'MUST answer a successful mount from another repository with 201 and a Location serving the blob',
      level: 'MUST',
      requirements: ['MOUNT-001'],
      async run({ registry, repo, repo2 }, { forMount: b }) {
        const r = await registry.mountBlob(repo, b.digest, repo2);
        await declined(registry, r, 'mount with from');
        expectStatus(r, [201], 'mount with from');
        await expectBlobServed(registry, repo, r, b, 'mount with from');
      },
    },
    {
      id: 'push/blob/mount/digest-header',
      // MOUNT-002 lets the answer carry the header; when it does, it names the blob's canonical digest
      // (possibly of another algorithm), so it must verify against the blob, as on any other answer.
      title: 'MUST send, if it sends Docker-Content-Digest on a mount answer, a digest of the mounted blob',
      level: 'MUST',
      // PULL-013: a Docker-Content-Digest names the blob it answers for.
      requirements: ['MOUNT-002', 'PULL-013'],
      async run({ registry, repo, repo2 }, { forDigestHeader: b }) {
        const r = await registry.mountBlob(repo, b.digest, repo2);
        await declined(registry, r, 'mount with from');
        expectStatus(r, [201], 'mount with from');
        if (r.headers['docker-content-digest'] === undefined) throw new Unsupported('the mount answer carries no Docker-Content-Digest (allowed)');
        expectDigestHeaderMatches(r, b.data, 'mount with from');
      },
    },
    {
      id: 'push/blob/mount/fallback',
      title: 'SHOULD answer a mount it cannot do with 202 and an ordinary session that a PUT completes',
      level: 'SHOULD',
      requirements: ['MOUNT-003'],
      async run({ registry, repo, repo2, rng }) {
        // Blobs pushed nowhere cannot be mounted, whether or not `from` names a repository.
        for (const from of [repo2, undefined]) {
          const what = from ? 'mount of an unavailable blob with from' : 'mount of an unavailable blob without from';
          const b = blob(rng.bytes(rng.int(100, 1024)), MEDIA.octet);
          const r = await registry.mountBlob(repo, b.digest, from);
          if (r.status !== 202) fail(`${what}: no upload session was opened`, 'status 202 with a Location', `status ${r.status}`);
          const loc = expectLocation(r, what);
          expectStatus(await registry.putUpload(loc, repo, b.digest, b.data), [201], `PUT to the session opened by the ${what}`);
          const get = await registry.getBlob(repo, b.digest);
          expectStatus(get, [200], `GET of the blob uploaded after the ${what}`);
          expectBytes(get, b.data, `GET of the blob uploaded after the ${what}`);
        }
      },
    },
    {
      id: 'push/blob/mount/fallback-chunked',
      title: 'MUST let the session opened by a declined mount take a chunked upload (PATCH, status GET, PUT)',
      level: 'MUST',
      requirements: ['MOUNT-007'],
      async run({ registry, repo, repo2, rng, settings }) {
        const size = Math.max(settings.chunkMinLength, 1);
        const b = blob(rng.bytes(2 * size + rng.int(1, size)), MEDIA.octet);
        const r = await registry.mountBlob(repo, b.digest, repo2);
        // Whether a 202 comes at all is push/blob/mount/fallback's verdict.
        need(r.status === 202 && !!r.location, `the mount of an unavailable blob opened no session (status ${r.status})`);
        const advertised = Number(r.headers['oci-chunk-min-length'] ?? 0);
        const chunk = Math.max(Number.isSafeInteger(advertised) ? advertised : 0, size);
        let loc = r.location;
        let start = 0;
        // Full chunks by PATCH (at least one), the rest with the closing PUT.
        do {
          const end = Math.min(start + chunk, b.data.length) - 1;
          const what = `PATCH of bytes ${start}-${end}`;
          const patch = await registry.patchUpload(loc, b.data.subarray(start, end + 1), { start, end });
          expectStatus(patch, [202], what);
          loc = expectLocation(patch, what);
          expectRange(patch, end, what);
          start = end + 1;
        } while (start + chunk < b.data.length);
        const status = await registry.uploadStatus(loc);
        expectStatus(status, [204], 'GET status of the session');
        expectRange(status, start - 1, 'GET status of the session');
        loc = status.location ?? loc;
        const rest = start < b.data.length ? { start, end: b.data.length - 1 } : undefined;
        const put = await registry.putUpload(loc, repo, b.digest, b.data.subarray(start), rest);
        expectStatus(put, [201], 'PUT closing the chunked upload');
        const get = await registry.getBlob(repo, b.digest);
        expectStatus(get, [200], 'GET of the chunked blob');
        expectBytes(get, b.data, 'GET of the chunked blob');
      },
    },
    {
      id: 'push/blob/mount/unknown',
      title: 'MUST NOT answer 201 to a mount of a blob that exists nowhere, with or without from',
      level: 'MUST NOT',
      requirements: ['MOUNT-004'],
      async run(ctx) {
        const { registry, repo, repo2, rng } = ctx;
        const nonce = rng.hex(16);
        // `from` naming a repository that has other blobs, one that does not exist, and none.
        const froms = [repo2, `${repo2}-none`, undefined];
        await property(
          ctx,
          fc.nat(),
          async (n) => {
            const d = digestOf(Buffer.from(`oci-conform absent ${nonce} ${n}`));
            for (const from of froms) {
              const r = await registry.mountBlob(repo, d, from);
              if (r.status === 202 && r.location) await registry.cancelUpload(r.location);
              if (r.status === 201)
                fail(`mount of ${d}, present in no repository, ${from ? `from ${from}` : 'without from'}, claimed success`, 'not 201 (202 opens a session)', 'status 201');
            }
          },
          { numRuns: 3 },
        );
      },
    },
    {
      id: 'push/blob/mount/anonymous',
      title: 'MUST serve the blob from the Location of a mount without from, when it performs one (which it MAY)',
      level: 'MUST',
      requirements: ['MOUNT-005', 'MOUNT-001'],
      async run({ registry, repo }, { forAnonymous: b }) {
        const r = await registry.mountBlob(repo, b.digest);
        await declined(registry, r, 'mount without from');
        expectStatus(r, [201], 'mount without from');
        await expectBlobServed(registry, repo, r, b, 'mount without from');
      },
    },
    {
      id: 'discovery/tags/mounted-repository',
      title: 'MUST list the tags of a repository whose blobs all came into it by mount',
      level: 'MUST',
      // A tag list is defined for every repository that exists, however its content got there.
      requirements: ['TAGS-001', 'TAGS-002'],
      category: 'content-discovery',
      needs: ['push', 'content-discovery'],
      async run(ctx) {
        const { registry, repo2, rng } = ctx;
        const image = randomImage(rng, { layers: 1 });
        await pushBlobs(registry, repo2, [image.config, ...image.layers]);
        const target = `${ctx.repo}/mounted-${rng.word(6)}`;
        for (const b of [image.config, ...image.layers]) {
          const r = await registry.mountBlob(target, b.digest, repo2);
          if (r.status === 202) {
            if (r.location) await registry.cancelUpload(r.location);
            throw new Unsupported('the registry did not mount (202, allowed), so no repository got its content by mount');
          }
          need(r.status === 201, `mount with from answered ${r.status} (push/blob/mount/from judges mounts)`);
        }
        const tag = randomTag(rng);
        const put = await registry.putManifest(target, tag, image.manifest.bytes, image.manifest.mediaType);
        need(put.status === 201, `PUT of a manifest over mounted blobs answered ${put.status} (push/manifest/put-by-tag judges pushes)`);
        const page = await eventually(ctx, async () => parseTagPage(await registry.listTags(target)), (p) => typeof p !== 'string' && (p.tags ?? []).includes(tag));
        if (typeof page === 'string') fail(`GET tags/list of a repository whose blobs came by mount: the answer is not a tag list (${page})`, `a tag list with ${tag}`, page);
        if (!(page.tags ?? []).includes(tag)) fail('GET tags/list of a repository whose blobs came by mount does not list its tag', tag, JSON.stringify(page.tags));
      },
    },
  ],
});

/**
 * A mount declined with 202 (the allowed answer) or a 4xx (judged by push/blob/mount/fallback)
 * leaves nothing to check here: Unsupported, after cancelling the session it may have opened.
 */
async function declined(registry: Registry, r: Reply, what: string): Promise<void> {
  if (r.status === 202) {
    if (r.location) await registry.cancelUpload(r.location);
    throw new Unsupported(`${what}: the registry did not mount and opened an upload session instead (allowed)`);
  }
  if (r.status >= 400 && r.status < 500) throw new Unsupported(`${what}: the registry refused with ${r.status}; see push/blob/mount/fallback`);
}

/** Upload progress is reported as the spec's cumulative `0-<last byte>`. */
function expectRange(r: Reply, end: number, what: string): void {
  const range = expectHeader(r, 'Range', what);
  if (range !== `0-${end}`) fail(`${what}: Range does not cover the bytes received`, `Range: 0-${end}`, `Range: ${range}`);
}
