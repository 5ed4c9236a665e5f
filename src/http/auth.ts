import { HttpClient, type ExchangeSink, type HttpRequest, type HttpResponse } from './client.js';

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

/** What sends one request: the HttpClient, or a streaming transport (stream.ts) over the same client. */
export type Transport = Pick<HttpClient, 'send'>;

/**
 * Adds authentication (anonymous, Basic, or bearer tokens through the
 * `WWW-Authenticate` challenge, cached per scope) and manual redirects to the
 * plain HTTP client. Credentials never cross to another host on a redirect.
 */
export class AuthSession {
  private readonly tokens = new Map<string, string>();
  private basic: string | undefined;
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

  /**
   * Sends a request, answering one auth challenge and following redirects for
   * GET and HEAD. `scopes` names extra token scopes the request needs (mounts).
   */
  async send(req: HttpRequest, sink?: ExchangeSink, scopes: string[] = [], via: Transport = this.http): Promise<HttpResponse> {
    const origin = new URL(req.url).origin;
    const scopeKey = scopeFor(req.url, req.method, scopes);
    let res = await via.send(this.withAuth(req, scopeKey), sink);
    // Without credentials a bearer challenge is still answered: public registries hand out anonymous pull tokens.
    if (res.status === 401 && this.answerChallenges) {
      const authed = await this.answerChallenge(res, scopeKey, sink);
      if (authed) res = await via.send(this.withAuth(req, scopeKey), sink);
    }
    for (let hop = 0; hop < MAX_REDIRECTS && isRedirect(res) && (req.method === 'GET' || req.method === 'HEAD'); hop++) {
      const next = new URL(res.headers['location']!, res.url).toString();
      const sameOrigin = new URL(next).origin === origin;
      const hopReq: HttpRequest = { ...req, url: next, headers: { ...(req.headers ?? {}) } };
      res = await via.send(sameOrigin ? this.withAuth(hopReq, scopeKey) : hopReq, sink);
    }
    return res;
  }

  private withAuth(req: HttpRequest, scopeKey: string): HttpRequest {
    const headers = { ...(req.headers ?? {}) };
    if (this.creds.token) headers['authorization'] = `Bearer ${this.creds.token}`;
    else if (this.bearerMode) {
      const t = this.tokens.get(scopeKey) ?? this.tokens.get('*');
      if (t) headers['authorization'] = `Bearer ${t}`;
    } else if (this.basic && this.tokens.has('basic')) headers['authorization'] = `Basic ${this.basic}`;
    return { ...req, headers };
  }

  private async answerChallenge(res: HttpResponse, scopeKey: string, sink?: ExchangeSink): Promise<boolean> {
    const challenges = res.rawHeaders.filter(([k]) => k === 'www-authenticate').flatMap(([, v]) => parseChallenges(v));
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    if (bearer?.params['realm'] && !this.creds.token) {
      const token = await this.fetchToken(bearer, scopeKey, sink);
      if (!token) return false;
      this.bearerMode = true;
      this.tokens.set(scopeKey, token);
      return true;
    }
    if (challenges.some((c) => c.scheme === 'basic') && this.basic) {
      this.tokens.set('basic', 'yes');
      return true;
    }
    return false;
  }

  private async fetchToken(c: Challenge, scopeKey: string, sink?: ExchangeSink): Promise<string | undefined> {
    let url: URL;
    try {
      url = new URL(c.params['realm']!);
    } catch {
      return undefined; // A realm that is not a URL cannot be asked; the 401 stands.
    }
    if (c.params['service']) url.searchParams.set('service', c.params['service']);
    const scopes = new Set<string>(scopeKey === '*' ? [] : scopeKey.split(' '));
    if (c.params['scope']) for (const s of c.params['scope'].split(' ')) scopes.add(s);
    for (const s of scopes) url.searchParams.append('scope', s);
    const headers: Record<string, string> = {};
    if (this.basic) headers['authorization'] = `Basic ${this.basic}`;
    const res = await this.http.send({ method: 'GET', url: url.toString(), headers }, sink);
    if (res.status !== 200) return undefined;
    try {
      const doc = JSON.parse(res.body.toString('utf8')) as { token?: string; access_token?: string };
      const token = doc.token ?? doc.access_token;
      if (token) this.http.addSecret(token);
      return token;
    } catch {
      return undefined;
    }
  }
}

function isRedirect(res: HttpResponse): boolean {
  return [301, 302, 303, 307, 308].includes(res.status) && !!res.headers['location'];
}

/** The token scope a request needs: pull for reads, pull,push for writes, on the repository in its path. */
export function scopeFor(url: string, method: string, extra: string[]): string {
  const m = /\/v2\/(.+?)\/(?:blobs|manifests|tags|referrers|_oci)\//.exec(new URL(url).pathname);
  const scopes = [...extra];
  if (m) scopes.unshift(`repository:${m[1]}:${method === 'GET' || method === 'HEAD' ? 'pull' : method === 'DELETE' ? 'pull,push,delete' : 'pull,push'}`);
  return scopes.length ? scopes.join(' ') : '*';
}
