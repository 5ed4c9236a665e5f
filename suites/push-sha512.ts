import { blob, manifestDoc, randomImage, type Blob, type ManifestDoc } from '../src/gen/oci.js';
import { digestOf } from '../src/registry/digest.js';
import { MEDIA } from '../src/registry/grammar.js';
import type { Reply } from '../src/registry/client.js';
import { Unsupported } from '../src/runner/verdicts.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { eventually } from './_lib/eventually.js';
import { expectBytes, expectHeader, expectStatus, fail, need } from './_lib/expect.js';
import { pushBlobs } from './_lib/setup.js';

/** Content stored under sha512 digests, and the manifest that lists it by sha512. */
interface State {
  layer: Blob & { sha512: string };
  /** Undefined when the registry takes sha512 blobs but refuses manifests by sha512 (allowed). */
  manifest?: ManifestDoc & { sha512: string };
}

function manifestOf(s: State): ManifestDoc & { sha512: string } {
  if (!s.manifest) throw new Unsupported('the registry refuses a manifest PUT by sha512 digest with 400 (sha512 is optional, NAME-007)');
  return s.manifest;
}

/** A 202, or a skip when the registry has deletion turned off (400/405, DEL-001). */
function needDeleted(r: Reply, what: string): void {
  if (r.status === 400 || r.status === 405) throw new Unsupported(`${what}: deletion is disabled (status ${r.status}), which the spec allows`);
  expectStatus(r, [202], what);
}

/**
 * What a registry stores under a sha512 digest (optional, NAME-007) it must then
 * serve, mount and delete like any other content. The setup skips every check
 * when the registry refuses sha512.
 */
export default defineWorkflow<State>({
  id: 'push-sha512',
  title: 'sha512 content: served, mounted and deleted like the rest',
  category: 'push',
  needs: ['push'],
  async setup({ registry, repo, rng }) {
    const image = randomImage(rng, { layers: 1 });
    await pushBlobs(registry, repo, [image.config]);
    const layer = blob(rng.bytes(rng.int(200, 2000)), MEDIA.layerGzip);
    const sha512 = digestOf(layer.data, 'sha512');
    const { post, put } = await registry.pushBlob(repo, layer.data, sha512);
    need(put !== undefined, `opening an upload session failed (status ${post.status})`);
    if (put.status === 400) throw new Unsupported('the registry refuses sha512 blob digests with 400 (sha512 is optional, NAME-007)');
    need(put.status === 201, `pushing a blob by its sha512 digest failed (status ${put.status}); push/blob/sha512 judges it`);
    const doc = manifestDoc(
      { schemaVersion: 2, mediaType: MEDIA.manifest, config: image.config.descriptor, layers: [{ ...layer.descriptor, digest: sha512 }], annotations: { 'org.example.nonce': rng.hex(16) } },
      MEDIA.manifest,
    );
    const mdigest = digestOf(doc.bytes, 'sha512');
    const mput = await registry.putManifest(repo, mdigest, doc.bytes, doc.mediaType);
    if (mput.status === 400) return { layer: { ...layer, sha512 } };
    need(mput.status === 201, `PUT of a manifest by its sha512 digest failed (status ${mput.status}); push/manifest/sha512 judges it`);
    return { layer: { ...layer, sha512 }, manifest: { ...doc, sha512: mdigest } };
  },
  checks: [
    {
      id: 'push/sha512/blob-head',
      title: 'MUST answer HEAD of a blob stored under a sha512 digest with 200 and its length',
      level: 'MUST',
      requirements: ['PULL-017', 'PULL-019', 'NAME-007'],
      category: 'pull',
      async run({ registry, repo }, { layer }) {
        const head = await registry.headBlob(repo, layer.sha512);
        expectStatus(head, [200], 'HEAD of the blob by its sha512 digest');
        const length = expectHeader(head, 'Content-Length', 'HEAD of the blob by its sha512 digest');
        if (Number(length) !== layer.data.length) fail('HEAD of the blob by its sha512 digest: Content-Length is not its size', String(layer.data.length), length);
      },
    },
    {
      id: 'push/sha512/blob-mount',
      title: 'MUST serve a blob mounted by its sha512 digest from another repository in the target repository',
      level: 'MUST',
      requirements: ['MOUNT-001', 'NAME-007'],
      async run({ registry, repo, repo2 }, { layer }) {
        const r = await registry.mountBlob(repo2, layer.sha512, repo);
        // A12 / MOUNT-003: a registry may open a plain session instead of mounting.
        if (r.status === 202) throw new Unsupported('the registry did not mount the sha512 blob and opened an upload session instead (allowed)');
        expectStatus(r, [201], 'mount of a blob by its sha512 digest');
        const get = await registry.getBlob(repo2, layer.sha512);
        expectStatus(get, [200], 'GET of the mounted blob by its sha512 digest');
        expectBytes(get, layer.data, 'GET of the mounted blob by its sha512 digest');
      },
    },
    {
      id: 'push/sha512/manifest-head',
      title: 'MUST answer HEAD of a manifest stored under a sha512 digest with 200',
      level: 'MUST',
      requirements: ['PULL-017', 'NAME-007'],
      category: 'pull',
      async run({ registry, repo }, s) {
        const manifest = manifestOf(s);
        expectStatus(await registry.headManifest(repo, manifest.sha512, manifest.mediaType), [200], 'HEAD of the manifest by its sha512 digest');
      },
    },
    {
      id: 'push/sha512/manifest-delete',
      title: 'MUST delete a manifest by its sha512 digest: 202, then 404',
      level: 'MUST',
      requirements: ['DEL-005', 'DEL-008', 'NAME-007'],
      category: 'content-management',
      needs: ['push', 'content-management'],
      async run(ctx, s) {
        const { registry, repo } = ctx;
        const manifest = manifestOf(s);
        needDeleted(await registry.deleteManifest(repo, manifest.sha512), 'DELETE of the manifest by its sha512 digest');
        const get = await eventually(ctx, () => registry.getManifest(repo, manifest.sha512, manifest.mediaType), (r) => r.status === 404);
        expectStatus(get, [404], 'GET of the manifest deleted by its sha512 digest');
      },
    },
    {
      id: 'push/sha512/blob-delete',
      title: 'MUST delete a blob by its sha512 digest: 202, then 404',
      level: 'MUST',
      requirements: ['DEL-010', 'DEL-013', 'NAME-007'],
      category: 'content-management',
      needs: ['push', 'content-management'],
      async run(ctx, { layer }) {
        const { registry, repo } = ctx;
        needDeleted(await registry.deleteBlob(repo, layer.sha512), 'DELETE of the blob by its sha512 digest');
        const get = await eventually(ctx, () => registry.getBlob(repo, layer.sha512), (r) => r.status === 404);
        expectStatus(get, [404], 'GET of the blob deleted by its sha512 digest');
      },
    },
  ],
});
