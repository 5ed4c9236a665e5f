import { describe, expect, it } from 'vitest';
import { onDistribution } from '../../helpers/distribution.js';

/** Bad input at every endpoint, and sha512 content, against CNCF distribution 2.8 (Debian docker-registry). */
describe('general-bad-input and push-sha512 against CNCF distribution', () => {
  const run = onDistribution(['general-bad-input', 'push-sha512']);

  it('gives the verdicts the spec demands of it', () => {
    expect(run().verdicts()).toEqual({
      'general/bad-input/blob-digests': 'pass',
      // GET/HEAD of a manifest by a sha256 digest with an upper-case hex digit answers 500 (it does not validate before looking up).
      'general/bad-input/manifest-references': 'fail',
      'general/bad-input/upload-digests': 'pass',
      'general/bad-input/mounts': 'pass',
      // It has no referrers API (404), so there is no refusal of bad digests to judge.
      'general/bad-input/referrers-digests': 'skip',
      // It opens upload sessions for names with upper-case letters (as general/names/invalid-refused finds).
      'general/bad-input/repository-names': 'fail',
      'general/bad-input/tags': 'pass',
      // n=-12, n=1e3 and an empty n are answered 200 as if valid: the spec names no status for them (A16), so a warning.
      'general/bad-input/tag-list-parameters': 'warn',
      'general/bad-input/upload-sessions': 'pass',
      'push/sha512/blob-head': 'pass',
      // A mount of a blob stored under sha512 answers 201, yet the target repository then answers 404 for it.
      'push/sha512/blob-mount': 'fail',
      // It stores sha512 blobs but refuses manifests by a sha512 digest (400), which the spec allows.
      'push/sha512/manifest-head': 'skip',
      'push/sha512/manifest-delete': 'skip',
      'push/sha512/blob-delete': 'pass',
    });
  });

  it('names the smallest input and the endpoint', () => {
    const r = run().results.find((x) => x.id === 'general/bad-input/manifest-references')!;
    expect(r.message).toMatch(/(GET|HEAD) manifest with a reference with one upper-case hex digit .*: a server error — smallest counterexample/);
  });
});
