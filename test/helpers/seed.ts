import { AuthSession } from '../../src/http/auth.js';
import { HttpClient } from '../../src/http/client.js';
import { emptyBlob, imageIndex, manifestDoc, randomImage } from '../../src/gen/oci.js';
import { Rng } from '../../src/gen/rng.js';
import { MEDIA } from '../../src/registry/grammar.js';
import { Registry } from '../../src/registry/client.js';
import { pushBlobs, pushImage } from '../../suites/_lib/setup.js';

/** What seed() put into a repository, for read-only runs to name. */
export interface Seeded {
  repo: string;
  tags: string[];
  manifest: string;
  index: string;
  blob: string;
  referrer: string;
}

/** Pushes an image under two tags, an index over it (tagged) and an artifact that refers to the image. */
export async function seed(url: string, repo: string, seedValue = 99): Promise<Seeded> {
  const http = new HttpClient({ timeoutMs: 10_000, maxBodyBytes: 64 * 1024 * 1024, insecure: false, userAgent: 'oci-conform-seed' });
  try {
    const registry = new Registry(new AuthSession(http, {}), url);
    const rng = new Rng(seedValue, `seed/${repo}`);
    const image = randomImage(rng, { layers: 2 });
    await pushImage(registry, repo, image, 'v1');
    const again = await registry.putManifest(repo, 'v2', image.manifest.bytes, image.manifest.mediaType);
    if (again.status !== 201) throw new Error(`seed: tagging failed (${again.status})`);
    const index = imageIndex([image.manifest], { platforms: [{ architecture: 'amd64', os: 'linux' }] });
    const ix = await registry.putManifest(repo, 'multi', index.bytes, index.mediaType);
    if (ix.status !== 201) throw new Error(`seed: index push failed (${ix.status})`);
    const empty = emptyBlob();
    await pushBlobs(registry, repo, [empty]);
    const art = manifestDoc(
      { schemaVersion: 2, mediaType: MEDIA.manifest, artifactType: 'application/vnd.example.sbom', config: empty.descriptor, layers: [empty.descriptor], subject: image.manifest.descriptor },
      MEDIA.manifest,
    );
    const ar = await registry.putManifest(repo, art.digest, art.bytes, art.mediaType);
    if (ar.status !== 201) throw new Error(`seed: referrer push failed (${ar.status})`);
    return { repo, tags: ['multi', 'v1', 'v2'], manifest: image.manifest.digest, index: index.digest, blob: image.layers[0]!.digest, referrer: art.digest };
  } finally {
    await http.close();
  }
}
