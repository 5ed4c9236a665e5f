import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/reporters/junit.js';
import { validateResult } from '../../src/reporters/validate.js';
import { applyExpectations, currentExpectations } from '../../src/runner/expectations.js';
import { loadSample, ROOT } from '../reporters/helpers.js';

const verdicts = (run: ReturnType<typeof loadSample>): Record<string, string> =>
  Object.fromEntries(run.checks.filter((c) => c.expectation).map((c) => [c.id, c.expectation!.verdict]));

describe('expectations against a run', () => {
  it('matches by check ID, glob, workflow or requirement ID; the first entry wins', () => {
    const run = applyExpectations(
      loadSample(),
      [
        { check: 'pull/manifest/get-by-tag', outcome: 'fail', reason: 'known' },
        { check: 'PULL-001', outcome: 'pass', reason: 'never reached for get-by-tag: the entry above wins' },
        { check: 'push/blob/*', outcome: ['error', 'skip'], reason: 'flaky' },
        { check: 'discovery/**', outcome: 'fail', reason: 'was broken' },
        { check: 'nothing/matches', outcome: 'fail', reason: 'stale' },
      ],
      'e.yaml',
      false,
    );
    expect(verdicts(run)).toEqual({
      'pull/manifest/get-by-tag': 'expected',
      'pull/manifest/get-by-digest': 'expected',
      'push/blob/single-post': 'expected',
      'push/blob/chunked-out-of-order': 'expected',
      // Fixed: the entry expects fail, the check passes now.
      'discovery/tags/list': 'unexpected-pass',
      // push/blob/post-put passes while its entry expects error or skip.
      'push/blob/post-put': 'unexpected-pass',
    });
    expect(run.run.expectations).toEqual({ source: 'e.yaml', expected: 4, newFailures: 0, unexpectedPasses: 2, unused: ['nothing/matches'] });
    // A check that did not run (discovery/referrers/list is disabled) is not judged.
    expect(run.checks.find((c) => c.id === 'discovery/referrers/list')!.expectation).toBeUndefined();
    validateResult(run);
  });

  it('calls every finding without an entry a new failure; warnings only with --strict', () => {
    expect(verdicts(applyExpectations(loadSample(), [], 'e.yaml', false))).toEqual({ 'pull/manifest/get-by-tag': 'new-failure', 'push/blob/chunked-out-of-order': 'new-failure' });
    expect(verdicts(applyExpectations(loadSample(), [], 'e.yaml', true))).toMatchObject({ 'pull/blob/range': 'new-failure' });
  });

  it('writes the findings as entries that match the run they came from', () => {
    const sample = loadSample();
    const entries = currentExpectations(sample, false);
    expect(entries.map((e) => `${e.check} ${String(e.outcome)}`)).toEqual(['pull/blob/range warn', 'pull/manifest/get-by-tag fail', 'push/blob/chunked-out-of-order error']);
    const again = applyExpectations(sample, entries, 'w.yaml', true);
    expect(again.run.expectations).toMatchObject({ newFailures: 0, unexpectedPasses: 0, expected: 3 });
  });

  it('JUnit shows known failures as skipped with the reason and stays valid against the XSD', () => {
    const run = applyExpectations(loadSample(), [{ check: 'pull/manifest/get-by-tag', outcome: 'fail', reason: 'vendor bug', link: 'https://x.example/1' }, { check: 'discovery/tags/list', outcome: 'fail', reason: 'fixed?' }], 'e.yaml', false);
    const xml = renderJunit(run);
    expect(xml).toContain('<skipped message="expected failure: vendor bug (https://x.example/1)"/>');
    expect(xml).toMatch(/<failure message="unexpected pass: pass, expected fail: fixed\?"/);
    // Totals follow the elements: the known failure no longer counts as a failure, the unexpected pass does.
    expect(xml).toMatch(/<testsuites [^>]*failures="1" errors="1"/);
    const dir = mkdtempSync(join(tmpdir(), 'oci-conform-junit-'));
    writeFileSync(join(dir, 'junit.xml'), xml);
    const lint = spawnSync('xmllint', ['--noout', '--schema', join(ROOT, 'fixtures/junit.xsd'), join(dir, 'junit.xml')], { encoding: 'utf8' });
    expect(lint.status, lint.stderr).toBe(0);
  });
});
