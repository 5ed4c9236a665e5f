import { describe, expect, it } from 'vitest';
import { REDACTED, redactHeaders, redactJsonText, redactUrl, scrubSecrets } from '../../src/http/redact.js';
import { captureBody } from '../../src/http/capture.js';
import { parseChallenges, scopeFor } from '../../src/http/auth.js';

describe('redaction at capture', () => {
  it('hides credentials in headers but keeps the auth scheme', () => {
    const h = redactHeaders({ Authorization: 'Bearer abc.def', Cookie: 'a=b', 'Set-Cookie': 'x=y', 'Content-Type': 'text/plain' });
    expect(h).toEqual({ authorization: `Bearer ${REDACTED}`, cookie: REDACTED, 'set-cookie': REDACTED, 'content-type': 'text/plain' });
  });

  it('hides upload state, tokens and user info in URLs, relative or absolute', () => {
    expect(redactUrl('/v2/a/blobs/uploads/1?_state=SECRET&digest=sha256:1')).toBe(`/v2/a/blobs/uploads/1?_state=${encodeURIComponent(REDACTED)}&digest=sha256:1`);
    expect(redactUrl('https://u:p@h.example/x?state=S')).toBe(`https://h.example/x?state=${encodeURIComponent(REDACTED)}`);
    expect(redactHeaders({ Location: '/v2/a/blobs/uploads/1?_state=S' })['location']).not.toContain('=S');
  });

  it('hides token values in token-endpoint JSON', () => {
    const out = redactJsonText('{"token":"t0k3n","access_token":"a","expires_in":300}');
    expect(out).not.toContain('t0k3n');
    expect(JSON.parse(out)).toEqual({ token: REDACTED, access_token: REDACTED, expires_in: 300 });
  });

  it('scrubs registered secrets anywhere in text and body previews', () => {
    expect(scrubSecrets('user hunter22 said hunter22', ['hunter22'])).toBe(`user ${REDACTED} said ${REDACTED}`);
    const cap = captureBody(Buffer.from('error: bad password hunter22'), ['hunter22']);
    expect(cap.preview).not.toContain('hunter22');
    expect(cap.size).toBe(28);
  });

  it('keeps binary previews as base64 and marks truncation', () => {
    const cap = captureBody(Buffer.alloc(5000, 0), [], 100);
    expect(cap).toMatchObject({ encoding: 'base64', truncated: true, size: 5000 });
  });
});

describe('auth challenges', () => {
  it('parses a bearer challenge with quoted parameters', () => {
    const [c] = parseChallenges('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"');
    expect(c).toEqual({ scheme: 'bearer', params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:pull,push' } });
  });

  it('parses a basic challenge', () => {
    expect(parseChallenges('Basic realm="Registry Realm"')).toEqual([{ scheme: 'basic', params: { realm: 'Registry Realm' } }]);
  });

  it('derives the scope of a request from its path and method', () => {
    expect(scopeFor('http://r/v2/a/b/blobs/sha256:1', 'GET', [])).toBe('repository:a/b:pull');
    expect(scopeFor('http://r/v2/a/blobs/uploads/', 'POST', ['repository:c:pull'])).toBe('repository:a:pull,push repository:c:pull');
    expect(scopeFor('http://r/v2/', 'GET', [])).toBe('*');
  });
});

describe('signed URLs', () => {
  it('redacts S3, GCS, Azure and session parameters, keeping their names and the rest of the URL as sent', () => {
    const url =
      'https://bucket.s3.example/blob?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F1&X-Amz-Signature=abcdef0123&X-Amz-Security-Token=tok&' +
      'X-Goog-Signature=g00g&sv=2021&se=2030&sig=azsig%3D&skoid=objid99&_state=st4te&token=t0k&digest=sha256:1&n=2';
    const out = redactUrl(url);
    for (const v of ['abcdef0123', 'AKIA', 'g00g', 'azsig', 'objid99', 'st4te', 't0k', '=tok']) expect(out).not.toContain(v);
    expect(out).toContain('X-Amz-Signature=%3Credacted%3E');
    expect(out).toContain('&digest=sha256:1&n=2');
    expect(redactHeaders({ Link: `<${url}>; rel="next"` })['link']).not.toContain('st4te');
  });

  it('scrubs the values of signed-URL parameters from messages once they were seen in a Location', async () => {
    const { createServer } = await import('node:http');
    const { HttpClient } = await import('../../src/http/client.js');
    const s = createServer((_req, res) => {
      res.writeHead(202, { location: '/v2/a/blobs/uploads/1?_state=SessionStateValue123' });
      res.end();
    });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const client = new HttpClient({ timeoutMs: 2_000, maxBodyBytes: 1024, insecure: false, userAgent: 't' });
    const res = await client.send({ method: 'POST', url: `http://127.0.0.1:${(s.address() as { port: number }).port}/v2/a/blobs/uploads/` });
    expect(res.exchange.responseHeaders['location']).toBe(`/v2/a/blobs/uploads/1?_state=${encodeURIComponent(REDACTED)}`);
    expect(client.scrubText('the session SessionStateValue123 was lost')).toBe(`the session ${REDACTED} was lost`);
    await client.close();
    s.close();
  });
});
