/** Optional authentication: HTTP Basic, or a Docker-style bearer token flow with a local /token endpoint. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { RegistryError } from './errors.js';
import { type Ctx, sendJson } from './context.js';

const TOKEN_TTL_SECONDS = 300;
export const TOKEN_SERVICE = 'oci-conform';

/** Issued bearer tokens -> expiry (ms since epoch). Tokens grant full access: scopes are not enforced. */
export class TokenIssuer {
  private readonly tokens = new Map<string, number>();

  issue(): string {
    const token = randomBytes(24).toString('hex');
    this.tokens.set(token, Date.now() + TOKEN_TTL_SECONDS * 1000);
    return token;
  }

  valid(token: string): boolean {
    const exp = this.tokens.get(token);
    if (exp === undefined) return false;
    if (exp < Date.now()) {
      this.tokens.delete(token);
      return false;
    }
    return true;
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True when the Authorization header carries the configured Basic credentials. */
function basicOk(ctx: Ctx): boolean {
  const auth = ctx.opts.auth;
  const header = ctx.req.headers.authorization;
  if (!auth || !header || !/^basic /i.test(header)) return false;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return false;
  return safeEqual(decoded.slice(0, i), auth.username) && safeEqual(decoded.slice(i + 1), auth.password);
}

/** The pull/push actions a request needs, reported in the bearer challenge scope. */
function actionsFor(method: string): string {
  return method === 'GET' || method === 'HEAD' ? 'pull' : 'pull,push';
}

/**
 * Throws 401 UNAUTHORIZED with a challenge unless the request is authorized.
 * `repo` is the repository the request addresses (undefined for /v2/ and registry-level routes).
 */
export function requireAuth(ctx: Ctx, tokens: TokenIssuer, repo: string | undefined): void {
  const auth = ctx.opts.auth;
  if (!auth) return;
  if (auth.mode === 'basic') {
    if (basicOk(ctx)) return;
    throw new RegistryError(401, 'UNAUTHORIZED', 'authentication required', undefined, {
      'WWW-Authenticate': 'Basic realm="oci-conform"',
    });
  }
  const header = ctx.req.headers.authorization;
  if (header && /^bearer /i.test(header) && tokens.valid(header.slice(7).trim())) return;
  let challenge = `Bearer realm="${ctx.baseUrl}/token",service="${TOKEN_SERVICE}"`;
  if (repo !== undefined) challenge += `,scope="repository:${repo}:${actionsFor(ctx.method)}"`;
  throw new RegistryError(401, 'UNAUTHORIZED', 'authentication required', undefined, {
    'WWW-Authenticate': challenge,
  });
}

/** GET /token: exchanges Basic credentials for a bearer token (only in bearer mode). */
export function handleToken(ctx: Ctx, tokens: TokenIssuer): void {
  if (ctx.opts.auth?.mode !== 'bearer') throw new RegistryError(404, 'UNSUPPORTED', 'no token endpoint');
  if (ctx.method !== 'GET') throw new RegistryError(405, 'UNSUPPORTED', 'token endpoint only supports GET');
  if (!basicOk(ctx)) {
    throw new RegistryError(401, 'UNAUTHORIZED', 'valid Basic credentials required to obtain a token', undefined, {
      'WWW-Authenticate': 'Basic realm="oci-conform-token"',
    });
  }
  const token = tokens.issue();
  sendJson(ctx, 200, { 'Cache-Control': 'no-store' }, {
    token,
    access_token: token,
    expires_in: TOKEN_TTL_SECONDS,
    issued_at: new Date().toISOString(),
  });
}
