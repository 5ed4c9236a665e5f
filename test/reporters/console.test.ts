import { describe, expect, it } from 'vitest';
import { renderConsole, renderProgressLine, terminalSafe } from '../../src/reporters/console.js';
import { expectGolden, loadSample } from './helpers.js';

describe('renderConsole', () => {
  const run = loadSample();
  const plain = renderConsole(run, { color: false });

  it('matches the golden file (no colour)', () => {
    expectGolden('console.txt', plain);
  });

  it('has no escape sequences without colour, and colours with it', () => {
    expect(plain).not.toContain('\x1b');
    const colored = renderConsole(run, { color: true });
    expect(colored).toContain('\x1b[31mFAIL');
    expect(colored.replace(/\x1b\[[0-9;]*m/g, '')).toBe(plain);
  });

  it('lists every fail, error and warn check with requirement IDs and message, worst first', () => {
    const findings = [...plain.matchAll(/^(ERROR|FAIL|WARN)\s+(\S+) \[(.+?)\]$/gm)].map((m) => [m[1], m[2], m[3]]);
    expect(findings).toEqual([
      ['ERROR', 'push/blob/chunked-out-of-order', 'MUST: CHUNK-010'],
      ['FAIL', 'pull/manifest/get-by-tag', 'MUST: PULL-001, PULL-003'],
      ['WARN', 'pull/blob/range', 'SHOULD: PULL-016'],
    ]);
    expect(plain).toContain('expected status 200 (end-3), received 500: <script>alert(1)</script>');
    expect(plain).not.toMatch(/^PASS\s+pull\/blob\/get-existing/m);
  });

  it('counts by category and outcome, and ends with the seed and the replay command', () => {
    expect(plain).toMatch(/^ {2}pull\s+5 {2}3 pass · 1 warn · 1 fail$/m);
    expect(plain).toMatch(/^ {2}total\s+13 {2}7 pass · 2 skip · 1 disabled · 1 warn · 1 fail · 1 error$/m);
    expect(plain).toMatch(/^result {2}NOT CONFORMANT {2}Conformant: Content Discovery, Content Management · Not conformant: Pull, 1 MUST finding · Incomplete: Push, 1 error$/m);
    expect(plain).toMatch(/^ {2}Pull {16}not conformant \(1 MUST finding\)$/m);
    expect(plain).toContain('seed    1234567\n');
    expect(plain.trimEnd().split('\n').pop()).toBe(`replay  ${run.run.replay}`);
    expect(plain).toContain(`replay: ${run.run.replay} --only pull/manifest/get-by-tag`);
  });

  it('neutralises terminal escapes coming from the registry', () => {
    const r = loadSample();
    r.checks.find((c) => c.outcome === 'fail')!.message = 'bad \x1b]0;pwned\x07 \x1b[2J';
    const out = renderConsole(r, { color: false });
    expect(out).not.toContain('\x1b');
    expect(out).toContain('bad \\x1b]0;pwned\\x07 \\x1b[2J');
    expect(terminalSafe('a\tb\nc\u009b')).toBe('a\tb\nc\\x9b');
  });

  it('renders a progress line', () => {
    const c = run.checks[4]!;
    expect(renderProgressLine(c, 5, 13, { color: false })).toBe('[ 5/13] FAIL     pull/manifest/get-by-tag');
    expect(renderProgressLine(c, 5, 13, { color: true })).toBe('[ 5/13] \x1b[31mFAIL    \x1b[0m pull/manifest/get-by-tag');
  });
  it('lists each Warning header from the registry once', () => {
    const plain = renderConsole(run, { color: false });
    expect(plain).toContain('registry warnings (1 distinct)');
    expect(plain.split('this registry does not support range requests').length).toBe(2);
  });
});

describe('renderConsole verdicts', () => {
  it('says NO VERDICT, never PASS, when no selected check reached a verdict', () => {
    const run = loadSample();
    for (const c of run.checks) c.outcome = c.outcome === 'pass' ? 'disabled' : 'skip';
    const text = renderConsole(run, { color: false });
    expect(text).toMatch(/^result {2}NO VERDICT {2}no selected check reached a verdict$/m);
    expect(text).not.toMatch(/PASS|CONFORMANT/);
  });

  it('a registry that does not claim Content Management is conformant for what it claims', () => {
    const run = loadSample();
    for (const c of run.checks) if (c.category !== 'content-management') c.outcome = 'pass';
    run.checks.find((c) => c.category === 'content-management')!.outcome = 'fail';
    run.run.claims = ['pull', 'push', 'content-discovery'];
    const text = renderConsole(run, { color: false });
    expect(text).toMatch(/^result {2}CONFORMANT {2}Conformant: Pull, Push, Content Discovery · Not claimed: Content Management \(1 MUST finding there\)$/m);
    expect(text).toMatch(/^ {2}Content Management {2}not claimed$/m);
  });
});
