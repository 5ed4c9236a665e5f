import { severity, type Outcome } from '../model/outcome.js';
import type { CheckResult, RunResult } from '../model/result.js';

export interface OutcomeChange {
  id: string;
  title: string;
  /** `added`: only in the second run; `removed`: only in the first; `changed`: outcome differs. */
  kind: 'added' | 'removed' | 'changed';
  before: Outcome | null;
  after: Outcome | null;
  /** For `changed`: whether the outcome moved up (worse) or down (better) the severity order. */
  direction: 'worse' | 'better' | null;
}

/**
 * Checks whose outcome differs between run `a` (before) and run `b` (after),
 * plus checks present in only one of them. Order: `b`'s check order, then
 * checks removed since `a` in `a`'s order. Unchanged checks are left out.
 */
export function diffRuns(a: RunResult, b: RunResult): OutcomeChange[] {
  const before = new Map<string, CheckResult>(a.checks.map((c) => [c.id, c]));
  const afterIds = new Set(b.checks.map((c) => c.id));
  const out: OutcomeChange[] = [];
  for (const c of b.checks) {
    const prev = before.get(c.id);
    if (!prev) {
      out.push({ id: c.id, title: c.title, kind: 'added', before: null, after: c.outcome, direction: null });
    } else if (prev.outcome !== c.outcome) {
      const direction = severity(c.outcome) > severity(prev.outcome) ? 'worse' : 'better';
      out.push({ id: c.id, title: c.title, kind: 'changed', before: prev.outcome, after: c.outcome, direction });
    }
  }
  for (const c of a.checks) {
    if (!afterIds.has(c.id)) out.push({ id: c.id, title: c.title, kind: 'removed', before: c.outcome, after: null, direction: null });
  }
  return out;
}

/** Plain text, one line per change, then a summary line. */
export function formatDiff(changes: readonly OutcomeChange[]): string {
  if (changes.length === 0) return 'no check changed its outcome\n';
  const width = Math.max(...changes.map((c) => c.id.length));
  const lines = changes.map((c) => {
    const from = c.before ?? '—';
    const to = c.after ?? '—';
    const note = c.kind === 'changed' ? c.direction ?? '' : c.kind;
    return `${c.id.padEnd(width)}  ${from.padStart(8)} -> ${to.padEnd(8)}  ${note}`;
  });
  const n = (k: OutcomeChange['kind'] | 'worse' | 'better'): number =>
    changes.filter((c) => c.kind === k || c.direction === k).length;
  lines.push('');
  lines.push(
    `${changes.length} change${changes.length === 1 ? '' : 's'}: ${n('worse')} worse, ${n('better')} better, ${n('added')} added, ${n('removed')} removed`,
  );
  return `${lines.join('\n')}\n`;
}
