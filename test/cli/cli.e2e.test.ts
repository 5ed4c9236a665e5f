import { spawn } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer } from 'node:net';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startReferenceRegistry } from '../../src/refreg/index.js';
import { validateResult } from '../../src/reporters/validate.js';
import { CLI, cli, tmp } from '../helpers/cli.js';

const noStack = (s: string): void => expect(s).not.toMatch(/^\s+at .+\(.*:\d+:\d+\)$/m);

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe('oci-conform CLI', () => {
  it('runs against the embedded registry, passes, and writes every report', async () => {
    const dir = await tmp();
    const r = await cli(['run', '--seed', '7', '--report-dir', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('seed 7');
    expect((await readdir(dir)).sort()).toEqual(['PRODUCT.yaml', 'badge.svg', 'junit.xml', 'report.html', 'results.json', 'results.yaml']);
    const run = validateResult(JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')));
    expect(run.run.seed).toBe(7);
    expect(run.run.registry.embedded).toBe(true);
    expect(run.run.replay).toContain('7');
    expect(run.run.totals.fail + run.run.totals.error + run.run.totals.warn).toBe(0);
  });

  it('exits 1 and names the failing check when the registry breaks a MUST', async () => {
    const dir = await tmp();
    const r = await cli(['run', '--fault', 'digest-header-wrong', '--only', 'pull-blobs', '--only', 'pull-manifests', '--report-dir', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    const run = validateResult(JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')));
    expect(run.checks.filter((c) => c.outcome === 'fail').map((c) => c.id).sort()).toEqual(['pull/blob/digest-header-matches', 'pull/manifest/digest-header-matches']);
    expect(r.stdout).toContain('pull/blob/digest-header-matches');
  });

  it('exits 0 on a SHOULD finding, and 1 with --strict', async () => {
    const args = ['run', '--fault', 'blob-head-wrong-length', '--only', 'pull-blobs', '--format', 'json'];
    expect((await cli([...args, '--report-dir', await tmp()])).code).toBe(0);
    expect((await cli([...args, '--strict', '--report-dir', await tmp()])).code).toBe(1);
  });

  it.each([
    [['run', '--bogus']],
    [['run', '--seed', 'abc']],
    [['run', '--registry', 'nope']],
    [['run', '--format', 'pdf']],
    [['run', '--fault', 'no-such-fault']],
    [['frobnicate']],
    [[]],
  ])('refuses bad usage %j with one line and exit 2', async (args) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^oci-conform: /);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    noStack(r.stderr);
  });

  it('exits 2 with one line when the registry is unreachable', async () => {
    const r = await cli(['run', '--registry', 'http://127.0.0.1:1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot reach the registry at http://127.0.0.1:1');
    noStack(r.stderr);
  });

  it('exits 2 quickly when the registry accepts connections but never answers', async () => {
    const server = createTcpServer(() => {});
    const url = await listen(server);
    try {
      const started = Date.now();
      const r = await cli(['run', '--registry', url, '--timeout', '1']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('no complete response within 1000 ms');
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      server.close();
    }
  });

  it('exits 2 when the registry speaks garbage instead of HTTP', async () => {
    const server = createTcpServer((s) => s.end('\x00\x01 this is not http\r\n\r\n'));
    const url = await listen(server);
    try {
      const r = await cli(['run', '--registry', url]);
      expect(r.code).toBe(2);
      noStack(r.stderr);
    } finally {
      server.close();
    }
  });

  it('judges a hostile registry (huge bodies, junk JSON, 500s) without crashing or hanging', async () => {
    const server = createHttpServer((req, res) => {
      if (req.url === '/v2/') return res.end('{}');
      if (req.method === 'GET' && req.url?.includes('/blobs/')) {
        // An endless body: the harness must stop reading at its cap.
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const chunk = Buffer.alloc(1 << 20, 0x41);
        const pump = (): void => {
          while (res.write(chunk)) if (res.destroyed) return;
          res.once('drain', pump);
        };
        res.on('error', () => {});
        return pump();
      }
      res.writeHead(req.method === 'POST' ? 202 : 500, { location: '/v2/x/blobs/uploads/1', 'content-type': 'application/json' });
      res.end('{"errors": [ not json');
    });
    const url = await listen(server);
    try {
      const dir = await tmp();
      const r = await cli(['run', '--registry', url, '--report-dir', dir, '--format', 'json', '--timeout', '5']);
      expect(r.code).toBe(1);
      const run = validateResult(JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')));
      expect(run.run.totals.fail).toBeGreaterThan(0);
      noStack(r.stderr);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('never writes credentials into reports, with Basic or bearer auth', async () => {
    const password = 'S3cret-Pa55word-0xC0FFEE';
    for (const mode of ['basic', 'bearer'] as const) {
      const reg = await startReferenceRegistry({ auth: { mode, username: 'ci-bot', password } });
      try {
        const dir = await tmp();
        const r = await cli(['run', '--registry', reg.url, '--only', 'pull-blobs', '--only', 'general-auth', '--report-dir', dir], { OCI_USERNAME: 'ci-bot', OCI_PASSWORD: password });
        expect(r.code, r.stderr).toBe(0);
        const basic = Buffer.from(`ci-bot:${password}`).toString('base64');
        for (const f of await readdir(dir)) {
          const text = await readFile(join(dir, f), 'utf8');
          expect(text, f).not.toContain(password);
          expect(text, f).not.toContain(basic);
          expect(text, f).not.toMatch(/"(access_)?token"\s*:\s*"(?!<redacted>)[^"]{8,}"/);
        }
        const run = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as {
          checks: Array<{ id: string; outcome: string; exchanges: Array<{ requestHeaders: Record<string, string> }> }>;
        };
        // The anonymous probes saw the challenge; everything else ran authenticated.
        expect(run.checks.find((c) => c.id === 'general/auth/challenge')?.outcome).toBe('pass');
        const auths = run.checks.flatMap((c) => c.exchanges.map((e) => e.requestHeaders['authorization'])).filter(Boolean);
        expect(auths.length).toBeGreaterThan(0);
        for (const a of auths) expect(a).toMatch(/^(Basic|Bearer) <redacted>$/);
        expect(r.stdout + r.stderr).not.toContain(password);
      } finally {
        await reg.close();
      }
    }
  });

  it('re-renders every format from a saved results.json, identical to the run', async () => {
    const dir = await tmp();
    expect((await cli(['run', '--seed', '11', '--only', 'pull-blobs', '--report-dir', dir])).code).toBe(0);
    const again = await tmp();
    const r = await cli(['report', join(dir, 'results.json'), '--report-dir', again]);
    expect(r.code).toBe(0);
    for (const f of await readdir(dir)) expect(await readFile(join(again, f), 'utf8'), f).toBe(await readFile(join(dir, f), 'utf8'));
    const bad = await cli(['report', join(dir, 'junit.xml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not JSON');
  });

  it('diffs two runs: changed outcomes, exit 1; identical runs, exit 0', async () => {
    const [a, b] = [await tmp(), await tmp()];
    await cli(['run', '--only', 'pull-blobs', '--report-dir', a, '--format', 'json']);
    await cli(['run', '--only', 'pull-blobs', '--fault', 'blob-get-corrupt', '--report-dir', b, '--format', 'json']);
    const d = await cli(['diff', join(a, 'results.json'), join(b, 'results.json')]);
    expect(d.code).toBe(1);
    expect(d.stdout).toContain('pull/blob/get');
    expect(d.stdout).toMatch(/pass.*fail/);
    const same = await cli(['diff', join(a, 'results.json'), join(a, 'results.json')]);
    expect(same.code).toBe(0);
  });

  it('refuses a self-signed TLS certificate unless --insecure is given', async () => {
    const tls = join(import.meta.dirname, '../../fixtures/tls');
    const server = createHttpsServer({ key: await readFile(join(tls, 'key.pem')), cert: await readFile(join(tls, 'cert.pem')) }, (_req, res) => res.end('{}'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const strict = await cli(['run', '--registry', url, '--only', 'ping']);
      expect(strict.code).toBe(2);
      expect(strict.stderr).toMatch(/cannot reach the registry.*(self[- ]signed|certificate)/i);
      const insecure = await cli(['run', '--registry', url, '--only', 'ping', '--insecure', '--format', 'json', '--report-dir', await tmp()]);
      expect(insecure.code, insecure.stderr).toBe(0);
    } finally {
      server.close();
    }
  });

  it('serves the reference registry on its own until stopped', async () => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--fault', 'ping-not-found', '--no-deletes', '--verbose'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(d.toString());
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    expect((await fetch(`${url}/v2/`)).status).toBe(404);
    await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain('GET /v2/ 404');
    expect((await fetch(`${url}/v2/a/blobs/sha256:${'0'.repeat(64)}`, { method: 'DELETE' })).status).toBe(405);
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });

  it('lists requirements with coverage totals by level', async () => {
    const r = await cli(['list', '--requirements']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PULL-011 .*covered by .*pull\/blob\/get/m);
    expect(r.stdout).toMatch(/^MUST\s+\d+\s+\d+\s+\d+/m);
  });
});
