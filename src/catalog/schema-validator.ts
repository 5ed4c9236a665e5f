import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);

/** Schemas that `npm run build` precompiles with ajv's standalone code generation. */
export type BuiltSchema = 'results' | 'requirements';

/** The options every schema is compiled with, at build time and at run time alike. */
export const AJV_OPTIONS = { allErrors: true, strict: true } as const;

/** Compiles a schema now (ajv's compiler is loaded only here). */
export function compileSchema(schema: object): ValidateFunction {
  const { Ajv } = require('ajv') as typeof import('ajv');
  return new Ajv(AJV_OPTIONS).compile(schema);
}

/**
 * The validator of one of our schemas: the precompiled module from the build
 * (dist/src/generated/), or, when running from src/ where there is none, the
 * schema compiled at run time so an edited schema always takes effect.
 */
export function builtValidator(name: BuiltSchema, loadSchema: () => object): ValidateFunction {
  const built = fileURLToPath(new URL(`../generated/${name}.schema.cjs`, import.meta.url));
  if (existsSync(built)) return require(built) as ValidateFunction;
  return compileSchema(loadSchema());
}
