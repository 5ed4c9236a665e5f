import pLimit from 'p-limit';
import type { Exchange } from '../http/exchange.js';
import { TransportError } from '../http/client.js';
import { Rng } from '../gen/rng.js';
import { Ledger, WriteRefused, type Registry, type WritePolicy } from '../registry/client.js';
import type { CheckResult, LeftBehind } from '../model/result.js';
import { digestOf } from '../registry/digest.js';
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
  /** 'given': all workflows use the repository named by namespace (and crossmountNamespace) instead of one each. */
  repositories?: 'per-workflow' | 'given';
  /** Workflows that do not run here, with the reason (e.g. another --shard runs them). */
  offWorkflows?: ReadonlyMap<string, string>;
  /** Content the user named for the read-only workflows. */
  given?: GivenContent;
  /** Filled with what the run pushed and could not delete afterwards. */
  leftBehind?: LeftBehind[];
  /** Called as each check finishes (progress display). */
  onResult?: (r: CheckResult) => void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyWorkflow = Workflow<any>;

/** Runs workflows concurrently (checks within one workflow in order) and returns results in declaration order. */
export async function runWorkflows(root: Registry, workflows: AnyWorkflow[], cfg: RunnerConfig): Promise<CheckResult[]> {
  const registry = root.withWrites(cfg.readOnly ? READ_ONLY : namespaceFence(cfg));
  const limit = pLimit(Math.max(1, cfg.concurrency));
  const left = cfg.leftBehind ?? [];
  if (cfg.repositories !== 'given') {
    // Each workflow's repositories are its own: it cleans up as it ends.
    const run = async (w: AnyWorkflow): Promise<CheckResult[]> => {
      const ledger = new Ledger();
      const results = await runWorkflow(registry, w, cfg, ledger);
      left.push(...(await cleanup(registry.withSink(undefined, ledger), [ledger], new Set())));
      return results;
    };
    return (await Promise.all(workflows.map((w) => limit(() => run(w))))).flat();
  }
  // One shared repository: blobs such as the empty descriptor are pushed by several workflows (and may
  // have been there before the run), so nothing is deleted before every workflow is done, and
  // content that was there before is kept.
  const ledgers = workflows.map(() => new Ledger());
  const before = await preexisting(registry, cfg);
  const perWorkflow: CheckResult[][] = new Array(workflows.length);
  // Workflows that judge whole listings run one at a time after the rest, so no other workflow of the run changes the listing under them.
  await Promise.all(workflows.map((w, i) => (w.exclusive ? undefined : limit(async () => void (perWorkflow[i] = await runWorkflow(registry, w, cfg, ledgers[i]!))))));
  for (const [i, w] of workflows.entries()) if (w.exclusive) perWorkflow[i] = await runWorkflow(registry, w, cfg, ledgers[i]!);
  left.push(...(await cleanup(registry.withSink(undefined), ledgers, before)));
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
 * refused before it leaves. URLs the registry handed out (upload locations) are its own to name.
 */
function namespaceFence(cfg: RunnerConfig): WritePolicy {
  const roots = [cfg.namespace, cfg.crossmountNamespace ?? (cfg.repositories === 'given' ? `${cfg.namespace}-crossmount` : cfg.namespace)];
  return {
    refuse(_method, url) {
      const name = NAME_IN_PATH.exec(url.pathname)?.[1];
      if (name === undefined) return undefined;
      const inside = roots.some((r) => name === r || name.startsWith(`${r}/`));
      return inside ? undefined : `the repository ${name} is outside the namespace ${roots.join(' and ')}`;
    },
  };
}

async function runWorkflow(root: Registry, w: AnyWorkflow, cfg: RunnerConfig, ledger: Ledger): Promise<CheckResult[]> {
  const given = cfg.repositories === 'given';
  const repo = given ? cfg.namespace : `${cfg.namespace}/${w.id}-${cfg.runId}`;
  const repo2 = given ? (cfg.crossmountNamespace ?? `${cfg.namespace}-crossmount`) : `${cfg.crossmountNamespace ?? cfg.namespace}/${w.id}-${cfg.runId}-b`;
  const ctxFor = (label: string, sink: (e: Exchange) => void): CheckContext => ({
    registry: root.withSink(sink, ledger),
    rng: new Rng(cfg.seed, label),
    repo,
    repo2,
    settings: { chunkMinLength: cfg.chunkMinLength, given: cfg.given ?? NO_GIVEN, repositories: given ? 'given' : 'per-workflow' },
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
