import fc from 'fast-check';
import type { CheckContext } from '../../src/runner/workflow.js';
import { Violation } from '../../src/runner/verdicts.js';

export interface PropertyOptions {
  /** Examples to try; every one costs registry round trips, so keep it small. */
  numRuns?: number;
  /** Time shrinking may take once a counterexample is found (default 30 s, at most half the check's time left). */
  shrinkMs?: number;
}

const DEFAULT_SHRINK_MS = 30_000;

/**
 * Runs a property-based check with fast-check, seeded from the check's own
 * stream so the run seed replays it exactly. Only a Violation counts as a
 * counterexample (and is shrunk). Another error (transport, precondition)
 * before any violation stops the property and is rethrown as it is, so it
 * keeps its own outcome; during shrinking it only discards that candidate, so
 * the smallest real counterexample found is the one reported. Shrinking stops
 * at its time budget, keeping what it has.
 */
export async function property<T>(ctx: CheckContext, arb: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, opts: PropertyOptions = {}): Promise<void> {
  const seed = ctx.rng.uint32() | 0;
  let other: unknown;
  let found: { value: T; violation: Violation } | undefined;
  let shrinkUntil = Infinity;
  let outOfTime = false;
  let discarded = 0;
  const budget = (): number => {
    const want = opts.shrinkMs ?? DEFAULT_SHRINK_MS;
    return ctx.deadline !== undefined ? Math.max(0, Math.min(want, (ctx.deadline - Date.now()) / 2)) : want;
  };
  const prop = fc.asyncProperty(arb, async (value) => {
    if (other !== undefined) return true;
    if (found && (Date.now() > shrinkUntil || ctx.signal?.aborted === true)) {
      outOfTime = true;
      return true;
    }
    try {
      await predicate(value);
    } catch (e) {
      if (e instanceof Violation) {
        found = { value, violation: e };
        if (shrinkUntil === Infinity) shrinkUntil = Date.now() + budget();
        throw e;
      }
      if (found) discarded++;
      else other = e;
    }
    return true;
  });
  const out = await fc.check(prop, { seed, numRuns: opts.numRuns ?? 10 });
  if (found) {
    const v = found.violation;
    const notes = [
      `fast-check seed ${out.seed}, path ${out.counterexamplePath ?? '-'}, ${out.numShrinks} shrinks`,
      ...(discarded > 0 ? [`${discarded} shrink candidate(s) that could not be judged discarded`] : []),
      ...(outOfTime ? ['shrinking stopped at its time budget'] : []),
    ];
    throw new Violation(`${v.message} — smallest counterexample: ${fc.stringify(found.value).slice(0, 500)} (${notes.join('; ')})`, v.expected, v.observed);
  }
  if (other !== undefined) throw other;
  if (out.failed) throw new Error(`property failed without a verdict (fast-check seed ${out.seed}): ${String(out.errorInstance)}`);
}
