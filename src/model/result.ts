import type { Category, Level } from '../catalog/types.js';
import type { Exchange } from '../http/exchange.js';
import type { Outcome } from './outcome.js';

/** The result model: the one input of every reporter. */
export interface RunResult {
  run: RunInfo;
  checks: CheckResult[];
}

export interface RunInfo {
  harness: { name: 'oci-conform'; version: string };
  /** Spec texts the catalog follows, e.g. distribution-spec v1.1.1. */
  spec: { distribution: string; image: string };
  /** Registry base URL; `embedded` is true when the run started our reference registry. */
  registry: { url: string; embedded: boolean };
  namespace: string;
  seed: number;
  /** Unique per run, part of every repository name the run creates. */
  runId: string;
  concurrency: number;
  profile: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  /** The command line that replays this run (credentials left out). */
  replay: string;
  totals: Record<Outcome, number>;
}

export interface CheckResult {
  id: string;
  title: string;
  /** Workflow the check belongs to: the suite file it lives in. */
  workflow: string;
  category: Category;
  level: Level;
  requirements: string[];
  outcome: Outcome;
  message: string;
  expected?: string;
  observed?: string;
  durationMs: number;
  /** Warning headers the registry sent during the check (de-duplicated). */
  warnings: string[];
  exchanges: Exchange[];
}
