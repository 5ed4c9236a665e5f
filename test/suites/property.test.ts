import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/gen/rng.js';
import type { CheckContext } from '../../src/runner/workflow.js';
import { PreconditionUnmet, Violation } from '../../src/runner/verdicts.js';
import { property } from '../../suites/_lib/property.js';

const ctx = (extra: Partial<CheckContext> = {}): CheckContext => ({ rng: new Rng(7, 'property-test'), ...extra }) as CheckContext;
const ints = fc.integer({ min: 0, max: 1000 });
const violation = (n: number): Violation => new Violation(`n=${n} is too big`, 'n < 10', `n=${n}`);

describe('property()', () => {
  it('passes when every example holds', async () => {
    await expect(property(ctx(), ints, async () => {}, { numRuns: 20 })).resolves.toBeUndefined();
  });

  it('shrinks a violation to the smallest counterexample and names the seed', async () => {
    const err = await property(ctx(), ints, async (n) => {
      if (n >= 10) throw violation(n);
    }, { numRuns: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Violation);
    expect((err as Violation).message).toMatch(/smallest counterexample: 10 \(fast-check seed -?\d+, path/);
    expect((err as Violation).observed).toBe('n=10');
  });

  it('discards shrink candidates that raise anything but a violation, keeping the real counterexample', async () => {
    const err = await property(ctx(), ints, async (n) => {
      if (n >= 10) throw violation(n);
      if (n >= 3) throw new PreconditionUnmet(`cannot judge ${n}`);
    }, { numRuns: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Violation);
    expect((err as Violation).message).toMatch(/smallest counterexample: 10 .*could not be judged discarded/);
  });

  it('rethrows another error met before any violation as it is', async () => {
    const boom = new PreconditionUnmet('the session could not be opened');
    await expect(property(ctx(), ints, async () => Promise.reject(boom))).rejects.toBe(boom);
  });

  it('stops shrinking at its time budget and reports what it has', async () => {
    const t0 = Date.now();
    const err = await property(ctx(), fc.array(ints, { minLength: 30 }), async (xs) => {
      await new Promise((r) => setTimeout(r, 20));
      if (xs.length > 0) throw violation(xs.length);
    }, { numRuns: 5, shrinkMs: 150 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Violation);
    expect((err as Violation).message).toMatch(/shrinking stopped at its time budget/);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('keeps shrinking within the check deadline', async () => {
    const err = await property(ctx({ deadline: Date.now() + 200 }), fc.array(ints, { minLength: 30 }), async (xs) => {
      await new Promise((r) => setTimeout(r, 20));
      if (xs.length > 0) throw violation(xs.length);
    }, { numRuns: 5 }).catch((e: unknown) => e);
    expect((err as Violation).message).toMatch(/time budget/);
  });
});
