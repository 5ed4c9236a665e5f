import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadCatalog } from '../catalog/catalog.js';
import { NEXT_REQUIREMENTS } from '../catalog/next.js';
import type { RunResult } from '../model/result.js';
import { diffRuns, formatDiff } from '../reporters/diff.js';
import { renderReports } from '../reporters/index.js';
import { validateResult } from '../reporters/validate.js';
import { FORMATS, UsageError, type FormatName } from './config.js';

export async function loadResult(path: string): Promise<RunResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new UsageError(`${path} is not JSON`);
  }
  try {
    return validateResult(doc);
  } catch (e) {
    throw new UsageError(`${path} is not an oci-conform results.json: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** `oci-conform report results.json`: every format again from a saved result. */
export async function reportCommand(path: string, dir: string | undefined, format: string[] | undefined): Promise<number> {
  const run = await loadResult(path);
  const formats = (format ?? [...FORMATS]).flatMap((f) => f.split(','));
  for (const f of formats) if (!FORMATS.includes(f as FormatName)) throw new UsageError(`--format "${f}" is not one of ${FORMATS.join(', ')}`);
  const out = dir ?? dirname(path);
  await mkdir(out, { recursive: true });
  for (const f of renderReports(run, formats as FormatName[], [...loadCatalog(), ...NEXT_REQUIREMENTS])) await writeFile(join(out, f.file), f.content);
  process.stdout.write(`reports: ${out}/\n`);
  return 0;
}

/** `oci-conform diff A B`: exit 1 when any check changed outcome. */
export async function diffCommand(a: string, b: string): Promise<number> {
  const d = diffRuns(await loadResult(a), await loadResult(b));
  process.stdout.write(formatDiff(d));
  return d.length > 0 ? 1 : 0;
}
