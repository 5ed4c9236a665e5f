import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/reporters/json.js';
import { validateResult } from '../../src/reporters/validate.js';
import { expectGolden, loadSample } from './helpers.js';

describe('renderJson', () => {
  const run = loadSample();
  const json = renderJson(run);

  it('matches the golden file', () => {
    expectGolden('results.json', json);
  });

  it('round-trips to an equal, valid result', () => {
    const back = validateResult(JSON.parse(json));
    expect(back).toEqual(run);
  });

  it('sorts keys at every depth and is stable under key reordering', () => {
    const lines = json.split('\n');
    expect(lines[1]).toBe('  "checks": [');
    const reordered = { run: { ...run.run, totals: Object.fromEntries(Object.entries(run.run.totals).reverse()) }, checks: run.checks.map((c) => Object.fromEntries(Object.entries(c).reverse())) };
    expect(renderJson(reordered as typeof run)).toBe(json);
    const keysOf = (o: object): string[] => Object.keys(o);
    const parsed = JSON.parse(json);
    expect(keysOf(parsed.checks[0])).toEqual([...keysOf(parsed.checks[0])].sort());
    expect(keysOf(parsed.run)).toEqual([...keysOf(parsed.run)].sort());
    expect(json.endsWith('}\n')).toBe(true);
  });
});
