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
      // Distribution refuses upper-case letters after the first path component. (It opens a session for an
      // upper-case first component, but that name lies outside the run's namespace, which the harness never writes to.)
      'general/names/invalid-refused': 'pass',
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
});
