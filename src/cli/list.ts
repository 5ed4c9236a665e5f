import { loadCatalog } from '../catalog/catalog.js';
import { coverage, formatCoverage } from '../catalog/coverage.js';
import { FAULTS } from '../refreg/index.js';
import { checkMeta } from '../runner/workflow.js';
import { WORKFLOWS } from '../../suites/index.js';

export function allCheckMeta() {
  return WORKFLOWS.flatMap((w) => w.checks.map((c) => checkMeta(w, c)));
}

/** Text for `oci-conform list`: checks (default), requirements with coverage, or fault switches. */
export function listCommand(opts: { requirements: boolean; faults: boolean }): string {
  if (opts.requirements) return formatCoverage(coverage(loadCatalog(), allCheckMeta()));
  if (opts.faults)
    return Object.entries(FAULTS)
      .map(([name, f]) => `${name.padEnd(34)} ${(f.allowed ? '(allowed: checks skip)' : f.breaks.join(',')).padEnd(28)} ${f.description}`)
      .join('\n')
      .concat('\n');
  const metas = allCheckMeta();
  const idWidth = Math.max(...metas.map((m) => m.id.length));
  return metas.map((m) => `${m.id.padEnd(idWidth)}  ${m.level.padEnd(10)} ${m.requirements.join(',').padEnd(30)} ${m.title}`).join('\n').concat('\n');
}
