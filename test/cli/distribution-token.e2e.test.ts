import { createSign, randomBytes, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateResult } from '../../src/reporters/validate.js';
import type { RunResult } from '../../src/model/result.js';
import { cli, tmp } from '../helpers/cli.js';
import { startDistribution, type Distribution } from '../helpers/distribution.js';
import { serve, type Front } from '../hostile/front.js';

/**
 * Debian's docker-registry (distribution 2.8) with token authentication and a
 * token server of ours: RS256 JWTs carrying the signing certificate (x5c),
 * which the registry verifies against its rootcertbundle. Accounts: every
 * right, pull only, a wrong password, anonymous (a token without rights).
 */
const TLS = join(import.meta.dirname, '../../fixtures/tls');
const KEY = readFileSync(join(TLS, 'key.pem'), 'utf8');
const CERT_DER = new X509Certificate(readFileSync(join(TLS, 'cert.pem'))).raw.toString('base64');
const SERVICE = 'oci-conform-registry';
const ISSUER = 'oci-conform-test-issuer';
const ACCOUNTS: Record<string, { password: string; actions: string[] }> = {
  admin: { password: `pw-${randomBytes(9).toString('hex')}`, actions: ['pull', 'push', 'delete'] },
  reader: { password: `pw-${randomBytes(9).toString('hex')}`, actions: ['pull'] },
};

const b64url = (x: string | Buffer): string => Buffer.from(x).toString('base64url');

function jwt(sub: string, access: Array<{ type: string; name: string; actions: string[] }>): string {
  const now = Math.floor(Date.now() / 1000);
  const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', x5c: [CERT_DER] }));
  const claims = b64url(JSON.stringify({ iss: ISSUER, sub, aud: SERVICE, exp: now + 300, nbf: now - 10, iat: now, jti: randomBytes(8).toString('hex'), access }));
  const sig = createSign('RSA-SHA256').update(`${head}.${claims}`).sign(KEY);
  return `${head}.${claims}.${b64url(sig)}`;
}

let tokens: Front;
let reg: Distribution;
const asked: string[] = [];

beforeAll(async () => {
  tokens = await serve((req, res, _body, base) => {
    const u = new URL(req.url ?? '/', base);
    let sub = 'anonymous';
    let rights: string[] = [];
    const auth = req.headers.authorization;
    if (auth) {
      const [user, pw] = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString().split(':');
      const acct = ACCOUNTS[user ?? ''];
      if (!acct || acct.password !== pw) {
        res.writeHead(401, { 'content-type': 'application/json' });
        return res.end('{"details":"incorrect username or password"}');
      }
      sub = user!;
      rights = acct.actions;
    }
    const scopes = u.searchParams.getAll('scope');
    asked.push(`${sub} ${scopes.join(' ')}`);
    // As docker's token servers do: grant what the account may of what was asked, silently drop the rest.
    const access = scopes.map((s) => {
      const [type, ...rest] = s.split(':');
      const actions = rest.pop()!.split(',');
      return { type: type!, name: rest.join(':'), actions: actions.filter((a) => rights.includes(a)) };
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    const token = jwt(sub, access);
    res.end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }));
  });
  reg = await startDistribution({ token: { realm: `${tokens.url}/token`, service: SERVICE, issuer: ISSUER, rootcertbundle: join(TLS, 'cert.pem') } });
}, 60_000);

afterAll(async () => {
  await reg?.stop();
  await tokens?.close();
});

const SELECTION = ['ping', 'pull-blobs', 'push-blob-post-put', 'general-names', 'management-deletes'].flatMap((w) => ['--only', w]);

async function runAs(user?: string, password?: string): Promise<{ code: number; stdout: string; stderr: string; run?: RunResult }> {
  const dir = await tmp();
  const env: Record<string, string> = user ? { OCI_USERNAME: user, OCI_PASSWORD: password ?? ACCOUNTS[user]!.password } : {};
  const r = await cli(['run', '--registry', reg.url, '--report-dir', dir, ...SELECTION], env);
  const text = await readFile(join(dir, 'results.json'), 'utf8').catch(() => undefined);
  return { ...r, ...(text ? { run: validateResult(JSON.parse(text)) } : {}) };
}

const notPermitted = (run: RunResult): string[] => run.checks.filter((c) => c.outcome === 'skip' && c.message.startsWith('not permitted for this account')).map((c) => c.id);
const judged = (run: RunResult, o: 'pass' | 'fail' | 'error'): string[] => run.checks.filter((c) => c.outcome === o).map((c) => `${c.id}: ${c.message}`);

describe('distribution with token authentication', () => {
  it('an account with every right: verdicts, none of them refusals', async () => {
    const r = await runAs('admin');
    // The selected workflows pass on distribution without auth; with token auth they must too.
    expect(r.code, r.stdout.slice(-3000)).toBe(0);
    expect(notPermitted(r.run!)).toEqual([]);
    expect(judged(r.run!, 'fail')).toEqual([]);
    expect(judged(r.run!, 'error')).toEqual([]);
    expect(judged(r.run!, 'pass').length).toBeGreaterThanOrEqual(30);
    // Only the actions a request needs, in a stable order, once per scope set.
    expect(asked.some((a) => /repository:[^ ]+:pull,push(?!,)/.test(a))).toBe(true);
    expect(asked.some((a) => /:delete$/.test(a))).toBe(true);
  }, 180_000);

  it('a pull-only account: pushes and deletes are not permitted, never a fail; pulls still judged where setup allows', async () => {
    const r = await runAs('reader');
    const run = r.run!;
    expect(judged(run, 'fail')).toEqual([]);
    expect(judged(run, 'error')).toEqual([]);
    // The refusal an invalid name should get is not taken from the account's missing push right.
    expect(notPermitted(run)).toEqual(expect.arrayContaining(['push/blob/post-opens-session', 'general/names/invalid-refused']));
    expect(run.checks.find((c) => c.id === 'ping/api-version')?.outcome).toBe('pass');
    expect(r.stdout).toMatch(/not permitted for this account \(\d+\)/);
  }, 180_000);

  it('a wrong password: exit 2 and one line, before any check', async () => {
    const r = await runAs('admin', 'not-the-password');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/refused the credentials of user "admin"/);
  }, 60_000);

  it('anonymous: the ping is judged, everything else is not permitted', async () => {
    const r = await runAs();
    const run = r.run!;
    expect(r.code, r.stdout.slice(-2000)).toBe(0);
    expect(run.checks.filter((c) => c.outcome === 'pass' || c.outcome === 'fail').map((c) => c.id)).toEqual(['ping/api-version']);
    expect(notPermitted(run).length).toBeGreaterThan(10);
  }, 180_000);
});
