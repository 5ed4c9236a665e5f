import { mkdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CATALOG_VERSION, loadCatalog } from '../catalog/catalog.js';
import { AuthSession } from '../http/auth.js';
import { HttpClient, TransportError } from '../http/client.js';
import { freshSeed } from '../gen/rng.js';
import { OUTCOMES, type Outcome } from '../model/outcome.js';
import type { LeftBehind, RunResult } from '../model/result.js';
import { FAULTS, startReferenceRegistry, type FaultName, type RunningRegistry } from '../refreg/index.js';
import { Registry } from '../registry/client.js';
import { renderConsole } from '../reporters/console.js';
import { renderReports } from '../reporters/index.js';
import { validateResult } from '../reporters/validate.js';
import { runWorkflows, type AnyWorkflow } from '../runner/runner.js';
import { disabledReason, profileReason } from '../runner/select.js';
import { checkMeta } from '../runner/workflow.js';
import { WORKFLOWS } from '../../suites/index.js';
import { UsageError, type RunSettings } from './config.js';
import { progress } from './progress.js';
import { loadExpectations, writeExpectations } from './expect.js';
import { applyExpectations } from '../runner/expectations.js';
import { assignShards } from '../runner/shard.js';
import { harnessVersion } from './version.js';
import { shellQuote } from '../reporters/util.js';

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** Start of the reason of a check another shard runs; `merge` looks for it. */
export const SHARD_REASON = 'runs in shard';

/** The profile decides which categories a run covers by default, as OCI_VERSION does for the official suite. */
function profileDisabled(s: RunSettings): string[] {
  return s.profile === '1.0' ? ['content-discovery'] : [];
}

const readOnly = (s: RunSettings): boolean => s.profile === 'read-only';

/** Runs the suite against the registry in the settings (or the embedded one) and writes the reports. */
export async function runCommand(s: RunSettings, out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  for (const f of s.faults) if (!(f in FAULTS)) throw new UsageError(`--fault "${f}" is not a fault of the embedded registry (see oci-conform list --faults)`);
  // A bad expectations file is a usage error, found before any request.
  const expectations = s.expect ? await loadExpectations(s.expect) : undefined;
  const started = new Date();
  let embedded: RunningRegistry | undefined;
  if (!s.registry) embedded = await startReferenceRegistry({ faults: s.faults as FaultName[] });
  const baseUrl = s.registry ?? embedded!.url;
  const http = new HttpClient({ timeoutMs: s.timeoutMs, maxBodyBytes: 64 * 1024 * 1024, insecure: s.insecure, userAgent: `oci-conform/${harnessVersion()}` });
  const session = new AuthSession(http, { ...(s.username ? { username: s.username } : {}), ...(s.password ? { password: s.password } : {}), ...(s.token ? { token: s.token } : {}) });
  const registry = new Registry(session, baseUrl);
  try {
    try {
      await registry.ping();
    } catch (e) {
      if (e instanceof TransportError) {
        err.write(`oci-conform: cannot reach the registry at ${baseUrl}: ${e.message.replace(/^GET \S+: /, '')}\n`);
        return EXIT.usage;
      }
      throw e;
    }
    const seed = s.seed ?? freshSeed();
    const runId = randomBytes(4).toString('hex');
    const selection = { only: s.only, skip: s.skip, disabledCategories: [...s.disabledCategories, ...profileDisabled(s)] };
    const total = WORKFLOWS.reduce((n, w) => n + w.checks.length, 0);
    const offWorkflows = shardOff(s);
    const willRun = countRunnable(WORKFLOWS.filter((w) => !offWorkflows.has(w.id)), selection, readOnly(s));
    out.write(`oci-conform ${harnessVersion()}: ${willRun} of ${total} checks against ${baseUrl}${embedded ? ' (embedded reference registry)' : ''}, seed ${seed}\n`);
    const bar = progress(err, willRun, s.verbose);
    const leftBehind: LeftBehind[] = [];
    const checks = await runWorkflows(registry, WORKFLOWS, {
      namespace: s.namespace,
      ...(s.crossmountNamespace ? { crossmountNamespace: s.crossmountNamespace } : {}),
      seed,
      runId,
      concurrency: s.concurrency,
      checkTimeoutMs: s.checkTimeoutMs,
      ...selection,
      chunkMinLength: s.chunkMinLength,
      readOnly: readOnly(s),
      offWorkflows,
      repositories: s.repositories,
      given: s.given,
      leftBehind,
      onResult: (r) => bar.onResult(r),
    });
    bar.done();
    const ended = new Date();
    const totals = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
    for (const c of checks) totals[c.outcome]++;
    const raw: RunResult = {
      run: {
        harness: { name: 'oci-conform', version: harnessVersion() },
        spec: { distribution: CATALOG_VERSION.distribution, image: CATALOG_VERSION.image },
        registry: { url: baseUrl, embedded: embedded !== undefined },
        namespace: s.namespace,
        seed,
        runId,
        concurrency: s.concurrency,
        profile: s.profile,
        startedAt: started.toISOString(),
        endedAt: ended.toISOString(),
        durationMs: ended.getTime() - started.getTime(),
        replay: replayCommand(s, seed),
        ...(s.shard ? { shard: s.shard } : {}),
        ...(leftBehind.length > 0 ? { leftBehind } : {}),
        totals,
      },
      checks,
    };
    const run = validateResult(expectations ? applyExpectations(raw, expectations, s.expect!, s.strict) : raw);
    await mkdir(s.reportDir, { recursive: true });
    for (const f of renderReports(run, s.formats, loadCatalog())) await writeFile(join(s.reportDir, f.file), f.content);
    out.write(renderConsole(run, { color: out.isTTY === true }));
    out.write(`reports: ${s.reportDir}/\n`);
    if (s.writeExpect) {
      await writeExpectations(s.writeExpect, run, s.strict);
      out.write(`expectations written: ${s.writeExpect}\n`);
    }
    const e = run.run.expectations;
    if (e) return e.newFailures + e.unexpectedPasses > 0 ? EXIT.findings : EXIT.ok;
    return totals.fail + totals.error + (s.strict ? totals.warn : 0) > 0 ? EXIT.findings : EXIT.ok;
  } finally {
    await http.close();
    await embedded?.close();
  }
}

/** The workflows other shards run, with that as the reason. */
function shardOff(s: RunSettings): Map<string, string> {
  const off = new Map<string, string>();
  if (!s.shard) return off;
  const { index, count } = s.shard;
  for (const [id, k] of assignShards(WORKFLOWS.map((w) => w.id), count)) if (k !== index) off.set(id, `${SHARD_REASON} ${k}/${count}`);
  return off;
}

function countRunnable(workflows: AnyWorkflow[], sel: { only: string[]; skip: string[]; disabledCategories: string[] }, readOnly: boolean): number {
  return workflows
    .filter((w) => !profileReason(w, readOnly))
    .flatMap((w) => w.checks.map((c) => checkMeta(w, c)))
    .filter((m) => !disabledReason(m, sel)).length;
}

/** The command that replays this run exactly; credentials are never part of it. */
function replayCommand(s: RunSettings, seed: number): string {
  const parts = ['oci-conform', 'run'];
  if (s.registry) parts.push('--registry', s.registry);
  parts.push('--seed', String(seed));
  if (s.namespace !== 'oci-conform') parts.push('--namespace', s.namespace);
  if (s.crossmountNamespace) parts.push('--crossmount-namespace', s.crossmountNamespace);
  if (s.repositories !== 'per-workflow') parts.push('--repositories', s.repositories);
  if (s.profile !== '1.1') parts.push('--profile', s.profile);
  for (const f of s.faults) parts.push('--fault', f);
  if (s.chunkMinLength !== 1024) parts.push('--chunk-min-length', String(s.chunkMinLength));
  for (const o of s.only) parts.push('--only', o);
  for (const k of s.skip) parts.push('--skip', k);
  if (s.shard) parts.push('--shard', `${s.shard.index}/${s.shard.count}`);
  const g = s.given;
  for (const [flag, list] of [['--tag', g.tags], ['--manifest-digest', g.manifests], ['--blob-digest', g.blobs], ['--index', g.indexes], ['--subject', g.subjects]] as const)
    for (const v of list) parts.push(flag, v);
  return parts.map(shellQuote).join(' ');
}
