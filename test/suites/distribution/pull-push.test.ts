import { describe, expect, it } from 'vitest';
import { onDistribution } from '../../helpers/distribution.js';

/**
 * The real registry from Debian's docker-registry package (CNCF distribution
 * 2.8), started on 127.0.0.1 with deletes enabled. These are the verdicts the
 * spec demands of it; each non-pass is explained.
 */
describe('against CNCF distribution (Debian docker-registry)', () => {
  const run = onDistribution(['ping', 'pull-blobs', 'pull-manifests', 'push-blob-post-put', 'push-blob-single-post', 'push-blob-streamed', 'push-manifests']);

  it('has no harness or transport errors', () => {
    expect(run().by('error')).toEqual([]);
  });

  it('answers PUT to a malformed digest reference with 500, which fails MAN-011', () => {
    expect(run().by('fail')).toEqual(['push/manifest/malformed-digest']);
    const r = run().results.find((x) => x.id === 'push/manifest/malformed-digest')!;
    expect(r.observed).toBe('status 500');
  });

  it('does not take single-POST uploads but falls back to a session, as the spec allows', () => {
    expect(run().by('skip')).toEqual(['push/blob/single-post']);
    expect(run().results.find((x) => x.id === 'push/blob/single-post-fallback')!.outcome).toBe('pass');
  });

  it('meets every other pull and push check', () => {
    expect(run().by('warn')).toEqual([]);
    const passed = run().by('pass');
    for (const id of ['ping/api-version', 'pull/blob/get', 'pull/manifest/get-by-tag', 'pull/manifest/missing-error-code', 'push/blob/put-wrong-digest', 'push/blob/streamed', 'push/manifest/unknown-blob'])
      expect(passed).toContain(id);
    expect(passed.length + 2).toBe(run().results.filter((r) => r.outcome !== 'disabled').length);
  });
});
