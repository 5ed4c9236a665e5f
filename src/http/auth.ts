import { HttpClient, type ExchangeSink, type HttpRequest, type HttpResponse } from './client.js';
import { redactUrl } from './redact.js';

export interface Credentials {
  username?: string;
  password?: string;
  /** A ready bearer token, used as is. */
  token?: string;
}

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * The registry refused the account, not the request: a 401 that persists after
 * authenticating, a token endpoint that refuses, a 403 to an authenticated
 * client. Says nothing about conformance. `credentials` marks a refusal of the
 * credentials themselves (the token endpoint said 401), which ends a run at its start.
 */
export class NotPermitted extends Error {
  constructor(
    message: string,
    readonly reason: 'permission' | 'credentials' | 'insecure-realm' = 'permission',
  ) {
    super(message);
    this.name = 'NotPermitted';
  }
}

/** 429 (Too Many Requests) persisted through the retries we allow ourselves. */
export class RateLimited extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RateLimited';
  }
}

/** Parses `WWW-Authenticate` (one or more challenges, quoted or token values). */
export function parseChallenges(header: string): Challenge[] {
  const out: Challenge[] = [];
  const re = /([A-Za-z][\w-]*)(?:\s+((?:[\w-]+\s*=\s*(?:"(?:[^"\\]|\\.)*"|[^\s,]*)\s*,?\s*)*))?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(header)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const params: Record<string, string> = {};
    const pre = /([\w-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^\s,]*)/g;
    let p: RegExpExecArray | null;
    while ((p = pre.exec(m[2] ?? '')) !== null) params[p[1]!.toLowerCase()] = p[3] !== undefined ? p[3].replace(/\\(.)/g, '$1') : p[2]!;
    out.push({ scheme: m[1]!.toLowerCase(), params });
  }
  return out;
}

const MAX_REDIRECTS = 5;
/** Retries of a 429/503 with Retry-After, and the longest wait we accept for one. */
export const RETRY = { attempts: 3, maxWaitMs: 10_000 };
/** Lifetime of a token whose response names none (the token spec's default). */
const DEFAULT_TOKEN_SECONDS = 60;

interface Token {
  value: string;
  expiresAt: number;
}

type Answer = { ok: true } | { ok: false; refusal?: NotPermitted };

/** What sends one request: the HttpClient, or a streaming transport (stream.ts) over the same client. */
export type Transport = Pick<HttpClient, 'send'>;

/**
 * Adds authentication (anonymous, Basic, or bearer tokens through the
 * `WWW-Authenticate` challenge, cached per scope set) and manual redirects to
 * the plain HTTP client. Credentials go only to the registry's own origin and to
 * the realm its challenge names: never to another host a redirect, a Location or
 * a Link points to, whatever the method.
 */
export class AuthSession {
  private readonly tokens = new Map<string, Token>();
  /** Token requests in flight, so concurrent checks ask once per scope set. */
  private readonly pending = new Map<string, Promise<Answer>>();
  /** Scope sets the token endpoint refused, or whose token still got a 401: not asked again. */
  private readonly refused = new Map<string, NotPermitted>();
  private readonly origins = new Set<string>();
  private basic: string | undefined;
  private basicMode = false;
  private bearerMode = false;

  /**
   * @param answerChallenges false for a client that takes a 401 as it comes
   *   (to see what a registry tells a client without credentials).
   */
  constructor(
    readonly http: HttpClient,
    private readonly creds: Credentials,
    private readonly answerChallenges = true,
  ) {
    if (creds.password) http.addSecret(creds.password);
    if (creds.token) http.addSecret(creds.token);
    if (creds.username && creds.password) {
      this.basic = Buffer.from(`${creds.username}:${creds.password}`).toString('base64');
      http.addSecret(this.basic);
    }
  }

  /** The registry's origin: the one place credentials are sent (besides a challenge's realm). */
  trust(baseUrl: string): void {
    this.origins.add(new URL(baseUrl).origin);
  }

  /** True when the session presents an identity (credentials, or tokens it was issued). */
  private get authenticated(): boolean {
    return !!(this.creds.token || this.basic || this.bearerMode);
  }

  /**
   * Sends a request, answering one auth challenge and following redirects for
   * GET and HEAD. `scopes` names extra token scopes the request needs (mounts).
   * Throws NotPermitted when the account may not do this, RateLimited on a 429 that does not go away.
   */
  async send(req: HttpRequest, sink?: ExchangeSink, scopes: string[] = [], via: Transport = this.http): Promise<HttpResponse> {
    const origin = new URL(req.url).origin;
    // Before any registry is bound (a bare session in a test) the first origin asked is the registry.
    if (this.origins.size === 0) this.origins.add(origin);
    const trusted = this.origins.has(origin);
    const scopeKey = scopeFor(req.url, req.method, scopes);
    const expired = this.tokens.get(scopeKey);
    if (expired && expired.expiresAt <= Date.now()) this.tokens.delete(scopeKey);
    let res = await this.retrying(trusted ? this.withAuth(req, scopeKey) : req, sink, via);
    if (res.status === 401 && this.answerChallenges && trusted) res = await this.afterChallenge(req, res, scopeKey, sink, via);
    if (res.status === 403 && this.answerChallenges && trusted && this.authenticated)
      throw new NotPermitted(`${req.method} ${redactUrl(req.url)} answered 403 to this account`);
    for (let hop = 0; hop < MAX_REDIRECTS && isRedirect(res) && (req.method === 'GET' || req.method === 'HEAD'); hop++) {
      let next: string;
      try {
        next = new URL(res.headers['location']!, res.url).toString();
      } catch {
        break; // a Location that is no URL is the registry's answer, for the check to judge
      }
      if (!/^https?:$/.test(new URL(next).protocol)) break;
      const hopReq: HttpRequest = { ...req, url: next, headers: { ...(req.headers ?? {}) } };
      res = await this.retrying(this.origins.has(new URL(next).origin) ? this.withAuth(hopReq, scopeKey) : hopReq, sink, via);
    }
    return res;
  }

  private async afterChallenge(req: HttpRequest, res: HttpResponse, scopeKey: string, sink: ExchangeSink | undefined, via: Transport): Promise<HttpResponse> {
    const challenges = res.rawHeaders.filter(([k]) => k === 'www-authenticate').flatMap(([, v]) => parseChallenges(v));
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    const where = `${req.method} ${redactUrl(req.url)}`;
    const known = this.refused.get(scopeKey);
    if (known) throw known;
    if (bearer?.params['realm'] && !this.creds.token) {
      const answer = await this.tokenFor(bearer, scopeKey, sink, req.signal);
      if (!answer.ok) {
        if (answer.refusal) throw answer.refusal;
        return res; // no usable token endpoint: the 401 is the registry's answer
      }
      const again = await this.retrying(this.withAuth(req, scopeKey), sink, via);
      if (again.status !== 401) return again;
      const refusal = new NotPermitted(`${where} still answered 401 with a token for "${scopeKey}"${insufficient(again)}`);
      this.refused.set(scopeKey, refusal);
      throw refusal;
    }
    if (challenges.some((c) => c.scheme === 'basic')) {
      if (!this.basic) {
        if (this.creds.token) throw new NotPermitted(`${where} answered 401 to the given token`, 'credentials');
        throw new NotPermitted(`${where} asks for Basic credentials and none were given`, 'credentials');
      }
      if (!this.basicMode) {
        this.basicMode = true;
        const again = await this.retrying(this.withAuth(req, scopeKey), sink, via);
        if (again.status !== 401) return again;
      }
      throw new NotPermitted(`${where} answered 401 to user "${this.creds.username}"`, 'credentials');
    }
    if (bearer && this.creds.token) throw new NotPermitted(`${where} answered 401 to the given token${insufficient(res)}`, 'credentials');
    return res;
  }

  /** Sends once, and again after a 429 or a 503 with Retry-After, waiting as told within a bound. */
  private async retrying(req: HttpRequest, sink?: ExchangeSink, via: Transport = this.http): Promise<HttpResponse> {
    for (let attempt = 0; ; attempt++) {
      const res = await via.send(req, sink);
      if (res.status !== 429 && res.status !== 503) return res;
      const wait = retryAfterMs(res.headers['retry-after'], res.status === 429 ? 1000 * (attempt + 1) : undefined);
      const give = attempt >= RETRY.attempts || wait === undefined || wait > RETRY.maxWaitMs;
      if (give) {
        if (res.status === 429) throw new RateLimited(`${req.method} ${redactUrl(req.url)}: the registry answered 429 (rate limited) ${attempt + 1} time(s)`);
        return res;
      }
      this.http.stats.retried++;
      await sleep(wait, req.signal);
    }
  }

  private withAuth(req: HttpRequest, scopeKey: string): HttpRequest {
    const headers = { ...(req.headers ?? {}) };
    if (this.creds.token) headers['authorization'] = `Bearer ${this.creds.token}`;
    else if (this.bearerMode) {
      const t = this.tokens.get(scopeKey) ?? this.tokens.get('*');
      if (t && t.expiresAt > Date.now()) headers['authorization'] = `Bearer ${t.value}`;
    } else if (this.basic && this.basicMode) headers['authorization'] = `Basic ${this.basic}`;
    return { ...req, headers };
  }

  /** One token request per scope set at a time; a refused scope set is remembered. */
  private tokenFor(c: Challenge, scopeKey: string, sink: ExchangeSink | undefined, signal: AbortSignal | undefined): Promise<Answer> {
    const inFlight = this.pending.get(scopeKey);
    if (inFlight) return inFlight;
    const p = this.fetchToken(c, scopeKey, sink, signal).finally(() => this.pending.delete(scopeKey));
    this.pending.set(scopeKey, p);
    return p;
  }

  private async fetchToken(c: Challenge, scopeKey: string, sink: ExchangeSink | undefined, signal: AbortSignal | undefined): Promise<Answer> {
    let url: URL;
    try {
      url = new URL(c.params['realm']!);
    } catch {
      return { ok: false }; // A realm that is not a URL cannot be asked; the 401 stands.
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false };
    // Plain http is accepted for the registry's own origin (the user chose it) and loopback; elsewhere only with --insecure.
    if (url.protocol === 'http:' && !isLoopback(url.hostname) && !this.origins.has(url.origin) && !this.http.options.insecure)
      throw new NotPermitted(`the token realm ${redactUrl(url.toString())} is plain http on another host; credentials are not sent there without --insecure`, 'insecure-realm');
    if (c.params['service']) url.searchParams.set('service', c.params['service']);
    const scopes = normalizeScopes([...(scopeKey === '*' ? [] : scopeKey.split(' ')), ...(c.params['scope'] ? c.params['scope'].split(' ') : [])]);
    for (const s of scopes) url.searchParams.append('scope', s);
    const headers: Record<string, string> = {};
    if (this.basic) headers['authorization'] = `Basic ${this.basic}`;
    let doc: unknown;
    const res = await this.retrying(
      {
        method: 'GET',
        url: url.toString(),
        headers,
        ...(signal ? { signal } : {}),
        inspect: (status, body) => {
          if (status !== 200 || body.length > 1 << 20) return;
          doc = JSON.parse(body.toString('utf8'));
          for (const v of tokenFields(doc)) this.http.addSecret(v);
        },
      },
      sink,
    );
    const what = `the token endpoint answered ${res.status} for scope "${scopes.join(' ') || '(none)'}"`;
    if (res.status === 401) {
      const refusal = new NotPermitted(`${what}: it refuses ${this.creds.username ? `user "${this.creds.username}"` : 'anonymous access'}`, this.basic ? 'credentials' : 'permission');
      this.refused.set(scopeKey, refusal);
      return { ok: false, refusal };
    }
    if (res.status === 403) {
      const refusal = new NotPermitted(`${what}: the account may not have this scope`);
      this.refused.set(scopeKey, refusal);
      return { ok: false, refusal };
    }
    if (res.status !== 200) return { ok: false };
    const token = tokenValue(doc);
    if (!token) return { ok: false }; // a token of the wrong type affects only this request
    const d = doc as { expires_in?: unknown };
    const seconds = typeof d.expires_in === 'number' && Number.isFinite(d.expires_in) && d.expires_in > 0 ? Math.min(d.expires_in, 86_400) : DEFAULT_TOKEN_SECONDS;
    this.bearerMode = true;
    this.tokens.set(scopeKey, { value: token, expiresAt: Date.now() + Math.max(seconds * 1000 - 2_000, seconds * 500) });
    return { ok: true };
  }
}

/** Every string a token response carries in a token field. */
function tokenFields(doc: unknown): string[] {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return [];
  const d = doc as Record<string, unknown>;
  return ['token', 'access_token', 'refresh_token', 'id_token'].map((k) => d[k]).filter((v): v is string => typeof v === 'string');
}

/** The token to present: `token`, else `access_token`; only a non-empty string of header-safe characters. */
function tokenValue(doc: unknown): string | undefined {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const d = doc as Record<string, unknown>;
  for (const v of [d['token'], d['access_token']]) if (typeof v === 'string' && v.length > 0 && v.length <= 64 * 1024 && /^[\x21-\x7e]+$/.test(v)) return v;
  return undefined;
}

function insufficient(res: HttpResponse): string {
  return /insufficient_scope/i.test(res.headers['www-authenticate'] ?? '') ? ' (insufficient_scope)' : '';
}

function isRedirect(res: HttpResponse): boolean {
  return [301, 302, 303, 307, 308].includes(res.status) && !!res.headers['location'];
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Milliseconds to wait for a Retry-After (seconds or an HTTP date); a 429 without one backs off a second. */
function retryAfterMs(v: string | undefined, fallback: number | undefined): number | undefined {
  if (v === undefined) return fallback;
  const t = v.trim();
  if (/^\d{1,9}$/.test(t)) return Number(t) * 1000;
  const date = Date.parse(t);
  return Number.isNaN(date) ? fallback : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const ACTION_ORDER = ['pull', 'push', 'delete'];

/** One entry per resource, actions merged in a stable order (pull, push, delete, then others by name). */
export function normalizeScopes(scopes: string[]): string[] {
  const byResource = new Map<string, Set<string>>();
  for (const s of scopes) {
    const i = s.lastIndexOf(':');
    if (i <= 0) continue;
    const res = s.slice(0, i);
    const set = byResource.get(res) ?? new Set<string>();
    for (const a of s.slice(i + 1).split(',')) if (a) set.add(a);
    byResource.set(res, set);
  }
  const rank = (a: string): number => (ACTION_ORDER.includes(a) ? ACTION_ORDER.indexOf(a) : ACTION_ORDER.length);
  return [...byResource.entries()].map(([res, acts]) => `${res}:${[...acts].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).join(',')}`);
}

/** The token scope a request needs: pull for reads, pull,push for writes, delete for deletes, on the repository in its path. */
export function scopeFor(url: string, method: string, extra: string[]): string {
  const m = /\/v2\/(.+?)\/(?:blobs|manifests|tags|referrers|_oci)\//.exec(new URL(url).pathname);
  const scopes = [...extra];
  if (m) scopes.unshift(`repository:${m[1]}:${method === 'GET' || method === 'HEAD' ? 'pull' : method === 'DELETE' ? 'delete' : 'pull,push'}`);
  return scopes.length ? normalizeScopes(scopes).join(' ') : '*';
}
