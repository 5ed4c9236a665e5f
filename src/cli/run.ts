import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CATALOG_VERSION, loadCatalog } from '../catalog/catalog.js';
import { NEXT_REQUIREMENTS } from '../catalog/next.js';
import { AuthSession, NotPermitted, RateLimited } from '../http/auth.js';
import { HttpClient, TransportError } from '../http/client.js';
import { freshSeed } from '../gen/rng.js';
import { OUTCOMES, type Outcome } from '../model/outcome.js';
import type { CheckResult, LeftBehind, RunResult } from '../model/result.js';
import { CLAIMABLE, NOT_RUN, overallVerdict } from '../model/verdict.js';
import { FAULTS, startReferenceRegistry, type FaultName, type RunningRegistry } from '../refreg/index.js';
import { Registry } from '../registry/client.js';
import { renderConsole } from '../reporters/console.js';
import { renderReports } from '../reporters/index.js';
import { validateResult } from '../reporters/validate.js';
import { runWorkflows, wasStopped, type AnyWorkflow } from '../runner/runner.js';
import { disabledReason, matchesAny, profileReason } from '../runner/select.js';
import { checkMeta } from '../runner/workflow.js';
import { WORKFLOWS } from '../../suites/index.js';
import { EXIT, UsageError, type RunSettings } from './config.js';
import { progress } from './progress.js';
import { loadExpectations, writeExpectations } from './expect.js';
import { applyExpectations } from '../runner/expectations.js';
import { assignShards } from '../runner/shard.js';
import { harnessVersion } from './version.js';
import { shellQuote } from '../reporters/util.js';

export { EXIT };

/** CA bundles of the usual systems; the first found joins Node's own roots. */
const SYSTEM_CA_FILES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem', '/etc/ssl/ca-bundle.pem'];

/** The system trust store (plus NODE_EXTRA_CA_CERTS and --ca-file): Node alone knows only its bundled roots. */
async function trustedCas(caFile: string | undefined): Promise<string[]> {
  const out = [...rootCertificates];
  const system = SYSTEM_CA_FILES.find((f) => existsSync(f));
  for (const f of [system, process.env['NODE_EXTRA_CA_CERTS']]) if (f) out.push(await readFile(f, 'utf8').catch(() => ''));
  if (caFile !== undefined) {
    const pem = await readFile(caFile, 'utf8').catch((e: Error) => {
      throw new UsageError(`--ca-file ${caFile}: ${e.message}`);
    });
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca-file ${caFile} holds no PEM certificate`);
    out.push(pem);
  }
  return out.filter(Boolean);
}

/** A selector that matches no check at all is a typo, not an empty run. */
function checkSelectors(s: RunSettings): void {
  const metas = WORKFLOWS.flatMap((w) => w.checks.map((c) => checkMeta(w, c)));
  for (const [flag, list] of [['--only', s.only], ['--skip', s.skip]] as const)
    for (const p of list) if (!metas.some((m) => matchesAny(m, [p]))) throw new UsageError(`${flag} "${p}" matches no check, workflow or requirement ID (see oci-conform list)`);
}

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
  checkSelectors(s);
  // A bad expectations file is a usage error, found before any request.
  const expectations = s.expect ? await loadExpectations(s.expect) : undefined;
  const started = new Date();
  const ca = await trustedCas(s.caFile);
  // The run's stop: its deadline, Ctrl-C or SIGTERM. Requests in flight abort; the reports of what ran are still written.
  const stop = new AbortController();
  let stoppedBy: 'SIGINT' | 'SIGTERM' | 'deadline' | undefined;
  const onSignal = (sig: 'SIGINT' | 'SIGTERM') => (): void => {
    if (stop.signal.aborted) process.exit(sig === 'SIGINT' ? EXIT.sigint : EXIT.sigterm); // a second one: leave now
    stoppedBy = sig;
    err.write(`\noci-conform: ${sig}: stopping; writing the reports of what ran (again to quit at once)\n`);
    stop.abort(new Error(`${sig} received`));
  };
  const handlers = { SIGINT: onSignal('SIGINT'), SIGTERM: onSignal('SIGTERM') };
  process.on('SIGINT', handlers.SIGINT);
  process.on('SIGTERM', handlers.SIGTERM);
  const deadline =
    s.runTimeoutMs !== undefined
      ? setTimeout(() => {
          stoppedBy = 'deadline';
          stop.abort(new Error(`run deadline of ${s.runTimeoutMs! / 1000} s reached (--run-timeout)`));
        }, s.runTimeoutMs)
      : undefined;
  let embedded: RunningRegistry | undefined;
  let http: HttpClient | undefined;
  try {
    if (!s.registry) embedded = await startReferenceRegistry({ faults: s.faults as FaultName[] });
    const baseUrl = s.registry ?? embedded!.url;
    http = new HttpClient({ timeoutMs: s.timeoutMs, maxBodyBytes: s.maxBodyBytes, insecure: s.insecure, userAgent: `oci-conform/${harnessVersion()}`, ca });
    const session = new AuthSession(http, { ...(s.username ? { username: s.username } : {}), ...(s.password ? { password: s.password } : {}), ...(s.token ? { token: s.token } : {}) });
    const registry = new Registry(session, baseUrl);
    try {
      await registry.withSink(undefined, undefined, stop.signal).ping();
    } catch (e) {
      const why = e instanceof TransportError ? `cannot reach the registry at ${baseUrl}: ${e.message.replace(/^GET \S+: /, '')}` : startRefusal(e, s);
      if (why === undefined) throw e;
      err.write(`oci-conform: ${http.scrubText(why)}\n`);
      return EXIT.usage;
    }
    // Where /v2/ is open, the credentials meet the token endpoint only at the first repository: ask it once now (a read).
    const refused = s.username ? await credentialsProbe(registry.withSink(undefined, undefined, stop.signal), s) : undefined;
    if (refused) {
      err.write(`oci-conform: ${http.scrubText(refused)}\n`);
      return EXIT.usage;
    }
    const seed = s.seed ?? freshSeed();
    const runId = randomBytes(4).toString('hex');
    const selection = { only: s.only, skip: s.skip, disabledCategories: [...s.disabledCategories, ...profileDisabled(s)], largeBlob: s.largeBlob };
    const total = WORKFLOWS.reduce((n, w) => n + w.checks.length, 0);
    const offWorkflows = shardOff(s);
    const willRun = countRunnable(WORKFLOWS.filter((w) => !offWorkflows.has(w.id)), selection, readOnly(s), s.profile === 'dev');
    out.write(`oci-conform ${harnessVersion()}: ${willRun} of ${total} checks against ${baseUrl}${embedded ? ' (embedded reference registry)' : ''}, seed ${seed}\n`);
    const bar = progress(err, willRun, s.verbose);
    const leftBehind: LeftBehind[] = [];
    const done: CheckResult[] = [];
    let crash: unknown;
    try {
      await runWorkflows(registry, WORKFLOWS, {
        namespace: s.namespace,
        ...(s.crossmountNamespace ? { crossmountNamespace: s.crossmountNamespace } : {}),
        seed,
        runId,
        concurrency: s.concurrency,
        checkTimeoutMs: s.checkTimeoutMs,
        ...selection,
        chunkMinLength: s.chunkMinLength,
        readOnly: readOnly(s),
        dev: s.profile === 'dev',
        offWorkflows,
        repositories: s.repositories,
        given: s.given,
        leftBehind,
        consistencyWindowMs: s.consistencyWindowMs,
        ...(s.largeBlob ? { largeBlob: s.largeBlob } : {}),
        signal: stop.signal,
        onResult: (r) => {
          done.push(r);
          bar.onResult(r);
        },
      });
    } catch (e) {
      crash = e; // a fault of ours: the reports of what ran are written all the same
    }
    bar.done();
    const reason = crash !== undefined ? `harness fault: ${crash instanceof Error ? crash.message : String(crash)}` : stop.signal.aborted ? (stop.signal.reason as Error).message : undefined;
    const checks = inDeclarationOrder(done, reason);
    const ended = new Date();
    const totals = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
    for (const c of checks) totals[c.outcome]++;
    const notRun = checks.filter(wasStopped).map((c) => c.id);
    const draft: RunResult = {
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
        ...(reason !== undefined ? { incomplete: { reason: http.scrubText(reason), notRun } } : {}),
        ...(http.stats.retried > 0 ? { retried: http.stats.retried } : {}),
        claims: s.claims,
        tls: !baseUrl.startsWith('https:') ? 'disabled' : s.insecure ? 'insecure' : 'enabled',
        ...(s.crossmountNamespace ? { crossmountNamespace: s.crossmountNamespace } : {}),
        selection: { only: s.only, skip: s.skip, disabledCategories: selection.disabledCategories },
      },
      checks,
    };
    // A result our schema does not expect is a fault of ours: the reports are written all the same, and say so.
    let run = expectations ? applyExpectations(draft, expectations, s.expect!, s.strict) : draft;
    let ownFault: string | undefined;
    try {
      run = validateResult(run);
    } catch (e) {
      ownFault = `harness fault: the results do not match schemas/results.schema.json (${e instanceof Error ? e.message : String(e)}); written as they are`;
    }
    await mkdir(s.reportDir, { recursive: true });
    try {
      for (const f of renderReports(run, s.formats, [...loadCatalog(), ...NEXT_REQUIREMENTS])) await writeFile(join(s.reportDir, f.file), f.content);
    } catch (e) {
      ownFault = `harness fault: the reports could not be rendered (${e instanceof Error ? e.message : String(e)}); results.json written alone`;
      await writeFile(join(s.reportDir, 'results.json'), `${JSON.stringify(run, null, 2)}\n`);
    }
    if (ownFault) {
      err.write(`oci-conform: ${http.scrubText(ownFault).slice(0, 1000)}\n`);
      return EXIT.findings;
    }
    out.write(renderConsole(run, { color: out.isTTY === true }));
    out.write(`reports: ${s.reportDir}/\n`);
    if (s.writeExpect) {
      await writeExpectations(s.writeExpect, run, s.strict);
      out.write(`expectations written: ${s.writeExpect}\n`);
    }
    if (reason !== undefined) err.write(`oci-conform: incomplete run: ${http.scrubText(reason)}; ${notRun.length} check(s) did not run\n`);
    if (stoppedBy === 'SIGINT') return EXIT.sigint;
    if (stoppedBy === 'SIGTERM') return EXIT.sigterm;
    if (crash !== undefined) return EXIT.findings;
    // A run cut short by its deadline has no full verdict: never a green exit.
    if (stoppedBy === 'deadline') return totals.fail > 0 ? EXIT.findings : EXIT.usage;
    if (overallVerdict(run).state === 'no-verdict') return EXIT.usage;
    // With --expect, the run passes when it matches the expectations.
    const e = run.run.expectations;
    if (e) return e.newFailures + e.unexpectedPasses > 0 ? EXIT.findings : EXIT.ok;
    return exitCode(run, s.strict);
  } finally {
    clearTimeout(deadline);
    process.off('SIGINT', handlers.SIGINT);
    process.off('SIGTERM', handlers.SIGTERM);
    await http?.close();
    await embedded?.close();
  }
}

/** A HEAD of a manifest in the namespace: undefined unless the registry refuses the credentials themselves. */
async function credentialsProbe(registry: Registry, s: RunSettings): Promise<string | undefined> {
  try {
    await registry.headManifest(`${s.namespace}/credentials-probe`, 'latest');
  } catch (e) {
    if (e instanceof NotPermitted && e.reason === 'credentials') return startRefusal(e, s);
  }
  return undefined;
}

/** The workflows other shards run, with that as the reason. */
function shardOff(s: RunSettings): Map<string, string> {
  const off = new Map<string, string>();
  if (!s.shard) return off;
  const { index, count } = s.shard;
  // A workflow that judges the run judges each shard's exchanges in that shard; merge combines its verdicts.
  const sharded = WORKFLOWS.filter((w) => !w.judgesRun).map((w) => w.id);
  for (const [id, k] of assignShards(sharded, count)) if (k !== index) off.set(id, `${SHARD_REASON} ${k}/${count}`);
  return off;
}

/** The one line that ends a run whose credentials (or their path) the registry refused at the start; undefined for other errors. */
function startRefusal(e: unknown, s: RunSettings): string | undefined {
  if (e instanceof RateLimited) return `the registry rate-limits this client before any check ran: ${e.message}`;
  if (!(e instanceof NotPermitted)) return undefined;
  if (e.reason === 'insecure-realm') return e.message;
  const who = s.token ? 'the given token' : s.username ? `the credentials of user "${s.username}"` : 'a client without credentials (give --username/--password or --token)';
  return `the registry refused ${who}: ${e.message}`;
}

/** Every check in declaration order; a check the run never reached (or lost to a crash) is marked as not run. */
function inDeclarationOrder(done: CheckResult[], reason: string | undefined): CheckResult[] {
  const byId = new Map(done.map((r) => [r.id, r]));
  return WORKFLOWS.flatMap((w) =>
    w.checks.map((c): CheckResult => {
      const r = byId.get(c.id);
      if (r) return r;
      const { needs: _needs, ...meta } = checkMeta(w, c);
      return { ...meta, outcome: 'disabled', message: `${NOT_RUN} (${reason ?? 'unknown'})`, durationMs: 0, warnings: [], exchanges: [] };
    }),
  );
}

/** Only claimed categories decide: a MUST finding or an error there is exit 1, a SHOULD finding too with --strict. */
export function exitCode(run: RunResult, strict: boolean): number {
  const v = overallVerdict(run);
  return v.mustFindings + v.errors + (strict ? v.shouldFindings : 0) > 0 ? EXIT.findings : EXIT.ok;
}

function countRunnable(workflows: AnyWorkflow[], sel: { only: string[]; skip: string[]; disabledCategories: string[]; largeBlob: number | undefined }, readOnly: boolean, dev: boolean): number {
  return workflows
    .filter((w) => !profileReason(w, readOnly, dev))
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
  if (s.largeBlob) parts.push('--large-blob', String(s.largeBlob));
  for (const o of s.only) parts.push('--only', o);
  for (const k of s.skip) parts.push('--skip', k);
  if (s.maxBodyBytes !== 64 * 1024 * 1024) parts.push('--max-body', String(s.maxBodyBytes / (1024 * 1024)));
  if (s.shard) parts.push('--shard', `${s.shard.index}/${s.shard.count}`);
  const g = s.given;
  for (const [flag, list] of [['--tag', g.tags], ['--manifest-digest', g.manifests], ['--blob-digest', g.blobs], ['--index', g.indexes], ['--subject', g.subjects]] as const)
    for (const v of list) parts.push(flag, v);
  if (s.claims.length < CLAIMABLE.length) parts.push('--claims', s.claims.join(','));
  return parts.map(shellQuote).join(' ');
}
