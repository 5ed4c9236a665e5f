/**
 * Blob uploads: session POST (plus single-POST and mount variants), chunked PATCH,
 * closing PUT, status GET and cancel DELETE.
 *
 * Rules that the spec leaves open, as implemented here:
 * - The POST 202 carries no Range header (no bytes exist yet); the status GET always sends
 *   Range and reports `0-0` for an empty session (the only value the `0-<end>` form allows).
 * - Minimum chunk size: a PATCH shorter than the minimum is accepted because it may be the
 *   last chunk, but then only an empty closing PUT may follow; any further data (PATCH, or a
 *   PUT with a body) is refused with 416 BLOB_UPLOAD_INVALID and the session is unchanged.
 * - A malformed Content-Range (or end < start) is 400 BLOB_UPLOAD_INVALID; a well-formed one
 *   that does not start at the current offset is 416 with Location/Range for recovery;
 *   a body whose length differs from the range is 400 SIZE_INVALID.
 * - Digest failures on the closing PUT end the session (the data is discarded).
 * - A session that grows past the large-blob threshold continues in a file (spill.ts); its
 *   bodies are appended as they arrive and cut back off when refused. When a PATCH body breaks
 *   off (the client went away), the bytes that arrived are kept and the status GET reports them.
 */
import { createHash, randomUUID } from 'node:crypto';
import { RegistryError } from './errors.js';
import { type Ctx, type Headers, bodyTooLarge, readBody, send } from './context.js';
import { NAME_RE, computeDigest, parseDigest, wrongDigest } from './digest.js';
import { checkComputableDigest, checkDigest, checkName } from './refs.js';
import { appendBody, type BlobContent, digestOfFile, FileBlob, removeFile, spill, truncateTo } from './spill.js';
import type { UploadSession } from './store.js';

function sessionLocation(s: UploadSession, ctx?: Ctx): string {
  // Under upload-status-latest-only each answer hands out a new Location, and only the newest one answers a status GET.
  const gen = ctx?.faults.has('upload-status-latest-only') ? `?gen=${s.chunks.length}` : '';
  return `/v2/${s.repo}/blobs/uploads/${s.id}${gen}`;
}

/** Cumulative `0-<last byte offset>`; `0-0` when nothing was received yet. */
function rangeValue(size: number): string {
  return `0-${Math.max(size - 1, 0)}`;
}

function effectiveMin(ctx: Ctx): number {
  if (ctx.opts.chunkMinLength > 0) return ctx.opts.chunkMinLength;
  return ctx.faults.has('chunk-min-unadvertised') || ctx.faults.has('chunk-min-malformed') ? 1024 : 0;
}

function blobCreated(ctx: Ctx, name: string, digest: string, locationDigest: string = digest): void {
  send(ctx, 201, { Location: `/v2/${name}/blobs/${locationDigest}`, 'Docker-Content-Digest': digest });
}

function readUploadBody(ctx: Ctx): Promise<Buffer> {
  return readBody(ctx, ctx.opts.maxBodyBytes, bodyTooLarge(ctx.opts.maxBodyBytes));
}

/** POST /v2/<name>/blobs/uploads/ */
export async function handleUploadStart(ctx: Ctx, name: string): Promise<void> {
  if (ctx.method !== 'POST') throw new RegistryError(405, 'UNSUPPORTED', `${ctx.method} not allowed here`);
  const mount = ctx.query.get('mount');
  if (mount !== null) {
    if (await tryMount(ctx, name, mount)) return;
  } else if (ctx.query.get('digest') !== null) {
    return singlePost(ctx, name, ctx.query.get('digest')!);
  } else {
    // A session-opening POST has no meaningful body; read and drop whatever was sent.
    await readUploadBody(ctx);
  }
  openSession(ctx, name);
}

function isWellFormedMount(digest: string, from: string | null): boolean {
  return parseDigest(digest).kind !== 'invalid' && (from === null || NAME_RE.test(from));
}

/** Returns true when the request was answered (201 or an error), false to fall back to a session. */
async function tryMount(ctx: Ctx, name: string, rawDigest: string): Promise<boolean> {
  await readUploadBody(ctx);
  if (ctx.faults.has('mount-malformed-accepted') && !isWellFormedMount(rawDigest, ctx.query.get('from'))) {
    blobCreated(ctx, name, rawDigest);
    return true;
  }
  const ref = checkDigest(ctx, rawDigest);
  const fromRaw = ctx.query.get('from');
  const from = fromRaw === null ? undefined : checkName(ctx, fromRaw);
  const available =
    ref.kind === 'ok' &&
    (from !== undefined ? ctx.store.getBlob(from, ref.digest) !== undefined : ctx.store.hasBlobAnywhere(ref.digest));
  if (available) {
    if (!ctx.faults.has('mount-not-linked')) ctx.store.linkBlob(name, ref.digest);
    if (ctx.faults.has('mount-digest-header-wrong')) {
      send(ctx, 201, { Location: `/v2/${name}/blobs/${ref.digest}`, 'Docker-Content-Digest': wrongDigest(ref.digest) });
      return true;
    }
    blobCreated(ctx, name, ref.digest);
    return true;
  }
  if (ctx.faults.has('mount-claims-unknown')) {
    blobCreated(ctx, name, ref.digest);
    return true;
  }
  if (ctx.faults.has('mount-no-fallback')) {
    throw new RegistryError(404, 'BLOB_UNKNOWN', 'blob to mount is not available', { digest: rawDigest });
  }
  return false;
}

async function singlePost(ctx: Ctx, name: string, rawDigest: string): Promise<void> {
  if (ctx.faults.has('single-post-refused')) {
    throw new RegistryError(405, 'UNSUPPORTED', 'single-request uploads are not supported');
  }
  const body = await readUploadBody(ctx);
  const digest = await verifiedDigest(ctx, rawDigest, body);
  ctx.store.putBlob(name, digest, body);
  const loc = ctx.faults.has('single-post-location-wrong') ? wrongDigest(digest) : digest;
  blobCreated(ctx, name, digest, loc);
}

function digestOfContent(algorithm: 'sha256' | 'sha512', content: BlobContent): Promise<string> {
  return content instanceof FileBlob ? digestOfFile(algorithm, content.path) : Promise.resolve(computeDigest(algorithm, content));
}

/** Validates the client digest and checks it against the content (unless upload-put-no-verify). */
async function verifiedDigest(ctx: Ctx, rawDigest: string, content: BlobContent): Promise<string> {
  if (ctx.faults.has('upload-put-no-verify')) return checkDigest(ctx, rawDigest).digest;
  if (ctx.faults.has('upload-digest-unregistered-accepted') && parseDigest(rawDigest).kind === 'unregistered') return rawDigest;
  const d = checkComputableDigest(ctx, rawDigest);
  const actual = await digestOfContent(d.algorithm, content);
  if (actual !== d.digest) {
    throw new RegistryError(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content', {
      expected: d.digest,
      actual,
    });
  }
  return d.digest;
}

function openSession(ctx: Ctx, name: string): void {
  // Under upload-location-not-unique every session of a repository shares one id (and overwrites the last).
  const id = ctx.faults.has('upload-location-not-unique')
    ? createHash('sha256').update(name).digest('hex').slice(0, 32)
    : randomUUID();
  const s: UploadSession = { id, repo: name, chunks: [], size: 0, shortChunkSeen: false, finished: false };
  ctx.store.uploads.set(id, s);
  const headers: Headers = { 'Docker-Upload-UUID': id };
  if (!ctx.faults.has('upload-post-no-location')) headers['Location'] = sessionLocation(s, ctx);
  if (ctx.opts.chunkMinLength > 0 && !ctx.faults.has('chunk-min-unadvertised')) {
    headers['OCI-Chunk-Min-Length'] = String(ctx.opts.chunkMinLength);
  }
  if (ctx.faults.has('chunk-min-malformed')) headers['OCI-Chunk-Min-Length'] = `${effectiveMin(ctx)} bytes`;
  send(ctx, ctx.faults.has('upload-post-not-202') ? 200 : 202, headers);
}

/** PATCH/PUT/GET/DELETE on /v2/<name>/blobs/uploads/<id> */
export async function handleUploadSession(ctx: Ctx, name: string, id: string): Promise<void> {
  const s = ctx.store.uploads.get(id);
  const reusable = ctx.faults.has('upload-session-reusable');
  if (!s && ctx.method === 'GET' && ctx.faults.has('upload-unknown-session-accepted'))
    return send(ctx, 204, { Location: `/v2/${name}/blobs/uploads/${id}`, Range: '0-0' });
  if (!s || s.repo !== name || (s.finished && !reusable)) {
    throw new RegistryError(404, 'BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry', { session: id });
  }
  switch (ctx.method) {
    case 'PATCH':
      return patchChunk(ctx, s);
    case 'PUT':
      return closeSession(ctx, s);
    case 'GET':
      return sessionStatus(ctx, s);
    case 'DELETE':
      if (!ctx.faults.has('upload-cancel-ignored')) endSession(ctx, s);
      return send(ctx, 204, {});
    default:
      throw new RegistryError(405, 'UNSUPPORTED', `${ctx.method} not allowed on an upload session`);
  }
}

function progressHeaders(s: UploadSession, ctx?: Ctx): Headers {
  return { Location: sessionLocation(s, ctx), Range: rangeValue(s.size), 'Docker-Upload-UUID': s.id };
}

type ContentRange = { start: number; end: number };

/** Parses the spec's inclusive `<start>-<end>` Content-Range; undefined when absent. */
function parseContentRange(ctx: Ctx): ContentRange | undefined {
  const raw = ctx.req.headers['content-range'];
  if (raw === undefined) return undefined;
  const m = /^(\d+)-(\d+)$/.exec(raw.trim());
  if (!m) throw new RegistryError(400, 'BLOB_UPLOAD_INVALID', 'Content-Range must be <start>-<end>', { 'content-range': raw });
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) {
    throw new RegistryError(400, 'BLOB_UPLOAD_INVALID', 'Content-Range end is before its start', { 'content-range': raw });
  }
  return { start, end };
}

/** Checks a chunk's declared range against the current offset and the body length. */
function checkChunkRange(ctx: Ctx, s: UploadSession, range: ContentRange | undefined, body: Chunk): void {
  if (range === undefined) return;
  if (range.start !== s.size && !ctx.faults.has('patch-out-of-order-accepted')) {
    if (ctx.faults.has('patch-416-resets-session')) {
      s.chunks = [];
      s.size = 0;
    }
    throw new RegistryError(416, 'BLOB_UPLOAD_INVALID', `chunk must start at offset ${s.size}`, { expectedStart: s.size }, progressHeaders(s));
  }
  if (range.end - range.start + 1 !== body.length) {
    throw new RegistryError(400, 'SIZE_INVALID', 'chunk length does not match Content-Range', {
      declared: range.end - range.start + 1,
      received: body.length,
    });
  }
}

/** After a short (possibly final) chunk, no more data may arrive. */
function checkAfterShortChunk(s: UploadSession, body: Chunk): void {
  if (s.shortChunkSeen && body.length > 0) {
    throw new RegistryError(416, 'BLOB_UPLOAD_INVALID', 'a chunk below the minimum chunk length was not the last one', undefined, progressHeaders(s));
  }
}

/** A request body: in memory, or (large sessions) already written to the session file past `s.size`, until kept or discarded. */
interface Chunk {
  length: number;
  data?: Buffer;
  /** The client went away before the whole body arrived (large sessions only). */
  brokeOff?: boolean;
}

async function receive(ctx: Ctx, s: UploadSession): Promise<Chunk> {
  const declared = Number(ctx.req.headers['content-length']);
  if (s.file === undefined && !(s.size + declared > ctx.opts.largeBlobBytes)) {
    const data = await readUploadBody(ctx);
    return { length: data.length, data };
  }
  if (s.file === undefined) {
    s.file = await spill(ctx.store.spill, s.chunks);
    s.chunks = [];
  }
  return appendBody(ctx.req, s.file);
}

function append(s: UploadSession, body: Chunk): void {
  if (body.length === 0) return;
  if (body.data) s.chunks.push(body.data);
  s.size += body.length;
}

/** Leaves the session as it was before the refused body. */
async function discard(s: UploadSession): Promise<void> {
  if (s.file !== undefined) await truncateTo(s.file, s.size);
}

function endSession(ctx: Ctx, s: UploadSession, keepFile = false): void {
  ctx.store.uploads.delete(s.id);
  if (s.file !== undefined && !keepFile) void removeFile(s.file);
}

/** Checks a received body, cutting it off again when a check refuses it. */
async function judged(s: UploadSession, check: () => void): Promise<void> {
  try {
    check();
  } catch (e) {
    await discard(s);
    throw e;
  }
}

async function patchChunk(ctx: Ctx, s: UploadSession): Promise<void> {
  const body = await receive(ctx, s);
  if (body.brokeOff) {
    // Nobody is left to answer; keep what arrived so the client can resume from the status GET.
    const declared = Number(ctx.req.headers['content-length']);
    s.size += ctx.faults.has('upload-drop-counts-declared') && declared > 0 ? declared : body.length;
    ctx.res.destroy();
    return;
  }
  const range = parseContentRange(ctx);
  await judged(s, () => {
    if (range === undefined && ctx.faults.has('streamed-patch-broken')) {
      throw new RegistryError(400, 'BLOB_UPLOAD_INVALID', 'Content-Range is required');
    }
    checkChunkRange(ctx, s, range, body);
    checkAfterShortChunk(s, body);
  });
  const min = effectiveMin(ctx);
  if (body.length > 0 && body.length < min) s.shortChunkSeen = true;
  append(s, body);
  const headers: Headers = { Location: sessionLocation(s, ctx), 'Docker-Upload-UUID': s.id };
  if (!ctx.faults.has('patch-no-range')) {
    headers['Range'] = ctx.faults.has('patch-range-per-chunk') ? rangeValue(body.length) : rangeValue(s.size);
  }
  send(ctx, 202, headers);
}

async function closeSession(ctx: Ctx, s: UploadSession): Promise<void> {
  const body = await receive(ctx, s);
  if (body.brokeOff) {
    await discard(s);
    ctx.res.destroy();
    return;
  }
  const range = parseContentRange(ctx);
  await judged(s, () => {
    checkChunkRange(ctx, s, range, body);
    checkAfterShortChunk(s, body);
  });
  const rawDigest = ctx.query.get('digest');
  const dropFinal = s.size > 0 && ctx.faults.has('upload-put-final-chunk-dropped');
  if (dropFinal) await discard(s);
  else append(s, body);
  const content: BlobContent = s.file !== undefined ? new FileBlob(s.file, s.size) : s.chunks.length === 1 ? s.chunks[0]! : Buffer.concat(s.chunks);
  let digest: string;
  try {
    if (rawDigest === null) {
      if (!ctx.faults.has('upload-put-needs-no-digest')) {
        throw new RegistryError(400, 'DIGEST_INVALID', 'the digest query parameter is required to finish an upload');
      }
      digest = await digestOfContent('sha256', content);
    } else {
      digest = await verifiedDigest(ctx, rawDigest, content);
    }
  } catch (e) {
    // A failed close ends the session: the client has to start over.
    endSession(ctx, s);
    throw e;
  }
  ctx.store.putBlob(s.repo, digest, content);
  if (ctx.faults.has('upload-session-reusable') && s.file === undefined) {
    s.finished = true;
  } else {
    endSession(ctx, s, true);
  }
  const headers: Headers = { 'Docker-Content-Digest': digest };
  if (!ctx.faults.has('upload-put-no-location')) headers['Location'] = `/v2/${s.repo}/blobs/${digest}`;
  send(ctx, ctx.faults.has('upload-put-not-201') ? 200 : 201, headers);
}

function sessionStatus(ctx: Ctx, s: UploadSession): void {
  if (ctx.faults.has('upload-status-latest-only') && ctx.query.get('gen') !== String(s.chunks.length))
    throw new RegistryError(404, 'BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry', { session: s.id });
  const headers = progressHeaders(s, ctx);
  if (ctx.faults.has('upload-status-no-range')) delete headers['Range'];
  send(ctx, ctx.faults.has('upload-status-not-204') ? 200 : 204, headers);
}
