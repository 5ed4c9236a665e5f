import { describe, expect, it } from 'vitest';
import { onDistribution } from '../../helpers/distribution.js';

/**
 * Referrers against CNCF distribution 2.8.2 (Debian docker-registry). It predates
 * distribution-spec 1.1: it has no referrers API and answers /v2/<name>/referrers/<digest>
 * with 404, the one signal the spec allows for that. So the API checks skip, and what
 * is left is what a client of such a registry relies on: manifests with a subject are
 * stored, OCI-Subject is not claimed, and the referrers tag schema works.
 */
describe('referrers against CNCF distribution (Debian docker-registry)', () => {
  const run = onDistribution(['discovery-referrers', 'discovery-referrers-fallback']);

  it('has no harness or transport errors, no failures and no warnings', () => {
    expect(run().by('error')).toEqual([]);
    expect(run().by('fail')).toEqual([]);
    expect(run().by('warn')).toEqual([]);
  });

  it('stores a manifest whose subject was never pushed, sends no OCI-Subject, and keeps referrers tags', () => {
    expect(run().by('pass')).toEqual([
      // No OCI-Subject is sent, which is right for a registry without the API (SUBJ-002).
      'discovery/referrers/subject-header-listed',
      // sha256-<hex> and sha512-<64 hex> are ordinary tags to it (REFTAG-003), listed like any other.
      'discovery/referrers/tag-schema',
      // It does not read subject at all, so nothing keeps such a manifest out (PUSH-001).
      'push/manifest/subject-absent',
    ]);
  });

  it('skips every referrers API check: 404 says the API is absent, which the spec allows', () => {
    const skipped = run().by('skip');
    expect(skipped).toEqual(
      [
        'annotations', 'artifact-type', 'artifact-type-from-config', 'bad-digest', 'complete', 'content-type', 'descriptor', 'filter',
        'filter-header', 'index-body', 'index-subject', 'index-without-artifact-type', 'no-referrers', 'only-referrers', 'pagination',
        'random-descriptors', 'random-sets', 'status', 'subject-header', 'subject-header-index', 'subject-pushed-later', 'unknown-subject',
      ].map((c) => `discovery/referrers/${c}`),
    );
    for (const id of skipped) expect(run().results.find((r) => r.id === id)!.message).toMatch(/answers 404: the registry does not offer it/);
  });
});
