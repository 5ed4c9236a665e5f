/**
 * The requirement catalog: `src/catalog/requirements.json`, validated against
 * `schemas/requirements.schema.json`, deep-frozen and cached.
 *
 * Both files are resolved from the package root (the nearest ancestor directory
 * holding `package.json`), so the same code works from `src/catalog/` (vitest,
 * tsx) and from the compiled `dist/src/catalog/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject } from 'ajv';
import { builtValidator, compileSchema } from './schema-validator.js';
import type { Requirement } from './types.js';

/** The spec versions the catalog was written against (pinned tags). */
export const CATALOG_VERSION = Object.freeze({ distribution: 'v1.1.1', image: 'v1.1.1' } as const);

const PACKAGE_NAME = 'oci-conform';
/** Catalog location relative to the package root. */
export const CATALOG_PATH = 'src/catalog/requirements.json';
/** Schema location relative to the package root. */
export const CATALOG_SCHEMA_PATH = 'schemas/requirements.schema.json';

let rootCache: string | undefined;

/**
 * The package root: walking up from this module, the first directory whose
 * `package.json` is named `oci-conform` (or, failing that, the first directory
 * with any `package.json`). Throws if none is found.
 */
export function packageRoot(): string {
  if (rootCache !== undefined) return rootCache;
  let dir = new URL('.', import.meta.url);
  let firstWithPackageJson: string | undefined;
  for (;;) {
    const pj = new URL('package.json', dir);
    if (existsSync(pj)) {
      const here = fileURLToPath(dir).replace(/[\\/]+$/, '') || '/';
      firstWithPackageJson ??= here;
      try {
        const parsed = JSON.parse(readFileSync(pj, 'utf8')) as { name?: unknown };
        if (parsed.name === PACKAGE_NAME) return (rootCache = here);
      } catch {
        // unreadable package.json: keep walking
      }
    }
    const parent = new URL('../', dir);
    if (parent.href === dir.href) break;
    dir = parent;
  }
  if (firstWithPackageJson !== undefined) return (rootCache = firstWithPackageJson);
  throw new Error(`oci-conform: cannot find the package root (no package.json above ${fileURLToPath(import.meta.url)})`);
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`oci-conform: cannot read ${what} at ${path}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`oci-conform: ${what} at ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

function describe(data: unknown, e: ErrorObject): string {
  // Name the offending requirement when the path points into an array element.
  const m = /^\/(\d+)/.exec(e.instancePath);
  let where = e.instancePath || '(root)';
  if (m && Array.isArray(data)) {
    const item = data[Number(m[1])] as { id?: unknown } | undefined;
    if (item && typeof item.id === 'string') where = `${e.instancePath} (${item.id})`;
  }
  const extra =
    e.keyword === 'additionalProperties'
      ? ` '${String((e.params as { additionalProperty?: unknown }).additionalProperty)}'`
      : e.keyword === 'enum'
        ? ` ${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)}`
        : '';
  return `${where}: ${e.message ?? e.keyword}${extra}`;
}

/**
 * Validate raw catalog data against the schema plus the rules a schema cannot
 * express (unique IDs, `group` equal to the ID prefix). Returns the data typed,
 * or throws an Error listing every violation.
 */
export function validateCatalog(data: unknown, schema?: object): Requirement[] {
  const validate = schema ? compileSchema(schema) : builtValidator('requirements', loadSchema);
  const problems: string[] = [];
  if (!validate(data)) {
    for (const e of validate.errors ?? []) problems.push(describe(data, e));
  } else {
    const seen = new Set<string>();
    for (const r of data as Requirement[]) {
      if (seen.has(r.id)) problems.push(`duplicate requirement id ${r.id}`);
      seen.add(r.id);
      if (r.id.slice(0, r.id.lastIndexOf('-')) !== r.group) {
        problems.push(`${r.id}: group '${r.group}' does not match the ID prefix`);
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `oci-conform: requirement catalog is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
  }
  return data as Requirement[];
}

function loadSchema(): object {
  const path = join(packageRoot(), CATALOG_SCHEMA_PATH);
  const schema = readJson(path, 'requirement catalog schema');
  if (typeof schema !== 'object' || schema === null) throw new Error(`oci-conform: schema at ${path} is not an object`);
  return schema;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

let catalogCache: readonly Requirement[] | undefined;
let byIdCache: ReadonlyMap<string, Requirement> | undefined;

/** The validated, deep-frozen catalog, in group order then ID. Read once and cached. */
export function loadCatalog(): readonly Requirement[] {
  if (catalogCache !== undefined) return catalogCache;
  const path = join(packageRoot(), CATALOG_PATH);
  const data = validateCatalog(readJson(path, 'requirement catalog'));
  catalogCache = deepFreeze(data);
  return catalogCache;
}

/** The requirement with this ID, or `undefined`. */
export function requirementById(id: string): Requirement | undefined {
  byIdCache ??= new Map(loadCatalog().map((r) => [r.id, r]));
  return byIdCache.get(id);
}
