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
