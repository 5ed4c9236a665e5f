import type { ManifestDoc } from '../../src/gen/oci.js';
import type { CheckContext } from '../../src/runner/workflow.js';
import type { Registry, Reply } from '../../src/registry/client.js';
import { expectBytes, expectLocation, expectStatus } from './expect.js';

/**
 * A blob the registry answered 201 for is served as exactly its bytes, both
 * from the answer's Location and by digest in the repository.
 */
export async function expectBlobServed(registry: Registry, repo: string, created: Reply, blob: { data: Buffer; digest: string }, what: string): Promise<void> {
  const viaLocation = await registry.get(expectLocation(created, what));
  expectStatus(viaLocation, [200], `GET of the Location returned by ${what}`);
  expectBytes(viaLocation, blob.data, `GET of the Location returned by ${what}`);
  const byDigest = await registry.getBlob(repo, blob.digest);
  expectStatus(byDigest, [200], `GET by digest of the blob from ${what}`);
  expectBytes(byDigest, blob.data, `GET by digest of the blob from ${what}`);
}

/** PUT `doc` under `ref` (201 required), then GET it by digest: the same bytes must come back. */
export async function expectManifestStored({ registry, repo }: CheckContext, doc: ManifestDoc, ref: string, what: string): Promise<void> {
  expectStatus(await registry.putManifest(repo, ref, doc.bytes, doc.mediaType), [201], `PUT of ${what}`);
  const get = await registry.getManifest(repo, doc.digest, doc.mediaType);
  expectStatus(get, [200], `GET of ${what} by digest`);
  expectBytes(get, doc.bytes, `GET of ${what} by digest`);
}
