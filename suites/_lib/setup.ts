import { randomImage, randomTag, type Blob, type Image } from '../../src/gen/oci.js';
import type { Registry } from '../../src/registry/client.js';
import { Unsupported } from '../../src/runner/verdicts.js';
import type { CheckContext } from '../../src/runner/workflow.js';
import { need } from './expect.js';

/** True when the run created this workflow's repositories (not --repositories given), so it may create more beside them. */
export function ownRepositories(ctx: Pick<CheckContext, 'settings'>): boolean {
  return ctx.settings.repositories === 'per-workflow';
}

/** For checks that must create repositories of their own: with --repositories given they skip, saying so. */
export function needOwnRepositories(ctx: Pick<CheckContext, 'settings'>, what: string): void {
  if (!ownRepositories(ctx)) throw new Unsupported(`not run with --repositories given: ${what} needs a repository of its own, which the run may not create`);
}

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

/** A one-layer image pushed under a fresh tag: the setup of workflows that read a manifest by tag and digest. */
export async function pushTaggedImage({ registry, repo, rng }: Pick<CheckContext, 'registry' | 'repo' | 'rng'>): Promise<{ image: Image; tag: string }> {
  const image = randomImage(rng, { layers: 1 });
  const tag = randomTag(rng);
  await pushImage(registry, repo, image, tag);
  return { image, tag };
}
