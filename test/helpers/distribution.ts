import { afterAll, beforeAll } from 'vitest';
import { runSuites, type SelfTestRun } from './selftest.js';
import { startDistribution, type Distribution } from '../../bench/distribution.js';

export { DISTRIBUTION_BIN, startDistribution, type Distribution } from '../../bench/distribution.js';

/**
 * For a describe block: starts distribution before its tests, runs the named
 * workflows on it once, and stops it after. Returns the run's getter.
 */
export function onDistribution(workflows: string[], opts: { deletes?: boolean; checkTimeoutMs?: number; largeBlob?: number } = {}): () => SelfTestRun {
  let reg: Distribution | undefined;
  let run: SelfTestRun | undefined;
  beforeAll(async () => {
    reg = await startDistribution(opts);
    run = await runSuites(reg.url, { only: workflows, ...(opts.checkTimeoutMs ? { checkTimeoutMs: opts.checkTimeoutMs } : {}), ...(opts.largeBlob ? { largeBlob: opts.largeBlob } : {}) });
  }, 180_000);
  afterAll(async () => {
    await reg?.stop();
  });
  return () => {
    if (!run) throw new Error('the distribution run did not happen (see beforeAll)');
    return run;
  };
}
