import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceRegistry, type RunningRegistry } from '../../src/refreg/index.js';
import { validateResult } from '../../src/reporters/validate.js';
import type { RunResult } from '../../src/model/result.js';
import { cli, tmp } from '../helpers/cli.js';
import { forward, relay, secret, serve, type Front } from './front.js';

/**
 * The user's mistakes are the user's: a token-auth front (a token endpoint that
 * grants per account, a registry that enforces the granted actions) over our
 * reference registry, with an account of every right, one that may only pull,
 * a wrong password and no credentials.
 */
const ACCOUNTS: Record<string, { password: string; actions: string[] }> = {
  admin: { password: secret(20), actions: ['pull', 'push', 'delete'] },
  reader: { password: secret(20), actions: ['pull'] },
};

let ref: RunningRegistry;
let front: Front;
let tokenRequests: string[] = [];
/** When set, GET /v2/ answers without authentication, as some registries do. */
let openPing = false;

function needed(method: string): string {
  return method === 'GET' || method === 'HEAD' ? 'pull' : method === 'DELETE' ? 'delete' : 'push';
}

beforeAll(async () => {
  ref = await startReferenceRegistry({});
  const grants = new Map<string, string[]>();
  front = await serve(async (req, res, body, base) => {
    const u = new URL(req.url ?? '/', base);
    if (u.pathname === '/token') {
      const auth = req.headers.authorization;
      let actions: string[] = [];
      if (auth) {
        const [user, pw] = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString().split(':');
        const acct = ACCOUNTS[user ?? ''];
        if (!acct || acct.password !== pw) {
          res.writeHead(401, { 'content-type': 'application/json' });
          return res.end('{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}');
        }
        actions = acct.actions;
      }
      tokenRequests.push(u.searchParams.getAll('scope').join(' '));
      const token = secret(40);
      // Like distribution's token servers: grant the asked actions the account has, silently drop the rest.
      const asked = u.searchParams.getAll('scope').flatMap((s) => s.split(':').pop()!.split(','));
      grants.set(token, asked.filter((a) => actions.includes(a)));
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ token, expires_in: 300 }));
    }
    if (u.pathname === '/v2/' && openPing) return res.end('{}');
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const granted = grants.get(token);
    const repo = /^\/v2\/(.+?)\/(blobs|manifests|tags|referrers)\//.exec(u.pathname)?.[1];
    const need = repo ? needed(req.method ?? 'GET') : undefined;
    if (!granted || (need && !granted.includes(need))) {
      const scope = repo ? `,scope="repository:${repo}:${need === 'push' ? 'pull,push' : need}"` : '';
      res.writeHead(401, { 'www-authenticate': `Bearer realm="${base}/token",service="front"${scope}${granted ? ',error="insufficient_scope"' : ''}`, 'content-type': 'application/json' });
      return res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
    }
    const r = await forward(ref.url, req, u.pathname + u.search, body);
    relay(res, r);
  });
});
afterAll(async () => {
  await front?.close();
  await ref?.close();
});

const SELECTION = ['ping', 'pull-blobs', 'push-blob-post-put', 'general-names', 'management-deletes'].flatMap((w) => ['--only', w]);

async function runAs(user: string | undefined, password?: string): Promise<{ code: number; stdout: string; stderr: string; run?: RunResult }> {
  const dir = await tmp();
  tokenRequests = [];
  const env: Record<string, string> = user ? { OCI_USERNAME: user, OCI_PASSWORD: password ?? ACCOUNTS[user]!.password } : {};
  const r = await cli(['run', '--registry', front.url, '--report-dir', dir, ...SELECTION], env);
  const text = await readFile(join(dir, 'results.json'), 'utf8').catch(() => undefined);
  return { ...r, ...(text ? { run: validateResult(JSON.parse(text)) } : {}) };
}

describe('accounts against a registry with token authentication', () => {
  it('an account with every right gets verdicts, asking one token per scope set', async () => {
    const r = await runAs('admin');
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect(r.run!.checks.filter((c) => c.outcome === 'skip' && /not permitted/.test(c.message))).toEqual([]);
    expect(new Set(tokenRequests).size).toBe(tokenRequests.length);
  }, 120_000);

  it('a pull-only account: pushes and deletes skip as not permitted and are listed; no fail, no pass for them', async () => {
    const r = await runAs('reader');
    const run = r.run!;
    const refused = run.checks.filter((c) => c.outcome === 'skip' && c.message.startsWith('not permitted for this account'));
    expect(refused.map((c) => c.id)).toEqual(expect.arrayContaining(['push/blob/post-opens-session']));
    expect(run.checks.filter((c) => c.outcome === 'fail').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    // A check that expects a refusal (an invalid name) does not take the account's refusal for it.
    for (const c of run.checks.filter((x) => x.workflow === 'general-names' && x.outcome === 'pass'))
      expect(c.exchanges.some((e) => e.status === 401), c.id).toBe(false);
    expect(r.stdout).toMatch(/not permitted for this account \(\d+\)/);
    expect([0, 2]).toContain(r.code);
  }, 120_000);

  it('a wrong password ends the run at the start: exit 2, one line, no report', async () => {
    const r = await runAs('admin', 'wrong-password');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/refused the credentials of user "admin"/);
    expect(r.stderr).not.toContain('wrong-password');
    expect(r.run).toBeUndefined();
  }, 60_000);

  it('a wrong password where /v2/ is open is found at the start too', async () => {
    openPing = true;
    try {
      const r = await runAs('admin', 'wrong-password');
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/refused the credentials of user "admin"/);
    } finally {
      openPing = false;
    }
  }, 60_000);

  it('without credentials only the ping is judged; the rest is not permitted, never a fail', async () => {
    const r = await runAs(undefined);
    expect(r.code, r.stdout.slice(-1500)).toBe(0);
    const judged = r.run!.checks.filter((c) => c.outcome === 'fail' || c.outcome === 'pass').map((c) => c.id);
    expect(judged).toEqual(['ping/api-version']);
  }, 120_000);

  it('a selection in which no check reaches a verdict says NO VERDICT and exits 2', async () => {
    const dir = await tmp();
    const r = await cli(['run', '--registry', front.url, '--report-dir', dir, '--only', 'push-blob-post-put'], { OCI_USERNAME: 'reader', OCI_PASSWORD: ACCOUNTS['reader']!.password });
    expect(r.code, r.stdout.slice(-1500)).toBe(2);
    expect(r.stdout).toMatch(/result\s+NO VERDICT/);
  }, 60_000);

  it('a selector that matches nothing is a usage error naming it', async () => {
    const r = await cli(['run', '--registry', front.url, '--only', 'pull-blobz']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--only "pull-blobz" matches no check/);
  }, 30_000);
});
