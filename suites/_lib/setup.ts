import type { Image } from '../../src/gen/oci.js';
import type { Registry } from '../../src/registry/client.js';
import { need } from './expect.js';

/** Pushes an image's blobs (POST then PUT) and its manifest under `ref`, for workflows that read content. */
export async function pushImage(registry: Registry, repo: string, image: Image, ref: string): Promise<void> {
  for (const b of [image.config, ...image.layers]) {
    const { post, put } = await registry.pushBlob(repo, b.data, b.digest);
    need(put?.status === 201, `pushing a blob with POST then PUT failed (status ${put?.status ?? post.status})`);
  }
  const m = await registry.putManifest(repo, ref, image.manifest.bytes, image.manifest.mediaType);
  need(m.status === 201, `pushing the manifest failed (status ${m.status})`);
}
