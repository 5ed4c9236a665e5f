import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceRegistry, type RunningRegistry } from '../../src/refreg/index.js';
import { cli, tmp } from '../helpers/cli.js';
import { forward, relay, secret, serve, type Front } from './front.js';

/**
 * The CLI with Basic auth, a --token, and tokens issued by a token endpoint
 * (long ones: a response of ~25 KiB), against a front that hands out signed
 * upload URLs (S3, GCS, Azure parameters and `_state`) and secret-bearing Link
 * URLs. Every output file and both streams are scanned for every secret: raw,
 * base64, and every 10-character fragment.
 */
const USER = 'ci-bot';
const PASSWORD = `pw-${secret(24)}`;
const GIVEN_TOKEN = secret(48);
const SIGNED = { 'X-Amz-Signature': secret(40), 'X-Amz-Security-Token': secret(300), 'X-Goog-Signature': secret(40), sig: secret(40), _state: secret(60) };
const LINK_TOKEN = secret(32);
const issued: string[] = [];
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');

type Mode = 'basic' | 'token' | 'issued';

function frontFor(target: string, mode: Mode): Promise<Front> {
  const valid = new Set<string>();
  return serve(async (req, res, body, base) => {
    const u = new URL(req.url ?? '/', base);
    const auth = req.headers.authorization ?? '';
    if (u.pathname === '/token') {
      if (auth !== `Basic ${BASIC}`) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="t"' });
        return res.end();
      }
      const [token, access, refresh, id] = [secret(6000), secret(6000), secret(6000), secret(6000)];
      issued.push(token, access, refresh, id);
      valid.add(token);
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ token, access_token: access, refresh_token: refresh, id_token: id, expires_in: 300, issued_at: new Date().toISOString() }));
    }
    const ok = mode === 'basic' ? auth === `Basic ${BASIC}` : mode === 'token' ? auth === `Bearer ${GIVEN_TOKEN}` : valid.has(auth.replace(/^Bearer /, ''));
    if (!ok) {
      const challenge = mode === 'basic' ? 'Basic realm="front"' : `Bearer realm="${base}/token",service="front"`;
      res.writeHead(401, { 'www-authenticate': challenge, 'content-type': 'application/json' });
      return res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
    }
    // What the client sends back of the signed URLs is stripped before the registry sees it.
    for (const k of [...Object.keys(SIGNED), 'token']) u.searchParams.delete(k);
    const r = await forward(target, req, u.pathname + u.search, body);
    const loc = r.headers['location'];
    if (typeof loc === 'string' && loc.includes('/blobs/uploads/')) {
      const l = new URL(loc, base);
      for (const [k, v] of Object.entries(SIGNED)) l.searchParams.set(k, v);
      r.headers['location'] = l.toString();
    }
    const link = r.headers['link'];
    if (typeof link === 'string') r.headers['link'] = link.replace(/<([^>]*)>/, (_m, x: string) => `<${x}${x.includes('?') ? '&' : '?'}token=${LINK_TOKEN}>`);
    relay(res, r);
  });
}

/** Every secret, with its base64 form; any 10 consecutive characters of any of them count as a leak. */
function secrets(): string[] {
  const raw = [PASSWORD, BASIC, GIVEN_TOKEN, LINK_TOKEN, ...Object.values(SIGNED), ...issued];
  return [...raw, ...raw.map((s) => Buffer.from(s).toString('base64'))];
}

function leaks(text: string, all: string[]): string[] {
  const frags = new Map<string, string>();
  for (const s of all) for (let i = 0; i + 10 <= s.length; i++) frags.set(s.slice(i, i + 10), s.slice(0, 12));
  const found = new Set<string>();
  for (let i = 0; i + 10 <= text.length; i++) {
    const hit = frags.get(text.slice(i, i + 10));
    if (hit) found.add(`${hit}… at ${i}: ${JSON.stringify(text.slice(Math.max(0, i - 40), i + 20))}`);
  }
  return [...found].slice(0, 5);
}

const WORKFLOWS = ['ping', 'general-auth', 'pull-blobs', 'push-blob-post-put', 'push-blob-chunked', 'discovery-tags'];

describe.each<Mode>(['basic', 'token', 'issued'])('no secret leaves a run with %s auth', (mode) => {
  let reg: RunningRegistry;
  let front: Front;
  let dir: string;
  let result: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    reg = await startReferenceRegistry({});
    front = await frontFor(reg.url, mode);
    dir = await tmp();
    const creds: Record<string, string> = mode === 'token' ? { OCI_TOKEN: GIVEN_TOKEN } : { OCI_USERNAME: USER, OCI_PASSWORD: PASSWORD };
    result = await cli(['run', '--registry', front.url, '--verbose', '--report-dir', dir, ...WORKFLOWS.flatMap((w) => ['--only', w])], creds);
  }, 120_000);

  afterAll(async () => {
    await front?.close();
    await reg?.close();
  });

  it('authenticates and runs', () => {
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    if (mode === 'issued') expect(issued.length).toBeGreaterThan(0);
  });

  it('writes no secret, whole, base64 or in 10-character fragments, to any file or stream', async () => {
    const all = secrets();
    const files = await readdir(dir);
    expect(files).toContain('results.json');
    for (const f of files) expect(leaks(await readFile(join(dir, f), 'utf8'), all), f).toEqual([]);
    expect(leaks(result.stdout, all), 'stdout').toEqual([]);
    expect(leaks(result.stderr, all), 'stderr').toEqual([]);
  });

  it('still shows which parameters and schemes were sent', async () => {
    const text = await readFile(join(dir, 'results.json'), 'utf8');
    expect(text).toContain('X-Amz-Signature=%3Credacted%3E');
    expect(text).toContain('_state=%3Credacted%3E');
    expect(text).toContain(mode === 'basic' ? 'Basic <redacted>' : 'Bearer <redacted>');
  });
});
