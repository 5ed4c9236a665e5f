import { describe, expect, it } from 'vitest';
import { onDistribution } from '../../helpers/distribution.js';

/**
 * CNCF distribution 2.8.2 (Debian's docker-registry) with deletes enabled: it
 * deletes manifests (by digest only) and blobs, and refuses tag deletes.
 */
describe('content management against CNCF distribution, deletes enabled', () => {
  const run = onDistribution(['management-deletes']);

  it('has the recorded verdicts', () => {
    expect(run().verdicts()).toEqual({
      // DELETE of a tag answers 400 DIGEST_INVALID: distribution deletes manifests by digest
      // only, and a registry may do so (tag deletion disabled, 400 allowed).
      'content-management/delete/tag': 'skip',
      'content-management/delete/tag-gone': 'skip',
      'content-management/delete/manifest': 'pass',
      'content-management/delete/manifest-gone': 'pass',
      'content-management/delete/blob': 'pass',
      'content-management/delete/blob-gone': 'pass',
      'content-management/delete/unknown-manifest': 'pass',
      'content-management/delete/unknown-blob': 'pass',
      'content-management/delete/missing-repository': 'pass',
      // Distribution 2.8 has no referrers API (404): nothing to judge.
      'content-management/delete/referrer-gone': 'skip',
      // The refusal of a tag delete uses 400, one of the two allowed statuses...
      'content-management/delete/disabled-status': 'pass',
      // ...but names it DIGEST_INVALID rather than UNSUPPORTED: a real finding (DEL-016, SHOULD).
      'content-management/delete/disabled-code': 'warn',
    });
    const code = run().results.find((r) => r.id === 'content-management/delete/disabled-code')!;
    expect(code.observed).toBe('DIGEST_INVALID');
  });
});

/** The same registry with `storage.delete.enabled: false`: every DELETE answers 405 UNSUPPORTED. */
describe('content management against CNCF distribution, deletes disabled', () => {
  const run = onDistribution(['management-deletes'], { deletes: false });

  it('skips every deletion check, as the spec allows, and refuses deletes the way the spec asks', () => {
    expect(run().verdicts()).toEqual({
      'content-management/delete/tag': 'skip',
      'content-management/delete/tag-gone': 'skip',
      'content-management/delete/manifest': 'skip',
      'content-management/delete/manifest-gone': 'skip',
      'content-management/delete/blob': 'skip',
      'content-management/delete/blob-gone': 'skip',
      // With deletion disabled, unknown content cannot be told from known content.
      'content-management/delete/unknown-manifest': 'skip',
      'content-management/delete/unknown-blob': 'skip',
      'content-management/delete/missing-repository': 'skip',
      'content-management/delete/referrer-gone': 'skip',
      'content-management/delete/disabled-status': 'pass',
      'content-management/delete/disabled-code': 'pass',
    });
  });
});
