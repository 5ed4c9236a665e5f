/**
 * The fixed, ordered set of outcomes. Order is severity: aggregation only ever
 * moves to the right. `error` is reserved for faults of the harness or the
 * transport and is never used for a registry that answered wrongly.
 */
export const OUTCOMES = ['pass', 'skip', 'disabled', 'warn', 'fail', 'error'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_MEANING: Record<Outcome, string> = {
  pass: 'The registry met the requirement.',
  skip: 'The registry lacks an optional feature, in a way the spec allows, or a precondition of the check was not met.',
  disabled: 'Not run: turned off by profile, flag or environment.',
  warn: 'A SHOULD (or SHOULD NOT) requirement was not met.',
  fail: 'A MUST (or MUST NOT) requirement was not met.',
  error: 'The harness or the transport failed; this says nothing about the registry.',
};

export function severity(o: Outcome): number {
  return OUTCOMES.indexOf(o);
}

export function worst(outcomes: Iterable<Outcome>): Outcome {
  let w: Outcome = 'pass';
  for (const o of outcomes) if (severity(o) > severity(w)) w = o;
  return w;
}
