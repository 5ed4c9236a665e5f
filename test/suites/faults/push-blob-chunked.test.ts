import { describe, expect, it } from 'vitest';
import { collectingFaultTables, proveWorkflow } from '../../helpers/faults.js';
import { runAgainstReference } from '../../helpers/selftest.js';
import type { FaultName } from '../../../src/refreg/index.js';
import { WORKFLOWS } from '../../../suites/index.js';

const CLOSES = ['push/blob/chunked/close-empty-put', 'push/blob/chunked/close-with-final-chunk'];

// The reference registry by default has no minimum chunk size: chunks of any size, down to one byte.
proveWorkflow('push-blob-chunked', {
  'patch-no-range': { 'push/blob/chunked/patch-range': 'fail', 'push/blob/chunked/random-partitions': 'fail' },
  'patch-range-per-chunk': { 'push/blob/chunked/patch-range': 'fail', 'push/blob/chunked/random-partitions': 'fail' },
  'patch-out-of-order-accepted': { 'push/blob/chunked/out-of-order': 'fail' },
  // The 416 itself is right; the status GET then reports 0-0 instead of the bytes received before.
  'patch-416-resets-session': { 'push/blob/chunked/out-of-order': 'fail' },
  // out-of-order resumes without the status GET when it does not answer as it should.
  'upload-status-not-204': { 'push/blob/chunked/status': 'fail', 'push/blob/chunked/status-any-location': 'fail' },
  'upload-status-no-range': { 'push/blob/chunked/status': 'fail', 'push/blob/chunked/status-any-location': 'fail' },
  // Only the newest Location answers a status GET: the older ones of the same session are 404.
  'upload-status-latest-only': { 'push/blob/chunked/status-any-location': 'fail' },
  'upload-put-no-verify': { 'push/blob/chunked/last-chunk-digest': 'fail' },
  // The PUT carrying the final chunk no longer matches its digest: 400 instead of 201.
  'upload-put-final-chunk-dropped': { 'push/blob/chunked/close-with-final-chunk': 'fail', 'push/blob/chunked/random-partitions': 'fail' },
  'upload-put-not-201': {
    ...Object.fromEntries(CLOSES.map((id) => [id, 'fail'])),
    'push/blob/chunked/random-partitions': 'fail',
    // These build on a successful close, which the checks above judge.
    'push/blob/chunked/out-of-order': 'skip',
    'push/blob/chunked/finished-session-unknown': 'skip',
  },
  'upload-put-no-location': Object.fromEntries(CLOSES.map((id) => [id, 'fail'])),
  'upload-session-reusable': { 'push/blob/chunked/finished-session-unknown': 'fail' },
  'blob-get-corrupt': {
    ...Object.fromEntries(CLOSES.map((id) => [id, 'fail'])),
    'push/blob/chunked/out-of-order': 'fail',
    'push/blob/chunked/random-partitions': 'fail',
  },
  // The setup cannot open a session; push-blob-post-put reports it.
  'upload-post-not-202': { '*': 'skip' },
  // A minimum of 1024 bytes enforced without saying so (or not as a number): the setup finds it, the chunks grow to it.
  'chunk-min-unadvertised': { 'push/blob/chunked/min-length-advertised': 'warn' },
  'chunk-min-malformed': { 'push/blob/chunked/min-length-advertised': 'warn' },
});

describe.skipIf(collectingFaultTables())('workflow push-blob-chunked against a registry with a minimum chunk size', () => {
  const workflow = WORKFLOWS.find((w) => w.id === 'push-blob-chunked')!;
  const nonPass = async (faults: FaultName[]): Promise<string[]> => {
    const run = await runAgainstReference({ chunkMinLength: 2000, faults }, { workflows: [workflow] });
    return run.results.filter((r) => r.outcome !== 'pass').map((r) => `${r.id}: ${r.outcome}`);
  };

  // The registry refuses further data after a chunk below 2000 bytes, so passing shows the chunks follow OCI-Chunk-Min-Length.
  it('passes when the minimum is advertised', async () => {
    expect(await nonPass([])).toEqual([]);
  });

  it('warns about the missing OCI-Chunk-Min-Length when the minimum is not advertised', async () => {
    // The run's configured minimum (1024) is below this registry's, so the setup finds a minimum but not its size:
    // chunk PATCHes sized between 1024 and 2048 bytes are refused, and what builds on them is skipped.
    expect(await nonPass(['chunk-min-unadvertised'])).toEqual([
      'push/blob/chunked/min-length-advertised: warn',
      'push/blob/chunked/patch-range: fail',
      ...['close-empty-put', 'close-with-final-chunk', 'status', 'status-any-location', 'out-of-order', 'last-chunk-digest', 'finished-session-unknown'].map((c) => `push/blob/chunked/${c}: skip`),
      'push/blob/chunked/random-partitions: fail',
    ]);
  });
});
