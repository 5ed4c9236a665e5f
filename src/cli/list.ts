import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../catalog/catalog.js';
import { coverage, formatCoverage } from '../catalog/coverage.js';
import { FAULTS } from '../refreg/faults.js';
import type { CheckMeta } from '../runner/check-meta.js';

/** Every check's metadata, from the suites themselves (loads their code and fast-check). */
export async function metaFromSuites(): Promise<CheckMeta[]> {
  const [{ WORKFLOWS }, { checkMeta }] = await Promise.all([import('../../suites/index.js'), import('../runner/workflow.js')]);
  return WORKFLOWS.flatMap((w) => w.checks.map((c) => checkMeta(w, c)));
}

/** Written by `npm run build` from the same suites, so a listing needs none of their code. Absent when run from src/. */
export const BUILT_CHECK_LIST = fileURLToPath(new URL('../generated/checks.json', import.meta.url));

export async function allCheckMeta(): Promise<CheckMeta[]> {
  if (existsSync(BUILT_CHECK_LIST)) return JSON.parse(readFileSync(BUILT_CHECK_LIST, 'utf8')) as CheckMeta[];
  return metaFromSuites();
}

/** Text for `oci-conform list`: checks (default), requirements with coverage, or fault switches. */
export async function listCommand(opts: { requirements: boolean; faults: boolean }): Promise<string> {
  // Coverage of the 1.1 catalog: the dev profile's checks of the spec main branch (NEXT-…) stay out of it.
  if (opts.requirements) return formatCoverage(coverage(loadCatalog(), (await allCheckMeta()).filter((m) => !m.requirements.every((id) => id.startsWith('NEXT-')))));
  if (opts.faults)
    return Object.entries(FAULTS)
      .map(([name, f]) => `${name.padEnd(34)} ${(f.allowed ? '(allowed: checks skip)' : f.breaks.join(',')).padEnd(28)} ${f.description}`)
      .join('\n')
      .concat('\n');
  const metas = await allCheckMeta();
  const idWidth = Math.max(...metas.map((m) => m.id.length));
  return metas.map((m) => `${m.id.padEnd(idWidth)}  ${m.level.padEnd(10)} ${m.requirements.join(',').padEnd(30)} ${m.title}`).join('\n').concat('\n');
}
