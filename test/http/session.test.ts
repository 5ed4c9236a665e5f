import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthSession } from '../../src/http/auth.js';
import { HttpClient } from '../../src/http/client.js';
import { Registry } from '../../src/registry/client.js';

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function serve(handler: (req: IncomingMessage, res: import('node:http').ServerResponse, url: string) => void): Promise<string> {
  let base = '';
  const s = createServer((req, res) => handler(req, res, base));
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(s.address() as { port: number }).port}`;
  return base;
}

const http = (): HttpClient => new HttpClient({ timeoutMs: 5_000, maxBodyBytes: 1024, insecure: false, userAgent: 't' });

describe('registry layer over HTTP', () => {
  it('resolves relative and absolute Location headers, keeping their query', async () => {
    const url = await serve((req, res, base) => {
      res.writeHead(202, { location: req.url?.includes('abs') ? `${base}/v2/x/blobs/uploads/1?_state=s` : '/v2/x/blobs/uploads/2?_state=t' });
      res.end();
    });
    const reg = new Registry(new AuthSession(http(), {}), url);
    const rel = await reg.send('POST', `${url}/v2/x/blobs/uploads/`);
    const abs = await reg.send('POST', `${url}/v2/x/blobs/uploads/?abs=1`);
    expect(rel.location).toBe(`${url}/v2/x/blobs/uploads/2?_state=t`);
    expect(abs.location).toBe(`${url}/v2/x/blobs/uploads/1?_state=s`);
  });

  it('cuts bodies at the cap: the HTTP layer says so, the registry layer names our limit and its flag', async () => {
    const url = await serve((_req, res) => res.end(Buffer.alloc(10_000, 0x41)));
    const r = await http().send({ method: 'GET', url: `${url}/v2/` });
    expect(r.truncated).toBe(true);
    expect(r.body.length).toBe(1024);
    await expect(new Registry(new AuthSession(http(), {}), url).get('/v2/')).rejects.toThrow(/larger than our cap of 1024 bytes \(raise it with --max-body\)/);
  });

  it('keeps the answer of a registry whose body breaks off, and marks it incomplete', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(416, { 'content-length': '2048', 'content-range': 'bytes */2048' });
      res.write('short body', () => setTimeout(() => res.socket?.destroy(), 20));
    });
    const r = await new Registry(new AuthSession(http(), {}), url).getBlob('x', 'sha256:00', 'bytes=5000-');
    expect(r.status).toBe(416);
    expect(r.body.toString()).toBe('short body');
    expect(r.incomplete).toMatch(/UND_ERR_SOCKET/);
    expect(r.exchange.error).toMatch(/^response body incomplete after 10 bytes/);
  });

  it('answers a Basic challenge and never sends credentials to another host on a redirect', async () => {
    const seen: Array<string | undefined> = [];
    const other = await serve((req, res) => {
      seen.push(`other:${req.headers.authorization ?? 'none'}`);
      res.end('blob');
    });
    const url = await serve((req, res) => {
      seen.push(`main:${req.headers.authorization ?? 'none'}`);
      if (!req.headers.authorization) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' });
        return res.end();
      }
      res.writeHead(307, { location: `${other.replace('127.0.0.1', 'localhost')}/storage/blob` });
      res.end();
    });
    const r = await new Registry(new AuthSession(http(), { username: 'u', password: 'pw' }), url).getBlob('x', 'sha256:00');
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe('blob');
    expect(seen).toEqual(['main:none', `main:Basic ${Buffer.from('u:pw').toString('base64')}`, 'other:none']);
    expect(r.exchange.requestHeaders['authorization']).toBeUndefined();
  });

  it('asks for an anonymous bearer token when it has no credentials, as public registries expect', async () => {
    const url = await serve((req, res, base) => {
      if (req.url?.startsWith('/token')) {
        expect(req.headers.authorization).toBeUndefined();
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"token":"anon-123456789"}');
      }
      if (req.headers.authorization !== 'Bearer anon-123456789') {
        res.writeHead(401, { 'www-authenticate': `Bearer realm="${base}/token",service="s"` });
        return res.end();
      }
      res.end('ok');
    });
    expect((await new Registry(new AuthSession(http(), {}), url).getBlob('x', 'sha256:00')).status).toBe(200);
    // A client told not to answer challenges sees the 401 itself.
    const plain = await new Registry(new AuthSession(http(), {}), url).anonymous().getBlob('x', 'sha256:00');
    expect(plain.status).toBe(401);
  });

  it('keeps the 401 when the challenge names a realm that is not a URL', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="::not a url::"' });
      res.end();
    });
    expect((await new Registry(new AuthSession(http(), { username: 'u', password: 'p' }), url).ping()).status).toBe(401);
  });

  it('fetches a bearer token for the scope in the challenge and keeps it out of the transcript', async () => {
    const exchanges: string[] = [];
    const url = await serve((req, res, base) => {
      if (req.url?.startsWith('/token')) {
        expect(req.url).toContain('scope=repository%3Ax%3Apull');
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"token":"tok-123456789"}');
      }
      if (req.headers.authorization !== 'Bearer tok-123456789') {
        res.writeHead(401, { 'www-authenticate': `Bearer realm="${base}/token",service="s",scope="repository:x:pull"` });
        return res.end();
      }
      res.end('ok');
    });
    const client = http();
    const reg = new Registry(new AuthSession(client, { username: 'u', password: 'pw' }), url, (e) => exchanges.push(JSON.stringify(e)));
    expect((await reg.getBlob('x', 'sha256:00')).status).toBe(200);
    expect(exchanges.length).toBe(3);
    for (const e of exchanges) expect(e).not.toContain('tok-123456789');
  });
});
