import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../catalog/catalog.js';

let cached: string | undefined;

export function harnessVersion(): string {
  cached ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return cached;
}
