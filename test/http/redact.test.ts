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
