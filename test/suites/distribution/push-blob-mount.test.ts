import { describe, expect, it } from 'vitest';
import { onDistribution } from '../../helpers/distribution.js';

/** Cross-repository mounts against CNCF distribution 2.8 (Debian docker-registry). */
describe('push-blob-mount against CNCF distribution (Debian docker-registry)', () => {
  const run = onDistribution(['push-blob-mount']);

  const outcomes = (): Record<string, string> =>
    Object.fromEntries(run().results.filter((r) => r.id.startsWith('push/blob/mount/')).map((r) => [r.id, r.outcome]));

  it('mounts with from, declines what it cannot mount with an ordinary session, and never claims unknown blobs', () => {
    expect(outcomes()).toEqual({
      'push/blob/mount/from': 'pass',
      // distribution sends Docker-Content-Digest on the 201, and it verifies.
      'push/blob/mount/digest-header': 'pass',
      'push/blob/mount/fallback': 'pass',
      'push/blob/mount/fallback-chunked': 'pass',
      'push/blob/mount/unknown': 'pass',
      // distribution mounts only when both mount and from are given; without from it opens a session (allowed).
      'push/blob/mount/anonymous': 'skip',
    });
  });

  it('lists the tags of a repository whose blobs all came by mount', () => {
    expect(run().verdicts()['discovery/tags/mounted-repository']).toBe('pass');
  });

  it('skips the anonymous mount because it opened a session, not because of an error', () => {
    const r = run().results.find((x) => x.id === 'push/blob/mount/anonymous')!;
    expect(r.message).toContain('opened an upload session instead');
  });
});
