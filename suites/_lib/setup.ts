import type { Blob, Image } from '../../src/gen/oci.js';
import type { Registry } from '../../src/registry/client.js';
import { need } from './expect.js';

/** Pushes blobs with POST then PUT, for workflows that build on them. */
export async function pushBlobs(registry: Registry, repo: string, blobs: readonly Blob[]): Promise<void> {
  for (const b of blobs) {
    const { post, put } = await registry.pushBlob(repo, b.data, b.digest);
    need(put?.status === 201, `pushing a blob with POST then PUT failed (status ${put?.status ?? post.status})`);
  }
}

/** Pushes an image's blobs and its manifest under `ref`, for workflows that read content. */
export async function pushImage(registry: Registry, repo: string, image: Image, ref: string): Promise<void> {
  await pushBlobs(registry, repo, [image.config, ...image.layers]);
  const m = await registry.putManifest(repo, ref, image.manifest.bytes, image.manifest.mediaType);
  need(m.status === 201, `pushing the manifest failed (status ${m.status})`);
}
