import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import type { RunResult } from '../model/result.js';
import { currentExpectations, type ExpectEntry } from '../runner/expectations.js';
import { loadUserFile } from './yaml-file.js';

/** Reads an --expect file (YAML or JSON), validated against schemas/expect.schema.json. */
export async function loadExpectations(path: string): Promise<ExpectEntry[]> {
  return ((await loadUserFile(path, 'expect.schema.json')) as { expectations: ExpectEntry[] }).expectations;
}

/** --write-expect: the run's findings as an expectations file to edit (replace each reason, add links). */
export async function writeExpectations(path: string, run: RunResult, strict: boolean): Promise<void> {
  const header = [
    `# oci-conform expectations, written from run ${run.run.runId} (seed ${run.run.seed}) against ${run.run.registry.url}.`,
    '# Use with: oci-conform run --expect <this file>. A run matches when every check listed has its outcome',
    '# and no other check fails; a listed check that no longer fails makes the run fail too (remove its entry).',
    '# "check" takes a check ID, a glob (push/blob/*), a workflow or a requirement ID; the first entry that matches wins.',
    '',
  ].join('\n');
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, header + stringify({ expectations: currentExpectations(run, strict) }, { lineWidth: 0 }));
}
