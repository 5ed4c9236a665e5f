import type { RunResult } from '../model/result.js';
import { stableStringify } from './util.js';

/** `results.json`: the result model itself, keys sorted at every depth, two-space indent. */
export function renderJson(run: RunResult): string {
  return stableStringify(run);
}
