import fc from 'fast-check';
import { blob } from '../src/gen/oci.js';
import type { Rng } from '../src/gen/rng.js';
import { digestOf } from '../src/registry/digest.js';
import { MEDIA, UPLOAD_RANGE_RE } from '../src/registry/grammar.js';
import type { Reply } from '../src/registry/client.js';
import { defineWorkflow, type CheckContext } from '../src/runner/workflow.js';
import { LimitExceeded } from '../src/runner/verdicts.js';
import { expectBytes, expectHeader, expectLocation, expectStatus, fail, need } from './_lib/expect.js';
import { expectBlobServed } from './_lib/served.js';
import { property } from './_lib/property.js';

/**
 * Chunked upload: POST (empty) for a session, PATCH each chunk with
 * `Content-Range: <start>-<end>`, close with PUT (empty, or carrying the final
 * chunk). As a client must, every request goes to the Location of the
 * previous response (distribution, for one, encodes the offset in it and
 * cancels a session resumed from a stale one).
 */

/** How the workflow sizes chunks, learned once in the setup. */
interface Chunking {
  /** The raw OCI-Chunk-Min-Length of the POST answer, if any. */
  advertised?: string;
  /** Smallest non-final chunk the registry takes (0: no minimum). */
  min: number;
  /** Scale of generated chunks: `min`, or a modest size when there is no minimum. */
  unit: number;
  /** Set when a non-final chunk below an unadvertised minimum was refused: what happened. */
  refusedSmall?: string;
}

const DECIMAL_RE = /^[0-9]+$/;
/** The largest chunk we send (the upper bound of --chunk-min-length). */
const MAX_CHUNK_BYTES = 64 * 1024 * 1024;

async function openSession(ctx: CheckContext): Promise<string> {
  const post = await ctx.registry.startUpload(ctx.repo);
  need(post.status === 202 && !!post.location, `POST upload failed (status ${post.status})`);
  return post.location;
}

/** Two PATCHes in a fresh session: which one was refused and how, or undefined when both were accepted. */
async function twoChunksRefused(ctx: CheckContext, size: number): Promise<{ chunk: number; what: string } | undefined> {
  let loc = await openSession(ctx);
  for (let i = 0; i < 2; i++) {
    const r = await ctx.registry.patchUpload(loc, ctx.rng.bytes(size), { start: i * size, end: (i + 1) * size - 1 });
    if (r.status !== 202 || !r.location) {
      await ctx.registry.cancelUpload(loc);
      return { chunk: i + 1, what: `PATCH of chunk ${i + 1} (${size} bytes) answered ${r.status}` };
    }
    loc = r.location;
  }
  await ctx.registry.cancelUpload(loc);
  return undefined;
}

/**
 * Learns the minimum chunk size. An advertised OCI-Chunk-Min-Length is used
 * as it is. Without one, the run's configured minimum is used only when the
 * registry refuses chunks smaller than it (a minimum it enforces but does not
 * announce); otherwise chunks of any size are sent.
 */
async function learnChunking(ctx: CheckContext): Promise<Chunking> {
  const post = await ctx.registry.startUpload(ctx.repo);
  need(post.status === 202 && !!post.location, `POST upload failed (status ${post.status})`);
  await ctx.registry.cancelUpload(post.location);
  const advertised = post.headers['oci-chunk-min-length'];
  const configured = ctx.settings.chunkMinLength;
  const scale = (min: number): number => (min > 0 ? min : Math.max(configured, 64));
  if (advertised !== undefined && DECIMAL_RE.test(advertised.trim())) {
    const min = Number(advertised.trim());
    if (!(min <= MAX_CHUNK_BYTES))
      throw new LimitExceeded(`the registry asks for chunks of at least ${advertised.trim()} bytes (OCI-Chunk-Min-Length); we send at most ${MAX_CHUNK_BYTES} bytes per chunk, the limit of --chunk-min-length`);
    return { advertised, min, unit: scale(min) };
  }
  const base = advertised === undefined ? {} : { advertised };
  if (configured <= 1) return { ...base, min: 0, unit: scale(0) };
  const small = Math.max(1, Math.floor(configured / 4));
  const refused = await twoChunksRefused(ctx, small);
  if (refused === undefined) return { ...base, min: 0, unit: scale(0) };
  // A second chunk refused after a small first one was taken (as possibly the last) is the mark of a
  // minimum. A small first chunk refused outright counts only if chunks of the configured size pass.
  if (refused.chunk === 1 && (await twoChunksRefused(ctx, configured)) !== undefined) return { ...base, min: configured, unit: configured };
  return { ...base, min: configured, unit: configured, refusedSmall: refused.what };
}

/** How far above the minimum a chunk may grow: a unit, but no more than 4 KiB above a large minimum. */
function spread(c: Chunking): number {
  return Math.min(c.unit, 4096);
}

/** Random chunk lengths for `total` bytes: all but the last at least the minimum. */
function partition(rng: Rng, total: number, c: Chunking): number[] {
  const lo = Math.max(c.min, 1);
  const out: number[] = [];
  let left = total;
  while (left > 0) {
    const n = Math.min(left, rng.int(lo, lo + spread(c)));
    out.push(n);
    left -= n;
  }
  return out;
}

/** Random data of `chunks` chunks, each at least the minimum (the last one too). */
function chunkedData(rng: Rng, c: Chunking, chunks: number): { data: Buffer; lengths: number[] } {
  const lo = Math.max(c.min, 1);
  const lengths = Array.from({ length: chunks }, () => rng.int(lo, lo + spread(c)));
  return { data: rng.bytes(lengths.reduce((a, b) => a + b, 0)), lengths };
}

function expectRange(r: Reply, end: number, what: string): void {
  const range = expectHeader(r, 'Range', what);
  const want = `0-${Math.max(end, 0)}`;
  if (!UPLOAD_RANGE_RE.test(range) || range !== want)
    fail(`${what}: Range does not end at the last byte received so far`, `Range: ${want}`, `Range: ${range}`);
}

/** One chunk at `start`; judged against CHUNK-006/007 when `judge`, else a precondition. Returns the next Location. */
async function sendChunk(ctx: CheckContext, loc: string, chunk: Buffer, start: number, what: string, judge: boolean): Promise<string> {
  const r = await ctx.registry.patchUpload(loc, chunk, { start, end: start + chunk.length - 1 });
  if (!judge) {
    need(r.status === 202 && !!r.location, `${what} failed (status ${r.status})`);
    return r.location;
  }
  expectStatus(r, [202], what);
  const next = expectLocation(r, what);
  expectRange(r, start + chunk.length - 1, what);
  return next;
}

/** PATCHes `lengths` slices of `data` from offset 0, each to the previous answer's Location. */
async function sendChunks(ctx: CheckContext, loc: string, data: Buffer, lengths: number[], judge: boolean): Promise<string> {
  let at = 0;
  for (const [i, n] of lengths.entries()) {
    loc = await sendChunk(ctx, loc, data.subarray(at, at + n), at, `PATCH of chunk ${i + 1}/${lengths.length} (bytes ${at}-${at + n - 1})`, judge);
    at += n;
  }
  return loc;
}

/** The closed blob is served, by the PUT's Location and by digest, as exactly `data`. */
async function expectStored(ctx: CheckContext, put: Reply, data: Buffer, what: string): Promise<void> {
  await expectBlobServed(ctx.registry, ctx.repo, put, { data, digest: digestOf(data) }, what);
}

export default defineWorkflow<Chunking>({
  id: 'push-blob-chunked',
  title: 'Pushing blobs in chunks',
  category: 'push',
  needs: ['push'],
  setup: learnChunking,
  checks: [
    {
      id: 'push/blob/chunked/min-length-advertised',
      title: 'SHOULD advertise a minimum chunk size it enforces in OCI-Chunk-Min-Length, as a decimal integer',
      level: 'SHOULD',
      requirements: ['CHUNK-002'],
      async run(_ctx, c) {
        if (c.advertised !== undefined && !DECIMAL_RE.test(c.advertised.trim()))
          fail('OCI-Chunk-Min-Length is not a number of bytes', 'OCI-Chunk-Min-Length: <decimal integer>', `OCI-Chunk-Min-Length: ${c.advertised}`);
        if (c.advertised === undefined && c.refusedSmall !== undefined)
          fail(
            'the registry refuses small non-final chunks but its POST answer has no OCI-Chunk-Min-Length',
            'OCI-Chunk-Min-Length on the POST answer, or small chunks accepted',
            `no OCI-Chunk-Min-Length; ${c.refusedSmall}`,
          );
      },
    },
    {
      id: 'push/blob/chunked/patch-range',
      title: 'MUST answer each chunk PATCH with 202, a Location and a Range ending at the last byte received so far',
      level: 'MUST',
      requirements: ['CHUNK-006', 'CHUNK-007'],
      async run(ctx, c) {
        const { data, lengths } = chunkedData(ctx.rng, c, 3);
        const loc = await sendChunks(ctx, await openSession(ctx), data, lengths, true);
        await ctx.registry.cancelUpload(loc);
      },
    },
    {
      id: 'push/blob/chunked/close-empty-put',
      title: 'MUST answer the empty PUT closing a PATCHed upload with 201 and a Location serving the concatenated chunks',
      level: 'MUST',
      requirements: ['CHUNK-012', 'CHUNK-014'],
      async run(ctx, c) {
        const { data, lengths } = chunkedData(ctx.rng, c, 2);
        // The final chunk may be shorter than the minimum.
        const tail = ctx.rng.bytes(ctx.rng.int(1, Math.max(c.min - 1, 1)));
        const all = Buffer.concat([data, tail]);
        const loc = await sendChunks(ctx, await openSession(ctx), all, [...lengths, tail.length], false);
        const put = await ctx.registry.putUpload(loc, ctx.repo, digestOf(all));
        expectStatus(put, [201], 'empty PUT closing the upload');
        await expectStored(ctx, put, all, 'the closing PUT');
      },
    },
    {
      id: 'push/blob/chunked/close-with-final-chunk',
      title: 'MUST take the final chunk in the closing PUT body, answer 201 and serve the concatenated chunks',
      level: 'MUST',
      requirements: ['CHUNK-014'],
      async run(ctx, c) {
        const { data, lengths } = chunkedData(ctx.rng, c, 3);
        const last = lengths.pop()!;
        const at = data.length - last;
        const loc = await sendChunks(ctx, await openSession(ctx), data, lengths, false);
        const put = await ctx.registry.putUpload(loc, ctx.repo, digestOf(data), data.subarray(at), { start: at, end: data.length - 1 });
        expectStatus(put, [201], 'PUT closing the upload with the final chunk');
        await expectStored(ctx, put, data, 'the closing PUT');
      },
    },
    {
      id: 'push/blob/chunked/status',
      title: 'MUST answer a status GET on an active upload with 204, a Location and a Range ending at the last byte received',
      level: 'MUST',
      requirements: ['CHUNK-016'],
      async run(ctx, c) {
        const { data, lengths } = chunkedData(ctx.rng, c, 3);
        let loc = await openSession(ctx);
        // An empty session reports `0-0` (the only value the `0-<end>` form allows for no bytes).
        const empty = await ctx.registry.uploadStatus(loc);
        expectStatus(empty, [204], 'status GET of an empty upload');
        loc = expectLocation(empty, 'status GET of an empty upload');
        expectRange(empty, 0, 'status GET of an empty upload');
        const k = ctx.rng.int(1, lengths.length - 1);
        loc = await sendChunks(ctx, loc, data, lengths.slice(0, k), false);
        const sent = lengths.slice(0, k).reduce((a, b) => a + b, 0);
        const status = await ctx.registry.uploadStatus(loc);
        const what = `status GET after ${k} chunk(s), ${sent} bytes`;
        expectStatus(status, [204], what);
        loc = expectLocation(status, what);
        expectRange(status, sent - 1, what);
        // The Location the status GET hands out must take the next chunk.
        const next = await ctx.registry.patchUpload(loc, data.subarray(sent), { start: sent, end: data.length - 1 });
        expectStatus(next, [202], "PATCH of the next chunk to the status GET's Location");
        if (next.location) await ctx.registry.cancelUpload(next.location);
      },
    },
    {
      id: 'push/blob/chunked/status-any-location',
      title: 'MUST answer a status GET at the Location of any preceding POST or PATCH of the session with 204 and the current Range',
      level: 'MUST',
      requirements: ['CHUNK-016'],
      async run(ctx, c) {
        const { data, lengths } = chunkedData(ctx.rng, c, 3);
        // Every Location the session handed out: the POST's, then each PATCH's.
        const locations = [await openSession(ctx)];
        let at = 0;
        for (const [i, n] of lengths.slice(0, 2).entries()) {
          locations.push(await sendChunk(ctx, locations[locations.length - 1]!, data.subarray(at, at + n), at, `PATCH of chunk ${i + 1}`, false));
          at += n;
        }
        for (const [i, loc] of locations.entries()) {
          const what = `status GET at the Location of ${i === 0 ? 'the POST' : `PATCH ${i}`}, after ${at} bytes`;
          const status = await ctx.registry.uploadStatus(loc);
          expectStatus(status, [204], what);
          expectLocation(status, what);
          expectRange(status, at - 1, what);
        }
        await ctx.registry.cancelUpload(locations[locations.length - 1]!);
      },
    },
    {
      id: 'push/blob/chunked/out-of-order',
      title: 'MUST refuse a chunk that does not start at the current offset with 416 and keep the data received before',
      level: 'MUST',
      requirements: ['CHUNK-010'],
      async run(ctx, c) {
        const { data, lengths } = chunkedData(ctx.rng, c, 3);
        const [first, second] = [lengths[0]!, lengths[1]!];
        let loc = await sendChunks(ctx, await openSession(ctx), data, [first, second], false);
        const offset = first + second;
        // A gap, an overlap, and the first chunk again: each starts somewhere other than `offset`.
        const wrongStarts: Array<[string, number]> = [
          ['a chunk leaving a gap', offset + ctx.rng.int(1, spread(c))],
          ['a chunk overlapping received data', ctx.rng.int(1, offset - 1)],
          ['the first chunk again', 0],
        ];
        for (const [how, start] of wrongStarts) {
          const n = Math.max(c.min, 1) + ctx.rng.int(0, 16);
          const r = await ctx.registry.patchUpload(loc, ctx.rng.bytes(n), { start, end: start + n - 1 });
          expectStatus(r, [416], `PATCH of ${how} (bytes ${start}-${start + n - 1}, ${offset} bytes received)`);
        }
        // Resume from what the status GET reports, as a client should; its own check judges it.
        const status = await ctx.registry.uploadStatus(loc);
        if (status.status === 204 && status.location && status.headers['range'] !== undefined) {
          loc = status.location;
          expectRange(status, offset - 1, 'status GET after the refused chunks');
        }
        const rest = data.subarray(offset);
        const r = await ctx.registry.patchUpload(loc, rest, { start: offset, end: data.length - 1 });
        expectStatus(r, [202], `PATCH of the next chunk in order (bytes ${offset}-${data.length - 1}) after the refused ones`);
        need(!!r.location, 'the PATCH answer has no Location');
        // Closing is judged elsewhere; here only the stored bytes matter.
        const put = await ctx.registry.putUpload(r.location, ctx.repo, digestOf(data));
        need(put.status === 201, `closing PUT failed (status ${put.status})`);
        const get = await ctx.registry.getBlob(ctx.repo, digestOf(data));
        expectStatus(get, [200], 'GET of the blob pushed around the refused chunks');
        expectBytes(get, data, 'GET of the blob pushed around the refused chunks');
      },
    },
    {
      id: 'push/blob/chunked/last-chunk-digest',
      title: 'MUST refuse with 400 a closing PUT that names the digest of the final chunk only, and store nothing',
      level: 'MUST',
      requirements: ['CHUNK-013', 'CHUNK-015'],
      async run(ctx, c) {
        const { data, lengths } = chunkedData(ctx.rng, c, 3);
        const last = lengths.pop()!;
        const at = data.length - last;
        const loc = await sendChunks(ctx, await openSession(ctx), data, lengths, false);
        const lastDigest = digestOf(data.subarray(at));
        const put = await ctx.registry.putUpload(loc, ctx.repo, lastDigest, data.subarray(at), { start: at, end: data.length - 1 });
        expectStatus(put, [400], 'PUT closing the upload with the digest of its final chunk');
        expectStatus(await ctx.registry.headBlob(ctx.repo, lastDigest), [404], "HEAD of the final chunk's digest after the refused PUT");
        expectStatus(await ctx.registry.headBlob(ctx.repo, digestOf(data)), [404], "HEAD of the whole blob's digest after the refused PUT");
      },
    },
    {
      id: 'push/blob/chunked/finished-session-unknown',
      title: 'MUST answer requests to a finished chunked upload session with 404',
      level: 'MUST',
      requirements: ['PUSHM-009', 'CHUNK-018'],
      async run(ctx, c) {
        const { data, lengths } = chunkedData(ctx.rng, c, 2);
        const loc = await sendChunks(ctx, await openSession(ctx), data, lengths, false);
        const put = await ctx.registry.putUpload(loc, ctx.repo, digestOf(data));
        need(put.status === 201, `closing PUT failed (status ${put.status})`);
        expectStatus(await ctx.registry.uploadStatus(loc), [404], 'status GET of the finished session');
        const more = ctx.rng.bytes(Math.max(c.min, 1));
        expectStatus(await ctx.registry.patchUpload(loc, more, { start: data.length, end: data.length + more.length - 1 }), [404], 'PATCH to the finished session');
        expectStatus(await ctx.registry.putUpload(loc, ctx.repo, digestOf(data)), [404], 'PUT to the finished session');
      },
    },
    {
      id: 'push/blob/chunked/random-partitions',
      title: 'MUST report the cumulative Range after every chunk of any partition and store their concatenation',
      level: 'MUST',
      requirements: ['CHUNK-006', 'CHUNK-007', 'CHUNK-014'],
      async run(ctx, c) {
        // Blob sizes up to four units; the final chunk goes in a PATCH or in the closing PUT.
        const arb = fc.record({ size: fc.integer({ min: 1, max: 4 * c.unit }), finalInPut: fc.boolean(), seed: fc.nat() });
        await property(
          ctx,
          arb,
          async ({ size, finalInPut, seed }) => {
            const rng = ctx.rng.fork(`example-${seed}`);
            const b = blob(rng.bytes(size), MEDIA.octet);
            const lengths = partition(rng, size, c);
            const patched = finalInPut ? lengths.slice(0, -1) : lengths;
            const loc = await sendChunks(ctx, await openSession(ctx), b.data, patched, true);
            const at = patched.reduce((a, n) => a + n, 0);
            const put = finalInPut
              ? await ctx.registry.putUpload(loc, ctx.repo, b.digest, b.data.subarray(at), { start: at, end: size - 1 })
              : await ctx.registry.putUpload(loc, ctx.repo, b.digest);
            expectStatus(put, [201], `PUT closing a ${size}-byte upload of chunks ${lengths.join('+')}`);
            const get = await ctx.registry.getBlob(ctx.repo, b.digest);
            expectStatus(get, [200], 'GET of the chunked blob by digest');
            expectBytes(get, b.data, `GET of the blob pushed in chunks ${lengths.join('+')}`);
          },
          { numRuns: 6 },
        );
      },
    },
  ],
});
