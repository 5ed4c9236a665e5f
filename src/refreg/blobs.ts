/** Blob GET/HEAD (with Range) and DELETE. */
import { RegistryError } from './errors.js';
import { type Ctx, type Headers, digestHeaders, send } from './context.js';
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
  const rangeOk = !ctx.faults.has('blob-range-ignored');
  const base: Headers = {
    'Content-Type': 'application/octet-stream',
    ...digestHeaders(ctx, digest),
    ...(rangeOk ? { 'Accept-Ranges': 'bytes' } : {}),
  };
  if (head) {
    const len = ctx.faults.has('blob-head-wrong-length') ? data.length + 1 : data.length;
    send(ctx, 200, { ...base, 'Content-Length': len });
    return;
  }
  let body = data;
  if (ctx.faults.has('blob-get-corrupt') && data.length > 0) {
    body = Buffer.from(data);
    body[0] = body[0]! ^ 0xff;
  }
  const rangeHeader = ctx.req.headers.range;
  if (rangeOk && rangeHeader !== undefined) {
    const r = parseRange(rangeHeader, data.length);
    if (r === 'unsatisfiable') {
      if (ctx.faults.has('error-code-range-invalid'))
        return send(ctx, 416, { ...base, 'Content-Type': 'application/json', 'Content-Range': `bytes */${data.length}` }, JSON.stringify({ errors: [{ code: 'RANGE_INVALID', message: 'range not satisfiable' }] }));
      send(ctx, 416, { ...base, 'Content-Range': `bytes */${data.length}` });
      return;
    }
    if (r !== 'ignore') {
      send(ctx, 206, { ...base, 'Content-Range': `bytes ${r.start}-${r.end}/${data.length}` }, body.subarray(r.start, r.end + 1));
      return;
    }
  }
  send(ctx, 200, base, body);
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
