/**
 * GET /v2/<name>/tags/list with n/last pagination.
 * Order is plain byte order (code-unit order of the ASCII tag alphabet), which the
 * spec's later text explicitly allows; `last` is exclusive and need not be an existing tag.
 */
import { RegistryError } from './errors.js';
import { type Ctx, type Headers, sendJson } from './context.js';
import { repoMissing } from './refs.js';

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Parses `n`: a non-negative decimal integer, or undefined when absent. */
function parseN(ctx: Ctx, raw: string | null): number | undefined {
  if (raw === null) return undefined;
  const n = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n)) {
    if (ctx.faults.has('tags-n-invalid-500') && !/^\d+$/.test(raw)) throw new Error(`fault tags-n-invalid-500: n=${raw}`);
    throw new RegistryError(400, 'UNSUPPORTED', 'n must be a non-negative integer', { n: raw });
  }
  return n;
}

export function handleTags(ctx: Ctx, name: string): void {
  if (ctx.method !== 'GET') throw new RegistryError(405, 'UNSUPPORTED', `${ctx.method} not allowed on tags/list`);
  if (ctx.faults.has('tags-list-not-found')) throw new RegistryError(404, 'UNSUPPORTED', 'tag listing not available');
  let n = parseN(ctx, ctx.query.get('n'));
  const last = ctx.query.get('last');
  const repo = ctx.store.repo(name);
  if (!repo) {
    if (ctx.faults.has('repo-missing-not-404')) return sendJson(ctx, 200, {}, { name, tags: [] });
    throw repoMissing(ctx, name);
  }
  if (repo.createdByMount && ctx.faults.has('tags-mounted-repository-404')) throw repoMissing(ctx, name);
  if (n === 0 && ctx.faults.has('tags-n0-not-empty')) n = undefined;

  const all = new Set(repo.tags.keys());
  if (ctx.faults.has('tags-stale-after-delete')) for (const t of repo.ghostTags) all.add(t);
  let ordered = [...all].sort(byteOrder);
  if (ctx.faults.has('tags-unsorted')) ordered = ordered.reverse();

  let rest = ordered;
  if (last === null && ctx.faults.has('tags-first-page-skips')) rest = ordered.slice(1);
  if (last !== null) {
    const inclusive = ctx.faults.has('tags-last-inclusive');
    rest = ordered.filter((t) => (inclusive ? t >= last : t > last));
  }
  // Without n the server cap applies; with n the client gets exactly n unless fewer remain.
  const limit = ctx.faults.has('tags-n-ignored') ? Infinity : (n ?? ctx.opts.tagsPageSize);
  const page = rest.slice(0, limit);

  const headers: Headers = {};
  const linkN = n ?? ctx.opts.tagsPageSize;
  const more = rest.length > page.length && page.length > 0;
  if (more && !ctx.faults.has('tags-truncated-no-link')) {
    const url = `/v2/${name}/tags/list?n=${linkN}&last=${encodeURIComponent(page[page.length - 1]!)}`;
    headers['Link'] = ctx.faults.has('tags-link-malformed') ? url : `<${url}>; rel="next"`;
  } else if (n === 0 && ctx.faults.has('tags-link-on-n0')) {
    headers['Link'] = `</v2/${name}/tags/list?n=${ctx.opts.tagsPageSize}>; rel="next"`;
  }
  const shownName = ctx.faults.has('tags-name-wrong') ? name.split('/').pop()! : name;
  const tags = page.length === 0 && all.size === 0 && ctx.faults.has('tags-null-when-empty') ? null : page;
  sendJson(ctx, 200, headers, { name: shownName, tags });
}
