import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * A CommonJS module that `npm run build` generated into dist/src/generated/
 * (precompiled schemas, the precompiled report template), or undefined when
 * running from src/ where there is none, so an edited source takes effect.
 */
export function builtModule<T>(file: string): T | undefined {
  const path = fileURLToPath(new URL(`./generated/${file}`, import.meta.url));
  return existsSync(path) ? (require(path) as T) : undefined;
}
