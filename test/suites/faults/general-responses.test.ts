import { describe, expect, it } from 'vitest';
import type { FaultName } from '../../../src/refreg/index.js';
import type { Outcome } from '../../../src/model/outcome.js';
import { WORKFLOWS } from '../../../suites/index.js';
import { recordFaultTable } from '../../helpers/faults.js';
import { runAgainstReference } from '../../helpers/selftest.js';

/**
 * The response-level judge sees the exchanges of every other workflow, so its
 * proofs run the whole suite: clean, every judge check passes; under each
 * fault exactly the listed judge checks leave pass.
 */
const JUDGE = WORKFLOWS.find((w) => w.id === 'general-responses')!;

async function judgeVerdicts(faults: FaultName[]): Promise<Record<string, Outcome>> {
  const run = await runAgainstReference({ faults });
  return Object.fromEntries(run.results.filter((r) => r.workflow === JUDGE.id && r.outcome !== 'pass').map((r) => [r.id, r.outcome]));
}

const TABLE: Partial<Record<FaultName, Record<string, Outcome>>> = {
  'server-error-malformed-digest': { 'general/responses/no-server-errors': 'fail' },
  'connection-drop-unregistered-digest': { 'general/responses/no-dropped-connections': 'fail' },
  'error-code-range-invalid': { 'general/responses/error-bodies': 'fail' },
  'error-code-unknown': { 'general/responses/error-bodies': 'fail' },
  'error-body-not-errors': { 'general/responses/error-bodies': 'fail' },
  'error-code-lowercase': { 'general/responses/error-bodies': 'fail' },
  'error-message-not-string': { 'general/responses/error-bodies': 'fail' },
  'content-length-overstated-404': { 'general/responses/content-length': 'fail' },
  'ping-json-not-json': { 'general/responses/content-type': 'fail' },
  'digest-header-wrong-large-manifest': { 'general/responses/digest-header': 'fail' },
  'digest-header-wrong': { 'general/responses/digest-header': 'fail' },
  'manifest-put-digest-header-wrong': { 'general/responses/digest-header': 'fail' },
  'mount-digest-header-wrong': { 'general/responses/digest-header': 'fail' },
  // The closing PUT answers 200: every setup that pushes an image fails on it.
  'upload-put-not-201': { 'general/responses/setups': 'fail' },
  'tags-n-invalid-500': { 'general/responses/no-server-errors': 'fail' },
};

if (!recordFaultTable(JUDGE.id, TABLE)) describe('workflow general-responses', () => {
  it('passes against the reference registry, over every exchange of the run', async () => {
    expect(await judgeVerdicts([])).toEqual({});
  });

  for (const [fault, verdicts] of Object.entries(TABLE) as Array<[FaultName, Record<string, Outcome>]>) {
    it(`under fault ${fault}: ${Object.keys(verdicts).join(', ')} leave pass`, async () => {
      expect(await judgeVerdicts([fault])).toEqual(verdicts);
    });
  }

  it('has no check that cannot fail: each fails or warns under some fault', () => {
    const proven = new Set(Object.values(TABLE).flatMap((v) => Object.keys(v!)));
    expect(JUDGE.checks.map((c) => c.id).filter((id) => !proven.has(id))).toEqual([]);
  });

  it('cites the exchange that broke the rule, with the check that made it', async () => {
    const run = await runAgainstReference({ faults: ['server-error-malformed-digest'] });
    const r = run.results.find((x) => x.id === 'general/responses/no-server-errors')!;
    expect(r.message).toMatch(/general\/names\/invalid-digest: GET \S+\/blobs\/\S+ → 500/);
    expect(r.exchanges.length).toBeGreaterThan(0);
    expect(r.exchanges.every((e) => e.status === 500)).toBe(true);
  });

  it('skips when no other workflow ran', async () => {
    const run = await runAgainstReference({}, { workflows: [JUDGE] });
    expect(new Set(run.results.map((r) => r.outcome))).toEqual(new Set(['skip']));
  });
});
