import fc from 'fast-check';
import type { CheckContext } from '../../src/runner/workflow.js';
import { Violation } from '../../src/runner/verdicts.js';

export interface PropertyOptions {
  /** Examples to try; every one costs registry round trips, so keep it small. */
  numRuns?: number;
}

/**
 * Runs a property-based check with fast-check, seeded from the check's own
 * stream so the run seed replays it exactly. Only a Violation counts as a
 * counterexample (and is shrunk); any other error (transport, precondition)
 * stops the property and is rethrown as it is, so it keeps its own outcome.
 */
export async function property<T>(ctx: CheckContext, arb: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, opts: PropertyOptions = {}): Promise<void> {
  const seed = ctx.rng.uint32() | 0;
  let other: unknown;
  const prop = fc.asyncProperty(arb, async (value) => {
    if (other !== undefined) return true;
    try {
      await predicate(value);
    } catch (e) {
      if (e instanceof Violation) throw e;
      other = e;
    }
    return true;
  });
  const out = await fc.check(prop, { seed, numRuns: opts.numRuns ?? 10 });
  if (other !== undefined) throw other;
  if (out.failed) {
    const v = out.errorInstance instanceof Violation ? out.errorInstance : undefined;
    const example = fc.stringify(out.counterexample).slice(0, 500);
    const where = `fast-check seed ${out.seed}, path ${out.counterexamplePath ?? '-'}, ${out.numShrinks} shrinks`;
    if (!v) throw new Error(`property failed without a verdict (${where}): ${String(out.errorInstance)}`);
    throw new Violation(`${v.message} — smallest counterexample: ${example} (${where})`, v.expected, v.observed);
  }
}
