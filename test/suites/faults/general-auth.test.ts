import { describe, expect, it } from 'vitest';
import { WORKFLOWS } from '../../../suites/index.js';
import { collectingFaultTables, proveWorkflow } from '../../helpers/faults.js';
import { runAgainstReference } from '../../helpers/selftest.js';

const badCode = { 'general/auth/unauthorized-code': 'warn' } as const;

// The reference registry requires Basic credentials here; the checks look at it without any.
proveWorkflow(
  'general-auth',
  {
    'ping-unauthorized-no-challenge': { 'general/auth/challenge': 'fail' },
    'error-unauthorized-code-wrong': badCode,
    'error-code-lowercase': badCode,
    'error-code-unknown': badCode,
    'error-body-not-errors': badCode,
  },
  { registry: { auth: { mode: 'basic', username: 'ci-bot', password: 'secret-1' } } },
);

describe.skipIf(collectingFaultTables())('workflow general-auth, other registries', () => {
  const workflows = WORKFLOWS.filter((w) => w.id === 'general-auth');

  it('passes against a registry that requires bearer tokens', async () => {
    const run = await runAgainstReference({ auth: { mode: 'bearer', username: 'ci-bot', password: 'secret-1' } }, { workflows });
    expect(run.verdicts()).toEqual({ 'general/auth/challenge': 'pass', 'general/auth/unauthorized-code': 'pass' });
  });

  it('skips against an open registry: there is no challenge to judge', async () => {
    const run = await runAgainstReference({}, { workflows });
    expect(run.verdicts()).toEqual({ 'general/auth/challenge': 'skip', 'general/auth/unauthorized-code': 'skip' });
  });
});
