import pLimit from 'p-limit';
import type { Exchange } from '../http/exchange.js';
import { TransportError } from '../http/client.js';
import { Rng } from '../gen/rng.js';
import { Ledger, WriteRefused, type Registry, type WritePolicy } from '../registry/client.js';
import type { CheckResult } from '../model/result.js';
import type { Outcome } from '../model/outcome.js';
import { PreconditionUnmet, Unsupported, Violation } from './verdicts.js';
import { checkMeta, type CheckContext, type CheckDef, type GivenContent, type Workflow } from './workflow.js';
import { disabledReason, profileReason } from './select.js';
import type { CheckMeta } from './check-meta.js';

export interface RunnerConfig {
  namespace: string;
  crossmountNamespace?: string;
  seed: number;
  runId: string;
  concurrency: number;
  checkTimeoutMs: number;
  only: string[];
  skip: string[];
  disabledCategories: string[];
  chunkMinLength: number;
  /** --profile read-only: no write request leaves the harness; only read-only workflows run. */
  readOnly?: boolean;
  /** Workflows that do not run here, with the reason (e.g. another --shard runs them). */
  offWorkflows?: ReadonlyMap<string, string>;
  /** Content the user named for the read-only workflows. */
  given?: GivenContent;
  /** Called as each check finishes (progress display). */
  onResult?: (r: CheckResult) => void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyWorkflow = Workflow<any>;

/** Runs workflows concurrently (checks within one workflow in order) and returns results in declaration order. */
export async function runWorkflows(root: Registry, workflows: AnyWorkflow[], cfg: RunnerConfig): Promise<CheckResult[]> {
  const registry = cfg.readOnly ? root.withWrites(READ_ONLY) : root;
  const limit = pLimit(Math.max(1, cfg.concurrency));
  const perWorkflow = await Promise.all(workflows.map((w) => limit(() => runWorkflow(registry, w, cfg))));
  return perWorkflow.flat();
}

const NO_GIVEN: GivenContent = { tags: [], manifests: [], blobs: [], indexes: [], subjects: [] };
const READ_ONLY: WritePolicy = { refuse: () => 'the run is read-only (--profile read-only)' };

async function runWorkflow(root: Registry, w: AnyWorkflow, cfg: RunnerConfig): Promise<CheckResult[]> {
  const ledger = new Ledger();
  const repo = `${cfg.namespace}/${w.id}-${cfg.runId}`;
  const repo2 = `${cfg.crossmountNamespace ?? cfg.namespace}/${w.id}-${cfg.runId}-b`;
  const ctxFor = (label: string, sink: (e: Exchange) => void): CheckContext => ({
    registry: root.withSink(sink, ledger),
    rng: new Rng(cfg.seed, label),
    repo,
    repo2,
    settings: { chunkMinLength: cfg.chunkMinLength, given: cfg.given ?? NO_GIVEN },
  });

  const profileOff = cfg.offWorkflows?.get(w.id) ?? profileReason(w, cfg.readOnly === true);
  const plans = w.checks.map((c) => ({ c, meta: checkMeta(w, c), off: profileOff ?? disabledReason(checkMeta(w, c), cfg) }));
  const results: CheckResult[] = [];
  const emit = (r: CheckResult): void => {
    results.push(r);
    cfg.onResult?.(r);
  };
  if (plans.every((p) => p.off)) {
    for (const p of plans) emit(blank(p.meta, 'disabled', p.off!));
    return results;
  }

  let state: unknown;
  let setupFailure: { outcome: Outcome; message: string; exchanges: Exchange[] } | undefined;
  if (w.setup) {
    const setupExchanges: Exchange[] = [];
    try {
      state = await withTimeout(w.setup(ctxFor(`${w.id}/setup`, (e) => setupExchanges.push(e))), cfg.checkTimeoutMs, `setup of ${w.id}`);
    } catch (err) {
      const v = classify(err, 'MUST');
      // A registry that refuses the setup pushes is judged by the push checks; here the checks cannot run.
      setupFailure = {
        outcome: v.outcome === 'error' ? 'error' : 'skip',
        message: `not run: the workflow setup failed: ${v.message}`,
        exchanges: setupExchanges,
      };
    }
  }

  for (const { c, meta, off } of plans) {
    if (off) emit(blank(meta, 'disabled', off));
    else if (setupFailure) emit({ ...blank(meta, setupFailure.outcome, setupFailure.message), exchanges: setupFailure.exchanges });
    else emit(await runCheck(c, meta, state, ctxFor, cfg.checkTimeoutMs));
  }

  await cleanup(root.withSink(undefined, ledger), ledger);
  return results;
}

async function runCheck(
  c: CheckDef<unknown>,
  meta: CheckMeta,
  state: unknown,
  ctxFor: (label: string, sink: (e: Exchange) => void) => CheckContext,
  defaultTimeout: number,
): Promise<CheckResult> {
  const exchanges: Exchange[] = [];
  const started = Date.now();
  let verdict: Verdict;
  try {
    const note = await withTimeout(c.run(ctxFor(c.id, (e) => exchanges.push(e)), state), c.timeoutMs ?? defaultTimeout, `check ${c.id}`);
    verdict = { outcome: 'pass', message: note || 'ok' };
  } catch (err) {
    verdict = classify(err, meta.level);
  }
  return {
    ...blank(meta, verdict.outcome, verdict.message),
    ...(verdict.expected !== undefined ? { expected: verdict.expected } : {}),
    ...(verdict.observed !== undefined ? { observed: verdict.observed } : {}),
    durationMs: Date.now() - started,
    warnings: warningsOf(exchanges),
    exchanges,
  };
}

interface Verdict {
  outcome: Outcome;
  message: string;
  expected?: string;
  observed?: string;
}

function classify(err: unknown, level: CheckMeta['level']): Verdict {
  if (err instanceof Violation) {
    const outcome: Outcome = level === 'MUST' || level === 'MUST NOT' ? 'fail' : level === 'MAY' ? 'skip' : 'warn';
    return { outcome, message: err.message, expected: err.expected, observed: err.observed };
  }
  if (err instanceof Unsupported || err instanceof PreconditionUnmet) return { outcome: 'skip', message: err.message };
  if (err instanceof TransportError) return { outcome: 'error', message: `transport: ${err.message}` };
  if (err instanceof HarnessTimeout) return { outcome: 'error', message: err.message };
  if (err instanceof WriteRefused) return { outcome: 'error', message: `harness fault: ${err.message}` };
  return { outcome: 'error', message: `harness fault: ${err instanceof Error ? err.message : String(err)}` };
}

class HarnessTimeout extends Error {}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HarnessTimeout(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function blank(meta: CheckMeta, outcome: Outcome, message: string): CheckResult {
  return {
    id: meta.id,
    title: meta.title,
    workflow: meta.workflow,
    category: meta.category,
    level: meta.level,
    requirements: meta.requirements,
    outcome,
    message,
    durationMs: 0,
    warnings: [],
    exchanges: [],
  };
}

function warningsOf(exchanges: Exchange[]): string[] {
  const seen = new Set<string>();
  for (const e of exchanges) {
    const w = e.responseHeaders['warning'];
    if (w) seen.add(w);
  }
  return [...seen];
}

/** Deletes what the workflow pushed, manifests before blobs; failures are expected where deletes are off. */
async function cleanup(registry: Registry, ledger: Ledger): Promise<void> {
  const seen = new Set<string>();
  const once = (k: string): boolean => !seen.has(k) && !!seen.add(k);
  try {
    for (const m of [...ledger.manifests].reverse()) if (once(`m ${m.repo} ${m.digest}`)) await registry.deleteManifest(m.repo, m.digest);
    for (const b of ledger.blobs) if (once(`b ${b.repo} ${b.digest}`)) await registry.deleteBlob(b.repo, b.digest);
  } catch {
    // Cleanup is best effort: an unreachable registry here changes no verdict.
  }
}
