import pLimit from 'p-limit';
import type { Exchange } from '../http/exchange.js';
import { LimitExceeded, TransportError } from '../http/client.js';
import { NotPermitted, RateLimited } from '../http/auth.js';
import { Rng } from '../gen/rng.js';
import { Ledger, WriteRefused, type Registry, type WritePolicy } from '../registry/client.js';
import type { CheckResult } from '../model/result.js';
import type { Outcome } from '../model/outcome.js';
import { NOT_PERMITTED, NOT_RUN } from '../model/verdict.js';
import { PreconditionUnmet, Unsupported, Violation } from './verdicts.js';
import { checkMeta, type CheckContext, type CheckDef, type GivenContent, type Workflow } from './workflow.js';
import { disabledReason, profileReason } from './select.js';
import type { CheckMeta } from './check-meta.js';
import { isDroppedConnection, type RunRecord } from './run-record.js';

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
  /** Content the user named for the read-only workflows. */
  given?: GivenContent;
  /** How long reads after writes poll before judging; default 3 s. */
  consistencyWindowMs?: number;
  /** Size of the large blobs of the push-blob-large workflow; undefined turns it off. */
  largeBlob?: number;
  /** Called as each check finishes (progress display). */
  onResult?: (r: CheckResult) => void;
  /** Stops the run (deadline, Ctrl-C): requests in flight abort, checks not yet run are marked so. */
  signal?: AbortSignal;
}

export const wasStopped = (r: CheckResult): boolean => r.outcome === 'disabled' && r.message.startsWith(NOT_RUN);
const stopMessage = (signal: AbortSignal): string => `${NOT_RUN} (${(signal.reason as Error | undefined)?.message ?? 'stopped'})`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyWorkflow = Workflow<any>;

/** Runs workflows concurrently (checks within one workflow in order) and returns results in declaration order. */
export async function runWorkflows(root: Registry, workflows: AnyWorkflow[], cfg: RunnerConfig): Promise<CheckResult[]> {
  const registry = cfg.readOnly ? root.withWrites(READ_ONLY) : root;
  const limit = pLimit(Math.max(1, cfg.concurrency));
  // Workflows that judge the run go last, over what every other workflow exchanged.
  const record = { exchanges: [] as Array<RunRecord['exchanges'][number]>, setupFailures: [] as Array<RunRecord['setupFailures'][number]> };
  const perWorkflow = await Promise.all(workflows.map((w) => (w.judgesRun ? [] : limit(() => runWorkflow(registry, w, cfg, record)))));
  for (const [i, w] of workflows.entries()) if (w.judgesRun) perWorkflow[i] = await runWorkflow(registry, w, cfg, record);
  return perWorkflow.flat();
}

const NO_GIVEN: GivenContent = { tags: [], manifests: [], blobs: [], indexes: [], subjects: [] };
const READ_ONLY: WritePolicy = { refuse: () => 'the run is read-only (--profile read-only)' };

async function runWorkflow(
  root: Registry,
  w: AnyWorkflow,
  cfg: RunnerConfig,
  record: { exchanges: Array<RunRecord['exchanges'][number]>; setupFailures: Array<RunRecord['setupFailures'][number]> },
): Promise<CheckResult[]> {
  const ledger = new Ledger();
  const repo = `${cfg.namespace}/${w.id}-${cfg.runId}`;
  const repo2 = `${cfg.crossmountNamespace ?? cfg.namespace}/${w.id}-${cfg.runId}-b`;
  const ctxFor = (label: string, sink: (e: Exchange) => void, signal?: AbortSignal, deadline?: number): CheckContext => ({
    registry: root.withSink(w.judgesRun ? sink : (e) => (sink(e), record.exchanges.push({ source: label, exchange: e })), ledger, signal),
    rng: new Rng(cfg.seed, label),
    repo,
    repo2,
    settings: { chunkMinLength: cfg.chunkMinLength, given: cfg.given ?? NO_GIVEN, consistencyWindowMs: cfg.consistencyWindowMs ?? 3000, ...(cfg.largeBlob ? { largeBlob: cfg.largeBlob } : {}) },
    ...(signal ? { signal } : {}),
    ...(deadline ? { deadline } : {}),
    ...(w.judgesRun ? { run: { ...record, cite: sink } } : {}),
  });
  const scrub = (r: CheckResult): CheckResult => ({
    ...r,
    message: root.scrub(r.message),
    ...(r.expected !== undefined ? { expected: root.scrub(r.expected) } : {}),
    ...(r.observed !== undefined ? { observed: root.scrub(r.observed) } : {}),
    warnings: r.warnings.map((w) => root.scrub(w)),
  });

  const profileOff = profileReason(w, cfg.readOnly === true);
  const plans = w.checks.map((c) => ({ c, meta: checkMeta(w, c), off: profileOff ?? disabledReason(checkMeta(w, c), cfg) }));
  const results: CheckResult[] = [];
  const emit = (raw: CheckResult): void => {
    const r = scrub(raw);
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
      state = await bounded(cfg.checkTimeoutMs, `setup of ${w.id}`, cfg.signal, (signal, deadline) => w.setup!(ctxFor(`${w.id}/setup`, (e) => setupExchanges.push(e), signal, deadline)));
    } catch (err) {
      const v = cfg.signal?.aborted ? { outcome: 'disabled' as const, message: stopMessage(cfg.signal) } : classify(err, 'MUST');
      // A registry that answered the setup wrongly fails general/responses/setups; here the checks cannot run.
      const registrysFault = v.outcome === 'fail' || err instanceof PreconditionUnmet;
      if (registrysFault) record.setupFailures.push({ workflow: w.id, message: v.message, exchanges: setupExchanges });
      setupFailure = {
        outcome: v.outcome === 'error' || v.outcome === 'disabled' ? v.outcome : 'skip',
        // The account's missing right stays recognisable (the summary lists these), whichever step hit it.
        message:
          v.outcome === 'disabled' || v.message.startsWith(NOT_PERMITTED)
            ? v.message.replace(/^(not permitted for this account): /, '$1 (in the workflow setup): ')
            : `not run: the workflow setup failed${registrysFault ? ' (reported by general/responses/setups)' : ''}: ${v.message}`,
        exchanges: setupExchanges,
      };
    }
  }

  for (const { c, meta, off } of plans) {
    if (off) emit(blank(meta, 'disabled', off));
    else if (cfg.signal?.aborted) emit(blank(meta, 'disabled', stopMessage(cfg.signal)));
    else if (setupFailure) emit({ ...blank(meta, setupFailure.outcome, setupFailure.message), exchanges: setupFailure.exchanges });
    else emit(await runCheck(c, meta, state, ctxFor, cfg.checkTimeoutMs, cfg.signal));
  }

  // Best effort and bounded, also after the run was stopped: leave the registry as found where we can.
  await cleanup(root.withSink(undefined, ledger, AbortSignal.timeout(15_000)), ledger);
  return results;
}

async function runCheck(
  c: CheckDef<unknown>,
  meta: CheckMeta,
  state: unknown,
  ctxFor: (label: string, sink: (e: Exchange) => void, signal?: AbortSignal, deadline?: number) => CheckContext,
  defaultTimeout: number,
  runSignal: AbortSignal | undefined,
): Promise<CheckResult> {
  const exchanges: Exchange[] = [];
  const started = Date.now();
  let verdict: Verdict;
  try {
    const note = await bounded(c.timeoutMs ?? defaultTimeout, `check ${c.id}`, runSignal, (signal, deadline) =>
      c.run(ctxFor(c.id, (e) => exchanges.push(e), signal, deadline), state),
    );
    verdict = { outcome: 'pass', message: note || 'ok' };
  } catch (err) {
    verdict = runSignal?.aborted ? { outcome: 'disabled', message: `${stopMessage(runSignal)}; interrupted after ${Date.now() - started} ms` } : classify(err, meta.level);
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
    level = err.level ?? level;
    const outcome: Outcome = level === 'MUST' || level === 'MUST NOT' ? 'fail' : level === 'MAY' ? 'skip' : 'warn';
    return { outcome, message: err.message, expected: err.expected, observed: err.observed };
  }
  if (err instanceof Unsupported || err instanceof PreconditionUnmet) return { outcome: 'skip', message: err.message };
  // The account's rights, the registry's rate limit and our own limits say nothing about conformance.
  if (err instanceof NotPermitted) return { outcome: 'skip', message: `${NOT_PERMITTED}: ${err.message}` };
  if (err instanceof RateLimited) return { outcome: 'skip', message: `rate limited: ${err.message}` };
  if (err instanceof LimitExceeded) return { outcome: 'skip', message: `beyond our limit: ${err.message}` };
  // A registry that takes a request and drops it without an answer failed it; refused, DNS and timeouts stay ours.
  if (err instanceof TransportError && isDroppedConnection(err.code))
    return classify(new Violation(`the registry closed the connection without a response: ${err.message}`, 'an HTTP response', err.message), level);
  if (err instanceof TransportError) return { outcome: 'error', message: `transport: ${err.message}` };
  if (err instanceof HarnessTimeout) return { outcome: 'error', message: err.message };
  if (err instanceof RangeError && /call stack/i.test(err.message))
    return { outcome: 'skip', message: 'beyond our limit: a document from the registry is nested deeper than we can process' };
  if (err instanceof WriteRefused) return { outcome: 'error', message: `harness fault: ${err.message}` };
  return { outcome: 'error', message: `harness fault: ${err instanceof Error ? err.message : String(err)}` };
}


class HarnessTimeout extends Error {}

/**
 * Runs `work` with its own AbortSignal, aborted when `ms` pass (its requests
 * end too, not only the wait for them) or when the run stops.
 */
async function bounded<T>(ms: number, what: string, runSignal: AbortSignal | undefined, work: (signal: AbortSignal, deadline: number) => Promise<T>): Promise<T> {
  const ctl = new AbortController();
  const signal = runSignal ? AbortSignal.any([ctl.signal, runSignal]) : ctl.signal;
  let timer: NodeJS.Timeout | undefined;
  let onStop: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const e = new HarnessTimeout(`${what} did not finish within ${ms} ms`);
      ctl.abort(e);
      reject(e);
    }, ms);
    onStop = () => reject(runSignal!.reason);
    runSignal?.addEventListener('abort', onStop, { once: true });
  });
  stop.catch(() => undefined);
  try {
    return await Promise.race([work(signal, Date.now() + ms), stop]);
  } finally {
    clearTimeout(timer);
    if (onStop) runSignal?.removeEventListener('abort', onStop);
    if (!ctl.signal.aborted) ctl.abort(new Error(`${what} ended`));
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
