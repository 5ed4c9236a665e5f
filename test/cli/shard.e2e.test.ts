import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { cli, tmp } from '../helpers/cli.js';

const load = async (dir: string): Promise<RunResult> => JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as RunResult;

/** What must not differ between one run and its merged shards (times, ports and repository names may). */
const essence = (r: RunResult) => ({
  seed: r.run.seed,
  profile: r.run.profile,
  totals: r.run.totals,
  checks: r.checks.map((c) => [c.id, c.outcome, c.title, c.requirements.join()]),
});

describe('--shard i/n and merge', () => {
  it('merges three shards into the result of one run: same seed, IDs, outcomes and totals, every report', async () => {
    const seed = '4242';
    const single = await tmp();
    expect((await cli(['run', '--seed', seed, '--report-dir', single, '--format', 'json'])).code).toBe(0);
    const shards = [await tmp(), await tmp(), await tmp()];
    const runs = await Promise.all(shards.map((d, i) => cli(['run', '--seed', seed, '--shard', `${i + 1}/3`, '--report-dir', d, '--format', 'json'])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const parts = await Promise.all(shards.map(load));
    // Each shard runs a part and reports the rest as run elsewhere.
    for (const [i, p] of parts.entries()) {
      expect(p.run.shard).toEqual({ index: i + 1, count: 3 });
      expect(p.run.totals.pass).toBeGreaterThan(10);
      expect(p.checks.some((c) => c.outcome === 'disabled' && c.message.startsWith('runs in shard'))).toBe(true);
    }
    const merged = await tmp();
    const m = await cli(['merge', ...shards.map((d) => join(d, 'results.json')), '--report-dir', merged]);
    expect(m.code, m.stderr).toBe(0);
    expect((await readdir(merged)).sort()).toEqual(['PRODUCT.yaml', 'badge.svg', 'junit.xml', 'report.html', 'results.json', 'results.yaml']);
    const one = await load(single);
    const all = await load(merged);
    expect(essence(all)).toEqual(essence(one));
    expect(all.run.shard).toBeUndefined();
    expect(all.run.replay).toBe(one.run.replay);
    expect(all.checks.some((c) => c.message.startsWith('runs in shard'))).toBe(false);
  }, 120_000);

  it('refuses shards of different runs, missing shards and --shard without --seed', async () => {
    const [a, b] = [await tmp(), await tmp()];
    await cli(['run', '--seed', '1', '--shard', '1/2', '--only', 'ping', '--report-dir', a, '--format', 'json']);
    await cli(['run', '--seed', '2', '--shard', '2/2', '--only', 'ping', '--report-dir', b, '--format', 'json']);
    const diff = await cli(['merge', join(a, 'results.json'), join(b, 'results.json')]);
    expect(diff.code).toBe(2);
    expect(diff.stderr).toContain('its seed differs');
    const missing = await cli(['merge', join(a, 'results.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('need each shard 1/2 … 2/2 exactly once');
    const noSeed = await cli(['run', '--shard', '1/2']);
    expect(noSeed.code).toBe(2);
    expect(noSeed.stderr).toContain('--shard needs --seed');
  });
});
