import { describe, expect, it } from 'vitest';
import { assignShards, parseShard, WORKFLOW_COSTS } from '../../src/runner/shard.js';
import { WORKFLOWS } from '../../suites/index.js';

describe('--shard split', () => {
  // A workflow that judges the run runs in every shard.
  const ids = WORKFLOWS.filter((w) => !w.judgesRun).map((w) => w.id);

  it('has a recorded cost for every workflow', () => {
    expect(ids.filter((id) => WORKFLOW_COSTS[id] === undefined)).toEqual([]);
  });

  it.each([1, 2, 3, 4, 7])('puts every workflow in exactly one of %i shards, the same way every time, balanced', (n) => {
    const a = assignShards(ids, n);
    expect([...a.keys()].sort()).toEqual([...ids].sort());
    expect([...assignShards([...ids].reverse(), n)].sort()).toEqual([...a].sort());
    const load = Array.from({ length: n }, (_, i) => ids.filter((id) => a.get(id) === i + 1).reduce((s, id) => s + WORKFLOW_COSTS[id]!, 0));
    // Greedy longest-first: no shard exceeds another by more than the largest single workflow.
    expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(Math.max(...Object.values(WORKFLOW_COSTS)));
  });

  it('parses i/n and refuses the rest', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/2', '3/2', '1', 'a/b', '1/0']) expect(typeof parseShard(bad)).toBe('string');
  });
});
