import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadCatalog } from '../catalog/catalog.js';
import { overallVerdict } from '../model/verdict.js';
import { renderReports } from '../reporters/index.js';
import { PRODUCT_FIELDS, productProblems, renderProduct, renderSubmissionReadme, specDir, type Product } from '../reporters/submission.js';
import { UsageError } from './config.js';
import { loadResult } from './report.js';

export interface SubmissionArgs {
  reportDir: string;
  out?: string;
  /** A PRODUCT.yaml to start from; flags win over it. */
  product?: string;
  fields: Product;
}

async function readProduct(file: string): Promise<Product> {
  let doc: unknown;
  try {
    doc = parseYaml(await readFile(file, 'utf8'), { schema: 'failsafe' }); // every scalar a string: version 1.10 stays 1.10
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message.split('\n')[0]}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new UsageError(`${file} is not a YAML map of PRODUCT.yaml fields`);
  const out: Product = {};
  for (const [k, v] of Object.entries(doc)) {
    if (!(PRODUCT_FIELDS as readonly string[]).includes(k)) throw new UsageError(`${file}: "${k}" is not a PRODUCT.yaml field (${PRODUCT_FIELDS.join(', ')})`);
    if (v !== null && v !== undefined) out[k as keyof Product] = String(v);
  }
  return out;
}

/**
 * `oci-conform submission --report-dir D`: the folder a vendor opens a pull
 * request to opencontainers/oci-conformance with (README.md, results.yaml,
 * report.html, junit.xml, PRODUCT.yaml), rendered from D/results.json.
 * PRODUCT.yaml is validated before anything is written.
 */
export async function submissionCommand(a: SubmissionArgs, out: NodeJS.WritableStream): Promise<number> {
  const results = join(a.reportDir, 'results.json');
  if (!existsSync(results)) throw new UsageError(`${results} does not exist: run oci-conform run --report-dir ${a.reportDir} first`);
  const run = await loadResult(results);
  const given = a.product ?? (existsSync(join(a.reportDir, 'PRODUCT.yaml')) ? join(a.reportDir, 'PRODUCT.yaml') : undefined);
  const base = given ? await readProduct(given) : {};
  const product: Product = { ...base };
  for (const [k, v] of Object.entries(a.fields)) if (v !== undefined) product[k as keyof Product] = v;
  const problems = productProblems(product);
  if (problems.length > 0) {
    const hint = PRODUCT_FIELDS.map((f) => `--${f.replace(/_/g, '-')}`).join(' ').replace('--version', '--product-version');
    throw new UsageError(`PRODUCT.yaml is not complete: ${problems.join('; ')}. Give ${hint}, or --product FILE`);
  }
  const verdict = overallVerdict(run);
  if (verdict.state === 'no-verdict') throw new UsageError(`${results} holds no verdict (no selected check reached one): nothing to submit`);
  if (run.run.incomplete) throw new UsageError(`${results} is of a run stopped before every check ran (${run.run.incomplete.reason}): run it to the end before submitting`);

  const dir = a.out ?? join(a.reportDir, 'submission');
  await mkdir(dir, { recursive: true });
  const files = renderReports(run, ['yaml', 'html', 'junit'], loadCatalog()).filter((f) => f.file !== 'PRODUCT.yaml');
  files.push({ file: 'PRODUCT.yaml', content: renderProduct(product) }, { file: 'README.md', content: renderSubmissionReadme(run, product) });
  for (const f of files) await writeFile(join(dir, f.file), f.content);
  out.write(`submission: ${dir}/ (${files.map((f) => f.file).sort().join(', ')})\n`);
  out.write(`result: ${verdict.label}: ${verdict.line}\n`);
  out.write(`open a pull request to https://github.com/opencontainers/oci-conformance adding it as ${specDir(run)}/<your product>/\n`);
  return 0;
}
