import { describe, expect, it } from 'vitest';
import { onDistribution } from '../../helpers/distribution.js';

/** Image indexes, Docker types, manifest sizes and sha512 against CNCF distribution 2.8.2 (Debian docker-registry). */
describe('push-manifest-kinds against CNCF distribution', () => {
  const run = onDistribution(['push-manifest-kinds'], { checkTimeoutMs: 60_000 });

  it('gives the verdicts the spec demands of it', () => {
    expect(run().verdicts()).toEqual({
      'push/manifest/index': 'pass',
      'push/manifest/index-nested': 'pass',
      'push/manifest/index-empty': 'pass',
      'push/manifest/index-same-platform': 'pass',
      'push/manifest/index-unknown-entry-type': 'pass',
      'push/manifest/index-artifact-type': 'pass',
      'pull/manifest/tag-resolves-index': 'pass',
      'push/manifest/docker-types': 'pass',
      'push/manifest/content-type-params': 'pass',
      'push/manifest/repush-idempotent': 'pass',
      'push/manifest/size-4mb': 'pass',
      // It refuses a 32 MiB manifest (400): a size limit is enforced.
      'push/manifest/size-limit': 'pass',
      // Distribution caps manifest bodies at 4 MiB but refuses larger ones with 400 MANIFEST_INVALID
      // ("http: request body too large") instead of 413: a real SHOULD finding (inventory A20).
      'push/manifest/size-over-limit': 'warn',
      // It takes blobs by sha512 digests and serves them back.
      'push/blob/sha512': 'pass',
      // It refuses a manifest PUT by a sha512 digest with 400, which an optional algorithm allows.
      'push/manifest/sha512': 'skip',
    });
  });

  it('refuses the over-size manifest as too large, only with the wrong status', () => {
    const r = run().results.find((x) => x.id === 'push/manifest/size-over-limit')!;
    expect(r.observed).toMatch(/^status 400 .*request body too large/);
  });
});
