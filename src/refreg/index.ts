/**
 * Embedded reference registry: a strict, in-memory OCI Distribution Spec v1.1.1 registry on
 * node:http, with named fault switches that each break one requirement on purpose.
 *
 * Choices where the spec is open (kept deliberately, tests pin them):
 * - Repositories exist once a blob or manifest was stored in them; unknown ones are 404 NAME_UNKNOWN
 *   everywhere (also for referrers). Upload sessions may be opened in unknown repositories.
 * - Blobs are content-addressed registry-wide but readable only in repositories they were pushed
 *   or mounted into; anonymous mounts (no `from`) succeed when any repository has the blob.
 * - Upload Location is relative (`/v2/<name>/blobs/uploads/<uuid>`, no query state). See uploads.ts
 *   for Range on empty sessions, the minimum-chunk rule and Content-Range errors.
 * - Manifests: only OCI/Docker manifest and index media types are accepted; referenced config,
 *   layers (except non-distributable ones) and index entries must exist in the repository; the
 *   subject need not. Content-Type parameters are ignored; the media type is served as pushed.
 * - Malformed tags are 400 MANIFEST_INVALID (a spec code; the legacy TAG_INVALID only under faults); a bad tags-list `n` is 400 UNSUPPORTED
 *   (the spec list has no better code).
 * - Tags are listed in plain byte order; referrers in digest order, paginated with an opaque
 *   `last=<digest>` cursor in the Link URL.
 * - Tokens issued in bearer mode grant full access; scopes are reported in challenges but not enforced.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenIssuer } from './auth.js';
import { type Ctx, type ResolvedOptions, send, sendError } from './context.js';
import { RegistryError } from './errors.js';
import { FaultSet, type FaultName } from './faults.js';
import { route } from './router.js';
import { Store } from './store.js';

export { FAULTS, FAULT_NAMES, type FaultName } from './faults.js';

export interface RefRegistryOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Port; default 0 (a free port). */
  port?: number;
  /** Fault switches to enable; default none. */
  faults?: FaultName[];
  /** Minimum PATCH chunk size advertised as OCI-Chunk-Min-Length; default 0 (no minimum, header omitted). */
  chunkMinLength?: number;
  /** Authentication; default anonymous access. */
  auth?: { mode: 'basic' | 'bearer'; username: string; password: string };
  /** Largest accepted manifest; default 4 MiB + 64 KiB. Larger PUTs get 413. */
  maxManifestBytes?: number;
  /** Tags per page when the client sends no n; default 1000. */
  tagsPageSize?: number;
  /** Referrers per page; default 100. */
  referrersPageSize?: number;
  /** Allow DELETE; default true. false makes every DELETE 405 UNSUPPORTED. */
  deletes?: boolean;
  /** Upload sessions and blobs larger than this are kept in temporary files, not in memory; default 8 MiB. */
  largeBlobBytes?: number;
  /** Optional request log, one line per request. */
  log?: (line: string) => void;
}

export interface RunningRegistry {
  /** Base URL, e.g. http://127.0.0.1:43121 */
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

function resolveOptions(opts: RefRegistryOptions): ResolvedOptions {
  const nonNegative = (v: number | undefined, def: number, what: string): number => {
    const n = v ?? def;
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${what} must be a non-negative integer`);
    return n;
  };
  const positive = (v: number | undefined, def: number, what: string): number => {
    const n = nonNegative(v, def, what);
    if (n === 0) throw new Error(`${what} must be positive`);
    return n;
  };
  const resolved: ResolvedOptions = {
    chunkMinLength: nonNegative(opts.chunkMinLength, 0, 'chunkMinLength'),
    maxManifestBytes: positive(opts.maxManifestBytes, 4 * 1024 * 1024 + 64 * 1024, 'maxManifestBytes'),
    tagsPageSize: positive(opts.tagsPageSize, 1000, 'tagsPageSize'),
    referrersPageSize: positive(opts.referrersPageSize, 100, 'referrersPageSize'),
    deletes: opts.deletes ?? true,
    maxBodyBytes: MAX_BODY_BYTES,
    largeBlobBytes: positive(opts.largeBlobBytes, 8 * 1024 * 1024, 'largeBlobBytes'),
  };
  if (opts.auth) resolved.auth = { ...opts.auth };
  return resolved;
}

function splitUrl(raw: string): { path: string; query: URLSearchParams } {
  const q = raw.indexOf('?');
  return q < 0 ? { path: raw, query: new URLSearchParams() } : { path: raw.slice(0, q), query: new URLSearchParams(raw.slice(q + 1)) };
}

export async function startReferenceRegistry(opts: RefRegistryOptions = {}): Promise<RunningRegistry> {
  const options = resolveOptions(opts);
  const faults = new FaultSet(opts.faults ?? []);
  const store = new Store();
  const tokens = new TokenIssuer();
  const log = opts.log;
  let baseUrl = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { path, query } = splitUrl(req.url ?? '/');
    const ctx: Ctx = { req, res, method: (req.method ?? 'GET').toUpperCase(), path, query, faults, store, opts: options, baseUrl };
    if (log) res.on('finish', () => log(`${ctx.method} ${req.url ?? ''} ${res.statusCode}`));
    try {
      await route(ctx, tokens);
    } catch (e) {
      if (e instanceof RegistryError) {
        sendError(ctx, e);
      } else {
        // Only genuine bugs get here: client mistakes are RegistryErrors.
        log?.(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        if (!res.headersSent) send(ctx, 500, { 'Content-Type': 'text/plain' }, 'internal error');
        else res.destroy();
      }
    }
  };

  // No whole-request deadline: a large blob's upload takes as long as it takes (node's default cuts it at 5 minutes).
  const server = createServer({ requestTimeout: 0 }, (req, res) => {
    void handle(req, res);
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const urlHost = addr.family === 'IPv6' || addr.address.includes(':') ? `[${addr.address}]` : addr.address;
  baseUrl = `http://${urlHost}:${addr.port}`;

  return {
    url: baseUrl,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => {
          store.close();
          if (err) reject(err);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}
