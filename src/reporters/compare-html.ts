import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { CATEGORIES, LEVELS } from '../catalog/types.js';
import { OUTCOME_MEANING, OUTCOMES, type Outcome } from '../model/outcome.js';
import type { OverallState } from '../model/verdict.js';
import { COMPARE_CSS, COMPARE_SCRIPT, COMPARE_TEMPLATE } from './compare-template.js';
import type { Comparison } from './compare.js';
import { REPORT_CSS } from './html-template.js';
import { levelClass, sanitize } from './html.js';

let compiled: Handlebars.TemplateDelegate | undefined;

function template(): Handlebars.TemplateDelegate {
  compiled ??= Handlebars.create().compile(COMPARE_TEMPLATE, { strict: true, preventIndent: true });
  return compiled;
}

export const COMPARE_SCRIPT_HASH = `sha256-${createHash('sha256').update(COMPARE_SCRIPT).digest('base64')}`;

const VERDICT_CLASS: Record<OverallState, Outcome> = { conformant: 'pass', 'not-conformant': 'fail', incomplete: 'error', 'no-verdict': 'skip' };

/** Links only to a relative report or an http(s) URL: a label or path cannot smuggle a `javascript:` href. */
function safeHref(u: string | undefined): string | null {
  if (!u) return null;
  return /^[a-z][a-z0-9+.-]*:/i.test(u) && !/^https?:/i.test(u) ? null : u;
}

/** The outcome words a row carries for the outcome filter; "none" for not in a run. */
const outcomeList = (cells: ReadonlyArray<Outcome | null>): string => [...new Set(cells.map((o) => o ?? 'none'))].join(' ');

export interface CompareHtmlOptions {
  /** Start with the "only rows that differ" filter on. */
  onlyDiffering?: boolean;
}

/** `compare.html`: the matrix of several runs as one self-contained page (inline CSS and script, no external assets). */
export function renderCompareHtml(cmp: Comparison, opts: CompareHtmlOptions = {}): string {
  const groups: Array<{ category: string; workflow: string; rows: unknown[] }> = [];
  for (const r of cmp.rows) {
    let g = groups[groups.length - 1];
    if (!g || g.workflow !== r.workflow || g.category !== r.category) groups.push((g = { category: r.category, workflow: r.workflow, rows: [] }));
    g.rows.push({
      id: r.id,
      title: r.title,
      level: r.level,
      levelClass: levelClass(r.level),
      category: r.category,
      differs: r.differs,
      outcomes: outcomeList(r.cells.map((c) => c.outcome)),
      search: [r.id, r.title, ...r.requirements].join(' ').toLowerCase(),
      cells: r.cells.map((c) => ({ outcome: c.outcome, message: c.message, href: safeHref(c.href) })),
    });
  }
  const categoryOf = new Map<string, Set<string>>();
  for (const r of cmp.rows) for (const q of r.requirements) categoryOf.set(q, (categoryOf.get(q) ?? new Set()).add(r.category));
  const data = {
    title: cmp.columns.map((c) => c.label).join(' · '),
    harness: cmp.columns[0]?.harness ?? 'oci-conform',
    differing: cmp.rows.filter((r) => r.differs).length,
    rows: cmp.rows,
    span: cmp.columns.length + 3,
    shared: cmp.shared,
    partial: cmp.shared < cmp.rows.length,
    onlyDiffering: opts.onlyDiffering === true,
    columns: cmp.columns.map((c) => ({ ...c, reportHref: safeHref(c.reportHref), verdictClass: VERDICT_CLASS[c.verdict.state] })),
    levels: LEVELS.filter((l) => cmp.columns.some((c) => c.byLevel.some((x) => x.level === l))).map((level) => ({
      level,
      levelClass: levelClass(level),
      cells: cmp.columns.map((c) => {
        const counts = c.byLevel.find((x) => x.level === level)?.counts;
        return { text: counts ? OUTCOMES.filter((o) => counts[o] > 0).map((o) => `${counts[o]} ${o}`).join(' · ') : '—' };
      }),
    })),
    legend: OUTCOMES.map((o) => ({ outcome: o, meaning: OUTCOME_MEANING[o] })),
    outcomes: [...OUTCOMES.map((o) => ({ value: o, text: o })), { value: 'none', text: '— not in run' }],
    categories: CATEGORIES.filter((c) => cmp.rows.some((r) => r.category === c)),
    levelNames: LEVELS.filter((l) => cmp.rows.some((r) => r.level === l)),
    groups,
    requirements: cmp.requirements.map((r) => ({
      id: r.id,
      level: r.level,
      levelClass: levelClass(r.level),
      summary: r.summary ?? '',
      differs: r.differs,
      outcomes: outcomeList(r.cells),
      category: [...(categoryOf.get(r.id) ?? [])].join(' '),
      search: [r.id, r.summary ?? ''].join(' ').toLowerCase(),
      cells: r.cells.map((outcome) => ({ outcome })),
    })),
  };
  return template()({ ...sanitize(data), css: REPORT_CSS + COMPARE_CSS, script: COMPARE_SCRIPT, scriptHash: COMPARE_SCRIPT_HASH });
}
