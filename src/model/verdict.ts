import type { Category } from '../catalog/types.js';
import type { CheckResult, RunResult } from './result.js';

/**
 * What a report claims. The spec defines conformance per workflow category:
 * Pull is required of every registry, Push, Content Discovery and Content
 * Management are claimed separately. Checks of the `general` category (ping,
 * auth, errors, names, warnings, extensions) bind every registry, so they
 * count towards Pull.
 */
export const CLAIMABLE = ['pull', 'push', 'content-discovery', 'content-management'] as const;
export type ClaimCategory = (typeof CLAIMABLE)[number];

export const CLAIM_LABEL: Record<ClaimCategory, string> = {
  pull: 'Pull',
  push: 'Push',
  'content-discovery': 'Content Discovery',
  'content-management': 'Content Management',
};

/**
 * - `conformant`: every check of the category that reached a verdict met its requirement;
 * - `not-conformant`: at least one MUST finding (a `fail`);
 * - `incomplete`: no MUST finding, but harness or transport errors, or a stopped run (deadline, signal),
 *   left checks without a verdict;
 * - `not-testable`: no check of the category reached a verdict (all skipped or disabled, e.g.
 *   by a read-only account or the profile);
 * - `not-selected`: every check of the category was left out by --only or --skip;
 * - `not-claimed`: left out of `--claims`; its checks still ran and are reported.
 */
export type CategoryState = 'conformant' | 'not-conformant' | 'incomplete' | 'not-testable' | 'not-selected' | 'not-claimed';

export interface CategoryVerdict {
  category: ClaimCategory;
  label: string;
  claimed: boolean;
  state: CategoryState;
  /** What the checks would say if the category were claimed (equals `state` when claimed). */
  tested: Exclude<CategoryState, 'not-claimed'>;
  checks: number;
  /** Checks that reached a verdict: pass, warn or fail. */
  decided: number;
  mustFindings: number;
  shouldFindings: number;
  errors: number;
  /** Checks the run did not get to because it was stopped. */
  notRun: number;
  skipped: number;
  disabled: number;
  /** IDs of the failing checks, in run order. */
  failing: string[];
}

export type OverallState = 'conformant' | 'not-conformant' | 'incomplete' | 'no-verdict';

export interface OverallVerdict {
  state: OverallState;
  /** `CONFORMANT`, `NOT CONFORMANT`, `INCOMPLETE` or `NO VERDICT`. */
  label: string;
  /** One line naming the categories by verdict, e.g. `Conformant: Pull, Push · Not claimed: Content Management`. */
  line: string;
  categories: CategoryVerdict[];
  /** MUST findings and errors in claimed categories: what decides the exit code. */
  mustFindings: number;
  shouldFindings: number;
  errors: number;
}

/** The category a check's verdict counts towards. */
export function claimCategory(c: Category): ClaimCategory {
  return c === 'general' ? 'pull' : c;
}

/** Claimed categories of a run: all when the run names none (results.json written before claims existed). Pull is always claimed. */
export function claimsOf(run: RunResult): ClaimCategory[] {
  const given = run.run.claims;
  if (!given || given.length === 0) return [...CLAIMABLE];
  return CLAIMABLE.filter((c) => c === 'pull' || given.includes(c));
}

/** How the runner words a check left out by the selection (src/runner/select.ts). */
const UNSELECTED = ['not selected by --only', 'excluded by --skip'];

function judge(checks: readonly CheckResult[]): Omit<CategoryVerdict, 'category' | 'label' | 'claimed' | 'state'> {
  const n = (o: CheckResult['outcome']): number => checks.filter((c) => c.outcome === o).length;
  const mustFindings = n('fail');
  const errors = n('error');
  const notRun = checks.filter((c) => c.outcome === 'disabled' && c.message.startsWith(NOT_RUN)).length;
  const unselected = checks.filter((c) => c.outcome === 'disabled' && UNSELECTED.some((m) => c.message.startsWith(m))).length;
  const decided = n('pass') + n('warn') + mustFindings;
  const tested =
    mustFindings > 0 ? 'not-conformant' : errors + notRun > 0 ? 'incomplete' : decided > 0 ? 'conformant' : checks.length > 0 && unselected === checks.length ? 'not-selected' : 'not-testable';
  return {
    tested,
    checks: checks.length,
    decided,
    mustFindings,
    shouldFindings: n('warn'),
    errors,
    notRun,
    skipped: n('skip'),
    disabled: n('disabled'),
    failing: checks.filter((c) => c.outcome === 'fail').map((c) => c.id),
  };
}

/** One verdict per workflow category, in the spec's order. */
export function categoryVerdicts(run: RunResult): CategoryVerdict[] {
  const claims = claimsOf(run);
  return CLAIMABLE.map((category) => {
    const v = judge(run.checks.filter((c) => claimCategory(c.category) === category));
    const claimed = claims.includes(category);
    return { category, label: CLAIM_LABEL[category], claimed, state: claimed ? v.tested : 'not-claimed', ...v };
  });
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
/** What keeps an incomplete category from a verdict: `2 errors`, `5 not run`, or both. */
const gaps = (errors: number, notRun: number): string =>
  [errors > 0 ? plural(errors, 'error') : '', notRun > 0 ? `${notRun} not run` : ''].filter(Boolean).join(', ');

/**
 * The verdict of the run on what it claims. `no-verdict` when no selected check
 * of the whole run reached a verdict (everything skipped, disabled or errored):
 * such a run proves nothing and must never read as a pass.
 */
export function overallVerdict(run: RunResult): OverallVerdict {
  const categories = categoryVerdicts(run);
  const claimed = categories.filter((c) => c.claimed);
  const sum = (k: 'mustFindings' | 'shouldFindings' | 'errors'): number => claimed.reduce((s, c) => s + c[k], 0);
  const decided = categories.reduce((s, c) => s + c.decided, 0);
  const has = (s: CategoryState): boolean => claimed.some((c) => c.state === s);
  const state: OverallState = decided === 0 ? 'no-verdict' : has('not-conformant') ? 'not-conformant' : has('incomplete') ? 'incomplete' : 'conformant';
  const label = { conformant: 'CONFORMANT', 'not-conformant': 'NOT CONFORMANT', incomplete: 'INCOMPLETE', 'no-verdict': 'NO VERDICT' }[state];
  return { state, label, line: verdictLine(categories), categories, mustFindings: sum('mustFindings'), shouldFindings: sum('shouldFindings'), errors: sum('errors') };
}

const GROUP_TITLE: Record<CategoryState, string> = {
  conformant: 'Conformant',
  'not-conformant': 'Not conformant',
  incomplete: 'Incomplete',
  'not-testable': 'Not testable with this account or profile',
  'not-selected': 'Not selected',
  'not-claimed': 'Not claimed',
};

/** `Conformant: Pull, Push · Not conformant: Content Discovery, 3 MUST findings · Not claimed: Content Management`. */
export function verdictLine(categories: readonly CategoryVerdict[]): string {
  const order: CategoryState[] = ['conformant', 'not-conformant', 'incomplete', 'not-testable', 'not-selected', 'not-claimed'];
  const parts: string[] = [];
  for (const s of order) {
    const cs = categories.filter((c) => c.state === s);
    if (cs.length === 0) continue;
    let text = `${GROUP_TITLE[s]}: ${cs.map((c) => c.label).join(', ')}`;
    const must = cs.reduce((n, c) => n + c.mustFindings, 0);
    const errors = cs.reduce((n, c) => n + c.errors, 0);
    const notRun = cs.reduce((n, c) => n + c.notRun, 0);
    if (s === 'not-conformant') text += `, ${plural(must, 'MUST finding')}`;
    if (s === 'incomplete') text += `, ${gaps(errors, notRun)}`;
    if (s === 'not-claimed' && must > 0) text += ` (${plural(must, 'MUST finding')} there)`;
    parts.push(text);
  }
  return parts.join(' · ');
}

/** The short word for one category's state, as reports print it. */
export function stateText(v: CategoryVerdict): string {
  switch (v.state) {
    case 'conformant': {
      // Skips are said plainly: a registry with deletes disabled passes few checks of Content Management.
      const notes = [v.shouldFindings > 0 ? plural(v.shouldFindings, 'SHOULD finding') : '', v.skipped > 0 ? `${v.skipped} skipped` : ''].filter(Boolean);
      return notes.length > 0 ? `conformant (${notes.join(', ')})` : 'conformant';
    }
    case 'not-conformant':
      return `not conformant (${plural(v.mustFindings, 'MUST finding')})`;
    case 'incomplete':
      return `incomplete (${gaps(v.errors, v.notRun)})`;
    case 'not-testable':
      return 'not testable with this account or profile';
    case 'not-selected':
      return 'not selected (--only, --skip)';
    case 'not-claimed':
      return 'not claimed';
  }
}

/** How the message of a check skipped for the account's missing rights begins (the summary lists these). */
export const NOT_PERMITTED = 'not permitted for this account';
/** How the message of a check the run did not get to (or interrupted) because it was stopped begins. */
export const NOT_RUN = 'not run: the run was stopped';
