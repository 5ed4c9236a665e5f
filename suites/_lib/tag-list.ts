import type { Registry, Reply } from '../../src/registry/client.js';

/**
 * Reading tag lists: one page, its `Link` header, and the walk over every
 * `rel="next"` page. These helpers report what they saw; checks judge it.
 */

export interface TagPage {
  reply: Reply;
  name: unknown;
  /** `null` when the registry sent `"tags": null`. */
  tags: string[] | null;
  /** The raw Link header(s), when sent. */
  link?: string;
  /** The next page, resolved against the request URL, when Link names one. */
  next?: string;
  /** Why the Link header is not a valid `<url>; rel="next"`, when it is not. */
  linkError?: string;
}

/** A page, or the reason the reply is not a tag list (status, JSON, field types). */
export function parseTagPage(r: Reply): TagPage | string {
  if (r.status !== 200) return `status ${r.status}`;
  let doc: unknown;
  try {
    doc = JSON.parse(r.body.toString('utf8'));
  } catch {
    return `a body that is not JSON: ${preview(r.body.toString('utf8'))}`;
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return `a JSON body that is not an object: ${preview(r.body.toString('utf8'))}`;
  const { name, tags } = doc as { name?: unknown; tags?: unknown };
  if (tags !== null && !(Array.isArray(tags) && tags.every((t) => typeof t === 'string'))) return `"tags" that is not a list of strings: ${preview(showJson(tags))}`;
  const page: TagPage = { reply: r, name, tags: tags as string[] | null };
  const links = r.rawHeaders.filter(([k]) => k.toLowerCase() === 'link').map(([, v]) => v);
  if (links.length === 0) return page;
  page.link = links.join(', ');
  const parsed = nextLink(page.link);
  if (typeof parsed === 'string') page.linkError = parsed;
  else {
    try {
      // The URL is opaque and may be relative: resolve it against the request URL.
      page.next = new URL(parsed.url, r.url).toString();
    } catch {
      page.linkError = `the Link target ${JSON.stringify(parsed.url)} is not a URL`;
    }
  }
  return page;
}

/** The `rel="next"` target of an RFC 5988 Link header value, or why there is none. */
export function nextLink(value: string): { url: string } | string {
  // Split on commas outside <…> and quotes: one header may carry several links.
  const parts: string[] = [];
  let cur = '';
  let inUrl = false;
  let inQuote = false;
  for (const ch of value) {
    if (ch === '<' && !inQuote) inUrl = true;
    else if (ch === '>' && !inQuote) inUrl = false;
    else if (ch === '"' && !inUrl) inQuote = !inQuote;
    if (ch === ',' && !inUrl && !inQuote) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  for (const part of parts) {
    const m = /^\s*<([^>]*)>\s*((?:;\s*[^;]*)*)$/.exec(part);
    if (!m) continue;
    for (const param of m[2]!.split(';').slice(1)) {
      const p = /^\s*rel\s*=\s*(?:"([^"]*)"|([^\s";]+))\s*$/i.exec(param);
      const rels = (p?.[1] ?? p?.[2] ?? '').toLowerCase().split(/\s+/);
      if (rels.includes('next')) return { url: m[1]! };
    }
  }
  return `the Link header is not of the form <url>; rel="next": ${preview(value)}`;
}

export interface Walk {
  pages: TagPage[];
  /** Every tag of every page, in the order served. */
  tags: string[];
  /** Why the walk stopped early: a page that is not a tag list, a bad Link, a loop. */
  problem?: string;
}

/** Follows rel="next" from a first reply until a page has no Link; at most `maxPages` pages. */
export async function walkTags(registry: Registry, first: Reply, maxPages: number): Promise<Walk> {
  const pages: TagPage[] = [];
  const seen = new Set<string>([first.url]);
  let r = first;
  for (;;) {
    const p = parseTagPage(r);
    if (typeof p === 'string') return { pages, tags: pages.flatMap((x) => x.tags ?? []), problem: `page ${pages.length + 1} (${r.url}) is not a tag list: ${p}` };
    pages.push(p);
    const tags = pages.flatMap((x) => x.tags ?? []);
    if (p.linkError) return { pages, tags, problem: p.linkError };
    if (!p.next) return { pages, tags };
    if (seen.has(p.next)) return { pages, tags, problem: `the Link of page ${pages.length} points back to an earlier page: ${p.next}` };
    if (pages.length >= maxPages) return { pages, tags, problem: `more than ${maxPages} pages` };
    seen.add(p.next);
    r = await registry.get(p.next);
  }
}

export type TagOrder = 'byte' | 'case-insensitive';

/** Plain byte (Go sort.Strings) order. */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Case-insensitive order, byte order between tags that differ only in case. */
export function caseInsensitiveOrder(a: string, b: string): number {
  return byteOrder(a.toLowerCase(), b.toLowerCase()) || byteOrder(a, b);
}

export const ORDERS: Record<TagOrder, (a: string, b: string) => number> = { byte: byteOrder, 'case-insensitive': caseInsensitiveOrder };

/** Which accepted order the list is in (byte order first when both fit), or undefined. */
export function orderOf(tags: readonly string[]): TagOrder | undefined {
  const sorted = (cmp: (a: string, b: string) => number): boolean => tags.every((t, i) => i === 0 || cmp(tags[i - 1]!, t) < 0);
  if (sorted(byteOrder)) return 'byte';
  if (sorted((a, b) => byteOrder(a.toLowerCase(), b.toLowerCase()))) return 'case-insensitive';
  return undefined;
}

/** JSON of a value from the registry; one nested too deep to print is said so, never a crash. */
function showJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? 'undefined';
  } catch {
    return '(nested too deeply to show)';
  }
}

function preview(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
