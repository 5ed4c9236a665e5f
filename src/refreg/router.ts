/** Maps request paths to handlers. Names may contain '/', so routes are matched on their suffix. */
import { RegistryError } from './errors.js';
import { type Ctx, send } from './context.js';
import { type TokenIssuer, handleToken, requireAuth } from './auth.js';
import { handleBlob } from './blobs.js';
import { handleDiscover } from './extensions.js';
import { handleManifest } from './manifests.js';
import { handleReferrers } from './referrers.js';
import { checkName } from './refs.js';
import { handleTags } from './tags.js';
import { handleUploadSession, handleUploadStart } from './uploads.js';

type RouteHandler = (ctx: Ctx, name: string, param: string) => void | Promise<void>;

/** Order matters: the upload routes must be tried before the generic blob route. */
const ROUTES: ReadonlyArray<{ re: RegExp; handler: RouteHandler }> = [
  { re: /^(.+)\/_oci\/ext\/discover$/, handler: (ctx) => handleDiscover(ctx, true) },
  { re: /^(.+)\/blobs\/uploads\/?$/, handler: (ctx, name) => handleUploadStart(ctx, name) },
  { re: /^(.+)\/blobs\/uploads\/([^/]+)$/, handler: (ctx, name, id) => handleUploadSession(ctx, name, id) },
  { re: /^(.+)\/blobs\/([^/]+)$/, handler: (ctx, name, d) => handleBlob(ctx, name, d) },
  { re: /^(.+)\/manifests\/([^/]+)$/, handler: (ctx, name, ref) => handleManifest(ctx, name, ref) },
  { re: /^(.+)\/tags\/list$/, handler: (ctx, name) => handleTags(ctx, name) },
  { re: /^(.+)\/referrers\/([^/]+)$/, handler: (ctx, name, d) => handleReferrers(ctx, name, d) },
];

/** Percent-decodes one path segment (digests may arrive as sha256%3A...). */
function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new RegistryError(400, 'UNSUPPORTED', 'malformed percent-encoding in path', { segment: raw });
  }
}

function ping(ctx: Ctx, tokens: TokenIssuer): void {
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') throw new RegistryError(405, 'UNSUPPORTED', `${ctx.method} not allowed on /v2/`);
  if (ctx.faults.has('ping-unauthorized-no-challenge')) throw new RegistryError(401, 'UNAUTHORIZED', 'authentication required');
  requireAuth(ctx, tokens, undefined);
  if (ctx.faults.has('ping-not-found')) throw new RegistryError(404, 'UNSUPPORTED', 'not found');
  send(ctx, 200, { 'Content-Type': 'application/json' }, ctx.faults.has('ping-json-not-json') ? 'ok' : '{}');
}

export async function route(ctx: Ctx, tokens: TokenIssuer): Promise<void> {
  const path = ctx.path;
  if (path === '/token') return handleToken(ctx, tokens);
  if (path === '/v2/' || path === '/v2') return ping(ctx, tokens);
  if (!path.startsWith('/v2/')) throw new RegistryError(404, 'UNSUPPORTED', 'unknown endpoint');
  const rest = path.slice(4);
  if (rest === '_oci/ext/discover') {
    requireAuth(ctx, tokens, undefined);
    return handleDiscover(ctx);
  }
  for (const { re, handler } of ROUTES) {
    const m = re.exec(rest);
    if (!m) continue;
    const rawName = m[1]!;
    requireAuth(ctx, tokens, rawName);
    const name = checkName(ctx, rawName);
    const param = m[2] === undefined ? '' : decodeSegment(m[2]);
    return handler(ctx, name, param);
  }
  throw new RegistryError(404, 'UNSUPPORTED', 'unknown endpoint');
}
