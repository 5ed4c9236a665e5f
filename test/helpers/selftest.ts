import { AuthSession, type Credentials } from '../../src/http/auth.js';
import { HttpClient } from '../../src/http/client.js';
import type { CheckResult } from '../../src/model/result.js';
import { startReferenceRegistry, type RefRegistryOptions } from '../../src/refreg/index.js';
import { Registry } from '../../src/registry/client.js';
import { runWorkflows, type AnyWorkflow } from '../../src/runner/runner.js';
import { WORKFLOWS } from '../../suites/index.js';

export interface SelfTestRun {
  results: CheckResult[];
  /** Check IDs by outcome, for exact assertions. */
  by(outcome: CheckResult['outcome']): string[];
  /** Outcome by check ID, leaving out checks that did not run. */
  verdicts(): Record<string, CheckResult['outcome']>;
}

/** Runs the suites (in-process, no CLI) against a registry URL. */
export async function runSuites(url: string, opts: { seed?: number; runId?: string; workflows?: AnyWorkflow[]; creds?: Credentials; only?: string[]; checkTimeoutMs?: number; largeBlob?: number; maxBodyBytes?: number } = {}): Promise<SelfTestRun> {
  const http = new HttpClient({ timeoutMs: 10_000, maxBodyBytes: opts.maxBodyBytes ?? 64 * 1024 * 1024, insecure: false, userAgent: 'oci-conform-test' });
  try {
    const registry = new Registry(new AuthSession(http, opts.creds ?? {}), url);
    const results = await runWorkflows(registry, opts.workflows ?? WORKFLOWS, {
      namespace: 'selftest',
      seed: opts.seed ?? 1234,
      runId: opts.runId ?? Math.random().toString(36).slice(2, 8),
      concurrency: 4,
      checkTimeoutMs: opts.checkTimeoutMs ?? 20_000,
      only: opts.only ?? [],
      skip: [],
      disabledCategories: [],
      chunkMinLength: 1024,
      // Short: the reference registry is consistent at once, and fault proofs wait out the window.
      consistencyWindowMs: 1000,
      ...(opts.largeBlob ? { largeBlob: opts.largeBlob } : {}),
      // The dev profile, when the workflows asked for name one of its own.
      dev: opts.workflows?.some((w) => w.devOnly) === true,
    });
    return {
      results,
      by: (o) => results.filter((r) => r.outcome === o).map((r) => r.id).sort(),
      verdicts: () => Object.fromEntries(results.filter((r) => r.outcome !== 'disabled').map((r) => [r.id, r.outcome])),
    };
  } finally {
    await http.close();
  }
}

/** Starts the reference registry with the given options, runs the suites, stops it. */
export async function runAgainstReference(opts: RefRegistryOptions = {}, run: Parameters<typeof runSuites>[1] = {}): Promise<SelfTestRun> {
  const reg = await startReferenceRegistry(opts);
  try {
    return await runSuites(reg.url, run);
  } finally {
    await reg.close();
  }
}
