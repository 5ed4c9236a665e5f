import type { CheckResult, RunResult } from '../model/result.js';
import { expectationNote, groupByCategory, isKnownFinding, replayCheck, seconds } from './util.js';
import { attrs, xmlText } from './xml.js';

/**
 * `junit.xml` in the Jenkins/Surefire dialect (the one JUnit consumers share):
 * one `<testsuite>` per category, one `<testcase>` per check.
 *
 * - fail ⇒ `<failure>`, error ⇒ `<error>`, skip and disabled ⇒ `<skipped>`;
 * - with --expect, a known failure ⇒ `<skipped message="expected failure: reason">` (Jenkins and
 *   GitLab list it as skipped with that text) and an unexpected pass ⇒ `<failure>`, so the test
 *   view agrees with the exit code;
 * - warn passes (a SHOULD is not a CI failure) and carries its note in `<system-out>`;
 * - that schema has no `<properties>` inside a testcase, so the requirement IDs,
 *   level and outcome of each check open its `<system-out>`; run-wide facts
 *   (registry, seed, versions, replay) are `<properties>` of every testsuite.
 */
export function renderJunit(run: RunResult): string {
  const r = run.run;
  const groups = groupByCategory(run);
  const total = run.checks.length;
  const failures = run.checks.filter((c) => element(c) === 'failure').length;
  const errors = run.checks.filter((c) => element(c) === 'error').length;
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    `<testsuites${attrs({ name: `oci-conform ${r.registry.url}`, tests: total, failures, errors, time: seconds(r.durationMs) })}>`,
  );
  for (const g of groups) {
    const time = g.checks.reduce((s, c) => s + c.durationMs, 0);
    out.push(
      `  <testsuite${attrs({
        name: g.category,
        package: `oci-conform.${g.category}`,
        tests: g.checks.length,
        failures: g.checks.filter((c) => element(c) === 'failure').length,
        errors: g.checks.filter((c) => element(c) === 'error').length,
        skipped: g.checks.filter((c) => element(c) === 'skipped').length,
        time: seconds(time),
        timestamp: r.startedAt,
      })}>`,
    );
    out.push('    <properties>');
    const props: Array<[string, string]> = [
      ['harness', `${r.harness.name} ${r.harness.version}`],
      ['spec.distribution', r.spec.distribution],
      ['spec.image', r.spec.image],
      ['registry', r.registry.url],
      ['registry.embedded', String(r.registry.embedded)],
      ['profile', r.profile],
      ['seed', String(r.seed)],
      ['runId', r.runId],
      ['replay', r.replay],
    ];
    for (const [name, value] of props) out.push(`      <property${attrs({ name, value })}/>`);
    out.push('    </properties>');
    for (const c of g.checks) out.push(...testcase(run, c));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function testcase(run: RunResult, c: CheckResult): string[] {
  const open = `    <testcase${attrs({
    name: `[${c.id}] ${c.title}`,
    classname: `oci-conform.${c.category}.${c.workflow}`,
    time: seconds(c.durationMs),
  })}`;
  const lines: string[] = [];
  const detail = detailText(c);
  if (isKnownFinding(c) && c.outcome !== 'warn') {
    lines.push(`      <skipped${attrs({ message: `expected failure: ${expectationNote(c)}` })}/>`);
    lines.push(`      <system-out>${xmlText(systemOut(run, c))}</system-out>`);
    return [`${open}>`, ...lines, '    </testcase>'];
  }
  if (c.expectation?.verdict === 'unexpected-pass') {
    const msg = `unexpected pass: ${c.outcome}, expected ${c.expectation.outcomes?.join(' or ')}: ${expectationNote(c)}`;
    lines.push(`      <failure${attrs({ message: msg, type: 'expectation not met' })}>${xmlText(`${msg}\nremove the entry "${c.expectation.match}" from the expectations`)}</failure>`);
    lines.push(`      <system-out>${xmlText(systemOut(run, c))}</system-out>`);
    return [`${open}>`, ...lines, '    </testcase>'];
  }
  switch (c.outcome) {
    case 'fail':
      lines.push(`      <failure${attrs({ message: c.message, type: `${c.level} not met` })}>${xmlText(detail)}</failure>`);
      break;
    case 'error':
      lines.push(`      <error${attrs({ message: c.message, type: 'harness or transport error' })}>${xmlText(detail)}</error>`);
      break;
    case 'skip':
    case 'disabled':
      lines.push(`      <skipped${attrs({ message: `${c.outcome}: ${c.message}` })}/>`);
      break;
    default:
      break;
  }
  lines.push(`      <system-out>${xmlText(systemOut(run, c))}</system-out>`);
  return [`${open}>`, ...lines, '    </testcase>'];
}

/** The element a testcase carries, which its counts follow. */
function element(c: CheckResult): 'failure' | 'error' | 'skipped' | undefined {
  if (isKnownFinding(c)) return c.outcome === 'warn' ? undefined : 'skipped';
  if (c.expectation?.verdict === 'unexpected-pass') return 'failure';
  return c.outcome === 'fail' ? 'failure' : c.outcome === 'error' ? 'error' : c.outcome === 'skip' || c.outcome === 'disabled' ? 'skipped' : undefined;
}

function detailText(c: CheckResult): string {
  const parts = [c.message];
  if (c.expected !== undefined) parts.push(`expected: ${c.expected}`);
  if (c.observed !== undefined) parts.push(`observed: ${c.observed}`);
  parts.push(`requirements: ${c.requirements.join(', ') || '(none)'}`);
  return parts.join('\n');
}

function systemOut(run: RunResult, c: CheckResult): string {
  const lines = [
    `outcome: ${c.outcome}`,
    `level: ${c.level}`,
    `requirements: ${c.requirements.join(', ') || '(none)'}`,
  ];
  if (c.outcome === 'warn') lines.push(`warning: ${c.level} not met: ${c.message}`);
  else if (c.message !== '') lines.push(`message: ${c.message}`);
  if (c.expected !== undefined) lines.push(`expected: ${c.expected}`);
  if (c.observed !== undefined) lines.push(`observed: ${c.observed}`);
  if (c.expectation) lines.push(`expectation: ${c.expectation.verdict}${c.expectation.outcomes ? ` (expected ${c.expectation.outcomes.join(' or ')}: ${expectationNote(c)})` : ''}`);
  for (const w of c.warnings) lines.push(`registry Warning header: ${w}`);
  if (c.exchanges.length > 0) {
    lines.push(`transcript (${c.exchanges.length} request${c.exchanges.length === 1 ? '' : 's'}):`);
    for (const ex of c.exchanges) {
      const status = ex.status === null ? `no response${ex.error ? ` (${ex.error})` : ''}` : String(ex.status);
      lines.push(`  ${ex.method} ${ex.url} -> ${status} in ${Math.round(ex.durationMs)} ms`);
    }
  }
  lines.push(`replay: ${replayCheck(run, c.id)}`);
  return lines.join('\n');
}
