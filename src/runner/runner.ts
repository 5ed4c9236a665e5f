import pLimit from 'p-limit';
import type { Exchange } from '../http/exchange.js';
import { LimitExceeded, TransportError } from '../http/client.js';
import { NotPermitted, RateLimited } from '../http/auth.js';
import { Rng } from '../gen/rng.js';
import { Ledger, WriteRefused, type Registry, type WritePolicy } from '../registry/client.js';
import type { CheckResult, LeftBehind } from '../model/result.js';
import { digestOf } from '../registry/digest.js';
import { NAME_RE } from '../registry/grammar.js';
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
  /** --profile dev: the workflows of the spec main branch run too. */
  dev?: boolean;
  /** --profile read-only: no write request leaves the harness; only read-only workflows run. */
  readOnly?: boolean;
  /** 'given': all workflows use the repository named by namespace (and crossmountNamespace) instead of one each. */
  repositories?: 'per-workflow' | 'given';
  /** Workflows that do not run here, with the reason (e.g. another --shard runs them). */
  offWorkflows?: ReadonlyMap<string, string>;
  /** Content the user named for the read-only workflows. */
  given?: GivenContent;
  /** Filled with what the run pushed and could not delete afterwards. */
  leftBehind?: LeftBehind[];
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
  const registry = root.withWrites(cfg.readOnly ? READ_ONLY : namespaceFence(cfg));
  const limit = pLimit(Math.max(1, cfg.concurrency));
  const left = cfg.leftBehind ?? [];
  const given = cfg.repositories === 'given';
  // Workflows that judge the run go last, over what every other workflow exchanged.
  const record = { exchanges: [] as Array<RunRecord['exchanges'][number]>, setupFailures: [] as Array<RunRecord['setupFailures'][number]> };
  const ledgers = workflows.map(() => new Ledger());
  // One shared repository: blobs such as the empty descriptor are pushed by several workflows (and may
  // have been there before the run), so nothing is deleted before every workflow is done, and
  // content that was there before is kept.
  const before = given ? await preexisting(registry, cfg) : new Set<string>();
  const run = async (i: number): Promise<CheckResult[]> => {
    const results = await runWorkflow(registry, workflows[i]!, cfg, record, ledgers[i]!);
    // Best effort and bounded, also after the run was stopped: leave the registry as found where we can.
    if (!given) left.push(...(await cleanup(registry.withSink(undefined, ledgers[i]!, AbortSignal.timeout(15_000)), [ledgers[i]!], before)));
    return results;
  };
  // In a shared repository, workflows that judge whole listings run one at a time after the rest, so no other workflow of the run changes the listing under them.
  const alone = (w: AnyWorkflow): boolean => given && w.exclusive === true && !w.judgesRun;
  const perWorkflow = await Promise.all(workflows.map((w, i) => (w.judgesRun || alone(w) ? [] : limit(() => run(i)))));
  for (const [i, w] of workflows.entries()) if (alone(w)) perWorkflow[i] = await run(i);
  for (const [i, w] of workflows.entries()) if (w.judgesRun) perWorkflow[i] = await run(i);
  if (given) left.push(...(await cleanup(registry.withSink(undefined, undefined, AbortSignal.timeout(60_000)), ledgers, before)));
  return perWorkflow.flat();
}

/** Content every run pushes the same (the empty descriptor `{}`, the empty blob), which a shared repository may already hold. */
const SHARED_CONTENT = [digestOf(Buffer.from('{}')), digestOf(Buffer.alloc(0))];

/** Which of SHARED_CONTENT the given repositories held before the run: those are left alone. */
async function preexisting(registry: Registry, cfg: RunnerConfig): Promise<Set<string>> {
  const held = new Set<string>();
  const repos = [cfg.namespace, cfg.crossmountNamespace ?? `${cfg.namespace}-crossmount`];
  try {
    for (const repo of repos)
      for (const d of SHARED_CONTENT) if ((await registry.withSink(undefined).headBlob(repo, d)).status === 200) held.add(`${repo} ${d}`);
  } catch {
    // An unreachable registry shows in the checks; keeping everything is the safe side.
    for (const repo of repos) for (const d of SHARED_CONTENT) held.add(`${repo} ${d}`);
  }
  return held;
}

const NO_GIVEN: GivenContent = { tags: [], manifests: [], blobs: [], indexes: [], subjects: [] };
const READ_ONLY: WritePolicy = { refuse: () => 'the run is read-only (--profile read-only)' };

/** The repository name in a distribution API path, e.g. `a/b` in /v2/a/b/blobs/uploads/. */
const NAME_IN_PATH = /^\/v2\/(.+?)\/(?:blobs|manifests|tags|referrers|_oci)\//;

/**
 * Writes stay inside the namespace (and the cross-mount one): a write to any other repository is
 * refused before it leaves. URLs the registry handed out (upload locations) are its own to name,
 * and names that break the grammar name no repository: the bad-input checks send them on purpose,
 * for the registry to refuse.
 */
function namespaceFence(cfg: RunnerConfig): WritePolicy {
  const roots = [cfg.namespace, cfg.crossmountNamespace ?? (cfg.repositories === 'given' ? `${cfg.namespace}-crossmount` : cfg.namespace)];
  return {
    refuse(_method, url) {
      const name = NAME_IN_PATH.exec(url.pathname)?.[1];
      if (name === undefined || !NAME_RE.test(name)) return undefined;
      const inside = roots.some((r) => name === r || name.startsWith(`${r}/`));
      return inside ? undefined : `the repository ${name} is outside the namespace ${roots.join(' and ')}`;
    },
  };
}

async function runWorkflow(
  root: Registry,
  w: AnyWorkflow,
  cfg: RunnerConfig,
  record: { exchanges: Array<RunRecord['exchanges'][number]>; setupFailures: Array<RunRecord['setupFailures'][number]> },
  ledger: Ledger,
): Promise<CheckResult[]> {
  const given = cfg.repositories === 'given';
  const repo = given ? cfg.namespace : `${cfg.namespace}/${w.id}-${cfg.runId}`;
  const repo2 = given ? (cfg.crossmountNamespace ?? `${cfg.namespace}-crossmount`) : `${cfg.crossmountNamespace ?? cfg.namespace}/${w.id}-${cfg.runId}-b`;
  const ctxFor = (label: string, sink: (e: Exchange) => void, signal?: AbortSignal, deadline?: number): CheckContext => ({
    registry: root.withSink(w.judgesRun ? sink : (e) => (sink(e), record.exchanges.push({ source: label, exchange: e })), ledger, signal),
    rng: new Rng(cfg.seed, label),
    repo,
    repo2,
    settings: { chunkMinLength: cfg.chunkMinLength, given: cfg.given ?? NO_GIVEN, consistencyWindowMs: cfg.consistencyWindowMs ?? 3000, ...(cfg.largeBlob ? { largeBlob: cfg.largeBlob } : {}), repositories: given ? 'given' : 'per-workflow' },
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

  const profileOff = cfg.offWorkflows?.get(w.id) ?? profileReason(w, cfg.readOnly === true, cfg.dev === true);
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

/** Statuses of a DELETE that leave nothing behind: done, or already gone (a check deleted it). */
const GONE = new Set([200, 202, 204, 404]);

/**
 * Deletes what the ledgers recorded, manifests (newest first) before blobs,
 * each once, except `keep` (`<repo> <digest>` of content that was there before).
 * Returns what is still there and why: where deletes are refused, exactly what the user must remove.
 */
async function cleanup(registry: Registry, ledgers: Ledger[], keep: Set<string>): Promise<LeftBehind[]> {
  const left: LeftBehind[] = [];
  const tags = new Map<string, string[]>();
  for (const l of ledgers) for (const m of l.manifests) if (m.tag) tags.set(`${m.repo} ${m.digest}`, [...new Set([...(tags.get(`${m.repo} ${m.digest}`) ?? []), m.tag])]);
  const seen = new Set<string>();
  const once = (k: string): boolean => !seen.has(k) && !!seen.add(k);
  const remove = async (kind: LeftBehind['kind'], repo: string, digest: string): Promise<void> => {
    const key = `${repo} ${digest}`;
    const t = tags.get(key);
    const entry = { kind, repository: repo, digest, ...(t ? { tags: t } : {}) };
    // The repository held it before the run: not ours to delete, nor left behind by us.
    if (keep.has(key)) return;
    try {
      const r = kind === 'manifest' ? await registry.deleteManifest(repo, digest) : await registry.deleteBlob(repo, digest);
      if (!GONE.has(r.status)) left.push({ ...entry, reason: `DELETE answered ${r.status}` });
    } catch (e) {
      left.push({ ...entry, reason: `DELETE failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  };
  for (const l of ledgers) for (const m of [...l.manifests].reverse()) if (once(`m ${m.repo} ${m.digest}`)) await remove('manifest', m.repo, m.digest);
  for (const l of ledgers) for (const b of l.blobs) if (once(`b ${b.repo} ${b.digest}`)) await remove('blob', b.repo, b.digest);
  return left;
}
