import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDistribution, type Distribution } from '../../helpers/distribution.js';
import { runSuites, type SelfTestRun } from '../../helpers/selftest.js';

/** Artifacts, unknown media types and fields, descriptor data and layer formats against CNCF distribution 2.8.2. */
describe('push-manifest-data against CNCF distribution', () => {
  let reg: Distribution;
  let run: SelfTestRun;

  beforeAll(async () => {
    reg = await startDistribution();
    run = await runSuites(reg.url, { only: ['push-manifest-data'] });
  }, 120_000);

  afterAll(async () => {
    await reg?.stop();
  });

  it('gives the verdicts the spec demands of it', () => {
    const verdicts = Object.fromEntries(run.results.filter((r) => r.outcome !== 'disabled').map((r) => [r.id, r.outcome]));
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
    expect(run.results.find((x) => x.id === 'push/manifest/nondistributable-unpushed')!.observed).toBe('status 500');
  });
});
