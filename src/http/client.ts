import { Agent, request, type Dispatcher } from 'undici';
import type { BodyCapture, Exchange } from './exchange.js';
import { captureBody, PREVIEW_BYTES } from './capture.js';
import { redactHeaders, redactUrl, scrubSecrets } from './redact.js';

export interface HttpOptions {
  /** Whole-request deadline, headers and body. */
  timeoutMs: number;
  /** Response bodies beyond this are cut off (and the response marked truncated). */
  maxBodyBytes: number;
  /** Accept self-signed TLS certificates. */
  insecure: boolean;
  userAgent: string;
  previewBytes?: number;
}

export const DEFAULT_HTTP: HttpOptions = {
  timeoutMs: 30_000,
  maxBodyBytes: 64 * 1024 * 1024,
  insecure: false,
  userAgent: 'oci-conform',
};

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Every value of a header that may repeat (Warning, Link, WWW-Authenticate). */
  rawHeaders: Array<[string, string]>;
  body: Buffer;
  /** True when the body was longer than maxBodyBytes and was cut. */
  truncated: boolean;
  /** Set when status and headers arrived but the body broke off (e.g. shorter than its Content-Length). */
  incomplete?: string;
  url: string;
  exchange: Exchange;
}

/** No response arrived: refused, reset, timed out, TLS failure. A harness-side outcome, never a verdict. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly exchange: Exchange,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export type ExchangeSink = (ex: Exchange) => void;

/** See HttpClient.streamingHook. */
export interface StreamingHook {
  dispatcher: Dispatcher;
  userAgent: string;
  nextId(): string;
  scrub(s: string): string;
  /** Redacted, scrubbed and sorted, as every captured header set. */
  scrubHeaders(h: Record<string, string>): Record<string, string>;
  capture(body: Buffer): BodyCapture;
  describeError(err: unknown): { code: string; message: string };
}

let exchangeCounter = 0;

/**
 * The only place that speaks HTTP. Every request becomes a redacted Exchange
 * handed to the sink; bodies are read with a cap and every request has a deadline.
 */
export class HttpClient {
  private readonly dispatcher: Dispatcher;
  private readonly secrets: string[] = [];

  constructor(readonly options: HttpOptions = DEFAULT_HTTP) {
    this.dispatcher = new Agent({
      connect: { rejectUnauthorized: !options.insecure, timeout: Math.min(options.timeoutMs, 10_000) },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      keepAliveTimeout: 4_000,
    });
  }

  /** Registers a string that must never appear in any capture (password, token). */
  addSecret(s: string): void {
    if (s && !this.secrets.includes(s)) this.secrets.push(s);
  }

  async send(req: HttpRequest, sink?: ExchangeSink): Promise<HttpResponse> {
    const started = Date.now();
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent, ...lowerKeys(req.headers ?? {}) };
    if (req.body !== undefined) headers['content-length'] = String(req.body.length);
    const ex: Exchange = {
      id: `x${++exchangeCounter}`,
      method: req.method,
      url: this.scrub(redactUrl(req.url)),
      requestHeaders: this.scrubHeaders(redactHeaders(headers)),
      ...(req.body !== undefined && req.body.length > 0 ? { requestBody: captureBody(req.body, this.secrets, this.preview) } : {}),
      status: null,
      responseHeaders: {},
      startedAt: new Date(started).toISOString(),
      durationMs: 0,
    };
    try {
      const res = await request(req.url, {
        method: req.method as Dispatcher.HttpMethod,
        headers,
        body: req.body,
        dispatcher: this.dispatcher,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const { body, truncated, incomplete } = await readCapped(res.body, req.method === 'HEAD' ? 0 : this.options.maxBodyBytes);
      const raw = rawPairs(res.headers);
      const joined = joinHeaders(raw);
      ex.status = res.statusCode;
      ex.responseHeaders = this.scrubHeaders(redactHeaders(joined));
      if (body.length > 0) ex.responseBody = captureBody(body, this.secrets, this.preview);
      ex.durationMs = Date.now() - started;
      sink?.(ex);
      // The registry did answer: a body that broke off is part of its answer, for the checks to judge.
      if (incomplete) ex.error = this.scrub(`response body incomplete after ${body.length} bytes: ${incomplete}`);
      return { status: res.statusCode, headers: joined, rawHeaders: raw, body, truncated, ...(incomplete ? { incomplete } : {}), url: req.url, exchange: ex };
    } catch (err) {
      const { code, message } = describeError(err, this.options.timeoutMs);
      ex.error = this.scrub(message);
      ex.durationMs = Date.now() - started;
      sink?.(ex);
      throw new TransportError(`${req.method} ${ex.url}: ${ex.error}`, code, ex);
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  /** What the streaming path (stream.ts) shares with this client: its connection pool and its redaction. */
  streamingHook(): StreamingHook {
    return {
      dispatcher: this.dispatcher,
      userAgent: this.options.userAgent,
      nextId: () => `x${++exchangeCounter}`,
      scrub: (s) => this.scrub(s),
      scrubHeaders: (h) => this.scrubHeaders(redactHeaders(h)),
      capture: (b) => captureBody(b, this.secrets, this.preview),
      describeError: (e) => describeError(e, this.options.timeoutMs),
    };
  }

  private get preview(): number {
    return this.options.previewBytes ?? PREVIEW_BYTES;
  }

  private scrub(s: string): string {
    return scrubSecrets(s, this.secrets);
  }

  /** Scrubbed, and sorted by name so transcripts and saved results render the same. */
  private scrubHeaders(h: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const k of Object.keys(h).sort()) out[k] = this.scrub(h[k]!);
    return out;
  }
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

export function rawPairs(h: Record<string, string | string[] | undefined>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) out.push([k.toLowerCase(), one]);
  }
  return out;
}

export function joinHeaders(pairs: Array<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of pairs) out[k] = k in out ? `${out[k]}, ${v}` : v;
  return out;
}

/**
 * Reads at most `cap` bytes, then stops reading so a hostile body cannot
 * exhaust memory. A body that breaks off keeps what arrived.
 */
export async function readCapped(body: Dispatcher.ResponseData['body'], cap: number): Promise<{ body: Buffer; truncated: boolean; incomplete?: string }> {
  const parts: Buffer[] = [];
  let size = 0;
  let truncated = false;
  let incomplete: string | undefined;
  try {
    for await (const chunk of body) {
      const b = chunk as Buffer;
      if (size + b.length > cap) {
        parts.push(b.subarray(0, cap - size));
        size = cap;
        truncated = true;
        body.destroy();
        break;
      }
      parts.push(b);
      size += b.length;
    }
  } catch (err) {
    const e = err as { name?: string; code?: string; message?: string };
    // A body that stalls past the deadline stays a transport fault; one the server cut short is its answer.
    if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.code === 'UND_ERR_BODY_TIMEOUT') throw err;
    incomplete = `${e.code ?? 'ERROR'}: ${e.message ?? String(err)}`;
  }
  return { body: Buffer.concat(parts, size), truncated, ...(incomplete ? { incomplete } : {}) };
}

function describeError(err: unknown, timeoutMs: number): { code: string; message: string } {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.code === 'UND_ERR_HEADERS_TIMEOUT' || e?.code === 'UND_ERR_BODY_TIMEOUT')
    return { code: 'TIMEOUT', message: `no complete response within ${timeoutMs} ms` };
  const code = e?.code ?? e?.cause?.code ?? 'TRANSPORT';
  const msg = e?.cause?.message ?? e?.message ?? String(err);
  return { code, message: `${code}: ${msg}` };
}
