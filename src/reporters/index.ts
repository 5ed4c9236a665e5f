import type { Requirement } from '../catalog/types.js';
import type { RunResult } from '../model/result.js';
import { renderBadge } from './badge.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderProductYaml, renderResultsYaml } from './results-yaml.js';

export type Format = 'json' | 'junit' | 'html' | 'yaml' | 'badge';

export const FORMATS: readonly Format[] = ['json', 'junit', 'html', 'yaml', 'badge'];

export interface ReportFile {
  /** File name inside the report directory. */
  file: string;
  content: string;
}

/**
 * Renders the requested formats, in the order given (duplicates once). `yaml`
 * gives two files, `results.yaml` and the `PRODUCT.yaml` template, so the
 * report directory is a ready submission bundle. Pure: the CLI writes the files.
 */
export function renderReports(run: RunResult, formats: readonly Format[], requirements?: readonly Requirement[]): ReportFile[] {
  const out: ReportFile[] = [];
  for (const f of new Set(formats)) {
    switch (f) {
      case 'json':
        out.push({ file: 'results.json', content: renderJson(run) });
        break;
      case 'junit':
        out.push({ file: 'junit.xml', content: renderJunit(run) });
        break;
      case 'html':
        out.push({ file: 'report.html', content: renderHtml(run, requirements ?? []) });
        break;
      case 'yaml':
        out.push({ file: 'results.yaml', content: renderResultsYaml(run) });
        out.push({ file: 'PRODUCT.yaml', content: renderProductYaml(run) });
        break;
      case 'badge':
        out.push({ file: 'badge.svg', content: renderBadge(run) });
        break;
      default: {
        const never: never = f;
        throw new Error(`unknown report format ${String(never)}`);
      }
    }
  }
  return out;
}

export { renderBadge } from './badge.js';
export { renderConsole, renderProgressLine, terminalSafe, type ConsoleOptions } from './console.js';
export { diffRuns, formatDiff, type OutcomeChange } from './diff.js';
export { renderHtml } from './html.js';
export { renderJson } from './json.js';
export { renderJunit } from './junit.js';
export { OFFICIAL_APIS, OFFICIAL_DATA, OFFICIAL_UNTESTED, officialNames, type OfficialRule } from './official-names.js';
export { OFFICIAL_STATUS, renderProductYaml, renderResultsYaml, type OfficialStatus } from './results-yaml.js';
export { validateResult } from './validate.js';
