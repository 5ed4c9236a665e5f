/**
 * Starts Debian's docker-registry (CNCF distribution) on 127.0.0.1 with a
 * throwaway config and storage. Used by the tests (test/helpers/distribution.ts)
 * and by the benchmark, so it imports nothing from vitest.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The registry binary from Debian's docker-registry package (CNCF distribution). */
export const DISTRIBUTION_BIN = '/usr/bin/docker-registry';

export interface Distribution {
  url: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts the real registry on 127.0.0.1 with a throwaway config and storage, deletes enabled. */
/** Token authentication: distribution verifies our JWTs (x5c chain) against `rootcertbundle`. */
export interface TokenAuth {
  realm: string;
  service: string;
  issuer: string;
  rootcertbundle: string;
}

export async function startDistribution(opts: { deletes?: boolean; htpasswd?: string; token?: TokenAuth } = {}): Promise<Distribution> {
  if (!existsSync(DISTRIBUTION_BIN)) throw new Error(`${DISTRIBUTION_BIN} is missing: install Debian's docker-registry package (apt-get install docker-registry)`);
  const dir = await mkdtemp(join(tmpdir(), 'oci-conform-distribution-'));
  const port = await freePort();
  const config = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    `    enabled: ${opts.deletes ?? true}`,
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    ...(opts.htpasswd ? ['auth:', '  htpasswd:', '    realm: oci-conform-test', `    path: ${opts.htpasswd}`] : []),
    ...(opts.token ? ['auth:', '  token:', ...Object.entries(opts.token).map(([k, v]) => `    ${k}: ${v}`)] : []),
    '',
  ].join('\n');
  await writeFile(join(dir, 'config.yml'), config);
  const child: ChildProcess = spawn(DISTRIBUTION_BIN, ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}: ${stderr.slice(-500)}`);
    try {
      const r = await fetch(`${url}/v2/`);
      if (r.status === 200 || ((opts.htpasswd || opts.token) && r.status === 401)) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`docker-registry did not answer on ${url} within 15 s: ${stderr.slice(-500)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

