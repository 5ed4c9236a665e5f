import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../catalog/catalog.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { builtValidator } from '../catalog/schema-validator.js';
import { OUTCOMES } from '../model/outcome.js';
import type { RunResult } from '../model/result.js';

/** `schemas/results.schema.json` at the package root (from src/ under vitest, or from dist/ compiled). */
export function resultsSchemaPath(): string {
  return join(packageRoot(), 'schemas', 'results.schema.json');
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= builtValidator('results', () => JSON.parse(readFileSync(resultsSchemaPath(), 'utf8')) as object);
  return compiled;
}

function describe(e: ErrorObject): string {
  const at = e.instancePath === '' ? '(root)' : e.instancePath;
  const extra =
    e.keyword === 'additionalProperties'
      ? ` '${String((e.params as { additionalProperty: string }).additionalProperty)}'`
      : e.keyword === 'enum'
        ? ` (${((e.params as { allowedValues: unknown[] }).allowedValues).map(String).join(', ')})`
        : '';
  return `${at} ${e.message ?? e.keyword}${extra}`;
}

/**
 * Checks a value against schemas/results.schema.json plus the invariants a
 * schema cannot express (unique check IDs, totals equal to the per-outcome
 * counts). Returns it typed, or throws an Error listing every violation.
 */
export function validateResult(run: unknown): RunResult {
  const v = validator();
  if (!v(run)) {
    const lines = (v.errors ?? []).map(describe);
    throw new Error(`invalid run result (${lines.length} violation${lines.length === 1 ? '' : 's'}):\n  - ${lines.join('\n  - ')}`);
  }
  const r = run as RunResult;
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, c] of r.checks.entries()) {
    if (seen.has(c.id)) problems.push(`/checks/${i}/id duplicate check ID '${c.id}'`);
    seen.add(c.id);
  }
  for (const o of OUTCOMES) {
    const n = r.checks.filter((c) => c.outcome === o).length;
    if (r.run.totals[o] !== n) problems.push(`/run/totals/${o} is ${r.run.totals[o]} but ${n} check(s) have outcome '${o}'`);
  }
  if (problems.length > 0) {
    throw new Error(`invalid run result (${problems.length} violation${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`);
  }
  return r;
}
