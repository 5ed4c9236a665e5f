import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { builtModule } from '../built.js';
import { CATEGORIES, LEVELS, type Level, type Requirement } from '../catalog/types.js';
import { OUTCOME_MEANING, OUTCOMES, worst, type Outcome } from '../model/outcome.js';
import type { CheckResult, RunResult } from '../model/result.js';
import { REPORT_CSS, REPORT_SCRIPT, REPORT_TEMPLATE } from './html-template.js';
import { officialApis, officialData, type OfficialRow, type OfficialStatus } from './results-yaml.js';
import { overallVerdict, stateText } from '../model/verdict.js';
import { OFFICIAL_UNTESTED } from './official-names.js';
import { checkDomId, countOutcomes, countsByLevel, expectationNote, groupByCategory, isKnownFinding, replayCheck, toCurl, transcript, STATE_OUTCOME } from './util.js';

/** Strict, so a misspelt field fails loudly instead of rendering empty. The build precompiles with the same options. */
export const TEMPLATE_OPTIONS = { strict: true, preventIndent: true } as const;

let compiled: Handlebars.TemplateDelegate | undefined;

function template(): Handlebars.TemplateDelegate {
  // An isolated environment: no global helpers or partials leak in. The template precompiled by
  // the build (dist/src/generated/) spares compiling it on every run.
  if (!compiled) {
    const env = Handlebars.create();
    const spec = builtModule<Parameters<typeof Handlebars.template>[0]>('report-template.cjs');
    compiled = spec ? env.template(spec) : env.compile(REPORT_TEMPLATE, TEMPLATE_OPTIONS);
  }
  return compiled;
}

/** The CSP source for the one inline script, so nothing else could run even if escaping failed. */
export const REPORT_SCRIPT_HASH = `sha256-${createHash('sha256').update(REPORT_SCRIPT).digest('base64')}`;

/**
 * Control characters (other than tab, newline, carriage return) are invalid in
 * HTML text; registry bytes can carry them. They are shown as `\xNN`.
 */
export function htmlSafeText(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Every string of a template's data cleaned of control characters (the template escapes the rest). */
export function sanitize<T>(v: T): T {
  if (typeof v === 'string') return htmlSafeText(v) as T;
  if (Array.isArray(v)) return v.map(sanitize) as T;
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sanitize(x)])) as T;
  }
  return v;
}

export function levelClass(l: Level): string {
  return l.startsWith('MUST') ? 'must' : l.startsWith('SHOULD') ? 'should' : 'may';
}

/** Only http(s) links from the catalog become hrefs. */
function safeHref(u: string | undefined): string | null {
  if (!u) return null;
  return /^https?:\/\//i.test(u) ? u : null;
}

function ms(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`;
}

const OFFICIAL_CLASS: Record<OfficialStatus, Outcome> = { Pass: 'pass', Skip: 'skip', Disabled: 'disabled', FAIL: 'fail', Error: 'error' };


/** The verdict box and the per-category table: what the report claims. */
function verdictView(run: RunResult): {
  outcome: Outcome;
  label: string;
  text: string;
  categories: Array<{ label: string; state: string; stateClass: Outcome; text: string; failing: string }>;
} {
  const v = overallVerdict(run);
  const outcome: Outcome =
    v.state === 'conformant' ? (v.shouldFindings > 0 ? 'warn' : 'pass') : v.state === 'not-conformant' ? 'fail' : v.state === 'incomplete' ? 'error' : 'skip';
  const text = v.state === 'no-verdict' ? 'No selected check reached a verdict: this run proves nothing about the registry.' : v.line;
  return {
    outcome,
    label: v.label,
    text,
    categories: v.categories.map((c) => ({
      label: c.label,
      state: c.state,
      stateClass: STATE_OUTCOME[c.state],
      text: stateText(c),
      failing: c.failing.join(', '),
    })),
  };
}

/**
 * `report.html`: one self-contained, printable file (inline CSS and a small
 * inline script, no external assets). `requirements` is the catalog; with it
 * the report shows each requirement's summary and spec anchor, without it
 * only the IDs.
 */
export function renderHtml(run: RunResult, requirements: readonly Requirement[] = []): string {
  const catalog = new Map(requirements.map((r) => [r.id, r]));
  const domIds = new Map<string, string>();
  run.checks.forEach((c, i) => domIds.set(c.id, checkDomId(i, c.id)));
  const domId = (id: string): string => domIds.get(id) ?? 'details';

  const reqRef = (id: string): { id: string; href: string | null; title: string; summary: string | null; level: string | null; levelClass: string } => {
    const r = catalog.get(id);
    return {
      id,
      href: safeHref(r?.anchor),
      title: r ? `${r.level}: ${r.summary}` : id,
      summary: r?.summary ?? null,
      level: r?.level ?? null,
      levelClass: r ? levelClass(r.level) : '',
    };
  };

  const row = (c: CheckResult) => ({
    id: c.id,
    domId: domId(c.id),
    title: c.title,
    level: c.level,
    levelClass: levelClass(c.level),
    outcome: c.outcome,
    category: c.category,
    workflow: c.workflow,
    search: [c.id, ...c.requirements].join(' ').toLowerCase(),
    requirements: c.requirements.map(reqRef),
  });

  // Requirement view: every requirement a check names, in catalog order where known, then first-seen order.
  const covering = new Map<string, CheckResult[]>();
  for (const c of run.checks) for (const id of c.requirements) covering.set(id, [...(covering.get(id) ?? []), c]);
  const order = new Map(requirements.map((r, i) => [r.id, i]));
  const reqIds = [...covering.keys()].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
  const reqView = reqIds.map((id) => {
    const checks = covering.get(id) ?? [];
    const r = catalog.get(id);
    const level: Level = r?.level ?? (checks[0]?.level as Level);
    return {
      id,
      href: safeHref(r?.anchor),
      level,
      levelClass: levelClass(level),
      summary: r?.summary ?? null,
      checks: checks.map((c) => ({ id: c.id, domId: domId(c.id) })),
      outcome: worst(checks.map((c) => c.outcome)),
    };
  });

  const official = (rows: OfficialRow[]) =>
    rows.map((r) => ({
      name: r.name,
      status: r.status,
      statusClass: OFFICIAL_CLASS[r.status],
      count: r.checks.length,
      checkIds: r.checks.map((c) => c.id).join(', '),
    }));

  // Transcripts are rendered by the page when a check's transcript is opened, from this one JSON text,
  // so a run of thousands of exchanges opens fast and the file grows linearly with the run.
  const transcripts: Record<string, Array<{ method: string; status: string; duration: string; text: string; curl: string }>> = {};
  for (const c of run.checks)
    if (c.exchanges.length > 0)
      transcripts[domId(c.id)] = c.exchanges.map((ex) => ({
        method: ex.method,
        status: ex.status === null ? 'no response' : String(ex.status),
        duration: ms(ex.durationMs),
        text: transcript(ex),
        curl: toCurl(ex),
      }));

  const r = run.run;
  const totals = countOutcomes(run.checks);
  const data = {
    run: {
      registry: r.registry.url,
      embedded: r.registry.embedded,
      harness: `${r.harness.name} ${r.harness.version}`,
      specDistribution: r.spec.distribution,
      specImage: r.spec.image,
      profile: r.profile,
      seed: r.seed,
      runId: r.runId,
      namespace: r.namespace,
      startedAt: r.startedAt,
      duration: ms(r.durationMs),
      concurrency: r.concurrency,
      replay: r.replay,
    },
    verdict: verdictView(run),
    untested: OFFICIAL_UNTESTED.map((u) => ({ name: u.name, reason: u.reason })),
    expectations: expectationView(run, domId),
    total: run.checks.length,
    legend: OUTCOMES.map((o) => ({ outcome: o, meaning: OUTCOME_MEANING[o] })),
    totals: OUTCOMES.map((o) => ({ outcome: o, count: totals[o] })),
    outcomes: [...OUTCOMES],
    categories: CATEGORIES.filter((c) => run.checks.some((x) => x.category === c)),
    levels: LEVELS.filter((l) => run.checks.some((x) => x.level === l)),
    byCategory: groupByCategory(run).map((g) => ({
      name: g.category,
      total: g.checks.length,
      cells: OUTCOMES.map((o) => ({ count: g.counts[o] })),
    })),
    byLevel: countsByLevel(run).map((x) => ({
      name: x.level,
      levelClass: levelClass(x.level),
      total: x.total,
      cells: OUTCOMES.map((o) => ({ count: x.counts[o] })),
    })),
    matrix: groupByCategory(run).map((g) => ({
      category: g.category,
      outcome: g.outcome,
      total: g.checks.length,
      workflows: g.workflows.map((w) => ({ workflow: w.workflow, outcome: w.outcome, checks: w.checks.map(row) })),
    })),
    requirements: reqView,
    apis: official(officialApis(run)),
    data: official(officialData(run)),
    transcripts: JSON.stringify(sanitize(transcripts)),
    checks: run.checks.map((c) => ({
      ...row(c),
      duration: ms(c.durationMs),
      message: c.message,
      expectation: c.expectation ? checkExpectationView(c) : null,
      hasExpectation: c.expected !== undefined || c.observed !== undefined,
      expected: c.expected ?? '—',
      observed: c.observed ?? '—',
      warnings: c.warnings,
      exchangeCount: c.exchanges.length,
      singleExchange: c.exchanges.length === 1,
      replay: replayCheck(run, c.id),
    })),
  };
  // Everything but the constant CSS and script is cleaned of control characters, then escaped by the template.
  return template()({ ...sanitize(data), css: REPORT_CSS, script: REPORT_SCRIPT, scriptHash: REPORT_SCRIPT_HASH });
}

const DIFF_LABEL = { 'new-failure': 'new failure', 'unexpected-pass': 'unexpected pass', expected: 'known' } as const;

/** The --expect comparison, both ways: new failures, expected failures that are gone, known findings. */
function expectationView(run: RunResult, domId: (id: string) => string) {
  const e = run.run.expectations;
  if (!e) return null;
  const differs = e.newFailures + e.unexpectedPasses > 0;
  const order = ['new-failure', 'unexpected-pass', 'expected'] as const;
  const rows = order.flatMap((v) =>
    run.checks
      .filter((c) => c.expectation?.verdict === v && (v !== 'expected' || isKnownFinding(c)))
      .map((c) => ({
        label: DIFF_LABEL[v],
        cls: v === 'expected' ? 'skip' : 'fail',
        id: c.id,
        domId: domId(c.id),
        outcome: c.outcome,
        expected: c.expectation?.outcomes?.join(' or ') ?? 'no entry: not failing',
        reason: c.expectation?.reason ?? '',
        link: safeHref(c.expectation?.link),
      })),
  );
  return { ...e, outcome: differs ? 'fail' : 'pass', label: differs ? 'DIFFERS' : 'MATCHES', rows };
}

function checkExpectationView(c: CheckResult): { label: string; text: string } {
  const e = c.expectation!;
  const want = e.outcomes ? `expected ${e.outcomes.join(' or ')}` : 'no entry in the expectations';
  const note = expectationNote(c);
  return { label: `Expectation: ${DIFF_LABEL[e.verdict]}.`, text: `${want}${note ? `: ${note}` : ''}` };
}
