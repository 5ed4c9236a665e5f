/**
 * Benchmarks with their targets: a full run against the embedded registry,
 * and the reference registry's blob throughput. `npm run bench`; exits 1 when
 * a target is missed. Timing lives here, never in the tests.
 */
import { performance } from 'node:perf_hooks';
import { AuthSession } from '../src/http/auth.js';
import { HttpClient } from '../src/http/client.js';
import { startReferenceRegistry } from '../src/refreg/index.js';
import { Registry } from '../src/registry/client.js';
import { Rng } from '../src/gen/rng.js';
import { runWorkflows } from '../src/runner/runner.js';
import { digestOf } from '../src/registry/digest.js';
import { WORKFLOWS } from '../suites/index.js';

interface Result {
  name: string;
  value: number;
  unit: string;
  target: number;
  lowerIsBetter: boolean;
}

async function withRegistry<T>(fn: (registry: Registry) => Promise<T>): Promise<T> {
  const reg = await startReferenceRegistry();
  const http = new HttpClient({ timeoutMs: 30_000, maxBodyBytes: 64 << 20, insecure: false, userAgent: 'oci-conform-bench' });
  try {
    return await fn(new Registry(new AuthSession(http, {}), reg.url));
  } finally {
    await http.close();
    await reg.close();
  }
}

async function fullRun(): Promise<number> {
  return withRegistry(async (registry) => {
    const t = performance.now();
    await runWorkflows(registry, WORKFLOWS, {
      namespace: 'bench',
      seed: 1,
      runId: `b${Math.floor(t)}`,
      concurrency: 4,
      checkTimeoutMs: 120_000,
      only: [],
      skip: [],
      disabledCategories: [],
      chunkMinLength: 1024,
    });
    return performance.now() - t;
  });
}

async function blobThroughput(): Promise<number> {
  return withRegistry(async (registry) => {
    const rng = new Rng(1, 'bench');
    const data = rng.bytes(1 << 20);
    const n = 64;
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      data.writeUInt32LE(i, 0);
      const { put } = await registry.pushBlob('bench/throughput', data, digestOf(data));
      if (put?.status !== 201) throw new Error(`push ${i} failed: ${put?.status}`);
    }
    return n / ((performance.now() - t) / 1000);
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) runs.push(await fullRun());
  const results: Result[] = [
    { name: 'full run, embedded registry (median of 3)', value: median(runs), unit: 'ms', target: 5_000, lowerIsBetter: true },
    { name: 'peak resident memory', value: process.resourceUsage().maxRSS / 1024, unit: 'MiB', target: 512, lowerIsBetter: true },
    { name: 'reference registry: 1 MiB blob pushes (POST+PUT)', value: await blobThroughput(), unit: '/s', target: 20, lowerIsBetter: false },
  ];
  let missed = 0;
  for (const r of results) {
    const ok = r.lowerIsBetter ? r.value <= r.target : r.value >= r.target;
    if (!ok) missed++;
    process.stdout.write(`${ok ? 'ok    ' : 'MISSED'} ${r.name}: ${r.value.toFixed(1)} ${r.unit} (target ${r.lowerIsBetter ? '≤' : '≥'} ${r.target} ${r.unit})\n`);
  }
  process.exitCode = missed ? 1 : 0;
}

await main();
