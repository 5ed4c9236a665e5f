import { CATEGORIES, LEVELS, type Category, type Level } from '../catalog/types.js';
import type { Exchange } from '../http/exchange.js';
import { OUTCOMES, worst, type Outcome } from '../model/outcome.js';
import type { CheckResult, RunResult } from '../model/result.js';
import type { CategoryState } from '../model/verdict.js';

/** JSON with object keys sorted at every depth, two-space indent, trailing newline. */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}

export type Counts = Record<Outcome, number>;

export function zeroCounts(): Counts {
  return { pass: 0, skip: 0, disabled: 0, warn: 0, fail: 0, error: 0 };
}

export function countOutcomes(checks: readonly CheckResult[]): Counts {
  const c = zeroCounts();
  for (const x of checks) c[x.outcome]++;
  return c;
}

export interface WorkflowGroup {
  workflow: string;
  checks: CheckResult[];
  outcome: Outcome;
}

export interface CategoryGroup {
  category: Category;
  checks: CheckResult[];
  workflows: WorkflowGroup[];
  counts: Counts;
  outcome: Outcome;
}

/** Categories in catalog order (only those with checks), workflows in first-seen order, checks in run order. */
export function groupByCategory(run: RunResult): CategoryGroup[] {
  const groups: CategoryGroup[] = [];
  for (const category of CATEGORIES) {
    const checks = run.checks.filter((c) => c.category === category);
    if (checks.length === 0) continue;
    const wf = new Map<string, CheckResult[]>();
    for (const c of checks) {
      const list = wf.get(c.workflow) ?? [];
      list.push(c);
      wf.set(c.workflow, list);
    }
    groups.push({
      category,
      checks,
      counts: countOutcomes(checks),
      outcome: worst(checks.map((c) => c.outcome)),
      workflows: [...wf].map(([workflow, cs]) => ({ workflow, checks: cs, outcome: worst(cs.map((c) => c.outcome)) })),
    });
  }
  return groups;
}

export function countsByLevel(run: RunResult): Array<{ level: Level; counts: Counts; total: number }> {
  return LEVELS.map((level) => {
    const checks = run.checks.filter((c) => c.level === level);
    return { level, counts: countOutcomes(checks), total: checks.length };
  }).filter((x) => x.total > 0);
}

export { OUTCOMES };

/** The DOM id report.html gives the check at `index` (0-based) of a run, so other reports can link into it. */
export function checkDomId(index: number, id: string): string {
  return `check-${index + 1}-${id.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '')}`;
}

/** Markdown text (a table cell) from run data: one line, no table pipes, no markup. */
export function mdText(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}

/** Seconds with millisecond precision, as JUnit and humans want it. */
export function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** Request headers that never appear in a copy-as-curl line, even redacted. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
/** Headers curl computes itself. */
const CURL_COMPUTED = new Set(['content-length', 'host', 'connection', 'transfer-encoding']);

export function shellQuote(s: string): string {
  // Plain words stay readable; anything else is single-quoted.
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A ready-to-paste curl command for one captured request. Authorization and
 * Cookie headers are left out entirely (the user adds their own credentials);
 * a body is inlined only when it was captured whole as text.
 */
export function toCurl(ex: Exchange): string {
  const parts = ['curl', '-sS'];
  const method = ex.method.toUpperCase();
  if (method === 'HEAD') parts.push('--head');
  else if (method !== 'GET') parts.push('-X', method);
  for (const name of Object.keys(ex.requestHeaders).sort()) {
    const lower = name.toLowerCase();
    if (SECRET_HEADERS.has(lower) || CURL_COMPUTED.has(lower)) continue;
    parts.push('-H', shellQuote(`${name}: ${ex.requestHeaders[name]}`));
  }
  const body = ex.requestBody;
  if (body && body.size > 0) {
    if (body.encoding === 'utf8' && !body.truncated) parts.push('--data-binary', shellQuote(body.preview));
    else parts.push('--data-binary', `@body-${body.sha256.replace(/^sha256:/, '').slice(0, 12)}.bin`);
  }
  // userinfo in a URL is a credential too
  parts.push(shellQuote(ex.url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1')));
  return parts.join(' ');
}

/** The command that replays exactly one check with the run's seed. */
export function replayCheck(run: RunResult, id: string): string {
  return `${run.run.replay} --only ${shellQuote(id)}`;
}

/** A plain-text dump of one exchange: request line, headers, body preview, status, response headers and body preview. */
export function transcript(ex: Exchange): string {
  const lines: string[] = [];
  lines.push(`> ${ex.method} ${ex.url}`);
  for (const [k, v] of Object.entries(ex.requestHeaders)) lines.push(`> ${k}: ${v}`);
  if (ex.requestBody) lines.push(...bodyLines('>', ex.requestBody));
  if (ex.status === null) {
    lines.push(`< (no response${ex.error ? `: ${ex.error}` : ''})`);
  } else {
    lines.push(`< ${ex.status}  (${Math.round(ex.durationMs)} ms)`);
    for (const [k, v] of Object.entries(ex.responseHeaders)) lines.push(`< ${k}: ${v}`);
    if (ex.responseBody) lines.push(...bodyLines('<', ex.responseBody));
    if (ex.error) lines.push(`< error: ${ex.error}`);
  }
  return lines.join('\n');
}

function bodyLines(dir: string, b: NonNullable<Exchange['requestBody']>): string[] {
  const head = `${dir} [body ${b.size} bytes, sha256 ${b.sha256.replace(/^sha256:/, '').slice(0, 16)}…${b.truncated ? ', preview truncated' : ''}${b.encoding === 'base64' ? ', base64' : ''}]`;
  const text = b.preview.replace(/\r?\n$/, '');
  if (text === '') return [head];
  return [head, ...text.split('\n').map((l) => `${dir} ${l}`)];
}

/** A finding the --expect file accepts as known: shown as known, not as a new failure. */
export function isKnownFinding(c: CheckResult): boolean {
  return c.expectation?.verdict === 'expected' && (c.outcome === 'fail' || c.outcome === 'error' || c.outcome === 'warn');
}

/** An expectation's reason with its link, for one line. */
export function expectationNote(c: CheckResult): string {
  const e = c.expectation;
  if (!e) return '';
  return `${e.reason ?? ''}${e.link ? ` (${e.link})` : ''}`;
}

/** The outcome a category verdict is shown like (its colour in the console and the HTML). */
export const STATE_OUTCOME: Record<CategoryState, Outcome> = {
  conformant: 'pass',
  'not-conformant': 'fail',
  incomplete: 'error',
  'not-testable': 'skip',
  'not-selected': 'disabled',
  'not-claimed': 'disabled',
};
