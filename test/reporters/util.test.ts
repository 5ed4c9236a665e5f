import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/http/exchange.js';
import { replayCheck, shellQuote, stableStringify, toCurl, transcript } from '../../src/reporters/util.js';
import { loadSample } from './helpers.js';

const ex = (o: Partial<Exchange>): Exchange => ({
  id: 'x1',
  method: 'GET',
  url: 'http://r.example/v2/',
  requestHeaders: {},
  status: 200,
  responseHeaders: {},
  startedAt: '2026-11-29T05:00:00.000Z',
  durationMs: 1,
  ...o,
});

describe('toCurl', () => {
  it('leaves out Authorization, Proxy-Authorization and Cookie entirely, and headers curl computes', () => {
    const c = toCurl(
      ex({
        requestHeaders: {
          Authorization: 'Bearer <redacted>',
          'proxy-authorization': 'Basic <redacted>',
          cookie: 'a=<redacted>',
          'content-length': '3',
          host: 'r.example',
          accept: 'application/json',
        },
      }),
    );
    expect(c).toBe("curl -sS -H 'accept: application/json' http://r.example/v2/");
  });

  it('uses --head for HEAD and -X for other methods', () => {
    expect(toCurl(ex({ method: 'HEAD' }))).toBe("curl -sS --head http://r.example/v2/");
    expect(toCurl(ex({ method: 'DELETE' }))).toBe("curl -sS -X DELETE http://r.example/v2/");
  });

  it('drops userinfo from the URL', () => {
    expect(toCurl(ex({ url: 'https://alice:s3cret@r.example/v2/' }))).toBe("curl -sS https://r.example/v2/");
  });

  it('inlines a whole text body, points at a file for a truncated or binary one', () => {
    const body = { size: 5, sha256: 'ab'.repeat(32), preview: "it's", encoding: 'utf8' as const, truncated: false };
    expect(toCurl(ex({ method: 'PUT', requestBody: body }))).toBe(`curl -sS -X PUT --data-binary 'it'\\''s' http://r.example/v2/`);
    expect(toCurl(ex({ method: 'PUT', requestBody: { ...body, encoding: 'base64', truncated: true } }))).toBe(
      "curl -sS -X PUT --data-binary @body-abababababab.bin http://r.example/v2/",
    );
  });

  it('quotes for a POSIX shell', () => {
    expect(shellQuote(`a'b $(x) "c"`)).toBe(`'a'\\''b $(x) "c"'`);
  });
});

describe('transcript', () => {
  it('prints request, response and body summaries, and transport errors', () => {
    const t = transcript(
      ex({
        requestHeaders: { accept: 'x' },
        responseHeaders: { 'content-type': 'text/plain' },
        responseBody: { size: 3, sha256: 'cd'.repeat(32), preview: 'ok\n', encoding: 'utf8', truncated: false },
      }),
    );
    expect(t).toBe(
      [
        '> GET http://r.example/v2/',
        '> accept: x',
        '< 200  (1 ms)',
        '< content-type: text/plain',
        '< [body 3 bytes, sha256 cdcdcdcdcdcdcdcd…]',
        '< ok',
      ].join('\n'),
    );
    expect(transcript(ex({ status: null, error: 'ECONNRESET' }))).toBe('> GET http://r.example/v2/\n< (no response: ECONNRESET)');
  });
});

describe('stableStringify / replayCheck', () => {
  it('sorts keys, drops undefined, keeps array order', () => {
    expect(stableStringify({ b: 1, a: { d: [3, 1], c: undefined } })).toBe('{\n  "a": {\n    "d": [\n      3,\n      1\n    ]\n  },\n  "b": 1\n}\n');
  });
  it('appends --only with the quoted check ID to the run replay', () => {
    const run = loadSample();
    expect(replayCheck(run, "a'b")).toBe(`${run.run.replay} --only 'a'\\''b'`);
  });
});
