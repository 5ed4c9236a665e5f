import { CATEGORIES, LEVELS, type Category, type Level, type Requirement } from '../catalog/types.js';
import { worst, type Outcome } from '../model/outcome.js';
import type { CheckResult, RunResult } from '../model/result.js';
import { overallVerdict, type OverallVerdict } from '../model/verdict.js';
import { checkDomId, countOutcomes, mdText, type Counts } from './util.js';

/** One run in a comparison: its result, the column label, and where its own report.html is (relative to the output). */
export interface ComparedRun {
  label: string;
  run: RunResult;
  /** Link to the run's report.html when one sits beside its results.json. */
  reportHref?: string;
}

/** A cell: the outcome of one check in one run, or `null` when the run has no such check. */
export interface CompareCell {
  outcome: Outcome | null;
  message: string;
  /** Link into the run's report.html at this check, when the report is known. */
  href?: string;
}

export interface CompareRow {
  id: string;
  title: string;
  level: Level;
  category: Category;
  workflow: string;
  requirements: string[];
  cells: CompareCell[];
  /** Outcomes differ between the runs, "not in this run" included. */
  differs: boolean;
}

export interface RequirementRow {
  id: string;
  level: Level;
  summary: string | null;
  /** The worst outcome of the checks covering the requirement in each run, `null` when none covers it there. */
  cells: Array<Outcome | null>;
  differs: boolean;
}

export interface CompareColumn {
  label: string;
  registry: string;
  harness: string;
  profile: string;
  startedAt: string;
  reportHref?: string;
  verdict: OverallVerdict;
  /** Outcome counts per requirement level over the shared checks, levels with no check left out. */
  byLevel: Array<{ level: Level; counts: Counts }>;
  /** Shared MUST and MUST NOT checks that passed, and those that reached a verdict (pass or fail). */
  mustMet: number;
  mustTestable: number;
}

export interface Comparison {
  columns: CompareColumn[];
  /** Every check of any run, grouped by category (spec order), then workflow (first seen), then first-seen order. */
  rows: CompareRow[];
  requirements: RequirementRow[];
  /** How many checks every run has: the columns' totals and scores count only those. */
  shared: number;
}

/** The DOM id the run's report.html gives a check, so a cell can link into it. */
function checkAnchor(run: RunResult, id: string): string | undefined {
  const i = run.checks.findIndex((c) => c.id === id);
  return i < 0 ? undefined : checkDomId(i, id);
}

const isMust = (l: Level): boolean => l === 'MUST' || l === 'MUST NOT';

/** A column's facts; its totals and score count only `shared`, the checks every run has, so columns compare fairly. */
function column(c: ComparedRun, shared: ReadonlySet<string>): CompareColumn {
  const r = c.run.run;
  const checks = c.run.checks.filter((x) => shared.has(x.id));
  const must = checks.filter((x) => isMust(x.level));
  return {
    label: c.label,
    registry: r.registry.url,
    harness: `${r.harness.name} ${r.harness.version}`,
    profile: r.profile,
    startedAt: r.startedAt,
    ...(c.reportHref !== undefined ? { reportHref: c.reportHref } : {}),
    verdict: overallVerdict(c.run),
    byLevel: LEVELS.map((level) => ({ level, checks: checks.filter((x) => x.level === level) }))
      .filter((x) => x.checks.length > 0)
      .map((x) => ({ level: x.level, counts: countOutcomes(x.checks) })),
    mustMet: must.filter((x) => x.outcome === 'pass').length,
    mustTestable: must.filter((x) => x.outcome === 'pass' || x.outcome === 'fail').length,
  };
}

/**
 * The side-by-side matrix of several runs. Runs of different harness versions
 * or profiles are compared on the checks they share; a check missing from a
 * run is a `null` cell ("not in this run"). Pure: the CLI reads the files.
 */
export function compareRuns(runs: readonly ComparedRun[], requirements: readonly Requirement[] = []): Comparison {
  const byId = runs.map((c) => new Map(c.run.checks.map((x) => [x.id, x])));
  const first = new Map<string, CheckResult>();
  for (const c of runs) for (const x of c.run.checks) if (!first.has(x.id)) first.set(x.id, x);
  const workflowOrder = [...new Set([...first.values()].map((x) => x.workflow))];
  const ordered = [...first.values()].sort(
    (a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) || workflowOrder.indexOf(a.workflow) - workflowOrder.indexOf(b.workflow),
  );
  const rows = ordered.map((meta): CompareRow => {
    const cells = runs.map((c, i): CompareCell => {
      const x = byId[i]!.get(meta.id);
      if (!x) return { outcome: null, message: 'not in this run' };
      const anchor = checkAnchor(c.run, meta.id);
      return { outcome: x.outcome, message: x.message, ...(c.reportHref && anchor ? { href: `${c.reportHref}#${anchor}` } : {}) };
    });
    return {
      id: meta.id,
      title: meta.title,
      level: meta.level,
      category: meta.category,
      workflow: meta.workflow,
      requirements: meta.requirements,
      cells,
      differs: new Set(cells.map((c) => c.outcome)).size > 1,
    };
  });

  const catalog = new Map(requirements.map((r) => [r.id, r]));
  const order = new Map(requirements.map((r, i) => [r.id, i]));
  const reqIds = [...new Set(ordered.flatMap((x) => x.requirements))].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
  const reqRows = reqIds.map((id): RequirementRow => {
    const cells = runs.map((c) => {
      const covering = c.run.checks.filter((x) => x.requirements.includes(id));
      return covering.length === 0 ? null : worst(covering.map((x) => x.outcome));
    });
    const known = catalog.get(id);
    const level = known?.level ?? ordered.find((x) => x.requirements.includes(id))!.level;
    return { id, level, summary: known?.summary ?? null, cells, differs: new Set(cells).size > 1 };
  });

  const shared = new Set(rows.filter((r) => r.cells.every((c) => c.outcome !== null)).map((r) => r.id));
  return { columns: runs.map((c) => column(c, shared)), rows, requirements: reqRows, shared: shared.size };
}

export interface Regression {
  id: string;
  label: string;
  outcome: Outcome;
}

/**
 * Checks that passed in the column labelled `base` and do not pass in a later
 * column. A check missing from the later run, or disabled there by its
 * selection, is not a regression: runs are compared on what they share.
 */
export function regressions(cmp: Comparison, base: string): Regression[] {
  const b = cmp.columns.findIndex((c) => c.label === base);
  if (b < 0) throw new Error(`no run is labelled ${base}`);
  const out: Regression[] = [];
  for (const row of cmp.rows) {
    if (row.cells[b]!.outcome !== 'pass') continue;
    for (let i = b + 1; i < cmp.columns.length; i++) {
      const o = row.cells[i]!.outcome;
      if (o !== null && o !== 'pass' && o !== 'disabled') out.push({ id: row.id, label: cmp.columns[i]!.label, outcome: o });
    }
  }
  return out;
}

/** A Markdown code span of run data: a backtick would end it early. */
function mdCode(s: string): string {
  return `\`${mdText(s).replace(/`/g, "'")}\``;
}

const MD_OUTCOME: Record<Outcome, string> = { pass: 'pass', skip: 'skip', disabled: 'disabled', warn: '**warn**', fail: '**FAIL**', error: '**error**' };

export interface MarkdownOptions {
  /** Every row, not only those that differ. */
  all?: boolean;
}

/**
 * `compare.md`: one table per view, ready for a README, a pull request comment
 * or `$GITHUB_STEP_SUMMARY`. By default only the checks whose outcome differs.
 */
export function renderCompareMarkdown(cmp: Comparison, opts: MarkdownOptions = {}): string {
  const cols = cmp.columns;
  const out: string[] = ['## OCI conformance comparison', ''];
  out.push(`| | ${cols.map((c) => mdText(c.label)).join(' | ')} |`);
  out.push(`|---|${cols.map(() => '---').join('|')}|`);
  out.push(`| Registry | ${cols.map((c) => mdCode(c.registry)).join(' | ')} |`);
  out.push(`| Harness, profile | ${cols.map((c) => mdText(`${c.harness}, ${c.profile}`)).join(' | ')} |`);
  out.push(`| Result | ${cols.map((c) => `**${c.verdict.label}**`).join(' | ')} |`);
  out.push(`| Categories | ${cols.map((c) => mdText(c.verdict.line)).join(' | ')} |`);
  out.push(`| MUST met / testable | ${cols.map((c) => `${c.mustMet} / ${c.mustTestable}`).join(' | ')} |`);
  out.push('');
  if (cmp.shared < cmp.rows.length) out.push(`Totals and scores count the ${cmp.shared} checks every run has.`, '');
  const rows = opts.all ? cmp.rows : cmp.rows.filter((r) => r.differs);
  const differing = cmp.rows.filter((r) => r.differs).length;
  out.push(`### Checks${opts.all ? '' : ' that differ'}`, '');
  out.push(`${differing} of ${cmp.rows.length} checks differ between the runs.`, '');
  if (rows.length > 0) {
    out.push(`| Check | Level | ${cols.map((c) => mdText(c.label)).join(' | ')} |`);
    out.push(`|---|---|${cols.map(() => '---').join('|')}|`);
    for (const r of rows) {
      out.push(`| ${mdCode(r.id)} | ${r.level} | ${r.cells.map((c) => (c.outcome === null ? '—' : MD_OUTCOME[c.outcome])).join(' | ')} |`);
    }
    out.push('');
  }
  out.push('— means not in this run. Outcomes: pass, skip (optional feature absent), disabled (not run), warn (SHOULD not met), FAIL (MUST not met), error (harness or transport).', '');
  return out.join('\n');
}
