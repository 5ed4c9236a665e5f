/**
 * Requirement coverage: which checks prove which catalog requirements.
 * Pure functions; no I/O. `formatCoverage` renders what
 * `oci-conform list --requirements` prints.
 */
import type { CheckMeta } from '../runner/check-meta.js';
import { LEVELS, type Level, type Requirement } from './types.js';

/** One catalog requirement and the IDs of the checks that name it. */
export interface RequirementCoverage {
  readonly requirement: Requirement;
  /** IDs of covering checks, sorted, without duplicates. Empty when uncovered. */
  readonly checks: readonly string[];
}

/** Totals for one level (or for all levels, `level: 'all'`). */
export interface LevelTotals {
  readonly level: Level | 'all';
  /** Catalog requirements at this level. */
  readonly requirements: number;
  /** Of those, the ones a black-box harness can test (`testable: true`). */
  readonly testable: number;
  /** Of the testable ones, those named by at least one check. Never exceeds `testable`. */
  readonly covered: number;
}

export interface CoverageReport {
  /** One entry per catalog requirement, in catalog order. */
  readonly requirements: readonly RequirementCoverage[];
  /** One entry per level, in `LEVELS` order (levels with no requirements included, as zeros). */
  readonly byLevel: readonly LevelTotals[];
  readonly overall: LevelTotals;
  /** Requirement IDs named by checks but absent from the catalog (see `unknownRequirementIds`). */
  readonly unknown: readonly string[];
}

/** Requirement IDs named by `checks` that the catalog does not contain: sorted, unique. */
export function unknownRequirementIds(catalog: readonly Requirement[], checks: readonly CheckMeta[]): string[] {
  const known = new Set(catalog.map((r) => r.id));
  const unknown = new Set<string>();
  for (const c of checks) for (const id of c.requirements) if (!known.has(id)) unknown.add(id);
  return [...unknown].sort();
}

/** Map every catalog requirement to its covering checks and total them by level. */
export function coverage(catalog: readonly Requirement[], checks: readonly CheckMeta[]): CoverageReport {
  const byReq = new Map<string, Set<string>>();
  for (const c of checks) {
    for (const id of c.requirements) {
      let s = byReq.get(id);
      if (!s) byReq.set(id, (s = new Set()));
      s.add(c.id);
    }
  }
  const requirements: RequirementCoverage[] = catalog.map((requirement) => ({
    requirement,
    checks: [...(byReq.get(requirement.id) ?? [])].sort(),
  }));
  const total = (level: Level | 'all', rows: readonly RequirementCoverage[]): LevelTotals => ({
    level,
    requirements: rows.length,
    testable: rows.filter((r) => r.requirement.testable).length,
    covered: rows.filter((r) => r.requirement.testable && r.checks.length > 0).length,
  });
  return {
    requirements,
    byLevel: LEVELS.map((level) => total(level, requirements.filter((r) => r.requirement.level === level))),
    overall: total('all', requirements),
    unknown: unknownRequirementIds(catalog, checks),
  };
}

/** `covered / testable` as a percentage with one decimal, or `n/a` when nothing is testable. */
export function percent(covered: number, testable: number): string {
  return testable === 0 ? 'n/a' : `${((covered / testable) * 100).toFixed(1)}%`;
}

function table(rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => {
        if (i === row.length - 1 && !rightAligned.has(i)) return cell; // no trailing padding
        const w = widths[i] ?? 0;
        return rightAligned.has(i) ? cell.padStart(w) : cell.padEnd(w);
      })
      .join('  ')
      .trimEnd(),
  );
}

/**
 * Plain-text coverage listing: one line per requirement
 * (`ID  LEVEL  category  covered by a, b` / `— not covered` / `(not black-box testable)`),
 * a blank line, then a totals table by level with covered/testable/total and a percentage.
 * Unknown requirement IDs named by checks, if any, are listed last.
 */
export function formatCoverage(report: CoverageReport): string {
  const lines = table(
    report.requirements.map(({ requirement: r, checks }) => [
      r.id,
      r.level,
      r.category,
      checks.length > 0 ? `covered by ${checks.join(', ')}` : r.testable ? '— not covered' : `(not black-box testable${r.untestable ? `: ${r.untestable}` : ''})`,
    ]),
    new Set(),
  );
  const totals = [...report.byLevel, report.overall];
  lines.push(
    '',
    ...table(
      [
        ['Level', 'Covered', 'Testable', 'Total', 'Coverage'],
        ...totals.map((t) => [
          t.level === 'all' ? 'All' : t.level,
          String(t.covered),
          String(t.testable),
          String(t.requirements),
          percent(t.covered, t.testable),
        ]),
      ],
      new Set([1, 2, 3, 4]),
    ),
  );
  if (report.unknown.length > 0) {
    lines.push('', `Unknown requirement IDs named by checks: ${report.unknown.join(', ')}`);
  }
  return lines.join('\n') + '\n';
}
