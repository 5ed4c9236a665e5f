import { describe, expect, it } from 'vitest';
import { progress } from '../../src/cli/progress.js';
import type { CheckResult } from '../../src/model/result.js';

function stream(tty: boolean): NodeJS.WriteStream & { text: string } {
  const s = { text: '', isTTY: tty, columns: 80, write(chunk: string) { s.text += chunk; return true; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

const result = (id: string, outcome: CheckResult['outcome']): CheckResult => ({
  id,
  title: 'MUST x',
  workflow: 'w',
  category: 'pull',
  level: 'MUST',
  requirements: ['PULL-001'],
  outcome,
  message: 'ok',
  durationMs: 1,
  warnings: [],
  exchanges: [{ id: 'x1', method: 'GET', url: 'http://r/v2/', requestHeaders: {}, status: 200, responseHeaders: {}, startedAt: '', durationMs: 1 }],
});

describe('progress display', () => {
  it('rewrites one line in place on a terminal, and clears it at the end', () => {
    const s = stream(true);
    const p = progress(s, 2, false);
    p.onResult(result('a/b', 'pass'));
    p.onResult(result('a/c', 'fail'));
    p.done();
    expect(s.text.match(/\r\x1b\[2K/g)?.length).toBe(3);
    expect(s.text).not.toContain('\n');
    expect(s.text).toContain('[2/2]');
  });

  it('prints plain lines when piped or in CI, skipping disabled checks', () => {
    const s = stream(false);
    const p = progress(s, 1, false);
    p.onResult(result('a/off', 'disabled'));
    p.onResult(result('a/b', 'warn'));
    p.done();
    expect(s.text.split('\n').filter(Boolean)).toHaveLength(1);
    expect(s.text).toMatch(/^\[1\/1\] WARN +a\/b\n$/);
    expect(s.text).not.toContain('\x1b');
  });

  it('adds each exchange when verbose', () => {
    const s = stream(true);
    progress(s, 1, true).onResult(result('a/b', 'pass'));
    expect(s.text).toContain('    GET http://r/v2/ -> 200\n');
  });
});
