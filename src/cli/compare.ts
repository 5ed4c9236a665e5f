import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadCatalog } from '../catalog/catalog.js';
import type { RunResult } from '../model/result.js';
import { compareRuns, regressions, renderCompareMarkdown, type ComparedRun } from '../reporters/compare.js';
import { renderCompareHtml } from '../reporters/compare-html.js';
import { UsageError } from './config.js';
import { loadResult } from './report.js';

export interface CompareArgs {
  files: string[];
  reportDir: string;
  labels: string[];
  failOnRegression?: string;
  all: boolean;
}

/** `name version` from a PRODUCT.yaml beside the results, when it is filled in. */
async function productName(dir: string): Promise<string | undefined> {
  const file = join(dir, 'PRODUCT.yaml');
  if (!existsSync(file)) return undefined;
  try {
    const doc = parseYaml(await readFile(file, 'utf8'), { schema: 'failsafe' }) as Record<string, unknown> | null;
    const name = typeof doc?.['name'] === 'string' ? doc['name'].trim() : '';
    const version = typeof doc?.['version'] === 'string' ? doc['version'].trim() : '';
    return name ? `${name}${version ? ` ${version}` : ''}` : undefined;
  } catch {
    return undefined; // an unreadable PRODUCT.yaml only costs the nicer label
  }
}

function registryLabel(run: RunResult): string {
  if (run.run.registry.embedded) return 'embedded reference registry';
  try {
    return new URL(run.run.registry.url).host;
  } catch {
    return run.run.registry.url;
  }
}

/** The keys a `--label KEY=NAME` may use for the n-th file: its 1-based position, its path, its file name, or its directory's name. */
function keysOf(file: string, n: number): string[] {
  return [String(n), file, basename(file), basename(file).replace(/\.json$/, ''), basename(dirname(resolve(file)))];
}

function parseLabels(labels: readonly string[], files: readonly string[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const l of labels) {
    const eq = l.indexOf('=');
    if (eq <= 0 || eq === l.length - 1) throw new UsageError(`--label "${l}" is not KEY=NAME (KEY: a file's position, path, file name or directory name)`);
    const key = l.slice(0, eq);
    const hits = files.map((f, i) => (keysOf(f, i + 1).includes(key) ? i : -1)).filter((i) => i >= 0);
    if (hits.length === 0) throw new UsageError(`--label "${l}": no results file matches ${key}`);
    if (hits.length > 1) throw new UsageError(`--label "${l}": ${key} matches several files; use its position (1, 2, …)`);
    out.set(hits[0]!, l.slice(eq + 1));
  }
  return out;
}

/** `oci-conform compare a.json b.json …`: compare.html and compare.md; exit 1 with --fail-on-regression when a check passing in BASE does not pass later. */
export async function compareCommand(a: CompareArgs, out: NodeJS.WritableStream): Promise<number> {
  if (a.files.length < 2) throw new UsageError('compare needs at least two results.json files');
  const given = parseLabels(a.labels, a.files);
  const runs: ComparedRun[] = [];
  const taken = new Map<string, number>();
  for (const [i, file] of a.files.entries()) {
    const run = await loadResult(file);
    const dir = dirname(file);
    let label = given.get(i) ?? (await productName(dir)) ?? registryLabel(run);
    const seen = taken.get(label) ?? 0;
    taken.set(label, seen + 1);
    if (seen > 0 && !given.has(i)) label = `${label} (${seen + 1})`;
    const report = join(dir, 'report.html');
    const href = existsSync(report) ? relative(a.reportDir, report).split(sep).join('/') : undefined;
    runs.push({ label, run, ...(href ? { reportHref: href } : {}) });
  }
  const labels = runs.map((r) => r.label);
  if (new Set(labels).size !== labels.length) throw new UsageError(`two runs have the same label (${labels.join(', ')}); give each its own --label`);
  let base: string | undefined;
  if (a.failOnRegression !== undefined) {
    base = labels.includes(a.failOnRegression) ? a.failOnRegression : undefined;
    if (base === undefined) {
      const i = a.files.findIndex((f, n) => keysOf(f, n + 1).includes(a.failOnRegression!));
      if (i < 0) throw new UsageError(`--fail-on-regression "${a.failOnRegression}" names no run (labels: ${labels.join(', ')})`);
      base = labels[i]!;
    }
  }

  const cmp = compareRuns(runs, loadCatalog());
  await mkdir(a.reportDir, { recursive: true });
  await writeFile(join(a.reportDir, 'compare.html'), renderCompareHtml(cmp, { onlyDiffering: false }));
  await writeFile(join(a.reportDir, 'compare.md'), renderCompareMarkdown(cmp, { all: a.all }));
  const differing = cmp.rows.filter((r) => r.differs).length;
  out.write(`compared ${runs.length} runs (${labels.join(', ')}): ${differing} of ${cmp.rows.length} checks differ\n`);
  out.write(`reports: ${join(a.reportDir, 'compare.html')}, ${join(a.reportDir, 'compare.md')}\n`);
  if (base === undefined) return 0;
  const lost = regressions(cmp, base);
  if (lost.length === 0) {
    out.write(`no regression against ${base}\n`);
    return 0;
  }
  out.write(`${lost.length} regression(s) against ${base}:\n`);
  for (const r of lost) out.write(`  ${r.id}: pass in ${base}, ${r.outcome} in ${r.label}\n`);
  return 1;
}
