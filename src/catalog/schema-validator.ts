import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { builtModule } from '../built.js';

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
  return builtModule<ValidateFunction>(`${name}.schema.cjs`) ?? compileSchema(loadSchema());
}
