import { afterEach, describe, expect, it } from 'vitest';
import { defineWorkflow } from '../../src/runner/workflow.js';
import { NotPermitted } from '../../src/runner/verdicts.js';
import { runSuites } from '../helpers/selftest.js';
import { serve, type Front } from '../hostile/front.js';

const fronts: Front[] = [];
afterEach(async () => {
  for (const f of fronts.splice(0)) await f.close();
});

describe('a check that times out', () => {
  it('aborts its requests, not only the wait for them', async () => {
    const closed: number[] = [];
    let opened = 0;
    const f = await serve((req, res) => {
      if (req.url === '/v2/') return res.end('{}');
      opened = Date.now();
      res.on('close', () => closed.push(Date.now() - opened));
    });
    fronts.push(f);
    const w = defineWorkflow({
      id: 'slow',
      title: 'slow',
      category: 'general',
      needs: [],
      checks: [
        {
          id: 'slow/hangs',
          title: 'MUST x',
          level: 'MUST',
          requirements: ['GEN-004'],
          timeoutMs: 300,
          async run({ registry }) {
            await registry.get('/hang');
          },
        },
      ],
    });
    const run = await runSuites(f.url, { workflows: [w] });
    expect(run.results[0]).toMatchObject({ outcome: 'error', message: expect.stringContaining('did not finish within 300 ms') });
    await new Promise((r) => setTimeout(r, 200));
    expect(closed).toHaveLength(1);
    expect(closed[0]!).toBeLessThan(1_000);
  });
});

describe('an account refusal', () => {
  it('is a skip, never a fail, in a check and in a setup', async () => {
    const f = await serve((_req, res) => res.end('{}'));
    fronts.push(f);
    const refuse = (): Promise<never> => Promise.reject(new NotPermitted('DELETE x answered 403 to this account'));
    const checks = [{ id: 'np/a', title: 'MUST x', level: 'MUST' as const, requirements: ['GEN-004'], run: refuse }];
    const run = await runSuites(f.url, {
      workflows: [
        defineWorkflow({ id: 'np', title: 'np', category: 'general', needs: [], checks }),
        defineWorkflow({ id: 'np2', title: 'np2', category: 'general', needs: [], setup: refuse, checks: [{ ...checks[0]!, id: 'np2/a', run: async () => {} }] }),
      ],
    });
    expect(run.results.map((r) => [r.id, r.outcome, r.message])).toEqual([
      ['np/a', 'skip', 'not permitted for this account: DELETE x answered 403 to this account'],
      ['np2/a', 'skip', 'not permitted for this account (in the workflow setup): DELETE x answered 403 to this account'],
    ]);
  });
});

describe('our own limits', () => {
  it('a correct blob larger than our body cap is a skip naming the limit and its flag, never a fail', async () => {
    const { runAgainstReference } = await import('../helpers/selftest.js');
    const run = await runAgainstReference({}, { only: ['pull/blob/get'], maxBodyBytes: 64 });
    expect(run.results.find((r) => r.id === 'pull/blob/get')).toMatchObject({ outcome: 'skip', message: expect.stringMatching(/^beyond our limit: .*larger than our cap of 64 bytes \(raise it with --max-body\)/) });
  });
});

describe('hashing', () => {
  it('hashes a slice at a time, as it must beyond 2 GiB, with the same digest as at once', async () => {
    const { createHash } = await import('node:crypto');
    const { hashHex } = await import('../../src/http/capture.js');
    const data = Buffer.from('0123456789abcdefghij'.repeat(1000));
    expect(hashHex('sha256', data, 7)).toBe(createHash('sha256').update(data).digest('hex'));
    expect(hashHex('sha512', data, 4096)).toBe(createHash('sha512').update(data).digest('hex'));
  });
});
