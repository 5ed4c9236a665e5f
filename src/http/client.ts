import { Agent, request, type Dispatcher } from 'undici';
import type { BodyCapture, Exchange } from './exchange.js';
import { captureBody, PREVIEW_BYTES } from './capture.js';
import { redactHeaders, redactQueryIn, redactUrl, scrubSecrets, secretParamValues } from './redact.js';

export interface HttpOptions {
  /** Whole-request deadline, headers and body. */
  timeoutMs: number;
  /** Response bodies beyond this are cut off (and the response marked truncated). */
  maxBodyBytes: number;
  /** Accept self-signed TLS certificates. */
  insecure: boolean;
  userAgent: string;
  previewBytes?: number;
  /** Trusted CA certificates (PEM) replacing Node's bundled set; undefined keeps Node's. */
  ca?: string[];
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
  /** Aborts the request (a check's timeout, the run's deadline, Ctrl-C). */
  signal?: AbortSignal;
  /**
   * Sees the whole body before the exchange is captured: the token flow uses
   * it to register the tokens it received as secrets first.
   */
  inspect?: (status: number, body: Buffer) => void;
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

/**
 * How a request ended without a response. `reset` and `closed` mean the peer
 * took the request and dropped the connection without answering (the runner may
 * judge that as the registry's failure); the rest say nothing about the registry.
 */
export type TransportKind = 'reset' | 'closed' | 'refused' | 'timeout' | 'aborted' | 'dns' | 'tls' | 'protocol' | 'other';

/** No response arrived: refused, reset, timed out, TLS failure. A harness-side outcome, never a verdict. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly exchange: Exchange,
    readonly kind: TransportKind = 'other',
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** A limit of ours was reached (body cap): the check cannot judge, and says which flag raises the limit. */
export class LimitExceeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LimitExceeded';
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
      connect: { rejectUnauthorized: !options.insecure, timeout: Math.min(options.timeoutMs, 10_000), ...(options.ca ? { ca: options.ca } : {}) },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      keepAliveTimeout: 4_000,
      maxHeaderSize: 64 * 1024,
    });
  }

  /** Counters the report shows: requests retried after 429/503 with Retry-After. */
  readonly stats = { retried: 0 };

  /** Registers a string that must never appear in any capture (password, token). */
  addSecret(s: string): void {
    if (typeof s === 'string' && s.length >= 4 && !this.secrets.includes(s)) {
      this.secrets.push(s);
      // Longest first, so a secret containing another is replaced whole.
      this.secrets.sort((a, b) => b.length - a.length);
    }
  }

  /**
   * Any text bound for a report or the console (messages, expected/observed
   * values): known secrets, secret query values, and the values of signed-URL
   * parameters seen so far, wherever they are quoted.
   */
  scrubText(s: string): string {
    const out = this.scrub(s);
    if (this.urlSecrets.size === 0) return out;
    return scrubSecrets(out, [...this.urlSecrets].sort((a, b) => b.length - a.length));
  }

  /**
   * Values of session-state and signature parameters, for scrubbing messages.
   * Kept apart from `secrets`: there may be one per upload, and captures already
   * redact them in URL form, so only the few strings of a result pay for them.
   */
  private readonly urlSecrets = new Set<string>();

  private harvest(url: string | undefined): void {
    if (!url || !url.includes('=')) return;
    for (const v of secretParamValues(url)) if (v.length >= 8) this.urlSecrets.add(v);
  }

  async send(req: HttpRequest, sink?: ExchangeSink): Promise<HttpResponse> {
    const started = Date.now();
    this.harvest(req.url);
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
        signal: req.signal ? AbortSignal.any([req.signal, AbortSignal.timeout(this.options.timeoutMs)]) : AbortSignal.timeout(this.options.timeoutMs),
      });
      const { body, truncated, incomplete } = await readCapped(res.body, req.method === 'HEAD' ? 0 : this.options.maxBodyBytes);
      const raw = rawPairs(res.headers);
      const joined = joinHeaders(raw);
      for (const [k, v] of raw) if (k === 'location' || k === 'link' || k === 'content-location') this.harvest(v);
      // Token fields are registered as secrets before anything is captured.
      if (req.inspect) {
        try {
          req.inspect(res.statusCode, body);
        } catch {
          // an inspector's trouble with a hostile body is its own business
        }
      }
      ex.status = res.statusCode;
      ex.responseHeaders = this.scrubHeaders(redactHeaders(joined));
      if (body.length > 0) ex.responseBody = captureBody(body, this.secrets, this.preview);
      ex.durationMs = Date.now() - started;
      sink?.(ex);
      // The registry did answer: a body that broke off is part of its answer, for the checks to judge.
      if (incomplete) ex.error = this.scrub(`response body incomplete after ${body.length} bytes: ${incomplete}`);
      return { status: res.statusCode, headers: joined, rawHeaders: raw, body, truncated, ...(incomplete ? { incomplete } : {}), url: req.url, exchange: ex };
    } catch (err) {
      const aborted = req.signal?.aborted === true;
      const { code, message, kind } = aborted ? abortedBy(req.signal!) : describeError(err, this.options.timeoutMs);
      ex.error = this.scrub(message);
      ex.durationMs = Date.now() - started;
      sink?.(ex);
      throw new TransportError(`${req.method} ${ex.url}: ${ex.error}`, code, ex, kind);
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

  /** Captures: secret query values in URL form, and the registered secrets anywhere. */
  private scrub(s: string): string {
    return scrubSecrets(redactQueryIn(s), this.secrets);
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

function abortedBy(signal: AbortSignal): { code: string; message: string; kind: TransportKind } {
  const r = signal.reason as { message?: string } | undefined;
  return { code: 'ABORTED', message: `aborted: ${r?.message ?? String(r ?? 'stopped')}`, kind: 'aborted' };
}

const KINDS: Record<string, TransportKind> = {
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'closed',
  UND_ERR_CLOSED: 'closed',
  ECONNREFUSED: 'refused',
  EHOSTUNREACH: 'refused',
  ENETUNREACH: 'refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_OVERFLOW: 'protocol',
  HPE_INVALID_STATUS: 'protocol',
  HPE_INVALID_CONSTANT: 'protocol',
  HPE_HEADER_OVERFLOW: 'protocol',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'protocol',
  UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: 'protocol',
  UND_ERR_INVALID_ARG: 'protocol',
  UND_ERR_INFO: 'protocol',
  // undici asserts on a status line it cannot use (e.g. below 100).
  ERR_ASSERTION: 'protocol',
};

function describeError(err: unknown, timeoutMs: number): { code: string; message: string; kind: TransportKind } {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.code === 'UND_ERR_HEADERS_TIMEOUT' || e?.code === 'UND_ERR_BODY_TIMEOUT')
    return { code: 'TIMEOUT', message: `no complete response within ${timeoutMs} ms`, kind: 'timeout' };
  const code = String(e?.code ?? e?.cause?.code ?? 'TRANSPORT');
  const msg = e?.cause?.message ?? e?.message ?? String(err);
  const kind = KINDS[code] ?? (/^ERR_TLS|CERT|SSL|_SIGNATURE|SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/.test(code) ? 'tls' : code.startsWith('HPE_') ? 'protocol' : 'other');
  if (kind === 'protocol') return { code, message: `the answer is not valid HTTP (${code}: ${msg.slice(0, 200)})`, kind };
  return { code, message: `${code}: ${msg}`, kind };
}
