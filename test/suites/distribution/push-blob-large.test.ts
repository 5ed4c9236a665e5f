import { describe, expect, it } from 'vitest';
import { onDistribution } from '../../helpers/distribution.js';

/**
 * The large-blob workflow against CNCF distribution (Debian docker-registry) with
 * 24 MiB blobs: streamed to its filesystem storage, in one PUT, in chunks and
 * resumed after a dropped PATCH.
 */
describe('push-blob-large against CNCF distribution (Debian docker-registry)', () => {
  const run = onDistribution(['push-blob-large'], { largeBlob: 24 * 1024 * 1024, checkTimeoutMs: 120_000 });

  it('meets every large-blob check but resuming after a drop, which it does not offer', () => {
    // Distribution encodes the offset in the Location's state; once a PATCH is cut short the stored size no
    // longer matches it, so the status GET answers 404 BLOB_UPLOAD_INVALID: the session is gone (allowed).
    const resume = run().results.find((x) => x.id === 'push/blob/large/resume')!;
    expect(resume.message).toMatch(/ended the upload session/);
    expect(run().verdicts()).toEqual({
      'push/blob/large/monolithic': 'pass',
      'pull/blob/large/whole': 'pass',
      'pull/blob/large/range': 'pass',
      'push/blob/large/chunked': 'pass',
      'push/blob/large/resume': 'skip',
    });
  });
});
