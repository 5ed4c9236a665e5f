import { afterEach, describe, expect, it } from 'vitest';
import { AuthSession, NotPermitted, RateLimited, normalizeScopes, scopeFor } from '../../src/http/auth.js';
import { HttpClient } from '../../src/http/client.js';
import { Registry } from '../../src/registry/client.js';
import { serve, type Front, type Handler } from '../hostile/front.js';

const fronts: Front[] = [];
afterEach(async () => {
  for (const f of fronts.splice(0)) await f.close();
});
async function server(h: Handler): Promise<string> {
  const f = await serve(h);
  fronts.push(f);
  return f.url;
}
const http = (insecure = false): HttpClient => new HttpClient({ timeoutMs: 5_000, maxBodyBytes: 1 << 20, insecure, userAgent: 't' });
const BASIC = `Basic ${Buffer.from('u:pw').toString('base64')}`;

describe('credentials go to the registry and its realm only', () => {
  it('sends no Authorization to an upload Location on another origin, for PATCH and PUT too', async () => {
    const seen: string[] = [];
    const other = await server((req, res) => {
      seen.push(`${req.method} other ${req.headers.authorization ?? 'none'}`);
      res.writeHead(req.method === 'PUT' ? 201 : 202, { location: '/up/1' });
      res.end();
    });
    const main = await server((req, res) => {
      if (req.headers.authorization !== BASIC) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' });
        return res.end();
      }
      seen.push(`${req.method} main auth`);
      res.writeHead(202, { location: `${other.replace('127.0.0.1', 'localhost')}/up/1?X-Amz-Signature=abc` });
      res.end();
    });
    const reg = new Registry(new AuthSession(http(), { username: 'u', password: 'pw' }), main);
    const post = await reg.startUpload('x');
    await reg.patchUpload(post.location!, Buffer.from('data'));
    await reg.putUpload(post.location!, 'x', 'sha256:00');
    await reg.get(`${other}/v2/x/tags/list?last=a`);
    expect(seen).toEqual(['POST main auth', 'PATCH other none', 'PUT other none', 'GET other none']);
  });

  it('does not answer a challenge from another origin', async () => {
    const other = await server((_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="elsewhere"' });
      res.end();
    });
    const main = await server((_req, res) => res.end('{}'));
    const reg = new Registry(new AuthSession(http(), { username: 'u', password: 'pw' }), main);
    expect((await reg.get(`${other}/v2/x/referrers/sha256:00`)).status).toBe(401);
  });

  it('refuses a plain-http realm on another host unless --insecure', async () => {
    const main = await server((_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="http://auth.example.invalid/token",service="s"' });
      res.end();
    });
    const err = await new Registry(new AuthSession(http(), { username: 'u', password: 'pw' }), main).ping().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotPermitted);
    expect((err as NotPermitted).reason).toBe('insecure-realm');
    // With --insecure it is asked (and here cannot be reached).
    await expect(new Registry(new AuthSession(http(true), { username: 'u', password: 'pw' }), main).ping()).rejects.toThrow(/auth\.example\.invalid/);
  });
});

describe('the token flow', () => {
  function tokenRegistry(opts: { grant: (scope: string) => number | 'bad'; expiresIn?: number; lacks?: string }): Promise<string> & { asked: string[] } {
    const asked: string[] = [];
    let n = 0;
    const p = server((req, res, _body, base) => {
      const u = new URL(req.url!, base);
      if (u.pathname === '/token') {
        const scope = u.searchParams.getAll('scope').join(' ');
        asked.push(scope);
        const g = opts.grant(scope);
        if (g === 'bad') {
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end('{"token":{"not":"a string"}}');
        }
        if (g !== 200) {
          res.writeHead(g);
          return res.end();
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ token: `t${++n}-${scope}`.replace(/[^\x21-\x7e]/g, '_'), expires_in: opts.expiresIn ?? 300 }));
      }
      const auth = req.headers.authorization ?? '';
      const need = /\/v2\/(.+?)\/(blobs|manifests|tags)/.exec(u.pathname);
      const scope = need ? `repository:${need[1]}:${req.method === 'GET' || req.method === 'HEAD' ? 'pull' : 'pull,push'}` : '';
      if (!auth.startsWith('Bearer ') || (opts.lacks && scope.includes(opts.lacks)) || (scope && !auth.includes(scope.replace(/[^\x21-\x7e]/g, '_')))) {
        res.writeHead(401, { 'www-authenticate': `Bearer realm="${base}/token",service="s"${scope ? `,scope="${scope}"` : ''}` });
        return res.end();
      }
      res.end('{}');
    }) as Promise<string> & { asked: string[] };
    p.asked = asked;
    return p;
  }

  it('asks once per scope set, with actions in a stable order, also for concurrent requests', async () => {
    const p = tokenRegistry({ grant: () => 200 });
    const reg = new Registry(new AuthSession(http(), { username: 'u', password: 'pw' }), await p);
    await Promise.all([reg.getBlob('a', 'sha256:00'), reg.getBlob('a', 'sha256:01'), reg.headManifest('a', 'v1')]);
    await reg.startUpload('a');
    await reg.startUpload('a');
    expect(p.asked).toEqual(['repository:a:pull', 'repository:a:pull,push']);
  });

  it('remembers a refused scope set instead of asking again, and says the account is not permitted', async () => {
    const p = tokenRegistry({ grant: (s) => (s.includes('push') ? 403 : 200) });
    const reg = new Registry(new AuthSession(http(), { username: 'u', password: 'pw' }), await p);
    expect((await reg.getBlob('a', 'sha256:00')).status).toBe(200);
    await expect(reg.startUpload('a')).rejects.toThrow(NotPermitted);
    await expect(reg.startUpload('a')).rejects.toThrow(/not have this scope/);
    expect(p.asked).toEqual(['repository:a:pull', 'repository:a:pull,push']);
  });

  it('takes a 401 that persists after the token exchange as a missing right, asked once', async () => {
    const p = tokenRegistry({ grant: () => 200, lacks: 'push' });
    const reg = new Registry(new AuthSession(http(), { username: 'u', password: 'pw' }), await p);
    await expect(reg.startUpload('a')).rejects.toThrow(/still answered 401 with a token/);
    await expect(reg.startUpload('a')).rejects.toThrow(NotPermitted);
    expect(p.asked).toEqual(['repository:a:pull,push']);
  });

  it('marks refused credentials as such', async () => {
    const p = tokenRegistry({ grant: () => 401 });
    const err = await new Registry(new AuthSession(http(), { username: 'u', password: 'wrong' }), await p).ping().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotPermitted);
    expect((err as NotPermitted).reason).toBe('credentials');
  });

  it('renews expired tokens', async () => {
    const p = tokenRegistry({ grant: () => 200, expiresIn: 1 });
    const reg = new Registry(new AuthSession(http(), { username: 'u', password: 'pw' }), await p);
    expect((await reg.getBlob('a', 'sha256:00')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 600));
    expect((await reg.getBlob('a', 'sha256:00')).status).toBe(200);
    expect(p.asked).toEqual(['repository:a:pull', 'repository:a:pull']);
  });

  it('lets a token of the wrong type affect only the request that received it', async () => {
    let bad = true;
    const p = tokenRegistry({ grant: () => (bad ? 'bad' : 200) });
    const reg = new Registry(new AuthSession(http(), { username: 'u', password: 'pw' }), await p);
    expect((await reg.getBlob('a', 'sha256:00')).status).toBe(401);
    bad = false;
    expect((await reg.getBlob('a', 'sha256:00')).status).toBe(200);
  });
});

describe('refusals and rate limits', () => {
  it('takes a 403 to an authenticated client as a missing right, and leaves it to the checks otherwise', async () => {
    const url = await server((req, res) => {
      if (req.headers.authorization === undefined && req.url !== '/open') {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' });
        return res.end();
      }
      res.writeHead(403);
      res.end('{"errors":[{"code":"DENIED"}]}');
    });
    await expect(new Registry(new AuthSession(http(), { username: 'u', password: 'pw' }), url).deleteManifest('a', 'v1')).rejects.toThrow(/403 to this account/);
    expect((await new Registry(new AuthSession(http(), {}), url).get('/open')).status).toBe(403);
  });

  it('waits for a 429 or 503 with Retry-After and tries again, counting it; a 429 that stays is a rate limit', async () => {
    let calls = 0;
    const url = await server((req, res) => {
      calls++;
      if (req.url === '/always' || calls === 1) {
        res.writeHead(req.url === '/once-503' ? 503 : 429, { 'retry-after': '0' });
        return res.end();
      }
      res.end('{}');
    });
    const client = http();
    const reg = new Registry(new AuthSession(client, {}), url);
    expect((await reg.get('/once-503')).status).toBe(200);
    expect(client.stats.retried).toBe(1);
    await expect(reg.get('/always')).rejects.toThrow(RateLimited);
    expect(client.stats.retried).toBe(4);
  });

  it('keeps scopes in one order and asks only the actions a request needs', () => {
    expect(normalizeScopes(['repository:a:push,pull', 'repository:a:delete', 'repository:b:pull'])).toEqual(['repository:a:pull,push,delete', 'repository:b:pull']);
    expect(scopeFor('http://r/v2/a/manifests/sha256:1', 'DELETE', [])).toBe('repository:a:delete');
    expect(scopeFor('http://r/v2/a/blobs/uploads/', 'POST', ['repository:c:pull'])).toBe('repository:a:pull,push repository:c:pull');
  });
});
