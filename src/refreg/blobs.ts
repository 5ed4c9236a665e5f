/** Blob GET/HEAD (with Range) and DELETE. */
import { createReadStream } from 'node:fs';
import { RegistryError } from './errors.js';
import { type Ctx, type Headers, digestHeaders, send } from './context.js';
import { contentSize, FileBlob } from './spill.js';
import { checkDeletesEnabled, checkDigest, repoMissing, requireRepo } from './refs.js';

type ByteRange = { start: number; end: number } | 'unsatisfiable' | 'ignore';

/**
 * Parses a single-range `Range: bytes=...` header against a blob of `size` bytes.
 * Multi-range and unparsable headers are ignored (full 200), as RFC 9110 allows;
 * a well-formed but backwards range (b < a) is answered 416 like the maintainers' suite expects.
 */
export function parseRange(header: string, size: number): ByteRange {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return 'ignore';
  const [, a, b] = m as unknown as [string, string, string];
  if (a === '' && b === '') return 'ignore';
  if (a === '') {
    const n = Number(b);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  if (b !== '' && Number(b) < start) return 'unsatisfiable';
  if (start >= size) return 'unsatisfiable';
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  return { start, end };
}

export function handleBlob(ctx: Ctx, name: string, rawDigest: string): void {
  if (ctx.method === 'DELETE') return deleteBlob(ctx, name, rawDigest);
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
    throw new RegistryError(405, 'UNSUPPORTED', `${ctx.method} not allowed on blobs`);
  }
  const head = ctx.method === 'HEAD';
  if (head && ctx.faults.has('blob-head-unsupported')) throw new RegistryError(405, 'UNSUPPORTED', 'HEAD not supported on blobs');
  let ref: ReturnType<typeof checkDigest>;
  try {
    ref = checkDigest(ctx, rawDigest);
  } catch (e) {
    if (ctx.faults.has('digest-malformed-200')) return send(ctx, 200, { 'Content-Type': 'application/octet-stream', 'Content-Length': 0 });
    if (ctx.faults.has('server-error-malformed-digest')) return send(ctx, 500, { 'Content-Type': 'text/plain' }, 'internal error');
    throw e;
  }
  if (ref.kind === 'unregistered' && ctx.faults.has('connection-drop-unregistered-digest')) {
    ctx.req.socket.destroy();
    return;
  }
  const repo = ctx.store.repo(name);
  const data = repo && ref.kind === 'ok' ? ctx.store.getBlob(name, ref.digest) : undefined;
  if (!data) {
    if (ctx.faults.has('blob-missing-not-404')) {
      send(ctx, 200, { 'Content-Type': 'application/octet-stream', 'Content-Length': 0 });
      return;
    }
    if (!repo) throw repoMissing(ctx, name);
    throw new RegistryError(404, 'BLOB_UNKNOWN', 'blob unknown to registry', { digest: rawDigest });
  }
  const digest = ref.digest;
  const size = contentSize(data);
  const rangeOk = !ctx.faults.has('blob-range-ignored');
  const base: Headers = {
    'Content-Type': 'application/octet-stream',
    ...digestHeaders(ctx, digest),
    ...(rangeOk ? { 'Accept-Ranges': 'bytes' } : {}),
  };
  if (head) {
    const len = ctx.faults.has('blob-head-wrong-length') ? size + 1 : size;
    send(ctx, 200, { ...base, 'Content-Length': len });
    return;
  }
  const rangeHeader = ctx.req.headers.range;
  const r = rangeOk && rangeHeader !== undefined ? parseRange(rangeHeader, size) : 'ignore';
  if (r === 'unsatisfiable') {
    if (ctx.faults.has('error-code-range-invalid'))
      return send(ctx, 416, { ...base, 'Content-Type': 'application/json', 'Content-Range': `bytes */${size}` }, JSON.stringify({ errors: [{ code: 'RANGE_INVALID', message: 'range not satisfiable' }] }));
    send(ctx, 416, { ...base, 'Content-Range': `bytes */${size}` });
    return;
  }
  const status = r === 'ignore' ? 200 : 206;
  const headers = r === 'ignore' ? base : { ...base, 'Content-Range': `bytes ${r.start}-${r.end}/${size}` };
  const { start, end } = r === 'ignore' ? { start: 0, end: size - 1 } : r;
  if (data instanceof FileBlob) return sendFileRange(ctx, status, headers, data, start, end);
  let body = data;
  if (ctx.faults.has('blob-get-corrupt') && data.length > 0) {
    body = Buffer.from(data);
    body[0] = body[0]! ^ 0xff;
  }
  send(ctx, status, headers, r === 'ignore' ? body : body.subarray(start, end + 1));
}

/**
 * Serves bytes start..end (inclusive) of a blob kept in a file, read as they
 * are sent. The large-blob faults act here: a body that breaks off at 4 GiB
 * (or half the blob, when it is smaller), and Range offsets past 2 GiB (or
 * half the blob) that wrap around as a 31-bit offset would.
 */
function sendFileRange(ctx: Ctx, status: number, headers: Headers, blob: FileBlob, start: number, end: number): void {
  const { res } = ctx;
  const wrapAt = Math.min(2 ** 31, Math.floor(blob.size / 2));
  const from = ctx.faults.has('blob-large-range-wrong') && status === 206 && start >= wrapAt ? start - wrapAt : start;
  const cutAt = ctx.faults.has('blob-large-truncated') ? Math.min(2 ** 32, Math.floor(blob.size / 2)) : Infinity;
  const last = Math.min(from + (end - start), cutAt - 1);
  res.statusCode = status;
  res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Content-Length', end - start + 1);
  if (end < start) {
    res.end();
    return;
  }
  const stream = last >= from ? createReadStream(blob.path, { start: from, end: last, highWaterMark: 1 << 20 }) : undefined;
  let first = from === 0 && ctx.faults.has('blob-get-corrupt');
  const broken = last < from + (end - start);
  if (!stream) {
    res.flushHeaders();
    res.destroy();
    return;
  }
  stream.on('data', (chunk) => {
    const b = chunk as Buffer;
    if (first) {
      b[0] = b[0]! ^ 0xff;
      first = false;
    }
    if (!res.write(b)) {
      stream.pause();
      res.once('drain', () => stream.resume());
    }
  });
  stream.on('end', () => (broken ? res.destroy() : res.end()));
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
}

function deleteBlob(ctx: Ctx, name: string, rawDigest: string): void {
  checkDeletesEnabled(ctx);
  const ref = checkDigest(ctx, rawDigest);
  const repo = requireRepo(ctx, name);
  const known = ref.kind === 'ok' && repo.blobs.has(ref.digest);
  if (!known) {
    if (ctx.faults.has('delete-unknown-202')) return send(ctx, 202, {});
    throw new RegistryError(404, 'BLOB_UNKNOWN', 'blob unknown to registry', { digest: rawDigest });
  }
  if (!ctx.faults.has('delete-blob-keeps-content')) ctx.store.deleteBlob(name, ref.digest);
  send(ctx, ctx.faults.has('delete-blob-200') ? 200 : 202, {});
}
