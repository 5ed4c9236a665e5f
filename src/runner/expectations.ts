import type { Outcome } from '../model/outcome.js';
import type { CheckExpectation, CheckResult, RunResult } from '../model/result.js';
import { globToRegExp } from './select.js';

/** One entry of an --expect file. */
export interface ExpectEntry {
  /** A check ID, a glob over IDs, a workflow or a requirement ID. */
  check: string;
  outcome: Outcome | Outcome[];
  reason: string;
  link?: string;
}

/** Outcomes that make a run red: fail and error, and warn under --strict. */
export function isFinding(o: Outcome, strict: boolean): boolean {
  return o === 'fail' || o === 'error' || (strict && o === 'warn');
}

function matches(c: CheckResult, pattern: string): boolean {
  const re = globToRegExp(pattern);
  return re.test(c.id) || re.test(c.workflow) || c.requirements.some((r) => re.test(r));
}

/**
 * Compares a run with expectations; the first entry (in file order) that
 * matches a check decides what it expects. A check not run (`disabled`) is
 * not judged unless `disabled` is what its entry expects. Returns the run
 * with each judged check's expectation and the summary in the run info.
 */
export function applyExpectations(run: RunResult, entries: readonly ExpectEntry[], source: string, strict: boolean): RunResult {
  const used = new Set<number>();
  let expected = 0;
  let newFailures = 0;
  let unexpectedPasses = 0;
  const checks = run.checks.map((c): CheckResult => {
    const i = entries.findIndex((e) => matches(c, e.check));
    const entry = entries[i];
    if (entry) used.add(i);
    const outcomes = entry ? (Array.isArray(entry.outcome) ? entry.outcome : [entry.outcome]) : undefined;
    let verdict: CheckExpectation['verdict'] | undefined;
    if (outcomes?.includes(c.outcome)) verdict = 'expected';
    else if (isFinding(c.outcome, strict)) verdict = 'new-failure';
    else if (outcomes && c.outcome !== 'disabled') verdict = 'unexpected-pass';
    if (verdict === undefined) return c;
    if (verdict === 'expected') expected++;
    else if (verdict === 'new-failure') newFailures++;
    else unexpectedPasses++;
    const expectation: CheckExpectation = {
      verdict,
      ...(outcomes ? { outcomes, match: entry!.check, reason: entry!.reason } : {}),
      ...(entry?.link ? { link: entry.link } : {}),
    };
    return { ...c, expectation };
  });
  const unused = entries.filter((_, i) => !used.has(i)).map((e) => e.check);
  return { run: { ...run.run, expectations: { source, expected, newFailures, unexpectedPasses, unused } }, checks };
}

/** The run as expectations: one entry per check that is a finding, with its message as the reason to edit. */
export function currentExpectations(run: RunResult, strict: boolean): ExpectEntry[] {
  return run.checks
    .filter((c) => isFinding(c.outcome, strict) || c.outcome === 'warn')
    .map((c) => ({ check: c.id, outcome: c.outcome, reason: c.expectation?.reason ?? c.message, ...(c.expectation?.link ? { link: c.expectation.link } : {}) }));
}
