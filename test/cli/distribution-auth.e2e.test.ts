import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateResult } from '../../src/reporters/validate.js';
import type { RunResult } from '../../src/model/result.js';
import { cli, tmp } from '../helpers/cli.js';
import { startDistribution, type Distribution } from '../helpers/distribution.js';

const HTPASSWD = join(import.meta.dirname, '../../fixtures/htpasswd/users');
const PASSWORD = 'oci-conform-test-password';

/** The CLI against the real registry with Basic authentication (htpasswd), as a CI job would run it. */
describe('oci-conform run against distribution with Basic auth', () => {
  let reg: Distribution;
  let dir: string;
  let result: { code: number; stdout: string; stderr: string };
  let run: RunResult;

  beforeAll(async () => {
    reg = await startDistribution({ htpasswd: HTPASSWD });
    dir = await tmp();
    const only = ['ping', 'general-auth', 'pull-blobs', 'pull-manifests', 'push-blob-post-put'].flatMap((w) => ['--only', w]);
    result = await cli(['run', '--registry', reg.url, ...only, '--report-dir', dir], { OCI_USERNAME: 'ci-bot', OCI_PASSWORD: PASSWORD });
    run = validateResult(JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')));
  }, 120_000);

  afterAll(async () => {
    await reg?.stop();
  });

  it('authenticates and passes the pull and push basics', () => {
    expect(result.code, result.stderr).toBe(0);
    const ran = run.checks.filter((c) => c.outcome !== 'disabled');
    expect(ran.filter((c) => c.outcome !== 'pass').map((c) => c.id)).toEqual([]);
    expect(ran.length).toBeGreaterThan(30);
  });

  it('sees the challenge and the UNAUTHORIZED code a client without credentials gets', () => {
    expect(run.checks.filter((c) => c.workflow === 'general-auth').map((c) => [c.id, c.outcome])).toEqual([
      ['general/auth/challenge', 'pass'],
      ['general/auth/unauthorized-code', 'pass'],
    ]);
  });

  it('writes neither the password nor the Basic credentials anywhere', async () => {
    const basic = Buffer.from(`ci-bot:${PASSWORD}`).toString('base64');
    for (const f of await readdir(dir)) {
      const text = await readFile(join(dir, f), 'utf8');
      expect(text, f).not.toContain(PASSWORD);
      expect(text, f).not.toContain(basic);
    }
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    const auths = run.checks.flatMap((c) => c.exchanges.map((e) => e.requestHeaders['authorization'])).filter(Boolean);
    expect(auths.length).toBeGreaterThan(0);
    expect(new Set(auths)).toEqual(new Set(['Basic <redacted>']));
  });

  it.each([
    ['a wrong password', { OCI_USERNAME: 'ci-bot', OCI_PASSWORD: 'not-the-password' }, /refused the credentials of user "ci-bot"/],
    ['a token the registry does not take', { OCI_TOKEN: 'bogus-token-1234' }, /refused the given token/],
    ['no credentials', {}, /refused a client without credentials/],
  ])('ends at the start with exit 2 and one line for %s, blaming no check', async (_what, env, line) => {
    const d = await tmp();
    const r = await cli(['run', '--registry', reg.url, '--only', 'ping', '--report-dir', d], env as Record<string, string>);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(line);
    expect(r.stderr + r.stdout).not.toMatch(/not-the-password|bogus-token-1234/);
    expect(await readdir(d)).toEqual([]);
  }, 60_000);
});
