import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceRegistry, type RunningRegistry } from '../../src/refreg/index.js';
import { validateResult } from '../../src/reporters/validate.js';
import { CLI, tmp } from '../helpers/cli.js';
import { forward, relay, serve, type Front } from './front.js';

/**
 * However a run ends, the reports of what ran are written: its deadline,
 * SIGINT and SIGTERM, against a registry that never answers manifest GETs
 * (so without a stop the run would wait for minutes).
 */
let ref: RunningRegistry;
let front: Front;

beforeAll(async () => {
  ref = await startReferenceRegistry({});
  front = await serve(async (req, res, body, base) => {
    const u = new URL(req.url ?? '/', base);
    if (req.method === 'GET' && u.pathname.includes('/manifests/')) return; // never answers
    const r = await forward(ref.url, req, u.pathname + u.search, body);
    relay(res, r);
  });
});
afterAll(async () => {
  await front?.close();
  await ref?.close();
});

function start(args: string[], dir: string, signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number; stderr: string }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'run', '--registry', front.url, '--timeout', '120', '--report-dir', dir, '--only', 'ping', '--only', 'pull-manifests', ...args], {
      env: { PATH: process.env['PATH'] ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // Once the first check is done the run is well under way: stop it.
      if (signal && !sent && /\[\s*1\//.test(stderr)) {
        sent = true;
        setTimeout(() => child.kill(signal), 300);
      }
    });
    child.stdout.resume();
    child.on('close', (code) => resolve({ code, ms: Date.now() - t0, stderr }));
  });
}

describe('a stopped run still writes its reports', () => {
  it.each([
    ['the run deadline', ['--run-timeout', '4'], undefined, 2, /run deadline of 4 s reached/],
    ['SIGINT', [], 'SIGINT', 130, /SIGINT/],
    ['SIGTERM', [], 'SIGTERM', 143, /SIGTERM/],
  ] as const)('stopped by %s', async (_what, args, signal, exit, reason) => {
    const dir = await tmp();
    const r = await start([...args], dir, signal);
    expect(r.code, r.stderr.slice(-1500)).toBe(exit);
    expect(r.ms).toBeLessThan(30_000);
    const run = validateResult(JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')));
    expect(run.run.incomplete?.reason).toMatch(reason);
    expect(run.run.incomplete!.notRun.length).toBeGreaterThan(0);
    expect(run.checks.find((c) => c.id === 'ping/api-version')?.outcome).toBe('pass');
    for (const id of run.run.incomplete!.notRun) expect(run.checks.find((c) => c.id === id)).toMatchObject({ outcome: 'disabled', message: expect.stringMatching(/^not run: the run was stopped/) });
    for (const f of ['junit.xml', 'report.html', 'results.yaml']) expect((await readFile(join(dir, f), 'utf8')).length).toBeGreaterThan(100);
    expect(r.stderr).toMatch(/incomplete run/);
  }, 60_000);
});
