import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCatalog } from '../catalog/catalog.js';
import { NEXT_REQUIREMENTS } from '../catalog/next.js';
import { OUTCOMES, severity, type Outcome } from '../model/outcome.js';
import { WORKFLOWS } from '../../suites/index.js';
import type { CheckResult, RunResult } from '../model/result.js';
import { renderConsole } from '../reporters/console.js';
import { renderReports } from '../reporters/index.js';
import { validateResult } from '../reporters/validate.js';
import { FORMATS, UsageError, type FormatName } from './config.js';
import { loadResult } from './report.js';
import { EXIT, exitCode, SHARD_REASON } from './run.js';
import { overallVerdict } from '../model/verdict.js';

const elsewhere = (c: CheckResult): boolean => c.outcome === 'disabled' && c.message.startsWith(SHARD_REASON);

/**
 * Combines the results.json of every shard of one run (--shard 1/n … n/n,
 * same seed) into the result that run would have had unsharded: each check
 * from the shard that ran it, totals, times and the replay command of the whole.
 */
export function mergeShards(parts: Array<{ path: string; run: RunResult }>): RunResult {
  const sorted = [...parts].sort((a, b) => (a.run.run.shard?.index ?? 0) - (b.run.run.shard?.index ?? 0));
  const first = sorted[0]!;
  for (const p of sorted) if (!p.run.run.shard) throw new UsageError(`${p.path} is not a shard (it was not run with --shard)`);
  const count = first.run.run.shard!.count;
  const indexes = sorted.map((p) => p.run.run.shard!.index);
  const want = Array.from({ length: count }, (_, i) => i + 1);
  if (sorted.some((p) => p.run.run.shard!.count !== count) || indexes.join() !== want.join())
    throw new UsageError(`need each shard 1/${count} … ${count}/${count} exactly once; got ${sorted.map((p) => `${p.run.run.shard!.index}/${p.run.run.shard!.count}`).join(', ')}`);
  for (const p of sorted.slice(1)) {
    const [a, b] = [first.run.run, p.run.run];
    for (const [what, x, y] of [
      ['seed', a.seed, b.seed],
      ['harness version', a.harness.version, b.harness.version],
      ['profile', a.profile, b.profile],
      ['namespace', a.namespace, b.namespace],
      ['registry', a.registry.embedded ? 'embedded' : a.registry.url, b.registry.embedded ? 'embedded' : b.registry.url],
      ['checks', p.run.checks.map((c) => c.id).join(), first.run.checks.map((c) => c.id).join()],
    ] as const)
      if (x !== y) throw new UsageError(`${p.path} is not a shard of the same run as ${first.path}: its ${what} differs`);
  }
  const judges = new Set(WORKFLOWS.filter((w) => w.judgesRun).flatMap((w) => w.checks.map((c) => c.id)));
  const checks = first.run.checks.map((c, i) => {
    const owners = sorted.map((p) => p.run.checks[i]!).filter((x) => !elsewhere(x));
    if (judges.has(c.id) && owners.length > 0) return combined(owners);
    if (owners.length !== 1) throw new UsageError(`check ${c.id} was run by ${owners.length} shards, not one`);
    return owners[0]!;
  });
  const totals = Object.fromEntries(OUTCOMES.map((o) => [o, checks.filter((c) => c.outcome === o).length])) as Record<Outcome, number>;
  const startedAt = sorted.map((p) => p.run.run.startedAt).sort()[0]!;
  const endedAt = sorted.map((p) => p.run.run.endedAt).sort().at(-1)!;
  const { shard: _shard, expectations, incomplete: _incomplete, retried: _retried, ...info } = first.run.run;
  const incomplete = sorted.map((p) => p.run.run.incomplete).filter((x) => x !== undefined);
  const retried = sorted.reduce((n, p) => n + (p.run.run.retried ?? 0), 0);
  const merged: RunResult = {
    run: {
      ...info,
      startedAt,
      endedAt,
      durationMs: Math.max(0, Date.parse(endedAt) - Date.parse(startedAt)),
      replay: info.replay.replace(/ --shard \d+\/\d+/, ''),
      totals,
      ...(incomplete.length > 0 ? { incomplete: { reason: incomplete.map((x) => x.reason).join('; '), notRun: incomplete.flatMap((x) => x.notRun) } } : {}),
      ...(retried > 0 ? { retried } : {}),
      ...(expectations ? { expectations: mergedExpectations(sorted.map((p) => p.run), checks) } : {}),
    },
    checks,
  };
  return validateResult(merged);
}

/** A check that judges the run ran in every shard, each over its own exchanges: the worst verdict stands, citing every shard's exchanges. */
function combined(parts: CheckResult[]): CheckResult {
  const worstPart = parts.reduce((a, b) => (severity(b.outcome) > severity(a.outcome) ? b : a));
  return {
    ...worstPart,
    durationMs: parts.reduce((n, p) => n + p.durationMs, 0),
    warnings: [...new Set(parts.flatMap((p) => p.warnings))],
    exchanges: parts.flatMap((p) => p.exchanges),
  };
}

function mergedExpectations(runs: RunResult[], checks: CheckResult[]): NonNullable<RunResult['run']['expectations']> {
  const count = (v: string): number => checks.filter((c) => c.expectation?.verdict === v).length;
  // An entry is unused when no shard used it.
  const unused = runs.map((r) => new Set(r.run.expectations?.unused ?? [])).reduce((a, b) => new Set([...a].filter((x) => b.has(x))));
  return { source: runs[0]!.run.expectations!.source, expected: count('expected'), newFailures: count('new-failure'), unexpectedPasses: count('unexpected-pass'), unused: [...unused] };
}

/** `oci-conform merge a.json b.json …`: one results.json and every report, as one unsharded run. */
export async function mergeCommand(paths: string[], dir: string | undefined, format: string[] | undefined): Promise<number> {
  const formats = (format ?? [...FORMATS]).flatMap((f) => f.split(','));
  for (const f of formats) if (!FORMATS.includes(f as FormatName)) throw new UsageError(`--format "${f}" is not one of ${FORMATS.join(', ')}`);
  const parts = [];
  for (const path of paths) parts.push({ path, run: await loadResult(path) });
  const run = mergeShards(parts);
  const out = dir ?? 'reports';
  await mkdir(out, { recursive: true });
  for (const f of renderReports(run, formats as FormatName[], [...loadCatalog(), ...NEXT_REQUIREMENTS])) await writeFile(join(out, f.file), f.content);
  process.stdout.write(renderConsole(run, { color: process.stdout.isTTY === true }));
  process.stdout.write(`reports: ${out}/\n`);
  if (run.run.incomplete) return run.run.totals.fail > 0 ? EXIT.findings : EXIT.usage;
  if (overallVerdict(run).state === 'no-verdict') return EXIT.usage;
  const e = run.run.expectations;
  if (e) return e.newFailures + e.unexpectedPasses > 0 ? EXIT.findings : EXIT.ok;
  return exitCode(run, false);
}
