import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tmp } from './helpers/cli.js';

const ROOT = join(import.meta.dirname, '..');
interface Step { name?: string; uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, string> }
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; runs: { using: string; steps: Step[] } };

describe('action.yml (composite GitHub Action)', () => {
  it('takes the registry, credentials, profile and expectations, uploads the reports and fails on the exit code', () => {
    expect(action.runs.using).toBe('composite');
    for (const i of ['registry', 'username', 'password', 'token', 'profile', 'expectations', 'config', 'report-dir']) expect(action.inputs, i).toHaveProperty(i);
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.if).toBe('always()');
    const last = action.runs.steps.at(-1)!;
    expect(last.if).toBe('always()');
    expect(last.run).toContain('exit "${CODE:-2}"');
    // Inputs reach scripts through the environment only.
    for (const s of action.runs.steps) expect(s.run ?? '', s.name).not.toMatch(/\$\{\{/);
  });

  it('its run step runs the suite and records the exit code (against the embedded registry, then with an expectations file)', async () => {
    const step = action.runs.steps.find((s) => s.name === 'Run oci-conform')!;
    const dir = await tmp();
    const expect_ = join(dir, 'expect.yaml');
    const run = (env: Record<string, string>): { code: number; output: string } => {
      const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
      const r = spawnSync('bash', ['-eo', 'pipefail', '-c', step.run!], {
        env: { PATH: process.env['PATH'] ?? '', GITHUB_ACTION_PATH: ROOT, GITHUB_OUTPUT: out, GITHUB_STEP_SUMMARY: join(dir, 'summary'), IN_REPORT_DIR: join(dir, 'reports'), ...env },
        encoding: 'utf8',
      });
      return { code: r.status ?? -1, output: existsSync(out) ? readFileSync(out, 'utf8') : r.stderr };
    };
    const ok = run({ IN_ARGS: '--only pull-blobs --format json --seed 1' });
    expect(ok.code).toBe(0);
    expect(ok.output).toContain('exit-code=0');
    expect(existsSync(join(dir, 'reports', 'results.json'))).toBe(true);
    const bad = run({ IN_ARGS: '--only pull-blobs --format json --fault blob-get-corrupt --write-expect ' + expect_ });
    expect(bad.output).toContain('exit-code=1');
    const known = run({ IN_ARGS: '--only pull-blobs --format json --fault blob-get-corrupt', IN_EXPECT: expect_ });
    expect(known.output).toContain('exit-code=0');
  }, 60_000);
});
