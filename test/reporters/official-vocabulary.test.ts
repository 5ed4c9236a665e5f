import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { CheckResult, RunResult } from '../../src/model/result.js';
import { OFFICIAL_APIS, OFFICIAL_DATA, OFFICIAL_UNTESTED, ruleMatches, type OfficialRule } from '../../src/reporters/official-names.js';
import { renderResultsYaml } from '../../src/reporters/results-yaml.js';
import { checkMeta } from '../../src/runner/workflow.js';
import { WORKFLOWS } from '../../suites/index.js';
import { loadSample } from './helpers.js';
import { OFFICIAL_API_NAMES, VOCABULARY } from './vocabulary.js';

/** Every check of the suites, as a report would carry it. */
const CHECKS: CheckResult[] = WORKFLOWS.flatMap((w) => w.checks.map((c) => checkMeta(w, c))).map(({ needs: _needs, ...m }) => ({
  ...m,
  outcome: 'pass',
  message: '',
  durationMs: 1,
  warnings: [],
  exchanges: [],
}));

function fullRun(): RunResult {
  const run = loadSample();
  run.checks = CHECKS;
  return run;
}

const covered = (rule: OfficialRule): CheckResult[] => CHECKS.filter((c) => ruleMatches(rule, c));

describe('the official results.yaml vocabulary', () => {
  it('has the API names in the order this project keeps them', () => {
    expect(VOCABULARY.apis).toEqual([...OFFICIAL_API_NAMES].sort());
  });

  it.each([
    ['apis', OFFICIAL_APIS],
    ['data', OFFICIAL_DATA],
  ] as const)('every %s name is produced by our checks or listed as not tested, with its reason', (section, rules) => {
    const untested = new Map(OFFICIAL_UNTESTED.map((u) => [u.name, u.reason]));
    for (const name of VOCABULARY[section]) {
      const rule = rules.find((r) => r.name === name);
      if (rule) {
        expect(untested.has(name), `${name} is both mapped and listed as untested`).toBe(false);
        expect(covered(rule).length, `no check maps to ${name}`).toBeGreaterThan(0);
      } else {
        expect(untested.get(name), `${name} is neither mapped nor listed as untested`).toMatch(/^.{20,}$/);
      }
    }
    for (const r of rules) expect(VOCABULARY[section], `${r.name} is not an official ${section} name`).toContain(r.name);
  });

  it('lists as untested only names of the vocabulary', () => {
    for (const u of OFFICIAL_UNTESTED) expect([...VOCABULARY.apis, ...VOCABULARY.data]).toContain(u.name);
    expect(OFFICIAL_UNTESTED.map((u) => u.name)).toEqual(expect.arrayContaining(['Tag Param', 'Manifest put with tag params']));
  });

  it('a full run writes every mapped name into results.yaml, and names the untested ones with their reason', () => {
    const yaml = renderResultsYaml(fullRun());
    for (const r of [...OFFICIAL_APIS, ...OFFICIAL_DATA]) expect(yaml).toMatch(new RegExp(`^  ${r.name}: Pass$`, 'm'));
    const doc = parseYaml(yaml) as { apis: Record<string, string>; data: Record<string, string>; config: Record<string, unknown>; conformance: Record<string, unknown> };
    expect(Object.keys(doc.apis).length + Object.keys(doc.data).length).toBe(OFFICIAL_APIS.length + OFFICIAL_DATA.length);
    expect(doc.config['claims']).toEqual(['pull', 'push', 'content-discovery', 'content-management']);
    expect(doc.conformance['pull']).toEqual({ verdict: 'conformant' });
    for (const u of OFFICIAL_UNTESTED) {
      expect(yaml).not.toMatch(new RegExp(`^  ${u.name}:`, 'm'));
      expect(yaml).toContain(`#   ${u.name}: ${u.reason}`);
    }
  });
});

describe('the mapping names only what exists', () => {
  const workflows = new Map(WORKFLOWS.map((w) => [w.id, CHECKS.filter((c) => c.workflow === w.id)]));
  const ids = new Set(CHECKS.map((c) => c.id));

  it.each([...OFFICIAL_APIS, ...OFFICIAL_DATA].map((r) => [r.name, r] as const))('%s: workflows, requirements and check IDs exist', (_n, rule) => {
    for (const id of [...(rule.checks ?? []), ...(rule.except ?? [])]) expect(ids, `check ${id}`).toContain(id);
    for (const k of rule.from) {
      const checks = k.workflows.flatMap((w) => {
        expect(workflows.has(w), `workflow ${w}`).toBe(true);
        return workflows.get(w) ?? [];
      });
      for (const req of [...(k.requirements ?? []), ...(k.unless ?? [])]) {
        expect(checks.some((c) => c.requirements.includes(req)), `no check of ${k.workflows.join(', ')} proves ${req}`).toBe(true);
      }
    }
  });
});
