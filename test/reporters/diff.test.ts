import { describe, expect, it } from 'vitest';
import { diffRuns, formatDiff } from '../../src/reporters/diff.js';
import { expectGolden, loadSample } from './helpers.js';

describe('diffRuns / formatDiff', () => {
  const a = loadSample();
  const b = loadSample();
  b.checks = b.checks.filter((c) => c.id !== 'content-management/delete/blob');
  b.checks.find((c) => c.id === 'pull/manifest/get-by-tag')!.outcome = 'pass';
  b.checks.find((c) => c.id === 'pull/blob/get-existing')!.outcome = 'fail';
  b.checks.push({ ...b.checks[0]!, id: 'pull/blob/new-check', outcome: 'warn' });

  it('lists changed, added and removed checks, and nothing else', () => {
    expect(diffRuns(a, b)).toEqual([
      { id: 'pull/blob/get-existing', title: expect.any(String), kind: 'changed', before: 'pass', after: 'fail', direction: 'worse' },
      { id: 'pull/manifest/get-by-tag', title: expect.any(String), kind: 'changed', before: 'fail', after: 'pass', direction: 'better' },
      { id: 'pull/blob/new-check', title: expect.any(String), kind: 'added', before: null, after: 'warn', direction: null },
      { id: 'content-management/delete/blob', title: expect.any(String), kind: 'removed', before: 'skip', after: null, direction: null },
    ]);
  });

  it('finds nothing between a run and itself', () => {
    expect(diffRuns(a, loadSample())).toEqual([]);
    expect(formatDiff([])).toBe('no check changed its outcome\n');
  });

  it('formats one line per change and a summary', () => {
    const text = formatDiff(diffRuns(a, b));
    expectGolden('diff.txt', text);
    expect(text).toMatch(/^pull\/blob\/get-existing\s+pass -> fail\s+worse$/m);
    expect(text).toMatch(/^content-management\/delete\/blob\s+skip -> —\s+removed$/m);
    expect(text.trimEnd().split('\n').pop()).toBe('4 changes: 1 worse, 1 better, 1 added, 1 removed');
  });
});
