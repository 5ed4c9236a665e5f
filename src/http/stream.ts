import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import type { BodyCapture, Exchange } from './exchange.js';
import { PREVIEW_BYTES } from './capture.js';
import { joinHeaders, rawPairs, readCapped, TransportError, type ExchangeSink, type HttpClient, type HttpRequest, type HttpResponse, type StreamingHook } from './client.js';
import { redactUrl } from './redact.js';

/** A request body produced piece by piece; `pieces` may be called again (a retry after an auth challenge). */
export interface StreamBody {
  length: number;
  pieces(): AsyncIterable<Buffer>;
  /** The body's sha256 (hex) when already known; spares hashing it again for the exchange. */
  sha256?: string;
}

export interface StreamOptions {
  body?: StreamBody;
  /** Receives the body of a 2xx answer piece by piece; it is not kept (HttpResponse.body stays empty, its size and sha256 are in the exchange). */
  onBody?: (piece: Buffer) => void;
  /** Sends only this many body bytes, then drops the connection: a deliberate failure, thrown as TransportError DROPPED. */
  dropAfter?: number;
}

/** Bodies of answers that are not streamed (errors, mostly) are kept up to this size. */
const KEPT_BODY_BYTES = 1 << 20;

class DeliberateDrop extends Error {}

/**
 * The streaming path: one request whose body comes from a StreamBody and whose
 * 2xx answer is handed on as it arrives, so blobs of any size pass through in
 * constant memory. It shares the HttpClient's connections and redaction; its
 * exchanges carry the size and sha256 of each whole body and a preview of its start.
 * No whole-request deadline applies (a 5 GiB body takes what it takes); the
 * client's idle timeouts still end a stalled transfer.
 */
export class StreamTransport {
  private readonly hook: StreamingHook;

  constructor(
    http: HttpClient,
    private readonly opts: StreamOptions,
  ) {
    this.hook = http.streamingHook();
  }

  async send(req: HttpRequest, sink?: ExchangeSink): Promise<HttpResponse> {
    const { hook, opts } = this;
    const started = Date.now();
    const headers: Record<string, string> = { 'user-agent': hook.userAgent };
    for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
    if (opts.body) headers['content-length'] = String(opts.body.length);
    const ex: Exchange = {
      id: hook.nextId(),
      method: req.method,
      url: hook.scrub(redactUrl(req.url)),
      requestHeaders: hook.scrubHeaders(headers),
      status: null,
      responseHeaders: {},
      startedAt: new Date(started).toISOString(),
      durationMs: 0,
    };
    const sent = new Tally(hook, opts.body?.sha256);
    let dropped = false;
    const body = opts.body;
    const source = body
      ? (async function* () {
          for await (const piece of body.pieces()) {
            const room = opts.dropAfter === undefined ? piece.length : opts.dropAfter - sent.size;
            const part = room < piece.length ? piece.subarray(0, Math.max(room, 0)) : piece;
            if (part.length > 0) {
              sent.add(part);
              yield part;
            }
            if (part.length < piece.length) {
              dropped = true;
              throw new DeliberateDrop();
            }
          }
        })()
      : undefined;
    try {
      const res = await request(req.url, {
        method: req.method as Dispatcher.HttpMethod,
        headers,
        ...(source ? { body: Readable.from(source, { objectMode: false }) } : {}),
        dispatcher: hook.dispatcher,
      });
      if (sent.size > 0) ex.requestBody = sent.capture();
      const raw = rawPairs(res.headers);
      const joined = joinHeaders(raw);
      ex.status = res.statusCode;
      ex.responseHeaders = hook.scrubHeaders(joined);
      const streamed = opts.onBody !== undefined && res.statusCode >= 200 && res.statusCode < 300 && req.method !== 'HEAD';
      let kept: Buffer = Buffer.alloc(0);
      let incomplete: string | undefined;
      let truncated = false;
      if (streamed) {
        const got = new Tally(hook);
        try {
          // 'data' events rather than an async iterator: a large body passes through at close to the socket's speed.
          await new Promise<void>((resolve, reject) => {
            res.body.on('data', (piece: Buffer) => {
              got.add(piece);
              opts.onBody!(piece);
            });
            res.body.on('end', resolve);
            res.body.on('error', reject);
          });
        } catch (err) {
          const e = err as { name?: string; code?: string; message?: string };
          if (e.code === 'UND_ERR_BODY_TIMEOUT') throw err;
          incomplete = `${e.code ?? 'ERROR'}: ${e.message ?? String(err)}`;
        }
        if (got.size > 0) ex.responseBody = got.capture();
      } else {
        const r = await readCapped(res.body, req.method === 'HEAD' ? 0 : KEPT_BODY_BYTES);
        kept = r.body;
        truncated = r.truncated;
        incomplete = r.incomplete;
        if (kept.length > 0) ex.responseBody = hook.capture(kept);
      }
      ex.durationMs = Date.now() - started;
      if (incomplete) ex.error = hook.scrub(`response body incomplete: ${incomplete}`);
      sink?.(ex);
      return { status: res.statusCode, headers: joined, rawHeaders: raw, body: kept, truncated, ...(incomplete ? { incomplete } : {}), url: req.url, exchange: ex };
    } catch (err) {
      if (sent.size > 0) ex.requestBody = sent.capture();
      const { code, message } = dropped
        ? { code: 'DROPPED', message: `the harness dropped the connection on purpose after ${sent.size} body bytes` }
        : hook.describeError(err);
      ex.error = hook.scrub(message);
      ex.durationMs = Date.now() - started;
      sink?.(ex);
      throw new TransportError(`${req.method} ${ex.url}: ${ex.error}`, code, ex);
    }
  }
}

/** Size, sha256 and the first bytes of a body that passes through without being kept. */
class Tally {
  size = 0;
  private readonly hash;
  private head = Buffer.alloc(0);

  constructor(
    private readonly hook: StreamingHook,
    private readonly known?: string,
  ) {
    this.hash = known ? undefined : createHash('sha256');
  }

  add(piece: Buffer): void {
    this.size += piece.length;
    this.hash?.update(piece);
    if (this.head.length < PREVIEW_BYTES) this.head = Buffer.concat([this.head, piece.subarray(0, PREVIEW_BYTES - this.head.length)]);
  }

  capture(): BodyCapture {
    return { ...this.hook.capture(this.head), size: this.size, sha256: this.hash?.digest('hex') ?? this.known!, truncated: this.size > this.head.length };
  }
}
