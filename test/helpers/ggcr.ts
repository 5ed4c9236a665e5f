import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { runSuites, type SelfTestRun } from './selftest.js';

/**
 * go-containerregistry's in-memory registry (pkg/registry, referrers on), built from
 * Debian's golang-github-google-go-containerregistry-dev sources with Debian's Go and
 * no network (GO111MODULE=off, GOPROXY=off): its import closure is the standard
 * library and its own packages. `.ci/run` puts the sources in place.
 */
const MAIN = join(import.meta.dirname, '../ggcr/main.go');
const PACKAGE = 'github.com/google/go-containerregistry/pkg/registry';
/** Where the sources may be: an installed package, or where .ci/run extracts it. */
const GOPATHS = [process.env['GGCR_GOPATH'], '/usr/share/gocode', '/var/cache/oci-conform/ggcr/usr/share/gocode'].filter((p): p is string => !!p);

function gopath(): string {
  const found = GOPATHS.find((p) => existsSync(join(p, 'src', PACKAGE)));
  if (!found)
    throw new Error(
      `go-containerregistry sources are missing (looked in ${GOPATHS.join(', ')}): run .ci/run, or apt-get download golang-github-google-go-containerregistry-dev/bookworm-backports and dpkg -x it into /var/cache/oci-conform/ggcr`,
    );
  return found;
}

/** Builds our ten-line server once per source version into a temp directory (never into the worktree). */
export function buildGgcr(): string {
  const src = gopath();
  const version = readFileSync(join(src, 'src/github.com/google/go-containerregistry/pkg/registry/registry.go'));
  const key = createHash('sha256').update(readFileSync(MAIN)).update(version).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `oci-conform-ggcr-${key}`);
  const bin = join(dir, 'registry');
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir, GO111MODULE: 'off', GOPROXY: 'off', GOFLAGS: '', GOPATH: src, GOCACHE: join(dir, 'cache') };
  const r = spawnSync('go', ['build', '-o', bin, '.'], { cwd: join(import.meta.dirname, '../ggcr'), env, encoding: 'utf8', timeout: 300_000 });
  if (r.error || r.status !== 0) throw new Error(`building the go-containerregistry server failed (is Debian's golang-go installed?): ${r.error?.message ?? r.stderr}`);
  return bin;
}

export interface Ggcr {
  url: string;
  stop(): Promise<void>;
}

/** Starts the registry on a free port of 127.0.0.1. */
export async function startGgcr(): Promise<Ggcr> {
  const child: ChildProcess = spawn(buildGgcr(), ['0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const addr = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the go-containerregistry server printed no address within 10 s')), 10_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.once('exit', (code) => reject(new Error(`the go-containerregistry server exited with ${code}`)));
  });
  return {
    url: `http://${addr}`,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
    },
  };
}

/** For a describe block: starts the registry, runs the named workflows on it once, stops it. */
export function onGgcr(workflows: string[]): () => SelfTestRun {
  let reg: Ggcr | undefined;
  let run: SelfTestRun | undefined;
  beforeAll(async () => {
    reg = await startGgcr();
    run = await runSuites(reg.url, { only: workflows, checkTimeoutMs: 60_000 });
  }, 360_000);
  afterAll(async () => {
    await reg?.stop();
  });
  return () => {
    if (!run) throw new Error('the go-containerregistry run did not happen (see beforeAll)');
    return run;
  };
}
