import type { Category, Level } from '../catalog/types.js';
import type { Rng } from '../gen/rng.js';
import type { Registry } from '../registry/client.js';
import type { Capability, CheckMeta } from './check-meta.js';
import type { Exchange } from '../http/exchange.js';
import type { RunRecord } from './run-record.js';

/** What the user names for read-only checks; every list may be empty (then the run discovers). */
export interface GivenContent {
  /** The repository holding it: --namespace when the user set one. */
  repository?: string;
  tags: string[];
  manifests: string[];
  blobs: string[];
  /** Tags or digests of image indexes. */
  indexes: string[];
  /** Digests whose referrers are listed. */
  subjects: string[];
}

/** What a check or a workflow setup gets to work with. */
export interface CheckContext {
  /** Registry operations recording into this check's transcript. */
  registry: Registry;
  /** Seeded by run seed + check ID: the same data on every replay. */
  rng: Rng;
  /** This workflow's own repository, unique per run. */
  repo: string;
  /** A second repository (under the cross-mount namespace when one is set). */
  repo2: string;
  /** Minimum chunk size the run honours when the registry advertises none; the size of large blobs (--large-blob), if any. */
  settings: {
    chunkMinLength: number;
    given: GivenContent;
    consistencyWindowMs: number;
    largeBlob?: number;
    /** 'given': every workflow shares the repository named by --namespace (and repo2), which may hold foreign content. */
    repositories: 'per-workflow' | 'given';
  };
  /** Aborted when the check times out or the run stops; the registry's requests already carry it. */
  signal?: AbortSignal;
  /** When the check's time is up (ms since the epoch): property shrinking stays within it. */
  deadline?: number;
  /** Only in workflows that judge the run (`judgesRun`): what the other workflows did, and a way to cite an exchange in this check's transcript. */
  run?: RunRecord & { cite(e: Exchange): void };
}

export interface CheckDef<S> {
  id: string;
  title: string;
  level: Level;
  requirements: string[];
  /** Overrides the workflow's category (a push workflow may hold a discovery check). */
  category?: Category;
  needs?: Capability[];
  timeoutMs?: number;
  /** Judges by throwing; may return a note on how it passed (e.g. which allowed alternative the registry chose). */
  run(ctx: CheckContext, state: S): Promise<void | string>;
}

/** One suite file: a workflow with an optional shared setup and its checks, run in order. */
export interface Workflow<S = undefined> {
  id: string;
  title: string;
  category: Category;
  needs: Capability[];
  /**
   * `true`: sends no write request, so it also runs under --profile read-only.
   * `'given'`: reads content the user names (or the run discovers); runs only under --profile read-only.
   */
  readOnly?: true | 'given';
  /** Checks of the spec main branch after 1.1.1: runs under --profile dev only. */
  devOnly?: true;
  /** Judges whole listings of its repository: with --repositories given it runs alone, not beside other workflows. */
  exclusive?: boolean;
  /** Pushes what the checks read. A failure here skips every check of the workflow. */
  setup?: (ctx: CheckContext) => Promise<S>;
  checks: Array<CheckDef<S>>;
  /** Runs after every other workflow, judging their exchanges (`CheckContext.run`). */
  judgesRun?: boolean;
}

export function defineWorkflow<S = undefined>(w: Workflow<S>): Workflow<S> {
  return w;
}

export function checkMeta(w: Workflow<unknown>, c: CheckDef<unknown>): CheckMeta {
  return {
    id: c.id,
    title: c.title,
    workflow: w.id,
    category: c.category ?? w.category,
    level: c.level,
    requirements: c.requirements,
    needs: c.needs ?? w.needs,
  };
}
