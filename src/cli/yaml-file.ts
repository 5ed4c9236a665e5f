import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { isMap, isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { packageRoot } from '../catalog/catalog.js';
import { UsageError } from './config.js';

/**
 * Reads a YAML or JSON file the user wrote (JSON is YAML) and validates it
 * against a schema in schemas/. Every problem becomes one UsageError line that
 * names the file, the line and the key, e.g.
 * `ci.yaml:4: concurrency: must be <= 64`.
 */
export async function loadUserFile(path: string, schemaFile: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lines.linePos(offset).line);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new UsageError(`${path}:${lineOf(e.pos[0])}: not valid YAML or JSON: ${e.message.split('\n')[0]}`);
  }
  const value: unknown = doc.toJS();
  const validate = compiled(schemaFile);
  if (validate(value)) return value;
  const problems = (validate.errors ?? []).map((e) => {
    const { segments, key } = where(e);
    const node = nodeAt(doc, segments, key);
    const at = [...segments, ...(key !== undefined ? [key] : [])].join('.') || '(top level)';
    return `${path}:${lineOf(node)}: ${at}: ${message(e)}`;
  });
  throw new UsageError(problems.slice(0, 5).join('\n'));
}

const cache = new Map<string, ReturnType<Ajv['compile']>>();

function compiled(schemaFile: string): ReturnType<Ajv['compile']> {
  let v = cache.get(schemaFile);
  if (!v) {
    const schema = JSON.parse(readFileSync(join(packageRoot(), 'schemas', schemaFile), 'utf8')) as object;
    v = new Ajv({ allErrors: true, strict: true }).compile(schema);
    cache.set(schemaFile, v);
  }
  return v;
}

/** The path of the value an error is about; for an unknown key, the key itself. */
function where(e: ErrorObject): { segments: string[]; key?: string } {
  const segments = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'additionalProperties') return { segments, key: String((e.params as { additionalProperty: string }).additionalProperty) };
  return { segments };
}

function message(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return 'is not a known key';
  if (e.keyword === 'enum') return `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map(String).join(', ')}`;
  return e.message ?? e.keyword;
}

/** The source offset of the node at `segments` (the key's when `key` is set), or of the nearest parent that exists. */
function nodeAt(doc: Document, segments: string[], key?: string): number | undefined {
  const path = segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (!isNode(node)) continue;
    if (key !== undefined && n === path.length && isMap(node)) {
      const pair = node.items.find((p) => isNode(p.key) && (p.key as { value?: unknown }).value === key);
      if (pair && isNode(pair.key)) return pair.key.range?.[0];
    }
    return node.range?.[0];
  }
  return undefined;
}
