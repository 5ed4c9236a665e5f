import { describe, expect, it } from 'vitest';
import { onDistribution } from '../../helpers/distribution.js';

/** The general workflows against CNCF distribution 2.8.2 (Debian docker-registry). */
describe('general workflows against CNCF distribution', () => {
  const run = onDistribution(['general-categories', 'general-auth', 'general-errors', 'general-names', 'general-warnings', 'general-extensions']);

  it('gives the verdicts the spec demands of it', () => {
    expect(run().verdicts()).toEqual({
      'general/categories/pull': 'pass',
      // It has no referrers API (404): Content Discovery is only partly there.
      'general/categories/beyond-pull': 'warn',
      // Started without authentication: there is no challenge to judge.
      'general/auth/challenge': 'skip',
      'general/auth/unauthorized-code': 'skip',
      'general/errors/body-shape': 'pass',
      'general/errors/codes': 'pass',
      'general/names/separators': 'pass',
      // Distribution opens upload sessions for repository names with upper-case letters (202), which the name grammar forbids.
      'general/names/invalid-refused': 'fail',
      'general/names/invalid-digest': 'pass',
      // It answers 400 for a grammar-valid digest of an unregistered algorithm instead of treating it as unknown.
      'general/names/unregistered-algorithm': 'warn',
      // It sends no Warning headers and has no extensions (404 on discovery): both are allowed.
      'general/warnings/format': 'skip',
      'general/warnings/size': 'skip',
      'general/extensions/discover': 'skip',
      'general/extensions/discover-repository': 'skip',
      'general/extensions/names': 'skip',
      'general/extensions/endpoint-paths': 'skip',
    });
  });

  it('names the upper-case repository it wrongly accepted', () => {
    const r = run().results.find((x) => x.id === 'general/names/invalid-refused')!;
    expect(r.message).toMatch(/upper-case letters/);
    expect(r.observed).toBe('status 202');
  });
});
