import { describe, expect, it } from 'vitest';
import { onDistribution } from '../../helpers/distribution.js';

/**
 * The chunked-upload workflow against the real registry from Debian's
 * docker-registry package (CNCF distribution 2.8.2). It has no minimum chunk
 * size and sends no OCI-Chunk-Min-Length, so chunks of any size are sent.
 */
describe('push-blob-chunked against CNCF distribution (Debian docker-registry)', () => {
  const run = onDistribution(['push-blob-chunked']);

  it('has no harness or transport errors, warnings or skips', () => {
    expect(run().by('error')).toEqual([]);
    expect(run().by('warn')).toEqual([]);
    expect(run().by('skip')).toEqual([]);
  });

  it('ignores Content-Range on PATCH and appends an out-of-order chunk, which fails CHUNK-010', () => {
    // Distribution 2.x never reads Content-Range on PATCH (a TODO in its blob upload handler, resolved in 3.0):
    // a chunk that leaves a gap is appended and answered 202 instead of 416.
    expect(run().by('fail')).toEqual(['push/blob/chunked/out-of-order', 'push/blob/chunked/status-any-location']);
    const r = run().results.find((x) => x.id === 'push/blob/chunked/out-of-order')!;
    expect(r.observed).toBe('status 202');
  });

  it("answers a status GET at the POST's Location (stale _state) with 404, though the spec allows any preceding Location", () => {
    const r = run().results.find((x) => x.id === 'push/blob/chunked/status-any-location')!;
    expect(r.message).toMatch(/^status GET at the Location of the POST/);
    expect(r.observed).toMatch(/^status 404 .*BLOB_UPLOAD_INVALID/);
  });

  it('meets every other chunked-upload check', () => {
    expect(run().by('pass')).toEqual(
      [
        'min-length-advertised',
        'patch-range',
        'close-empty-put',
        'close-with-final-chunk',
        'status',
        'last-chunk-digest',
        'finished-session-unknown',
        'random-partitions',
      ]
        .map((c) => `push/blob/chunked/${c}`)
        .sort(),
    );
  });
});
