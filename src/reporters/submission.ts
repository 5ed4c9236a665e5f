import type { RunResult } from '../model/result.js';
import { claimsOf, overallVerdict, stateText } from '../model/verdict.js';
import { OFFICIAL_UNTESTED } from './official-names.js';
import { categoriesRun, tlsMode, yamlScalar } from './results-yaml.js';
import { mdText } from './util.js';

/**
 * PRODUCT.yaml of a submission to opencontainers/oci-conformance, with the
 * fields its instructions name (repo_url and product_logo_url are optional).
 */
export const PRODUCT_FIELDS = ['vendor', 'name', 'version', 'website_url', 'repo_url', 'documentation_url', 'product_logo_url', 'type', 'description'] as const;
export type ProductField = (typeof PRODUCT_FIELDS)[number];
export type Product = Partial<Record<ProductField, string>>;

const OPTIONAL: ReadonlySet<ProductField> = new Set(['repo_url', 'product_logo_url']);
const URL_FIELDS: ReadonlySet<ProductField> = new Set(['website_url', 'repo_url', 'documentation_url', 'product_logo_url']);
export const PRODUCT_TYPES = ['distribution', 'hosted', 'platform', 'installer'] as const;

/** Every problem with a product description, one sentence each; empty when it can be written. */
export function productProblems(p: Product): string[] {
  const out: string[] = [];
  for (const f of PRODUCT_FIELDS) {
    const v = p[f]?.trim() ?? '';
    if (v === '') {
      if (!OPTIONAL.has(f)) out.push(`${f} is required`);
      continue;
    }
    if (/[\u0000-\u001f\u007f]/.test(v)) out.push(`${f} must be one line without control characters`);
    // No spaces, quotes, brackets or parentheses: the URL goes into Markdown links and YAML as it is.
    if (URL_FIELDS.has(f) && !/^https?:\/\/[^\s/<>"'()`\[\]]+[^\s<>"'()`\[\]]*$/i.test(v)) out.push(`${f} must be an http(s) URL, not "${v}"`);
  }
  const type = p.type?.trim();
  if (type && !(PRODUCT_TYPES as readonly string[]).includes(type)) out.push(`type must be one of ${PRODUCT_TYPES.join(', ')}, not "${type}"`);
  const logo = p.product_logo_url?.trim();
  if (logo && /^https?:/i.test(logo) && !/\.(svg|ai|eps)(\?.*)?$/i.test(logo)) out.push('product_logo_url must point at an SVG, AI or EPS file');
  return out;
}

/** PRODUCT.yaml from a validated product: every field of the instructions, in their order. */
export function renderProduct(p: Product): string {
  return `${PRODUCT_FIELDS.filter((f) => (p[f]?.trim() ?? '') !== '')
    .map((f) => `${f}: ${yamlScalar(p[f]!.trim())}`)
    .join('\n')}\n`;
}

/** The spec directory of a submission, e.g. `distribution-spec/v1.1`. */
export function specDir(run: RunResult): string {
  const m = /v?(\d+)\.(\d+)/.exec(run.run.spec.distribution);
  return `distribution-spec/${m ? `v${m[1]}.${m[2]}` : run.run.spec.distribution}`;
}

/**
 * README.md of a submission: what was tested, the verdict per category, and
 * how to reproduce the run. Credentials never appear: the replay command has
 * none and the README says where they go.
 */
export function renderSubmissionReadme(run: RunResult, p: Product): string {
  const r = run.run;
  const v = overallVerdict(run);
  const ran = categoriesRun(run);
  const title = `${p.name ?? ''} ${p.version ?? ''}`.trim();
  const lines = [
    `# OCI conformance results: ${mdText(title)}`,
    '',
    `${mdText(p.description ?? '')}`,
    '',
    `Vendor: ${mdText(p.vendor ?? '')} · type: ${mdText(p.type ?? '')} · [website](${p.website_url ?? ''}) · [documentation](${p.documentation_url ?? ''})${p.repo_url ? ` · [source](${p.repo_url})` : ''}`,
    '',
    '## Result',
    '',
    `**${v.label}**: ${mdText(v.line)}`,
    '',
    '| Category | Claimed | Verdict |',
    '|---|---|---|',
    ...v.categories.map((c) => `| ${c.label} | ${c.claimed ? 'yes' : 'no'} | ${mdText(stateText(c))} |`),
    '',
    'Pull is required of every registry; Push, Content Discovery and Content Management are claimed separately. Checks of general rules (ping, authentication, errors, names) count towards Pull.',
    '',
    '## What was tested',
    '',
    '| | |',
    '|---|---|',
    `| Harness | ${mdText(`${r.harness.name} ${r.harness.version}`)} |`,
    `| Specifications | distribution-spec ${mdText(r.spec.distribution)}, image-spec ${mdText(r.spec.image)} |`,
    `| Registry | \`${mdText(r.registry.url)}\` (TLS ${tlsMode(run)}) |`,
    `| Repositories | under \`${mdText(r.namespace)}\`${r.crossmountNamespace ? `, mounts from \`${mdText(r.crossmountNamespace)}\`` : ''} |`,
    `| Profile | ${mdText(r.profile)} |`,
    `| Categories run | ${Object.entries(ran).filter(([, on]) => on).map(([c]) => c).join(', ') || 'none'} |`,
    `| Claims | ${claimsOf(run).join(', ')} |`,
    `| Checks | ${run.checks.length}: ${Object.entries(r.totals).filter(([, n]) => n > 0).map(([o, n]) => `${n} ${o}`).join(', ')} |`,
    `| Started | ${mdText(r.startedAt)}, ${(r.durationMs / 1000).toFixed(1)} s |`,
    `| Seed | ${r.seed} |`,
    '',
    '## How to reproduce',
    '',
    'Install the harness (Node.js 20.19 or newer) and run it with the same seed, which regenerates the same content:',
    '',
    '```sh',
    `npm install -g oci-conform@${r.harness.version}`,
    'export OCI_USERNAME=... OCI_PASSWORD=...   # an account that may push to the namespace, if the registry needs one',
    r.replay,
    '```',
    '',
    'The run writes `results.yaml`, `report.html` and `junit.xml` (and `results.json`) to `reports/`; `oci-conform submission --report-dir reports` assembles this folder again.',
    '',
    '## Files',
    '',
    '- `results.yaml`: results in the official suite\'s vocabulary (`apis:`, `data:`), the run configuration and the verdict per category.',
    '- `report.html`: the human-readable report, with redacted HTTP transcripts.',
    '- `junit.xml`: the machine-readable report.',
    '- `PRODUCT.yaml`: the product.',
    '',
    'Names of the official vocabulary no check of the harness tests, so `results.yaml` does not list them:',
    '',
    ...OFFICIAL_UNTESTED.map((u) => `- ${u.name}: ${u.reason}.`),
    '',
  ];
  return lines.join('\n');
}
