import { OUTCOMES, type Outcome } from '../model/outcome.js';
import type { CheckResult, RunResult } from '../model/result.js';
import { NOT_PERMITTED, overallVerdict, stateText, type OverallState } from '../model/verdict.js';
import { countOutcomes, expectationNote, groupByCategory, isKnownFinding, replayCheck, STATE_OUTCOME } from './util.js';

export interface ConsoleOptions {
  /** ANSI colours (a TTY); plain text otherwise. */
  color: boolean;
}

const SGR: Record<Outcome, string> = {
  pass: '32',
  skip: '90',
  disabled: '90',
  warn: '33',
  fail: '31',
  error: '35',
};

const VERDICT_TONE: Record<OverallState, Outcome> = { conformant: 'pass', 'not-conformant': 'fail', incomplete: 'error', 'no-verdict': 'skip' };

function paint(on: boolean, code: string, s: string): string {
  return on ? `\x1b[${code}m${s}\x1b[0m` : s;
}

/**
 * Registry text may hold terminal escapes; a report must not let a registry
 * move the cursor or retitle the terminal. C0 controls (but tab and newline),
 * DEL and C1 controls are shown as `\xNN`.
 */
export function terminalSafe(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function label(o: Outcome): string {
  return o.toUpperCase().padEnd(8);
}

function countsLine(counts: Record<Outcome, number>, color: boolean): string {
  return OUTCOMES.filter((o) => counts[o] > 0)
    .map((o) => paint(color, SGR[o], `${counts[o]} ${o}`))
    .join(' · ');
}

function indentBlock(s: string, pad: string): string {
  return terminalSafe(s).split('\n').join(`\n${pad}`);
}

/** One plain line for a finished check, e.g. for a progress display in CI: `[ 3/40] FAIL     pull/blob/get`. */
export function renderProgressLine(c: CheckResult, index: number, total: number, opts: ConsoleOptions): string {
  const n = String(index).padStart(String(total).length);
  return `[${n}/${total}] ${paint(opts.color, SGR[c.outcome], label(c.outcome))} ${terminalSafe(c.id)}`;
}

/**
 * The end-of-run summary: run facts, every warn/fail/error check with its
 * requirement IDs and message, counts by category and outcome, the verdict,
 * the seed and the replay command.
 */
export function renderConsole(run: RunResult, opts: ConsoleOptions): string {
  const r = run.run;
  const c = opts.color;
  const bold = (s: string): string => paint(c, '1', s);
  const dim = (s: string): string => paint(c, '2', s);
  const out: string[] = [];
  out.push(bold(`${r.harness.name} ${r.harness.version}`) + dim(` · distribution-spec ${r.spec.distribution} · image-spec ${r.spec.image}`));
  out.push(
    `registry ${terminalSafe(r.registry.url)}${r.registry.embedded ? ' (embedded)' : ''} · profile ${r.profile} · seed ${r.seed} · ` +
      `${run.checks.length} checks in ${(r.durationMs / 1000).toFixed(1)} s`,
  );

  const findings = (['error', 'fail', 'warn'] as const).flatMap((o) => run.checks.filter((x) => x.outcome === o));
  if (findings.length > 0) {
    out.push('');
    for (const f of findings) {
      const reqs = f.requirements.length > 0 ? f.requirements.join(', ') : 'no requirement';
      out.push(`${paint(c, SGR[f.outcome], label(f.outcome))} ${bold(terminalSafe(f.id))} ${dim(`[${f.level}: ${reqs}]`)}`);
      const pad = ' '.repeat(9);
      out.push(`${pad}${indentBlock(f.message || f.title, pad)}`);
      if (f.expected !== undefined) out.push(`${pad}${dim('expected:')} ${indentBlock(f.expected, pad)}`);
      if (f.observed !== undefined) out.push(`${pad}${dim('observed:')} ${indentBlock(f.observed, pad)}`);
      if (f.outcome !== 'warn') out.push(`${pad}${dim('replay:')} ${replayCheck(run, f.id)}`);
      if (isKnownFinding(f)) out.push(`${pad}${dim('known:')} ${indentBlock(expectationNote(f), pad)}`);
    }
  }
  out.push(...expectationLines(run, c));
  if (r.leftBehind?.length) {
    out.push('', bold(`left behind (${r.leftBehind.length}): the run could not delete what it pushed; remove these by hand`));
    for (const x of r.leftBehind.slice(0, 50))
      out.push(`  ${x.kind.padEnd(8)} ${terminalSafe(x.repository)}@${x.digest}${x.tags ? ` (tags ${terminalSafe(x.tags.join(', '))})` : ''}: ${terminalSafe(x.reason)}`);
    if (r.leftBehind.length > 50) out.push(dim(`  … ${r.leftBehind.length - 50} more in results.json (run.leftBehind)`));
  }

  // Warning headers are shown once each, however many responses carried them.
  const warnings = [...new Set(run.checks.flatMap((x) => x.warnings))];
  if (warnings.length > 0) {
    out.push('');
    out.push(bold(`registry warnings (${warnings.length} distinct)`));
    for (const w of warnings.slice(0, 10)) out.push(`  ${terminalSafe(w.length > 200 ? `${w.slice(0, 200)}…` : w)}`);
    if (warnings.length > 10) out.push(dim(`  … ${warnings.length - 10} more in the reports`));
  }

  // The account's missing rights are the user's business: listed, never counted as findings.
  const refused = run.checks.filter((x) => x.outcome === 'skip' && x.message.startsWith(NOT_PERMITTED));
  if (refused.length > 0) {
    out.push('');
    out.push(bold(`${NOT_PERMITTED} (${refused.length})`));
    for (const x of refused.slice(0, 20)) out.push(`  ${terminalSafe(x.id)}`);
    if (refused.length > 20) out.push(dim(`  … ${refused.length - 20} more in the reports`));
  }
  if (r.retried) {
    out.push('');
    out.push(dim(`${r.retried} request(s) sent again after 429 or 503 with Retry-After`));
  }
  if (r.incomplete) {
    out.push('');
    out.push(bold(`incomplete: ${terminalSafe(r.incomplete.reason)}; ${r.incomplete.notRun.length} check(s) did not run`));
  }

  out.push('');
  out.push(bold('by category'));
  const groups = groupByCategory(run);
  const w = Math.max(...groups.map((g) => g.category.length), 8);
  for (const g of groups) out.push(`  ${g.category.padEnd(w)}  ${String(g.checks.length).padStart(4)}  ${countsLine(g.counts, c)}`);
  out.push(`  ${'total'.padEnd(w)}  ${String(run.checks.length).padStart(4)}  ${countsLine(countOutcomes(run.checks), c)}`);

  out.push('');
  const v = overallVerdict(run);
  out.push(bold('conformance'));
  const lw = Math.max(...v.categories.map((x) => x.label.length));
  for (const cv of v.categories) out.push(`  ${cv.label.padEnd(lw)}  ${paint(c, SGR[STATE_OUTCOME[cv.state]], stateText(cv))}`);
  out.push('');
  const tone: Outcome = v.state === 'conformant' && v.shouldFindings > 0 ? 'warn' : VERDICT_TONE[v.state];
  out.push(`${bold('result')}  ${paint(c, SGR[tone], v.label)}  ${v.state === 'no-verdict' ? 'no selected check reached a verdict' : v.line}`);
  if (r.expectations) {
    const e = r.expectations;
    const differs = e.newFailures + e.unexpectedPasses > 0;
    out.push(
      `${bold('expect')}  ${paint(c, differs ? SGR.fail : SGR.pass, differs ? 'DIFFERS' : 'MATCHES')}  ${e.newFailures} new failure(s), ${e.unexpectedPasses} unexpected pass(es), ${e.expected} as expected (${terminalSafe(e.source)})`,
    );
  }
  out.push(`${bold('seed')}    ${r.seed}`);
  out.push(`${bold('replay')}  ${r.replay}`);
  return `${out.join('\n')}\n`;
}

/** The difference from --expect both ways: new failures, expected failures that are gone, known ones, stale entries. */
function expectationLines(run: RunResult, c: boolean): string[] {
  const e = run.run.expectations;
  if (!e) return [];
  const out = ['', paint(c, '1', `expectations (${terminalSafe(e.source)})`)];
  const rows: Array<[string, string, CheckResult[]]> = [
    ['NEW FAILURE', SGR.fail, run.checks.filter((x) => x.expectation?.verdict === 'new-failure')],
    ['UNEXPECTED PASS', SGR.fail, run.checks.filter((x) => x.expectation?.verdict === 'unexpected-pass')],
    ['known', SGR.skip, run.checks.filter(isKnownFinding)],
  ];
  for (const [label, sgr, list] of rows)
    for (const x of list) {
      const want = x.expectation?.outcomes ? `expected ${x.expectation.outcomes.join(' or ')}` : 'no entry';
      const note = expectationNote(x);
      out.push(`  ${paint(c, sgr, label.padEnd(16))} ${terminalSafe(x.id)}: ${x.outcome}, ${want}${note ? ` — ${terminalSafe(note)}` : ''}`);
    }
  for (const u of e.unused) out.push(`  ${paint(c, SGR.skip, 'unused entry'.padEnd(16))} ${terminalSafe(u)} matches no check of this run`);
  if (out.length === 2) out.push('  every check as expected');
  return out;
}
