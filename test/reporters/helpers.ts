import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Requirement } from '../../src/catalog/types.js';
import type { RunResult } from '../../src/model/result.js';
import type { ComparedRun } from '../../src/reporters/compare.js';
import { validateResult } from '../../src/reporters/validate.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = join(ROOT, 'fixtures', 'results');
export const GOLDEN = join(FIXTURES, 'golden');

/** Fresh copy of the hand-made fixture, checked against the schema. */
export function loadSample(): RunResult {
  return validateResult(JSON.parse(readFileSync(join(FIXTURES, 'sample.json'), 'utf8')));
}

/** A second run to compare with the sample: another registry and harness version, some outcomes changed, a check added and one gone. */
export function loadSampleB(): RunResult {
  return validateResult(JSON.parse(readFileSync(join(FIXTURES, 'sample-b.json'), 'utf8')));
}

export function sampleRuns(): ComparedRun[] {
  return [
    { label: 'registry 1.0', run: loadSample(), reportHref: 'a/report.html' },
    { label: 'registry 2.0', run: loadSampleB() },
  ];
}

export function loadRequirements(): Requirement[] {
  return JSON.parse(readFileSync(join(FIXTURES, 'requirements.json'), 'utf8')) as Requirement[];
}

/**
 * Compares `actual` with fixtures/results/golden/<name>. With UPDATE_GOLDEN=1
 * the golden file is (re)written instead, and the test still checks that the
 * written file reads back equal.
 */
export function expectGolden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  if (!existsSync(file)) {
    throw new Error(`golden file ${name} is missing: run UPDATE_GOLDEN=1 npx vitest run test/reporters`);
  }
  const golden = readFileSync(file, 'utf8');
  expect(actual, `output differs from golden/${name} (UPDATE_GOLDEN=1 regenerates it after review)`).toBe(golden);
}
