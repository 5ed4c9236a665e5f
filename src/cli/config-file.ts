import type { RunFlags } from './config.js';
import { loadUserFile } from './yaml-file.js';

const LISTS = new Set(['only', 'skip', 'format', 'fault', 'tag', 'manifestDigest', 'blobDigest', 'index', 'subject', 'claims']);

const camel = (k: string): string => k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Reads --config (YAML or JSON, keys named as the flags), validated against schemas/config.schema.json. */
export async function loadConfigFile(path: string): Promise<RunFlags> {
  const doc = ((await loadUserFile(path, 'config.schema.json')) ?? {}) as Record<string, unknown>;
  const flags: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) {
    const key = camel(k);
    flags[key] = LISTS.has(key) && !Array.isArray(v) ? [v] : v;
  }
  return flags as RunFlags;
}

/** Flags win over the file: a flag given on the command line replaces the file's value. */
export function overFile(flags: RunFlags, file: RunFlags): RunFlags {
  const out: Record<string, unknown> = { ...file };
  for (const [k, v] of Object.entries(flags)) if (v !== undefined) out[k] = v;
  return out as RunFlags;
}
