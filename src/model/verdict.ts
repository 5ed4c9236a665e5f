import type { Outcome } from './outcome.js';

/**
 * The run's overall verdict, one word for the console, the reports and the
 * exit code. `NO VERDICT`: no selected check reached pass, warn or fail (all
 * skipped, disabled, not permitted, or errors), so nothing was shown either way.
 */
export type OverallVerdict = 'CONFORMANT' | 'NOT CONFORMANT' | 'INCOMPLETE' | 'NO VERDICT';

export function overallVerdict(totals: Record<Outcome, number>): OverallVerdict {
  if (totals.fail > 0) return 'NOT CONFORMANT';
  if (totals.pass + totals.warn === 0) return 'NO VERDICT';
  if (totals.error > 0) return 'INCOMPLETE';
  return 'CONFORMANT';
}

/** How the message of a check skipped for the account's missing rights begins (the summary lists these). */
export const NOT_PERMITTED = 'not permitted for this account';
/** How the message of a check the run did not get to (or interrupted) because it was stopped begins. */
export const NOT_RUN = 'not run: the run was stopped';
