import { describe, expect, it } from 'vitest';
import type { Category } from '../../src/catalog/types.js';
import type { Outcome } from '../../src/model/outcome.js';
import type { CheckResult, RunResult } from '../../src/model/result.js';
import { NOT_RUN, categoryVerdicts, claimsOf, overallVerdict } from '../../src/model/verdict.js';
import { loadSample } from '../reporters/helpers.js';

function runOf(checks: Array<[Category, Outcome]>, claims?: RunResult['run']['claims']): RunResult {
  const run = loadSample();
  run.checks = checks.map(([category, outcome], i): CheckResult => ({ ...run.checks[0]!, id: `x/${i}`, category, outcome }));
  if (claims) run.run.claims = claims;
  return run;
}

describe('categoryVerdicts', () => {
  it('judges each workflow category; general counts towards Pull', () => {
    const v = categoryVerdicts(
      runOf([
        ['general', 'fail'],
        ['pull', 'pass'],
        ['push', 'warn'],
        ['push', 'skip'],
        ['content-discovery', 'error'],
        ['content-discovery', 'pass'],
        ['content-management', 'disabled'],
      ]),
    );
    expect(v.map((c) => [c.category, c.state, c.mustFindings])).toEqual([
      ['pull', 'not-conformant', 1],
      ['push', 'conformant', 0],
      ['content-discovery', 'incomplete', 0],
      ['content-management', 'not-testable', 0],
    ]);
  });

  it('keeps what an unclaimed category would be, and never claims it', () => {
    const v = categoryVerdicts(runOf([['pull', 'pass'], ['content-management', 'fail']], ['pull', 'push']));
    const cm = v.find((c) => c.category === 'content-management')!;
    expect(cm).toMatchObject({ claimed: false, state: 'not-claimed', tested: 'not-conformant', mustFindings: 1 });
  });

  it('always claims Pull, and everything when the run names no claims', () => {
    expect(claimsOf(runOf([], ['push']))).toEqual(['pull', 'push']);
    expect(claimsOf(runOf([]))).toEqual(['pull', 'push', 'content-discovery', 'content-management']);
  });
});

describe('overallVerdict', () => {
  it('names the categories by verdict in one line', () => {
    const v = overallVerdict(
      runOf(
        [
          ['pull', 'pass'],
          ['push', 'pass'],
          ['content-discovery', 'fail'],
          ['content-discovery', 'fail'],
          ['content-discovery', 'fail'],
          ['content-management', 'pass'],
        ],
        ['pull', 'push', 'content-discovery'],
      ),
    );
    expect(v.state).toBe('not-conformant');
    expect(v.line).toBe('Conformant: Pull, Push · Not conformant: Content Discovery, 3 MUST findings · Not claimed: Content Management');
    expect(v.mustFindings).toBe(3);
  });

  it('a registry with deletes disabled is conformant for what it claims', () => {
    const v = overallVerdict(runOf([['pull', 'pass'], ['push', 'pass'], ['content-management', 'fail']], ['pull', 'push', 'content-discovery']));
    expect(v.state).toBe('conformant');
    expect(v.label).toBe('CONFORMANT');
    expect(v.line).toBe('Conformant: Pull, Push · Not testable with this account or profile: Content Discovery · Not claimed: Content Management (1 MUST finding there)');
    expect(v.mustFindings).toBe(0);
  });

  it('a category left out by --only or --skip is not selected, not untestable', () => {
    const run = runOf([['pull', 'pass'], ['push', 'disabled'], ['push', 'disabled'], ['content-discovery', 'disabled']]);
    run.checks[1]!.message = 'not selected by --only';
    run.checks[2]!.message = 'excluded by --skip';
    run.checks[3]!.message = 'category content-discovery is turned off';
    expect(overallVerdict(run).line).toBe(
      'Conformant: Pull · Not testable with this account or profile: Content Discovery, Content Management · Not selected: Push',
    );
  });

  it('reads NO VERDICT when no check reached a verdict', () => {
    for (const outcomes of [[], ['skip', 'disabled'], ['error']] as Outcome[][]) {
      const v = overallVerdict(runOf(outcomes.map((o) => ['pull', o])));
      expect(v.state).toBe('no-verdict');
      expect(v.label).toBe('NO VERDICT');
    }
  });

  it('a stopped run is incomplete where checks did not run, never conformant', () => {
    const run = runOf([['pull', 'pass'], ['push', 'pass'], ['push', 'disabled']]);
    run.checks[2]!.message = `${NOT_RUN} (the run deadline passed)`;
    const v = overallVerdict(run);
    expect(v.state).toBe('incomplete');
    expect(v.line).toMatch(/^Conformant: Pull · Incomplete: Push, 1 not run · /);
  });

  it('errors without MUST findings leave the run incomplete', () => {
    expect(overallVerdict(runOf([['pull', 'pass'], ['push', 'error']])).state).toBe('incomplete');
  });
});
