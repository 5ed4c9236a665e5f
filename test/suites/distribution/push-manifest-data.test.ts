import { describe, expect, it } from 'vitest';
import { onDistribution } from '../../helpers/distribution.js';

/** Artifacts, unknown media types and fields, descriptor data and layer formats against CNCF distribution 2.8.2. */
describe('push-manifest-data against CNCF distribution', () => {
  const run = onDistribution(['push-manifest-data']);

  it('gives the verdicts the spec demands of it', () => {
    const verdicts = Object.fromEntries(run().results.filter((r) => r.outcome !== 'disabled').map((r) => [r.id, r.outcome]));
    expect(verdicts).toEqual({
      'push/manifest/artifact': 'pass',
      'push/manifest/unknown-artifact-type': 'pass',
      'push/manifest/unknown-config-type': 'pass',
      'push/manifest/unknown-layer-type': 'pass',
      'push/manifest/unknown-annotations': 'pass',
      'push/manifest/unknown-fields': 'pass',
      'push/manifest/descriptor-data': 'pass',
      'push/manifest/layer-types': 'pass',
      'push/manifest/nondistributable': 'pass',
      // A layer descriptor with `urls` that its configuration does not allow-list (validation.manifests.urls) makes
      // distribution answer 500 with UNKNOWN codes next to MANIFEST_BLOB_UNKNOWN, instead of a 4xx refusal: a real finding.
      'push/manifest/nondistributable-unpushed': 'warn',
      'push/manifest/zstd-layer': 'pass',
    });
  });

  it('answers the unpushed non-distributable layer with a server error', () => {
    expect(run().results.find((x) => x.id === 'push/manifest/nondistributable-unpushed')!.observed).toBe('status 500');
  });
});
