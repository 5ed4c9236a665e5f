/**
 * Splitting a run over CI jobs (--shard i/n): whole workflows go to shards,
 * balanced by their recorded cost, the same way on every machine.
 */

/**
 * Milliseconds each workflow's checks took in a measured run
 * (`oci-conform run --seed 1` against the embedded registry, 2 busy cores, concurrency 4;
 * the read-only workflows, disabled there, set to a small value).
 * Only the proportions matter; a workflow missing here counts as the median (test/runner/shard.test.ts
 * asks for every workflow: record a new one after measuring it).
 */
export const WORKFLOW_COSTS: Readonly<Record<string, number>> = {
  ping: 117,
  'general-auth': 234,
  'general-errors': 891,
  'general-names': 1275,
  'general-warnings': 1317,
  'general-extensions': 423,
  'general-bad-input': 7257,
  'general-responses': 71,
  'pull-blobs': 962,
  'pull-manifests': 1395,
  'pull-given': 60,
  'push-blob-post-put': 1633,
  'push-blob-single-post': 302,
  'push-blob-streamed': 341,
  'push-blob-chunked': 2688,
  'push-blob-mount': 683,
  'push-manifests': 243,
  'push-manifest-kinds': 1378,
  'push-manifest-data': 1733,
  'push-sha512': 223,
  // Only with --large-blob; its time grows with the size, so it gets a shard of its own from two shards on.
  'push-blob-large': 9000,
  'discovery-tags': 1503,
  'discovery-referrers': 1845,
  'discovery-referrers-fallback': 416,
  'discovery-given': 60,
  'management-deletes': 986,
  'management-model': 1469,
  'dev-next': 60,
};

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parses `i/n` (1 ≤ i ≤ n ≤ 64), or says why it is not one. */
export function parseShard(text: string): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return `"${text}" is not of the form i/n (e.g. 2/4)`;
  const [index, count] = [Number(m[1]), Number(m[2])];
  if (count < 1 || count > 64 || index < 1 || index > count) return `"${text}": need 1 ≤ i ≤ n ≤ 64`;
  return { index, count };
}

/**
 * Assigns each workflow to a shard (1-based): longest first to the least
 * loaded shard (ties to the lower index, equal costs in ID order). Depends
 * only on the workflow IDs and the cost table, so every shard computes the
 * same split.
 */
export function assignShards(workflowIds: readonly string[], count: number): Map<string, number> {
  const known = Object.values(WORKFLOW_COSTS).sort((a, b) => a - b);
  const median = known[Math.floor(known.length / 2)] ?? 1;
  const cost = (id: string): number => WORKFLOW_COSTS[id] ?? median;
  const order = [...workflowIds].sort((a, b) => cost(b) - cost(a) || (a < b ? -1 : a > b ? 1 : 0));
  const load = Array.from({ length: count }, () => 0);
  const out = new Map<string, number>();
  for (const id of order) {
    let best = 0;
    for (let i = 1; i < count; i++) if (load[i]! < load[best]!) best = i;
    load[best]! += cost(id);
    out.set(id, best + 1);
  }
  return out;
}
