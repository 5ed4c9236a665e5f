/**
 * `npm run bench`: the speed and memory targets, measured on this machine, each a
 * median of several runs (BENCH_RUNS, default 3). Starts the reference registry and
 * Debian's docker-registry on 127.0.0.1, runs the compiled CLI as a user does, and
 * compares large-blob transfers with curl moving the same number of bytes to the same
 * registry. Prints a table, writes bench.json (BENCH_OUT), exits 1 when a target is
 * missed. Timing targets live here, never in the tests.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startDistribution, freePort } from './distribution.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist/src/cli/main.js');
const PROBE = new URL('./probe.js', import.meta.url).href;
const RUNS = Math.max(1, Number(process.env['BENCH_RUNS'] ?? 3));
const LARGE = Number(process.env['BENCH_LARGE_BYTES'] ?? 2 ** 30);
const SMALL_LARGE = 100 * 2 ** 20;
const MiB = 2 ** 20;
/** Sections to run (BENCH_ONLY=startup,embedded,reference,distribution,large); all by default. */
const ONLY = (process.env['BENCH_ONLY'] ?? '').split(',').filter(Boolean);
const on = (section: string): boolean => ONLY.length === 0 || ONLY.includes(section);
const work = mkdtempSync(join(tmpdir(), 'oci-conform-bench-'));

interface Figure {
  name: string;
  value: number;
  unit: string;
  /** Missed when above `max` or below `min`. */
  max?: number;
  min?: number;
}

interface Measured {
  code: number;
  wallMs: number;
  cpuMs: number;
  rssMiB: number;
  stdout: string;
}

let seq = 0;

/** Runs node with the usage probe; resolves with its exit code, wall time, CPU time and peak RSS. */
function measure(args: string[]): Promise<Measured> {
  const usage = join(work, `usage-${++seq}.json`);
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, ['--import', PROBE, ...args], { env: { ...process.env, OCI_CONFORM_BENCH_USAGE: usage }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - t;
      try {
        const u = JSON.parse(readFileSync(usage, 'utf8')) as { cpuMs: number; maxRssKiB: number };
        resolve({ code: code ?? -1, wallMs, cpuMs: u.cpuMs, rssMiB: u.maxRssKiB / 1024, stdout });
      } catch {
        reject(new Error(`node ${args.join(' ')} left no usage (exit ${code}): ${stderr.slice(-500)}`));
      }
    });
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function repeat<T>(n: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await fn(i));
  return out;
}

/** One CLI run into a fresh report directory; returns the measurement and the saved results. */
async function cliRun(args: string[]): Promise<Measured & { results: { checks: Array<{ id: string; outcome: string; exchanges: Array<{ method: string; durationMs: number; status: number | null }> }> } }> {
  const dir = join(work, `report-${++seq}`);
  const m = await measure([CLI, 'run', '--seed', '1', '--report-dir', dir, ...args]);
  // Findings (exit 1) are the registry's business; only a run that wrote no results is a failed measurement.
  if (m.code !== 0 && m.code !== 1) throw new Error(`oci-conform run ${args.join(' ')} exited ${m.code}:\n${m.stdout.slice(-800)}`);
  return { ...m, results: JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) };
}

/** The reference registry in a process of its own, counting the requests it answers. */
async function serveReference(): Promise<{ url: string; requests: () => number; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--verbose'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let lines = 0;
  let ready: () => void;
  const up = new Promise<void>((r) => (ready = r));
  child.stdout.on('data', (d: Buffer) => {
    const text = d.toString();
    if (text.includes('listening on')) ready();
    lines += text.split('\n').filter((l) => /^[A-Z]+ \S+ \d{3}$/.test(l)).length;
  });
  await up;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => lines,
    stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', () => r()), child.kill('SIGTERM')))),
  };
}

/** curl's own figures for one transfer: bytes per second. */
function curl(args: string[]): Promise<{ code: string; seconds: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code} %{time_total}', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const [code, secs] = out.trim().split(' ');
      if (!code || !secs) reject(new Error(`curl ${args.join(' ')}: ${err}`));
      else resolve({ code, seconds: Number(secs) });
    });
  });
}

/** A file of `size` random bytes and its digest, for curl to move. */
async function randomFile(size: number): Promise<{ path: string; digest: string }> {
  const path = join(work, `blob-${++seq}`);
  const f = await open(path, 'w');
  const h = createHash('sha256');
  for (let at = 0; at < size; at += MiB) {
    const b = randomBytes(Math.min(MiB, size - at));
    h.update(b);
    await f.write(b);
  }
  await f.close();
  return { path, digest: `sha256:${h.digest('hex')}` };
}

/** Wall seconds of a shell pipeline. */
function timed(script: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn('sh', ['-c', script], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve((performance.now() - t) / 1000) : reject(new Error(`${script} exited ${code}`))));
  });
}

/**
 * curl pushing (POST, then PUT of the file) and pulling the same number of bytes: MiB/s each
 * way, and pulling into sha256sum, as a client that verifies what it pulls (as the harness does).
 */
async function curlThroughput(url: string, size: number): Promise<{ push: number; pull: number; pullVerified: number }> {
  const file = await randomFile(size);
  const post = await fetch(`${url}/v2/bench/curl/blobs/uploads/`, { method: 'POST' });
  const loc = new URL(post.headers.get('location')!, url);
  loc.searchParams.set('digest', file.digest);
  const put = await curl(['-X', 'PUT', '-H', 'Content-Type: application/octet-stream', '-T', file.path, loc.toString()]);
  if (put.code !== '201') throw new Error(`curl PUT answered ${put.code}`);
  const get = await curl([`${url}/v2/bench/curl/blobs/${file.digest}`]);
  if (get.code !== '200') throw new Error(`curl GET answered ${get.code}`);
  const verified = await timed(`curl -sS '${url}/v2/bench/curl/blobs/${file.digest}' | sha256sum >/dev/null`);
  rmSync(file.path);
  return { push: size / MiB / put.seconds, pull: size / MiB / get.seconds, pullVerified: size / MiB / verified };
}

/** The harness pushing (one streamed PUT) and pulling (whole, streamed) a large blob: MiB/s each way and the process's peak RSS. */
async function harnessLarge(url: string, size: number): Promise<{ push: number; pull: number; rssMiB: number }> {
  const r = await cliRun(['--registry', url, '--large-blob', String(size), '--only', 'push/blob/large/monolithic', '--only', 'pull/blob/large/whole', '--format', 'json']);
  const check = (id: string) => r.results.checks.find((c) => c.id === id && c.outcome === 'pass') ?? failWith(`${id} did not pass`);
  const put = check('push/blob/large/monolithic').exchanges.find((x) => x.method === 'PUT')!;
  const get = check('pull/blob/large/whole').exchanges.find((x) => x.method === 'GET')!;
  return { push: size / MiB / (put.durationMs / 1000), pull: size / MiB / (get.durationMs / 1000), rssMiB: r.rssMiB };
}

function failWith(message: string): never {
  throw new Error(message);
}

const requestsIn = (r: { results: { checks: Array<{ exchanges: unknown[] }> } }): number => r.results.checks.reduce((n, c) => n + c.exchanges.length, 0);

type Add = (f: Figure) => void;

async function startup(add: Add): Promise<void> {
  add({ name: 'start-up: oci-conform --version', value: median((await repeat(RUNS + 2, () => measure([CLI, '--version']))).map((m) => m.wallMs)), unit: 'ms', max: 120 });
  add({ name: 'start-up: oci-conform list', value: median((await repeat(RUNS + 2, () => measure([CLI, 'list']))).map((m) => m.wallMs)), unit: 'ms', max: 120 });
  const refreg = JSON.stringify(new URL('../src/refreg/index.js', import.meta.url).href);
  const script = `const t = performance.now(); const { startReferenceRegistry } = await import(${refreg}); const r = await startReferenceRegistry(); process.stdout.write(String(performance.now() - t)); await r.close();`;
  const ready = await repeat(RUNS + 2, () => measure(['--input-type=module', '-e', script]));
  add({ name: 'start-up: embedded registry ready (import + listen)', value: median(ready.map((m) => Number(m.stdout))), unit: 'ms', max: 50 });
}

/** A full default run against the embedded registry, as `npm start` makes it. */
async function embedded(add: Add): Promise<void> {
  const runs = await repeat(RUNS, () => cliRun([]));
  add({ name: 'full run, embedded registry: wall', value: median(runs.map((m) => m.wallMs)), unit: 'ms', max: 800 });
  add({ name: 'full run, embedded registry: CPU (harness and registry)', value: median(runs.map((m) => m.cpuMs)), unit: 'ms' });
  add({ name: 'full run, embedded registry: peak memory', value: median(runs.map((m) => m.rssMiB)), unit: 'MiB', max: 100 });
}

/** The same run against the reference registry in a process of its own: the harness's CPU alone, per request. */
async function reference(add: Add): Promise<void> {
  const ref = await serveReference();
  try {
    const runs = await repeat(RUNS, async () => {
      const before = ref.requests();
      const m = await cliRun(['--registry', ref.url]);
      return { ...m, requests: ref.requests() - before };
    });
    add({ name: 'full run, reference registry: harness CPU per 100 requests', value: median(runs.map((m) => (m.cpuMs / m.requests) * 100)), unit: 'ms', max: 150 });
    add({ name: 'full run, reference registry: requests per second', value: median(runs.map((m) => m.requests / (m.wallMs / 1000))), unit: '/s' });
    add({ name: 'full run, reference registry: wall', value: median(runs.map((m) => m.wallMs)), unit: 'ms' });
  } finally {
    await ref.stop();
  }
}

/** Debian's docker-registry (CNCF distribution): a full run. */
async function distribution(add: Add, url: string): Promise<void> {
  const runs = await repeat(RUNS, () => cliRun(['--registry', url]));
  add({ name: 'full run, docker-registry: wall', value: median(runs.map((m) => m.wallMs)), unit: 'ms' });
  add({ name: 'full run, docker-registry: harness CPU', value: median(runs.map((m) => m.cpuMs)), unit: 'ms' });
  add({ name: 'full run, docker-registry: requests per second (recorded exchanges)', value: median(runs.map((m) => requestsIn(m) / (m.wallMs / 1000))), unit: '/s' });
  add({ name: 'full run, docker-registry: peak memory', value: median(runs.map((m) => m.rssMiB)), unit: 'MiB', max: 100 });
}

/** Large blobs on docker-registry: the harness against curl moving as many bytes, and the harness's memory at two sizes. */
async function large(add: Add, url: string): Promise<void> {
  const harness = await repeat(RUNS, () => harnessLarge(url, LARGE));
  const curls = await repeat(RUNS, () => curlThroughput(url, LARGE));
  const size = `${(LARGE / 2 ** 30).toFixed(LARGE % 2 ** 30 ? 2 : 0)} GiB`;
  for (const way of ['push', 'pull'] as const) {
    const [h, c] = [median(harness.map((x) => x[way])), median(curls.map((x) => x[way]))];
    add({ name: `large blob (${size}), docker-registry: harness ${way}`, value: h, unit: 'MiB/s' });
    add({ name: `large blob (${size}), docker-registry: curl ${way}`, value: c, unit: 'MiB/s' });
    add({ name: `large blob (${size}), docker-registry: harness ${way} / curl ${way}`, value: (h / c) * 100, unit: '%', min: 90 });
  }
  const verified = median(curls.map((x) => x.pullVerified));
  add({ name: `large blob (${size}), docker-registry: curl pull | sha256sum`, value: verified, unit: 'MiB/s' });
  add({ name: `large blob (${size}), docker-registry: harness pull / (curl pull | sha256sum)`, value: (median(harness.map((x) => x.pull)) / verified) * 100, unit: '%' });
  const small = median((await repeat(RUNS, () => harnessLarge(url, SMALL_LARGE))).map((h) => h.rssMiB));
  const big = median(harness.map((h) => h.rssMiB));
  add({ name: 'large blob (100 MiB): harness peak memory', value: small, unit: 'MiB', max: 100 });
  add({ name: `large blob (${size}): harness peak memory`, value: big, unit: 'MiB', max: 100 });
  add({ name: `large blob: peak memory at ${size} over 100 MiB`, value: (big / small) * 100, unit: '%', max: 120 });
}

async function main(): Promise<void> {
  const figures: Figure[] = [];
  const add: Add = (f) => {
    figures.push(f);
    process.stderr.write(`  ${f.name}: ${f.value.toFixed(1)} ${f.unit}\n`);
  };
  if (on('startup')) await startup(add);
  if (on('embedded')) await embedded(add);
  if (on('reference')) await reference(add);
  if (on('distribution') || on('large')) {
    const dist = await startDistribution();
    try {
      if (on('distribution')) await distribution(add, dist.url);
      if (on('large')) await large(add, dist.url);
    } finally {
      await dist.stop();
    }
  }
  report(figures);
}

function report(figures: Figure[]): void {
  const missed = (f: Figure): boolean => (f.max !== undefined && f.value > f.max) || (f.min !== undefined && f.value < f.min);
  const target = (f: Figure): string => (f.max !== undefined ? `≤ ${f.max}` : f.min !== undefined ? `≥ ${f.min}` : '');
  const w = Math.max(...figures.map((f) => f.name.length));
  const lines = [`${'figure'.padEnd(w)}  ${'median'.padStart(10)}  unit    target   `, '-'.repeat(w + 40)];
  for (const f of figures) lines.push(`${f.name.padEnd(w)}  ${f.value.toFixed(1).padStart(10)}  ${f.unit.padEnd(6)}  ${target(f).padEnd(7)}  ${f.max === undefined && f.min === undefined ? '' : missed(f) ? 'MISSED' : 'ok'}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  const out = process.env['BENCH_OUT'] ?? join(ROOT, 'reports', 'bench.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ runs: RUNS, machine: { cpus: availableParallelism(), node: process.version }, figures: figures.map((f) => ({ ...f, missed: missed(f) })) }, null, 2)}\n`);
  process.stdout.write(`figures: ${out}\n`);
  process.exitCode = figures.some(missed) ? 1 : 0;
}

try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
