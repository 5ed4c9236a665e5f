/** Per-request context and the small response/body helpers every handler uses. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RegistryError, errorBody } from './errors.js';
import type { FaultSet } from './faults.js';
import type { Store } from './store.js';
import { wrongDigest } from './digest.js';

export interface AuthConfig {
  mode: 'basic' | 'bearer';
  username: string;
  password: string;
}

/** Options after defaults were applied. */
export interface ResolvedOptions {
  chunkMinLength: number;
  auth?: AuthConfig;
  maxManifestBytes: number;
  tagsPageSize: number;
  referrersPageSize: number;
  deletes: boolean;
  /** Cap for any request body held in memory. */
  maxBodyBytes: number;
  /** Upload sessions growing past this continue in a file (spill.ts). */
  largeBlobBytes: number;
}

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** Raw path (no query), still percent-encoded. */
  path: string;
  query: URLSearchParams;
  faults: FaultSet;
  store: Store;
  opts: ResolvedOptions;
  /** e.g. http://127.0.0.1:43121 — used for the bearer token realm. */
  baseUrl: string;
}

export type Headers = Record<string, string | number | string[]>;

/** Warning values used by the warning faults (the valid form is `299 - "text"`). */
function faultWarnings(ctx: Ctx): string[] {
  const out: string[] = [];
  if (ctx.faults.has('warning-bad-format')) out.push('199 oci-conform-refreg "fault switch active" "Sun, 01 Jan 2023 00:00:00 GMT"');
  if (ctx.faults.has('warning-too-long')) {
    const text = 'x'.repeat(1500);
    for (let i = 0; i < 3; i++) out.push(`299 - "${text}"`);
  }
  return out;
}

/** Writes a complete response. HEAD bodies are suppressed by node but Content-Length is kept. */
export function send(ctx: Ctx, status: number, headers: Headers, body?: Buffer | string): void {
  const { res } = ctx;
  if (res.headersSent) return;
  const buf = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  res.statusCode = status;
  res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  if (!res.hasHeader('Content-Length')) res.setHeader('Content-Length', buf.length);
  if (status === 404 && ctx.faults.has('content-length-overstated-404')) {
    res.setHeader('Content-Length', buf.length + 16);
    res.setHeader('Connection', 'close');
  }
  const warnings = faultWarnings(ctx);
  if (warnings.length > 0) res.setHeader('Warning', warnings);
  // 204/304 must not carry a body; HEAD bodies are dropped by node itself.
  if (status === 204 || status === 304) {
    res.removeHeader('Content-Length');
    res.end();
    return;
  }
  res.end(buf);
}

export function sendJson(ctx: Ctx, status: number, headers: Headers, value: unknown): void {
  send(ctx, status, { 'Content-Type': 'application/json', ...headers }, JSON.stringify(value));
}

export function sendError(ctx: Ctx, err: RegistryError): void {
  send(ctx, err.status, { 'Content-Type': 'application/json', ...err.headers }, errorBody(err, ctx.faults));
}

/** Refused bodies up to this size are read to their end before the answer, so the client sees it instead of a reset. */
const DRAIN_BYTES = 256 * 1024 * 1024;

/**
 * Reads the whole request body, refusing more than `limit` bytes with `tooLarge`.
 * An over-size body is read on and discarded before the refusal is sent: a
 * client still sending when the connection closes sees a reset, not our 413.
 * Only a body beyond DRAIN_BYTES is cut off at once (Connection: close).
 */
export function readBody(ctx: Ctx, limit: number, tooLarge: () => RegistryError): Promise<Buffer> {
  const { req, res } = ctx;
  const declared = Number(req.headers['content-length'] ?? NaN);
  return new Promise<Buffer>((resolve, reject) => {
    const parts: Buffer[] = [];
    let total = 0;
    let refused = false;
    let settled = false;
    const settle = (f: () => void): void => {
      if (settled) return;
      settled = true;
      f();
    };
    const cutOff = (): void => {
      res.setHeader('Connection', 'close');
      settle(() => reject(tooLarge()));
    };
    if (declared > DRAIN_BYTES) return cutOff();
    if (declared > limit) refused = true;
    req.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > DRAIN_BYTES) return cutOff();
      if (total > limit) refused = true;
      if (!refused) parts.push(chunk);
    });
    req.on('end', () => settle(() => (refused ? reject(tooLarge()) : resolve(parts.length === 1 ? parts[0]! : Buffer.concat(parts, total)))));
    req.on('error', (e: Error) => settle(() => reject(e)));
  });
}

/** Default body cap error for uploads and other non-manifest bodies. */
export function bodyTooLarge(limit: number): () => RegistryError {
  return () => new RegistryError(413, 'SIZE_INVALID', `request body exceeds ${limit} bytes`);
}

/** Strips parameters from a Content-Type value. */
export function baseMediaType(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const base = value.split(';')[0]!.trim();
  return base === '' ? undefined : base;
}

/** Docker-Content-Digest for GET/HEAD responses, subject to the digest-header faults. */
export function digestHeaders(ctx: Ctx, digest: string): Headers {
  if (ctx.faults.has('digest-header-missing')) return {};
  return { 'Docker-Content-Digest': ctx.faults.has('digest-header-wrong') ? wrongDigest(digest) : digest };
}
