import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { cli, tmp } from '../helpers/cli.js';

const XSD = join(import.meta.dirname, '../../fixtures/junit.xsd');
const BASE = ['run', '--only', 'pull-blobs', '--only', 'pull-manifests', '--seed', '3'];

async function results(dir: string): Promise<RunResult> {
  return JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as RunResult;
}

describe('--expect and --write-expect', () => {
  it('writes the current findings, then matches them (exit 0), shows them as known, and marks them in JUnit', async () => {
    const dir = await tmp();
    const file = join(dir, 'expect.yaml');
    const first = await cli([...BASE, '--fault', 'digest-header-wrong', '--report-dir', dir, '--format', 'json', '--write-expect', file]);
    expect(first.code).toBe(1);
    const written = await readFile(file, 'utf8');
    expect(written).toMatch(/^# oci-conform expectations/);
    expect(written).toContain('check: pull/blob/digest-header-matches');
    expect(written).toContain('outcome: fail');

    const out = await tmp();
    const again = await cli([...BASE, '--fault', 'digest-header-wrong', '--report-dir', out, '--expect', file]);
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toMatch(/expect\s+MATCHES\s+0 new failure\(s\), 0 unexpected pass\(es\), 2 as expected/);
    expect(again.stdout).toMatch(/known\s+pull\/blob\/digest-header-matches: fail, expected fail/);
    const run = await results(out);
    expect(run.run.expectations).toMatchObject({ expected: 2, newFailures: 0, unexpectedPasses: 0, unused: [] });
    expect(run.checks.find((c) => c.id === 'pull/blob/digest-header-matches')!.expectation?.verdict).toBe('expected');
    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<skipped message="expected failure: GET blob: Docker-Content-Digest does not match/);
    expect(junit).not.toContain('<failure');
    const lint = spawnSync('xmllint', ['--noout', '--schema', XSD, join(out, 'junit.xml')], { encoding: 'utf8' });
    expect(lint.status, lint.stderr).toBe(0);
    expect(await readFile(join(out, 'report.html'), 'utf8')).toContain('id="expectation-diff"');
  });

  it('fails on an unexpected pass (a fixed bug keeps its line) and on a new failure, showing both ways', async () => {
    const dir = await tmp();
    const file = join(dir, 'expect.yaml');
    await writeFile(
      file,
      [
        'expectations:',
        '  - check: pull/blob/digest-header-matches',
        '    outcome: fail',
        '    reason: vendor bug 123',
        '    link: https://tracker.example/123',
        '  - check: PULL-019 # by requirement ID',
        '    outcome: [pass, warn]',
        '    reason: flaky HEAD lengths',
        '  - check: push/**',
        '    outcome: fail',
        '    reason: not run here (disabled by --only), so not judged',
        '  - check: pull/blob/renamed-long-ago',
        '    outcome: fail',
        '    reason: stale',
        '',
      ].join('\n'),
    );
    const r = await cli([...BASE, '--fault', 'blob-get-corrupt', '--report-dir', dir, '--expect', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/NEW FAILURE\s+pull\/blob\/get: fail, no entry/);
    expect(r.stdout).toMatch(/UNEXPECTED PASS\s+pull\/blob\/digest-header-matches: pass, expected fail — vendor bug 123 \(https:\/\/tracker.example\/123\)/);
    expect(r.stdout).toMatch(/unused entry\s+pull\/blob\/renamed-long-ago matches no check/);
    expect(r.stdout).toMatch(/expect\s+DIFFERS/);
    const run = await results(dir);
    expect(run.run.expectations).toMatchObject({ newFailures: 1, unexpectedPasses: 1 });
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('unexpected pass');
    expect(html).toContain('new failure');
    const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<failure message="unexpected pass: pass, expected fail: vendor bug 123/);
    const lint = spawnSync('xmllint', ['--noout', '--schema', XSD, join(dir, 'junit.xml')], { encoding: 'utf8' });
    expect(lint.status, lint.stderr).toBe(0);
  });

  it('reads JSON too, and refuses a bad file naming the line and the key (exit 2)', async () => {
    const dir = await tmp();
    const json = join(dir, 'expect.json');
    await writeFile(json, JSON.stringify({ expectations: [{ check: 'pull/**', outcome: 'pass', reason: 'all good' }] }, null, 2));
    expect((await cli([...BASE, '--report-dir', dir, '--format', 'json', '--expect', json])).code).toBe(0);
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'expectations:\n  - check: a/b\n    outcome: fial\n    reason: typo\n');
    const r = await cli([...BASE, '--expect', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:3: expectations.0.outcome:`);
    const unknown = join(dir, 'unknown.yaml');
    await writeFile(unknown, 'expectations:\n  - check: a/b\n    outcome: fail\n    reason: x\n    ticket: 5\n');
    const u = await cli([...BASE, '--expect', unknown]);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain(`${unknown}:5: expectations.0.ticket: is not a known key`);
  });
});

describe('--profile dev', () => {
  it('runs the checks of the spec main branch, which a 1.1 run leaves disabled', async () => {
    const dev = await tmp();
    const r = await cli(['run', '--profile', 'dev', '--only', 'dev-next', '--report-dir', dev, '--format', 'json']);
    expect(r.code, r.stdout).toBe(0);
    const ids = (await results(dev)).checks.filter((c) => c.workflow === 'dev-next');
    expect(ids.map((c) => `${c.id} ${c.outcome}`)).toEqual(['dev/next/digest-header-required pass', 'dev/next/put-final-chunk-out-of-order pass', 'dev/next/upload-cancel pass']);
    const broken = await tmp();
    await cli(['run', '--profile', 'dev', '--only', 'dev-next', '--fault', 'upload-cancel-ignored', '--report-dir', broken, '--format', 'json']);
    expect((await results(broken)).checks.find((c) => c.id === 'dev/next/upload-cancel')!.outcome).toBe('warn');
    const plain = await tmp();
    await cli(['run', '--only', 'pull-blobs', '--report-dir', plain, '--format', 'json']);
    const off = (await results(plain)).checks.find((c) => c.id === 'dev/next/upload-cancel')!;
    expect(off.outcome).toBe('disabled');
    expect(off.message).toMatch(/--profile dev only/);
  });
});
