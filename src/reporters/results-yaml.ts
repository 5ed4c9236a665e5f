import type { Outcome } from '../model/outcome.js';
import type { CheckResult, RunResult } from '../model/result.js';
import { CATEGORIES, type Category } from '../catalog/types.js';
import { claimsOf, overallVerdict, stateText } from '../model/verdict.js';
import { OFFICIAL_APIS, OFFICIAL_DATA, OFFICIAL_UNTESTED, ruleMatches, type OfficialRule } from './official-names.js';

/** Status words of the official suite's results.yaml. */
export type OfficialStatus = 'Pass' | 'Skip' | 'Disabled' | 'FAIL' | 'Error';

/** Our outcome in the official vocabulary: a SHOULD not met (warn) is still a Pass there. */
export const OFFICIAL_STATUS: Record<Outcome, OfficialStatus> = {
  pass: 'Pass',
  warn: 'Pass',
  skip: 'Skip',
  disabled: 'Disabled',
  fail: 'FAIL',
  error: 'Error',
};

/** The suite aggregates by only ever raising: Disabled < Skip < Pass < FAIL < Error (its `status.Set`). */
const OFFICIAL_ORDER: readonly OfficialStatus[] = ['Disabled', 'Skip', 'Pass', 'FAIL', 'Error'];

export function raiseStatus(a: OfficialStatus, b: OfficialStatus): OfficialStatus {
  return OFFICIAL_ORDER.indexOf(b) > OFFICIAL_ORDER.indexOf(a) ? b : a;
}

export interface OfficialRow {
  name: string;
  status: OfficialStatus;
  checks: CheckResult[];
}

/** One row per rule that at least one check of the run maps to, in the table's order. */
export function officialTable(run: RunResult, rules: readonly OfficialRule[]): OfficialRow[] {
  const rows: OfficialRow[] = [];
  for (const rule of rules) {
    const checks = run.checks.filter((c) => ruleMatches(rule, c));
    if (checks.length === 0) continue;
    let status: OfficialStatus = 'Disabled';
    for (const c of checks) status = raiseStatus(status, OFFICIAL_STATUS[c.outcome]);
    rows.push({ name: rule.name, status, checks });
  }
  return rows;
}

export function officialApis(run: RunResult): OfficialRow[] {
  return officialTable(run, OFFICIAL_APIS);
}

export function officialData(run: RunResult): OfficialRow[] {
  return officialTable(run, OFFICIAL_DATA);
}

/** A YAML scalar: plain when unambiguous, else a JSON string (JSON strings are valid YAML double-quoted scalars). */
export function yamlScalar(v: string | number | boolean): string {
  if (typeof v !== 'string') return String(v);
  const plain =
    /^[A-Za-z_/][A-Za-z0-9_ ./@+-]*$/.test(v) &&
    !/ $/.test(v) &&
    !/^(true|false|yes|no|on|off|null|y|n|~)$/i.test(v);
  return plain ? v : JSON.stringify(v);
}

/** For YAML comments: one line, no control characters. */
function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

function registryHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The TLS mode in the official suite's words (`OCI_TLS`); older results carry none, so it is read off the URL. */
export function tlsMode(run: RunResult): 'enabled' | 'insecure' | 'disabled' {
  return run.run.tls ?? (run.run.registry.url.startsWith('https:') ? 'enabled' : 'disabled');
}

/** Categories of the catalog with at least one check that was not disabled: the API groups that ran. */
export function categoriesRun(run: RunResult): Record<Category, boolean> {
  return Object.fromEntries(CATEGORIES.map((c) => [c, run.checks.some((x) => x.category === c && x.outcome !== 'disabled')])) as Record<Category, boolean>;
}

/** A YAML flow sequence of strings (JSON arrays of strings are valid YAML). */
function yamlList(xs: readonly string[]): string {
  return JSON.stringify(xs);
}

/**
 * `results.yaml` in the official suite's vocabulary: a `config:` block with
 * what a reviewer needs to reproduce the run (registry, TLS, repositories,
 * profile, categories that ran, selection, seed; never credentials), our
 * per-category `conformance:` verdict, then `apis:` and `data:` maps from
 * official name to Pass/Skip/Disabled/FAIL/Error, keys sorted as the suite's
 * YAML encoder sorts them. Official names no check of ours tests are listed in
 * a comment with the reason, never with a status.
 */
export function renderResultsYaml(run: RunResult): string {
  const r = run.run;
  const verdict = overallVerdict(run);
  const ran = categoriesRun(run);
  const sel = r.selection;
  const lines: string[] = [
    `# Conformance results of ${oneLine(r.registry.url)}, written by ${r.harness.name} ${oneLine(r.harness.version)}`,
    '# in the vocabulary of the OCI conformance suite (apis/data with Pass, Skip, Disabled, FAIL, Error).',
    '# SHOULD-level findings (warn) count as Pass here; see results.json and report.html for them.',
    'config:',
    `  registry: ${yamlScalar(registryHost(r.registry.url))}`,
    `  tls: ${tlsMode(run)}`,
    `  namespace: ${yamlScalar(r.namespace)}`,
    `  crossmountNamespace: ${yamlScalar(r.crossmountNamespace ?? r.namespace)}`,
    `  version: ${yamlScalar(r.profile)}`,
    '  categories:',
    ...CATEGORIES.map((c) => `    ${c}: ${ran[c]}`),
    `  claims: ${yamlList(claimsOf(run))}`,
    ...(sel && sel.only.length > 0 ? [`  only: ${yamlList(sel.only)}`] : []),
    ...(sel && sel.skip.length > 0 ? [`  skip: ${yamlList(sel.skip)}`] : []),
    ...(sel && sel.disabledCategories.length > 0 ? [`  disabledCategories: ${yamlList(sel.disabledCategories)}`] : []),
    `  harness: ${yamlScalar(`${r.harness.name} ${r.harness.version}`)}`,
    `  specDistribution: ${yamlScalar(r.spec.distribution)}`,
    `  specImage: ${yamlScalar(r.spec.image)}`,
    `  seed: ${r.seed}`,
    `  runId: ${yamlScalar(r.runId)}`,
    `  startedAt: ${yamlScalar(r.startedAt)}`,
    `  replay: ${yamlScalar(r.replay)}`,
    'conformance:',
    `  result: ${yamlScalar(verdict.label)}`,
    `  summary: ${yamlScalar(verdict.line)}`,
    // A flow map per category: its verdict, and the checks behind a MUST finding.
    ...verdict.categories.map((c) => `  ${c.category}: {verdict: ${yamlScalar(stateText(c))}${c.failing.length > 0 ? `, findings: ${yamlList(c.failing)}` : ''}}`),
  ];
  const section = (key: string, rows: OfficialRow[]): void => {
    if (rows.length === 0) {
      lines.push(`${key}: {}`);
      return;
    }
    lines.push(`${key}:`);
    for (const row of [...rows].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      lines.push(`  ${yamlScalar(row.name)}: ${row.status}`);
    }
  };
  section('apis', officialApis(run));
  section('data', officialData(run));
  lines.push('# Official names no check of oci-conform tests:');
  for (const u of OFFICIAL_UNTESTED) lines.push(`#   ${u.name}: ${u.reason}`);
  return `${lines.join('\n')}\n`;
}

/**
 * A `PRODUCT.yaml` template for a submission to opencontainers/oci-conformance.
 * The vendor fills in every field; `type` is `distribution` for software one
 * installs and `hosted` for a service.
 */
export function renderProductYaml(run: RunResult): string {
  const r = run.run;
  return [
    '# PRODUCT.yaml for a submission to https://github.com/opencontainers/oci-conformance',
    oneLine(`# Results: ${r.registry.url}, profile ${r.profile}, distribution-spec ${r.spec.distribution}, seed ${r.seed},`),
    oneLine(`# tested by ${r.harness.name} ${r.harness.version} at ${r.startedAt}.`),
    '# Fill in every field before opening the pull request.',
    'vendor: ""',
    'name: ""',
    'version: ""',
    'website_url: ""',
    'repo_url: ""',
    'documentation_url: ""',
    'product_logo_url: ""',
    '# distribution (software you install) or hosted (a service)',
    'type: distribution',
    'description: ""',
    '',
  ].join('\n');
}
