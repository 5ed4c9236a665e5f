import type { CheckMeta } from '../runner/check-meta.js';
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
  /** This run was part i of n (--shard); `oci-conform merge` combines the parts into one run. */
  shard?: { index: number; count: number };
  /** What the run pushed and could not delete afterwards (deletes refused), for the user to remove. */
  leftBehind?: LeftBehind[];
  /** The comparison with an --expect file, when one was given. */
  expectations?: ExpectationSummary;
  /** Present when the run stopped before every selected check ran (deadline, signal, harness crash). */
  incomplete?: { reason: string; notRun: string[] };
  /** Requests sent again after a 429 or a 503 with Retry-After. */
  retried?: number;
  /** Workflow categories the run claims (`--claims`); absent: all. Pull is always claimed. */
  claims?: Array<'pull' | 'push' | 'content-discovery' | 'content-management'>;
  /** How the registry was reached: `disabled` (http), `enabled` (https), `insecure` (https, certificate not verified). */
  tls?: 'enabled' | 'insecure' | 'disabled';
  /** Namespace of the second repository for cross-repository mounts, when not the namespace. */
  crossmountNamespace?: string;
  /** The run's selection: --only/--skip globs and categories turned off by the environment or profile. */
  selection?: { only: string[]; skip: string[]; disabledCategories: string[] };
}

export interface LeftBehind {
  kind: 'manifest' | 'blob';
  repository: string;
  digest: string;
  /** Tags the run pushed the manifest under. */
  tags?: string[];
  /** Why it is still there: the answer to the DELETE. */
  reason: string;
}

export interface ExpectationSummary {
  /** The file's name as given. */
  source: string;
  /** Checks whose outcome was as expected, known failures among them. */
  expected: number;
  newFailures: number;
  unexpectedPasses: number;
  /** Entries (their `check` pattern) that matched no check of the run. */
  unused: string[];
}

/** One check against the expectations: only set where an entry matched or the check failed anew. */
export interface CheckExpectation {
  verdict: 'expected' | 'new-failure' | 'unexpected-pass';
  /** The outcomes the matching entry expects. */
  outcomes?: Outcome[];
  /** The entry's `check` pattern. */
  match?: string;
  reason?: string;
  link?: string;
}

/** A check's declaration (less what it needs to run) and what came of it. */
export interface CheckResult extends Omit<CheckMeta, 'needs'> {
  outcome: Outcome;
  message: string;
  expected?: string;
  observed?: string;
  durationMs: number;
  /** Warning headers the registry sent during the check (de-duplicated). */
  warnings: string[];
  exchanges: Exchange[];
  expectation?: CheckExpectation;
}
