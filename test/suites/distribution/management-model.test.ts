import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDistribution, type Distribution } from '../../helpers/distribution.js';
import { runSuites, type SelfTestRun } from '../../helpers/selftest.js';

const model = 'content-management/model/tags-and-deletes';

/** [id, outcome] of the checks that ran (the rest of the suite is disabled by `only`). */
function ran(run: SelfTestRun): string[][] {
  return run.results.filter((r) => r.outcome !== 'disabled').map((r) => [r.id, r.outcome]);
}

/** CNCF distribution 2.8.2 (Debian's docker-registry) as a state machine. */
describe('the repository model against CNCF distribution', () => {
  let enabled: Distribution;
  let disabled: Distribution;
  let runEnabled: SelfTestRun;
  let runDisabled: SelfTestRun;

  beforeAll(async () => {
    enabled = await startDistribution();
    disabled = await startDistribution({ deletes: false });
    runEnabled = await runSuites(enabled.url, { only: ['management-model'] });
    runDisabled = await runSuites(disabled.url, { only: ['management-model'] });
  }, 120_000);

  afterAll(async () => {
    await enabled?.stop();
    await disabled?.stop();
  });

  it('keeps tags, manifests and the tag list consistent with the model', () => {
    // Tag deletes answer 400 (distribution deletes by digest only), so the probe leaves
    // DeleteTag out of the commands; pushes, tag moves and manifest deletes all agree.
    expect(ran(runEnabled)).toEqual([[model, 'pass']]);
  });

  it('skips when deletion is disabled (405 UNSUPPORTED), as the spec allows', () => {
    expect(ran(runDisabled)).toEqual([[model, 'skip']]);
  });
});
