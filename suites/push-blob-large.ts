import { createHash } from 'node:crypto';
import { StreamBlob } from '../src/gen/stream.js';
import { UPLOAD_RANGE_RE } from '../src/registry/grammar.js';
import type { Reply } from '../src/registry/client.js';
import { Unsupported } from '../src/runner/verdicts.js';
import { defineWorkflow, type CheckContext } from '../src/runner/workflow.js';
import { expectHeader, expectLocation, expectStatus, fail, need } from './_lib/expect.js';

/**
 * Large blobs (`--large-blob SIZE`, off by default): blobs of that size are
 * generated from the seed as streams and never held in memory; each body is
 * hashed as it passes. Pushed in one PUT, in chunks of at least
 * OCI-Chunk-Min-Length, and in chunks resumed after a connection the harness
 * drops on purpose; pulled whole and by Range near 2 GiB, 4 GiB and the end.
 */

/** A large transfer takes what it takes; stalls are ended by the HTTP idle timeouts instead. */
const LARGE_TIMEOUT_MS = 6 * 3600_000;
/** Chunks of a large upload: a quarter of the blob, within 1-256 MiB, never below the advertised minimum. */
const MIN_CHUNK = 1 << 20;
const MAX_CHUNK = 256 << 20;
const GiB = 2 ** 30;
/** Bytes read back around each offset a Range check asks for. */
const RANGE_BYTES = 1024;

interface Large {
  size: number;
  /** Length of every chunk but the last. */
  chunk: number;
  /** The blob of the monolithic push, read back by the pull checks. */
  mono: StreamBlob;
  monoDigest: string;
  /** Set once the monolithic push was answered 201. */
  monoPushed?: boolean;
}

async function learn(ctx: CheckContext): Promise<Large> {
  const size = ctx.settings.largeBlob;
  need(size !== undefined && size > 0, 'no --large-blob size was given');
  const post = await ctx.registry.startUpload(ctx.repo);
  need(post.status === 202 && !!post.location, `POST upload failed (status ${post.status})`);
  await ctx.registry.cancelUpload(post.location);
  const advertised = post.headers['oci-chunk-min-length']?.trim();
  const min = advertised !== undefined && /^[0-9]+$/.test(advertised) ? Number(advertised) : 0;
  const chunk = Math.max(min, Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.ceil(size / 4))));
  const mono = new StreamBlob(ctx.rng.fork('monolithic'), size);
  return { size, chunk, mono, monoDigest: await mono.digest() };
}

async function openSession(ctx: CheckContext): Promise<string> {
  const post = await ctx.registry.startUpload(ctx.repo);
  need(post.status === 202 && !!post.location, `POST upload failed (status ${post.status})`);
  return post.location;
}

/** A GET whose body is counted and hashed (by the streaming path, for its exchange) as it arrives; the first `keep` bytes are kept. */
async function streamedGet(ctx: CheckContext, url: { repo: string; digest: string } | string, range?: string, keep = 0): Promise<{ reply: Reply; size: number; digest: string; head: Buffer }> {
  let kept = 0;
  const head: Buffer[] = [];
  const onBody = (piece: Buffer): void => {
    if (kept >= keep) return;
    head.push(piece.subarray(0, keep - kept));
    kept += piece.length;
  };
  const reply =
    typeof url === 'string'
      ? await ctx.registry.send('GET', url, { ...(range ? { headers: { range } } : {}), stream: { onBody } })
      : await ctx.registry.getBlobStream(url.repo, url.digest, onBody, range);
  const body = reply.exchange.responseBody;
  return { reply, size: body?.size ?? 0, digest: `sha256:${body?.sha256 ?? createHash('sha256').digest('hex')}`, head: Buffer.concat(head) };
}

/** The blob is served (from `url`, or by digest) as exactly its bytes: status 200, its size, its digest. */
async function expectServedWhole(ctx: CheckContext, url: { repo: string; digest: string } | string, size: number, digest: string, what: string): Promise<void> {
  const got = await streamedGet(ctx, url);
  expectStatus(got.reply, [200], what);
  if (got.reply.incomplete) fail(`${what}: the body broke off after ${got.size} bytes (${got.reply.incomplete})`, `${size} bytes`, `${got.size} bytes, then the connection ended`);
  if (got.size !== size || got.digest !== digest) fail(`${what}: the body differs from what was pushed`, `${size} bytes, ${digest}`, `${got.size} bytes, ${got.digest}`);
}

function expectUploadRange(r: Reply, end: number, what: string): void {
  const range = expectHeader(r, 'Range', what);
  if (!UPLOAD_RANGE_RE.test(range) || range !== `0-${end}`) fail(`${what}: Range does not end at the last byte received so far`, `Range: 0-${end}`, `Range: ${range}`);
}

/** PATCHes bytes `from`..size of `blob` in chunks of `chunk`, each judged; returns the last Location. */
async function patchFrom(ctx: CheckContext, loc: string, blob: StreamBlob, from: number, chunk: number): Promise<string> {
  for (let at = from; at < blob.size; at += chunk) {
    const end = Math.min(at + chunk, blob.size);
    const what = `PATCH of bytes ${at}-${end - 1} of ${blob.size}`;
    const r = await ctx.registry.patchUploadStream(loc, blob.part(at, end), { start: at, end: end - 1 });
    expectStatus(r, [202], what);
    loc = expectLocation(r, what);
    expectUploadRange(r, end - 1, what);
  }
  return loc;
}

/** The closing PUT answers 201 and its Location serves the whole blob. */
async function closeAndVerify(ctx: CheckContext, loc: string, blob: StreamBlob, how: string): Promise<void> {
  const digest = await blob.digest();
  const put = await ctx.registry.putUpload(loc, ctx.repo, digest);
  expectStatus(put, [201], `empty PUT closing the ${how} upload of ${blob.size} bytes`);
  await expectServedWhole(ctx, expectLocation(put, 'the closing PUT'), blob.size, digest, `GET of the Location of the ${how} upload`);
}

/** The status GET after a drop, once it stops changing (a registry may notice the drop a moment later). */
async function settledStatus(ctx: CheckContext, loc: string): Promise<Reply> {
  let last = await ctx.registry.uploadStatus(loc);
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await ctx.registry.uploadStatus(loc);
    if (now.status === last.status && now.headers['range'] === last.headers['range']) return now;
    last = now;
  }
  return last;
}

/** Offsets to read back: around 2 GiB and 4 GiB when the blob reaches them, and its last bytes. */
export function rangeOffsets(size: number): Array<{ start: number; end: number; why: string }> {
  const out: Array<{ start: number; end: number; why: string }> = [];
  for (const [at, why] of [[2 * GiB, 'across 2 GiB'], [4 * GiB, 'across 4 GiB']] as const)
    if (size > at + RANGE_BYTES / 2) out.push({ start: at - RANGE_BYTES / 2, end: at + RANGE_BYTES / 2 - 1, why });
  out.push({ start: Math.max(0, size - RANGE_BYTES), end: size - 1, why: 'at the end' });
  return out;
}

export default defineWorkflow<Large>({
  id: 'push-blob-large',
  title: 'Large blobs: monolithic, chunked and resumed pushes, whole and ranged pulls',
  category: 'push',
  needs: ['push', 'large-blob'],
  setup: learn,
  checks: [
    {
      id: 'push/blob/large/monolithic',
      title: 'MUST answer a monolithic PUT of a large blob with 201 and a Location serving every byte of it',
      level: 'MUST',
      requirements: ['PUSHM-007'],
      timeoutMs: LARGE_TIMEOUT_MS,
      async run(ctx, s) {
        const loc = await openSession(ctx);
        const put = await ctx.registry.putUploadStream(loc, ctx.repo, s.monoDigest, s.mono.part());
        expectStatus(put, [201], `PUT of a ${s.size}-byte blob in one request`);
        s.monoPushed = true;
        await expectServedWhole(ctx, expectLocation(put, 'the PUT'), s.size, s.monoDigest, 'GET of the Location of the monolithic upload');
      },
    },
    {
      id: 'pull/blob/large/whole',
      title: 'MUST serve a large blob whole by its digest, every byte matching it',
      level: 'MUST',
      category: 'pull',
      requirements: ['PULL-011', 'PULL-014'],
      timeoutMs: LARGE_TIMEOUT_MS,
      async run(ctx, s) {
        need(s.monoPushed === true, 'the monolithic push of the large blob was not answered 201 (see push/blob/large/monolithic)');
        await expectServedWhole(ctx, { repo: ctx.repo, digest: s.monoDigest }, s.size, s.monoDigest, `GET by digest of the ${s.size}-byte blob`);
      },
    },
    {
      id: 'pull/blob/large/range',
      title: 'SHOULD answer Range requests on a large blob, near 2 GiB, 4 GiB and at the end, with 206 and exactly those bytes',
      level: 'SHOULD',
      category: 'pull',
      requirements: ['PULL-016'],
      timeoutMs: LARGE_TIMEOUT_MS,
      async run(ctx, s) {
        need(s.monoPushed === true, 'the monolithic push of the large blob was not answered 201 (see push/blob/large/monolithic)');
        for (const { start, end, why } of rangeOffsets(s.size)) {
          const what = `GET of bytes ${start}-${end} (${why}) of the ${s.size}-byte blob`;
          const got = await streamedGet(ctx, { repo: ctx.repo, digest: s.monoDigest }, `bytes=${start}-${end}`, RANGE_BYTES);
          expectStatus(got.reply, [206], what);
          const cr = got.reply.headers['content-range'];
          if (cr !== `bytes ${start}-${end}/${s.size}` && cr !== `bytes ${start}-${end}/*`)
            fail(`${what}: Content-Range does not name the range asked for`, `Content-Range: bytes ${start}-${end}/${s.size}`, `Content-Range: ${cr ?? '(none)'}`);
          const want = await s.mono.slice(start, end + 1);
          if (got.size !== want.length || !got.head.equals(want))
            fail(`${what}: the bytes differ from the blob's bytes at that offset`, `${want.length} bytes, ${createHash('sha256').update(want).digest('hex').slice(0, 16)}…`, `${got.size} bytes, ${got.digest.slice(7, 23)}…`);
        }
      },
    },
    {
      id: 'push/blob/large/chunked',
      title: 'MUST take a large blob in chunks of at least OCI-Chunk-Min-Length, report the cumulative Range after each, and serve it whole',
      level: 'MUST',
      requirements: ['CHUNK-006', 'CHUNK-007', 'CHUNK-014'],
      timeoutMs: LARGE_TIMEOUT_MS,
      async run(ctx, s) {
        const blob = new StreamBlob(ctx.rng, s.size);
        const loc = await patchFrom(ctx, await openSession(ctx), blob, 0, s.chunk);
        await closeAndVerify(ctx, loc, blob, 'chunked');
      },
    },
    {
      id: 'push/blob/large/resume',
      title: 'MUST report through the status GET how much of a large chunked upload arrived before the connection dropped, and complete it from there (when the session outlives the drop)',
      level: 'MUST',
      requirements: ['CHUNK-016', 'CHUNK-014'],
      timeoutMs: LARGE_TIMEOUT_MS,
      async run(ctx, s) {
        const blob = new StreamBlob(ctx.rng, s.size);
        let loc = await openSession(ctx);
        // A first whole chunk when the blob has more than one, then a chunk dropped halfway.
        const at = s.size > s.chunk ? s.chunk : 0;
        if (at > 0) {
          const first = await ctx.registry.patchUploadStream(loc, blob.part(0, at), { start: 0, end: at - 1 });
          need(first.status === 202 && !!first.location, `PATCH of the first chunk failed (status ${first.status}; see push/blob/large/chunked)`);
          loc = first.location;
        }
        const end = Math.min(at + s.chunk, s.size);
        const sentUpTo = at + Math.floor((end - at) / 2);
        try {
          await ctx.registry.patchUploadStream(loc, blob.part(at, end), { start: at, end: end - 1 }, sentUpTo - at);
        } catch (e) {
          if ((e as { code?: string }).code !== 'DROPPED') throw e;
        }
        const status = await settledStatus(ctx, loc);
        // Nothing in the spec keeps a session alive through a PATCH cut short; ending it is allowed.
        if (status.status === 404) throw new Unsupported('the registry ended the upload session when the PATCH was cut short (404 on the status GET), so it cannot be resumed');
        expectStatus(status, [204], 'status GET after the dropped PATCH');
        const range = expectHeader(status, 'Range', 'status GET after the dropped PATCH');
        const m = /^0-([0-9]+)$/.exec(range);
        if (!m) fail('status GET after the dropped PATCH: Range is not of the form 0-<end>', 'Range: 0-<end>', `Range: ${range}`);
        const offset = range === '0-0' ? 0 : Number(m[1]) + 1;
        if (offset < at || offset > sentUpTo)
          fail('status GET after the dropped PATCH: Range does not match the bytes that can have arrived', `Range: 0-<end> with ${at} ≤ end + 1 ≤ ${sentUpTo}`, `Range: ${range}`);
        loc = await patchFrom(ctx, expectLocation(status, 'status GET after the dropped PATCH'), blob, offset, s.chunk);
        await closeAndVerify(ctx, loc, blob, 'resumed');
      },
    },
  ],
});
