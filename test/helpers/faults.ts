import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../src/model/outcome.js';
import type { FaultName, RefRegistryOptions } from '../../src/refreg/index.js';
import { checkMeta } from '../../src/runner/workflow.js';
import { WORKFLOWS } from '../../suites/index.js';
import { runAgainstReference, type runSuites } from './selftest.js';

/**
 * For one fault: every check of the workflow that does not pass, with its
 * outcome; `'*'` stands for every check not named (a setup the fault breaks).
 */
export type Verdicts = Partial<Record<string, Outcome>>;

/** While set, proveWorkflow only records its table (for the proof test that reads every table). */
let collecting: Array<{ workflow: string; table: Partial<Record<FaultName, Verdicts>> }> | undefined;

/** Loads fault test files and returns their tables, without registering their tests. */
export async function collectFaultTables(files: string[]): Promise<Array<{ workflow: string; table: Partial<Record<FaultName, Verdicts>> }>> {
  collecting = [];
  try {
    for (const f of files) await import(f);
    return collecting;
  } finally {
    collecting = undefined;
  }
}

/** True while collectFaultTables loads the files: their other suites register as skipped. */
export function collectingFaultTables(): boolean {
  return collecting !== undefined;
}

/** Records a table proven by a test of its own (e.g. the run judge's), for collectFaultTables. */
export function recordFaultTable(workflow: string, table: Partial<Record<FaultName, Verdicts>>): boolean {
  collecting?.push({ workflow, table });
  return collecting !== undefined;
}

/**
 * Proves a workflow's checks: against the strict reference registry they all
 * pass (but for `baseline` outcomes), and under each listed fault exactly the
 * listed checks leave `pass`. Every check must fail or warn under some fault,
 * so no check that cannot fail gets into the suite.
 */
export function proveWorkflow(
  workflowId: string,
  table: Partial<Record<FaultName, Verdicts>>,
  opts: { baseline?: Verdicts; registry?: RefRegistryOptions; run?: Parameters<typeof runSuites>[1] } = {},
): void {
  const workflow = WORKFLOWS.find((w) => w.id === workflowId);
  if (!workflow) throw new Error(`no workflow ${workflowId}`);
  if (recordFaultTable(workflowId, table)) return;
  const baseline = opts.baseline ?? {};
  const verdictsUnder = async (faults: FaultName[]): Promise<Verdicts> => {
    const run = await runAgainstReference({ ...opts.registry, faults }, { ...opts.run, workflows: [workflow] });
    return Object.fromEntries(run.results.filter((r) => r.outcome !== 'pass').map((r) => [r.id, r.outcome]));
  };

  describe(`workflow ${workflowId}`, () => {
    it('passes against the reference registry', async () => {
      expect(await verdictsUnder([])).toEqual(baseline);
    });

    for (const [fault, verdicts] of Object.entries(table) as Array<[FaultName, Verdicts]>) {
      it(`under fault ${fault}: ${Object.keys(verdicts).join(', ') || 'nothing'} leave pass`, async () => {
        // Checks the fault does not touch keep their baseline outcome.
        const all = workflow.checks.map((c) => c.id);
        const rest = verdicts['*'];
        const expected: Verdicts = { ...baseline };
        if (rest) for (const id of all) expected[id] = rest;
        Object.assign(expected, verdicts);
        delete expected['*'];
        for (const [id, o] of Object.entries(expected)) if (o === 'pass') delete expected[id];
        expect(await verdictsUnder([fault])).toEqual(expected);
      });
    }

    it('has no check that cannot fail: each fails or warns under some fault', () => {
      const ids = workflow.checks.map((c) => checkMeta(workflow, c).id);
      const failing = (o: Outcome | undefined): boolean => o === 'fail' || o === 'warn';
      const proven = new Set(Object.values(table).flatMap((v) => ids.filter((id) => failing(v![id] ?? v!['*']))));
      const unproven = ids.filter((id) => !proven.has(id));
      expect(unproven).toEqual([]);
    });
  });
}
