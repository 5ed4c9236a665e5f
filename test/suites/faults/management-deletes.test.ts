import { describe, expect, it } from 'vitest';
import { collectingFaultTables, proveWorkflow, recordFaultTable } from '../../helpers/faults.js';
import { runAgainstReference } from '../../helpers/selftest.js';
import { WORKFLOWS } from '../../../suites/index.js';

/** With deletion enabled (the default) the refusal checks have nothing to judge. */
const noRefusal = { 'content-management/delete/disabled-status': 'skip', 'content-management/delete/disabled-code': 'skip' } as const;

proveWorkflow(
  'management-deletes',
  {
    // Both manifest deletes (by tag and by digest) answer 200; the after-checks accept any 2xx.
    'delete-manifest-200': { 'content-management/delete/tag': 'fail', 'content-management/delete/manifest': 'fail' },
    'delete-blob-200': { 'content-management/delete/blob': 'fail' },
    'delete-tag-keeps-tag': { 'content-management/delete/tag-gone': 'fail' },
    // The manifest vanishes with its tag, so its digest and its other tag answer 404.
    'delete-tag-deletes-manifest': { 'content-management/delete/tag-gone': 'fail' },
    // The deleted referrer stays in its subject's referrers list too.
    'delete-manifest-keeps-content': { 'content-management/delete/manifest-gone': 'fail', 'content-management/delete/referrer-gone': 'warn' },
    'referrers-stale-after-delete': { 'content-management/delete/referrer-gone': 'warn' },
    'tags-stale-after-delete': { 'content-management/delete/manifest-gone': 'fail' },
    'delete-blob-keeps-content': { 'content-management/delete/blob-gone': 'fail' },
    'delete-unknown-202': { 'content-management/delete/unknown-manifest': 'fail', 'content-management/delete/unknown-blob': 'fail' },
    'repo-missing-not-404': { 'content-management/delete/missing-repository': 'fail' },
    // Tag deletion refused with 403 DENIED: the tag checks have no deleted tag to look at,
    // the refusal has neither an allowed status nor the UNSUPPORTED code.
    'delete-tag-refused-403': {
      'content-management/delete/tag': 'skip',
      'content-management/delete/tag-gone': 'skip',
      'content-management/delete/disabled-status': 'fail',
      'content-management/delete/disabled-code': 'warn',
    },
  },
  { baseline: noRefusal },
);

/** 403 is neither the 404 of unknown content nor the 400/405 of disabled deletion (with `deletes: false`). */
const DISABLED_403 = {
  'content-management/delete/unknown-manifest': 'fail',
  'content-management/delete/unknown-blob': 'fail',
  'content-management/delete/missing-repository': 'fail',
  'content-management/delete/disabled-status': 'fail',
  'content-management/delete/disabled-code': 'warn',
} as const;
recordFaultTable('management-deletes', { 'delete-disabled-403': DISABLED_403 });

/** The same workflow against a registry with deletion disabled (`deletes: false`). */
describe.skipIf(collectingFaultTables())('workflow management-deletes with deletion disabled', () => {
  const workflow = WORKFLOWS.find((w) => w.id === 'management-deletes')!;
  const verdicts = async (faults: Array<'delete-disabled-403'>): Promise<Record<string, string>> => {
    const run = await runAgainstReference({ deletes: false, faults }, { workflows: [workflow] });
    return Object.fromEntries(run.results.filter((r) => r.outcome !== 'pass').map((r) => [r.id, r.outcome]));
  };
  // 405 UNSUPPORTED everywhere: every deletion check skips as the spec allows.
  const disabled = {
    'content-management/delete/tag': 'skip',
    'content-management/delete/tag-gone': 'skip',
    'content-management/delete/manifest': 'skip',
    'content-management/delete/manifest-gone': 'skip',
    'content-management/delete/blob': 'skip',
    'content-management/delete/blob-gone': 'skip',
    'content-management/delete/unknown-manifest': 'skip',
    'content-management/delete/unknown-blob': 'skip',
    'content-management/delete/missing-repository': 'skip',
    'content-management/delete/referrer-gone': 'skip',
  };

  it('skips the deletion checks and passes the refusal checks', async () => {
    expect(await verdicts([])).toEqual(disabled);
  });

  it('under fault delete-disabled-403: the refusal checks and the unknown-content checks leave pass', async () => {
    expect(await verdicts(['delete-disabled-403'])).toEqual({ ...disabled, ...DISABLED_403 });
  });
});
