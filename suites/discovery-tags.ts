import fc from 'fast-check';
import { manifestVariant, randomImage, randomTag, type Image, type ManifestDoc } from '../src/gen/oci.js';
import type { Rng } from '../src/gen/rng.js';
import type { Registry, Reply } from '../src/registry/client.js';
import { Unsupported, Violation } from '../src/runner/verdicts.js';
import { defineWorkflow, type CheckContext } from '../src/runner/workflow.js';
import { expectBytes, expectStatus, fail, need } from './_lib/expect.js';
import { needOwnRepositories, ownRepositories, pushBlobs } from './_lib/setup.js';
import { property } from './_lib/property.js';
import { ORDERS, orderOf, parseTagPage, walkTags, type TagOrder, type TagPage } from './_lib/tag-list.js';

interface State {
  image: Image;
  /** Every tag the registry accepted for the image's manifest. */
  tags: string[];
  longTag: string;
  longTagStatus: number;
  /** A manifest of the same repository pushed by digest only. */
  byDigest: ManifestDoc;
  /** A second repository holding only a manifest pushed by digest (none with --repositories given). */
  untaggedRepo?: string;
}

const TAG_FIRST = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';
const TAG_REST = `${TAG_FIRST}.-`;

function tagChars(rng: Rng, alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[rng.int(0, alphabet.length - 1)];
  return s;
}

/**
 * Tags whose byte order and case-insensitive order differ (upper case, `_`,
 * digits, `.` and `-`, numeric-looking names sorted lexically). No two differ
 * only in case, so each accepted order is a total order of the set.
 */
function seededTags(rng: Rng): string[] {
  const w = (): string => rng.word(4);
  const fixed = ['b1', 'b10', 'b2', 'B3', '9', '10', '1.0', '1.0-rc', '1.0_rc', `Zeta-${w()}`, `alpha-${w()}`, `Alpha.${w()}`, `_under-${w()}`, `mIxEd_${w()}`];
  const random = Array.from({ length: 4 }, () => tagChars(rng, TAG_FIRST, 1) + tagChars(rng, TAG_REST, rng.int(0, 12)));
  const seen = new Set<string>();
  return [...fixed, ...random].filter((t) => !seen.has(t.toLowerCase()) && seen.add(t.toLowerCase()));
}


/** Every page of the list from `first`, as a precondition: reading it is judged by discovery/tags/complete. */
async function readAll(registry: Registry, first: Promise<Reply>, s: State): Promise<string[]> {
  const w = await walkTags(registry, await first, s.tags.length + 10);
  need(!w.problem, `the tag list could not be read to the end: ${w.problem} (judged by discovery/tags/complete)`);
  return w.tags;
}

/** The whole list when it holds every pushed tag; a list that lost some is judged by discovery/tags/complete. */
async function readComplete(registry: Registry, repo: string, s: State): Promise<string[]> {
  const listed = await readAll(registry, registry.listTags(repo), s);
  const missing = s.tags.filter((t) => !listed.includes(t));
  need(missing.length === 0, `the tag list lacks pushed tags ${JSON.stringify(missing)} (judged by discovery/tags/complete)`);
  return listed;
}

/** First occurrences only: duplicates are judged by discovery/tags/complete, not by the order checks. */
function unique(tags: readonly string[]): string[] {
  return [...new Set(tags)];
}

/**
 * The tags in the order the registry uses, which is either accepted order
 * (judged by discovery/tags/order): pages are compared with slices of it.
 * It holds the pushed tags plus whatever else the registry lists (judged by
 * discovery/tags/complete), so that each check judges only its own aspect.
 */
async function reference({ registry, repo }: CheckContext, s: State): Promise<{ order: TagOrder; list: string[] }> {
  const listed = unique(await readAll(registry, registry.listTags(repo), s));
  const order = orderOf(listed);
  need(order !== undefined, 'the tag list is in no accepted order (judged by discovery/tags/order)');
  return { order, list: unique([...listed, ...s.tags]).sort(ORDERS[order]) };
}

function page(r: Reply, what: string): TagPage {
  const p = parseTagPage(r);
  if (typeof p === 'string') fail(`${what}: the reply is not a tag list`, 'status 200 and {"name":…,"tags":[…]}', p);
  return p;
}

/** A page asked for with `n`: at most n tags, and exactly min(n, remaining) unless a Link header announces more (1.1.1 allows fewer with Link). */
function judgeCount(p: TagPage, remaining: number, n: number, what: string): void {
  const got = (p.tags ?? []).length;
  if (got > n) fail(`${what}: more than n tags`, `at most ${n} tags`, `${got} tags`);
  const full = Math.min(n, remaining);
  if (got < full && p.link === undefined) fail(`${what}: fewer tags than asked for, and no Link header`, `${full} tags, or fewer with a Link header`, `${got} tags, no Link`);
}

/** A page asked for with `n` (and maybe `last`): its count, and that it is the next slice of the ordered list. */
function judgeSlice(p: TagPage, rest: readonly string[], n: number | undefined, what: string): void {
  const tags = p.tags ?? [];
  if (n !== undefined) judgeCount(p, rest.length, n, what);
  const want = rest.slice(0, tags.length);
  if (tags.some((t, i) => t !== want[i])) fail(`${what}: the page is not the next slice of the ordered tag list`, JSON.stringify(want), JSON.stringify(tags));
}

/** `last` itself must not come back, whatever the order. */
function judgeExcludes(tags: readonly string[], last: string, what: string): void {
  if (tags.includes(last)) fail(`${what}: the tag named by last is in the answer`, `only tags after ${last}`, JSON.stringify(tags));
}

/** Listing tags: pages, order, n, last, Link, and how pushes, moves and deletes show up. */
export default defineWorkflow<State>({
  id: 'discovery-tags',
  title: 'Listing tags',
  category: 'content-discovery',
  needs: ['push', 'content-discovery'],
  exclusive: true,
  async setup(ctx) {
    const { registry, repo, rng } = ctx;
    const image = randomImage(rng, { layers: 1, layerSize: 256 });
    await pushBlobs(registry, repo, [image.config, ...image.layers]);
    const m = image.manifest;
    const tags: string[] = [];
    for (const t of seededTags(rng)) {
      const r = await registry.putManifest(repo, t, m.bytes, m.mediaType);
      need(r.status === 201, `pushing the manifest under tag ${t} failed (status ${r.status})`);
      tags.push(t);
    }
    // The longest tag the grammar allows: its refusal is judged by discovery/tags/long-tag.
    const longTag = tagChars(rng, TAG_FIRST, 1) + tagChars(rng, TAG_REST, 127);
    const longTagStatus = (await registry.putManifest(repo, longTag, m.bytes, m.mediaType)).status;
    if (longTagStatus === 201) tags.push(longTag);
    const byDigest = manifestVariant(image, rng);
    const d = await registry.putManifest(repo, byDigest.digest, byDigest.bytes, byDigest.mediaType);
    need(d.status === 201, `pushing a manifest by digest failed (status ${d.status})`);
    if (!ownRepositories(ctx)) return { image, tags, longTag, longTagStatus, byDigest };
    const untaggedRepo = `${repo}-${rng.word(6)}`;
    await pushBlobs(registry, untaggedRepo, [image.config, ...image.layers]);
    const u = await registry.putManifest(untaggedRepo, m.digest, m.bytes, m.mediaType);
    need(u.status === 201, `pushing a manifest by digest to a second repository failed (status ${u.status})`);
    return { image, tags, longTag, longTagStatus, byDigest, untaggedRepo };
  },
  checks: [
    {
      id: 'discovery/tags/list',
      title: 'MUST answer the tag list of a repository with 200 and {"name","tags"} naming the repository',
      level: 'MUST',
      requirements: ['TAGS-001', 'TAGS-002'],
      async run({ registry, repo }) {
        const p = page(await registry.listTags(repo), `GET /v2/${repo}/tags/list`);
        if (p.name !== repo) fail('the tag list "name" is not the repository name', JSON.stringify(repo), JSON.stringify(p.name));
        if (p.tags === null) fail('the tag list of a tagged repository is null', 'a list of tags', 'null');
      },
    },
    {
      id: 'discovery/tags/complete',
      title: 'MUST list every pushed tag, over every Link page, and no manifest pushed by digest',
      level: 'MUST',
      requirements: ['TAGS-002', 'TAGS-007', 'MAN-006'],
      async run(ctx, s) {
        const { registry, repo } = ctx;
        const w = await walkTags(registry, await registry.listTags(repo), s.tags.length + 10);
        if (w.problem) fail('the tag list could not be read to the end', 'pages of {"name","tags"} linked by rel="next"', w.problem);
        const listed = new Set(w.tags);
        const missing = s.tags.filter((t) => !listed.has(t));
        if (missing.length > 0) fail('pushed tags are missing from the tag list', `all ${s.tags.length} pushed tags`, `missing: ${JSON.stringify(missing)}`);
        const digests = w.tags.filter((t) => t.includes(':') || t === s.byDigest.digest.split(':')[1]);
        if (digests.length > 0) fail('a manifest pushed by digest shows up as a tag', 'no digest entries', JSON.stringify(digests));
        // A shared repository (--repositories given) may hold tags of others: only a repository of our own has no extra ones.
        const extra = ownRepositories(ctx) ? w.tags.filter((t) => !s.tags.includes(t)) : [];
        if (extra.length > 0) fail('the tag list holds tags that were never pushed', JSON.stringify(s.tags), `extra: ${JSON.stringify(extra)}`);
        if (w.tags.length !== listed.size) fail('a tag is listed more than once', 'each tag once', JSON.stringify(w.tags));
      },
    },
    {
      id: 'discovery/tags/long-tag',
      title: 'MUST accept a 128-character tag and serve the manifest under it',
      level: 'MUST',
      requirements: ['NAME-004'],
      async run({ registry, repo }, s) {
        if (s.longTagStatus !== 201) fail('a manifest PUT under a 128-character tag was refused', 'status 201', `status ${s.longTagStatus}`);
        const r = await registry.getManifest(repo, s.longTag);
        expectStatus(r, [200], 'GET manifest by the 128-character tag');
        expectBytes(r, s.image.manifest.bytes, 'GET manifest by the 128-character tag');
      },
    },
    {
      id: 'discovery/tags/order',
      title: 'MUST list tags in lexical order (case-insensitive, or plain byte order)',
      level: 'MUST',
      requirements: ['TAGS-004'],
      async run({ registry, repo }, s) {
        // The 1.1.1 text says case-insensitive alphanumeric; later text (and distribution) allow byte order too: both pass.
        const listed = unique(await readAll(registry, registry.listTags(repo), s));
        const order = orderOf(listed);
        if (order === undefined)
          fail(
            'the tag list is neither in case-insensitive nor in byte order',
            `${JSON.stringify([...s.tags].sort(ORDERS['case-insensitive']))} or ${JSON.stringify([...s.tags].sort(ORDERS.byte))}`,
            JSON.stringify(listed),
          );
        return `tags are listed in ${order} order`;
      },
    },
    {
      id: 'discovery/tags/n',
      title: 'MUST return exactly n tags when n is given, unless fewer exist or a Link header is sent',
      level: 'MUST',
      requirements: ['TAGS-005'],
      async run({ registry, repo }, s) {
        // Counts only, so that a list in the wrong order is still judged here.
        const total = unique([...(await readAll(registry, registry.listTags(repo), s)), ...s.tags]).length;
        // A few, all of them plus more, and far more than any page size a registry is likely to cap at.
        for (const n of [3, total + 5, 10000]) judgeCount(page(await registry.listTags(repo, { n }), `n=${n}`), total, n, `GET tags/list?n=${n}`);
      },
    },
    {
      id: 'discovery/tags/n-zero',
      title: 'MUST answer n=0 with an empty tag list',
      level: 'MUST',
      requirements: ['TAGS-008'],
      async run({ registry, repo }) {
        const p = page(await registry.listTags(repo, { n: 0 }), 'GET tags/list?n=0');
        if (p.tags === null || p.tags.length !== 0) fail('n=0 did not return an empty list', '"tags": []', JSON.stringify(p.tags));
      },
    },
    {
      id: 'discovery/tags/n-zero-no-link',
      title: 'MUST NOT send a Link header with the answer to n=0',
      level: 'MUST NOT',
      requirements: ['TAGS-009'],
      async run({ registry, repo }) {
        const r = await registry.listTags(repo, { n: 0 });
        need(r.status === 200, `GET tags/list?n=0 answered ${r.status} (judged by discovery/tags/n-zero)`);
        const link = r.rawHeaders.filter(([k]) => k.toLowerCase() === 'link').map(([, v]) => v);
        if (link.length > 0) fail('n=0 was answered with a Link header', 'no Link header', `Link: ${link.join(', ')}`);
      },
    },
    {
      id: 'discovery/tags/link-syntax',
      title: 'MUST send a tag list Link header, when sending one, as <url>; rel="next"',
      level: 'MUST',
      requirements: ['TAGS-007'],
      async run({ registry, repo }) {
        const p = page(await registry.listTags(repo, { n: 2 }), 'GET tags/list?n=2');
        if (p.link === undefined) throw new Unsupported('no Link header with n=2: the registry does not paginate with Link, which the spec allows (the count is judged by discovery/tags/n)');
        if (p.linkError) fail('the tag list Link header is malformed', '<url>; rel="next"', p.linkError);
      },
    },
    {
      id: 'discovery/tags/link-walk',
      title: 'MUST link tag pages so that following every rel="next" yields the whole list in order, once',
      level: 'MUST',
      requirements: ['TAGS-007', 'TAGS-013'],
      async run(ctx, s) {
        const n = ctx.rng.int(2, 4);
        const first = await ctx.registry.listTags(ctx.repo, { n });
        const firstPage = page(first, `GET tags/list?n=${n}`);
        if (firstPage.link === undefined) throw new Unsupported(`no Link header with n=${n}: the registry does not paginate with Link, which the spec allows`);
        const { list } = await reference(ctx, s);
        const w = await walkTags(ctx.registry, first, list.length + 10);
        if (w.problem) fail('following the Link headers broke off', 'pages linked by rel="next" up to the last tag', w.problem);
        if (w.tags.join('\n') !== list.join('\n'))
          fail(`following every Link from n=${n} did not yield the whole list, in order, once`, JSON.stringify(list), `${w.pages.length} pages: ${JSON.stringify(w.pages.map((p) => p.tags))}`);
      },
    },
    {
      id: 'discovery/tags/last',
      title: 'MUST answer last=<tag> with the tags strictly after it, in the same order',
      level: 'MUST',
      requirements: ['TAGS-012', 'TAGS-013'],
      async run(ctx, s) {
        const byBytes = [...s.tags].sort(ORDERS.byte);
        const lasts = [0, Math.floor(byBytes.length / 2), byBytes.length - 2, byBytes.length - 1].map((i) => byBytes[i]!);
        const n = 4;
        const pages = new Map<string, TagPage>();
        for (const last of lasts) {
          const what = `GET tags/list?n=${n}&last=${last}`;
          const p = page(await ctx.registry.listTags(ctx.repo, { n, last }), what);
          judgeExcludes(p.tags ?? [], last, what);
          pages.set(last, p);
        }
        // Which tags come after last depends on the order the registry uses.
        const { list } = await reference(ctx, s);
        for (const [last, p] of pages) judgeSlice(p, list.slice(list.indexOf(last) + 1), n, `GET tags/list?n=${n}&last=${last}`);
      },
    },
    {
      id: 'discovery/tags/last-without-n',
      title: 'MUST list only the tags after last when it accepts last without n',
      level: 'MUST',
      requirements: ['TAGS-012', 'TAGS-014'],
      async run(ctx, s) {
        const last = ctx.rng.pick(s.tags.slice(0, -1));
        const what = `GET tags/list?last=${last}`;
        const r = await ctx.registry.listTags(ctx.repo, { last });
        // n is optional with last (MAY): a registry may refuse the request as incomplete.
        if (r.status === 400) throw new Unsupported('last without n was refused with 400, which the spec allows');
        const w = await walkTags(ctx.registry, r, s.tags.length + 10);
        if (w.problem) fail(`${what}: the pages could not be read`, 'status 200 and tag pages', w.problem);
        judgeExcludes(w.tags, last, what);
        const { list } = await reference(ctx, s);
        const after = list.slice(list.indexOf(last) + 1);
        if (w.tags.join('\n') !== after.join('\n')) fail(`${what}: not the tags after last`, JSON.stringify(after), JSON.stringify(w.tags));
      },
    },
    {
      id: 'discovery/tags/n-random',
      title: 'MUST return, for any n, the first n tags of the ordered list (fewer only with a Link header)',
      level: 'MUST',
      requirements: ['TAGS-005', 'TAGS-010'],
      async run(ctx, s) {
        const { list } = await reference(ctx, s);
        await property(
          ctx,
          fc.integer({ min: 1, max: list.length + 2 }),
          async (n) => judgeSlice(page(await ctx.registry.listTags(ctx.repo, { n }), `n=${n}`), list, n, `GET tags/list?n=${n}`),
          { numRuns: 8 },
        );
      },
    },
    {
      id: 'discovery/tags/last-random',
      title: 'MUST return, for any pushed tag as last and any n, the next n tags after it',
      level: 'MUST',
      requirements: ['TAGS-005', 'TAGS-012', 'TAGS-013'],
      async run(ctx, s) {
        const { list } = await reference(ctx, s);
        await property(
          ctx,
          fc.record({ last: fc.constantFrom(...s.tags), n: fc.integer({ min: 1, max: list.length }) }),
          async ({ last, n }) => {
            const what = `GET tags/list?n=${n}&last=${last}`;
            judgeSlice(page(await ctx.registry.listTags(ctx.repo, { n, last }), what), list.slice(list.indexOf(last) + 1), n, what);
          },
          { numRuns: 8 },
        );
      },
    },
    {
      id: 'discovery/tags/missing-repository',
      title: 'MUST answer the tag list of a repository that does not exist with 404',
      level: 'MUST',
      requirements: ['TAGS-016'],
      async run({ registry, repo, rng }) {
        expectStatus(await registry.listTags(`${repo}-${rng.word(8)}`), [404], 'GET tags/list of an unknown repository');
      },
    },
    {
      id: 'discovery/tags/untagged-repository',
      title: 'MUST answer the tag list of a repository holding only a manifest pushed by digest with 200 and no tags',
      level: 'MUST',
      requirements: ['TAGS-001', 'TAGS-002', 'MAN-006'],
      async run(ctx, s) {
        needOwnRepositories(ctx, 'a repository holding only an untagged manifest');
        const r = await ctx.registry.listTags(s.untaggedRepo!);
        // Whether a repository with no tags "exists" for the tag list is left open (inventory A16): 404 is not judged.
        if (r.status === 404) throw new Unsupported('the registry answers 404 for a repository that holds only untagged manifests, which the spec leaves open');
        const p = page(r, `GET /v2/${s.untaggedRepo}/tags/list`);
        if (p.name !== s.untaggedRepo) fail('the tag list "name" is not the repository name', JSON.stringify(s.untaggedRepo), JSON.stringify(p.name));
        // null instead of [] is judged by discovery/tags/empty-array.
        if (p.tags !== null && p.tags.length > 0) fail('a repository whose only manifest was pushed by digest lists tags', '"tags": []', JSON.stringify(p.tags));
      },
    },
    {
      id: 'discovery/tags/empty-array',
      title: 'MUST answer a repository without tags with a list, "tags": [] (null is only a warning, A16)',
      // The spec allows the empty list (MAY) and shows "tags" as a list (TAGS-002); null is warned, not failed (A16).
      level: 'MUST',
      requirements: ['TAGS-002', 'TAGS-003'],
      async run(ctx, s) {
        needOwnRepositories(ctx, 'a repository without tags');
        const p = parseTagPage(await ctx.registry.listTags(s.untaggedRepo!));
        need(typeof p !== 'string', `the tag list of the untagged repository could not be read (judged by discovery/tags/untagged-repository)`);
        if (p.tags === null) throw new Violation('an empty tag list is null (A16: a warning)', '"tags": []', '"tags": null', 'SHOULD');
      },
    },
    {
      id: 'discovery/tags/tag-moves',
      title: 'MUST move a tag to the manifest pushed under it last, listing it once',
      level: 'MUST',
      requirements: ['MAN-015', 'TAGS-019'],
      async run({ registry, repo, rng }, s) {
        const tag = randomTag(rng, 'move');
        const m1 = s.image.manifest;
        const first = await registry.putManifest(repo, tag, m1.bytes, m1.mediaType);
        need(first.status === 201, `pushing a manifest under a new tag failed (status ${first.status})`);
        const m2 = manifestVariant(s.image, rng);
        expectStatus(await registry.putManifest(repo, tag, m2.bytes, m2.mediaType), [201], 'PUT of another manifest under the same tag');
        const get = await registry.getManifest(repo, tag);
        expectStatus(get, [200], 'GET manifest by the moved tag');
        expectBytes(get, m2.bytes, 'GET manifest by the moved tag');
        expectStatus(await registry.getManifest(repo, m1.digest), [200], 'GET by digest of the manifest the tag left');
        const listed = (await readComplete(registry, repo, s)).filter((t) => t === tag);
        if (listed.length !== 1) fail('the moved tag is not listed exactly once', `${tag} once`, `${listed.length} times`);
      },
    },
    {
      id: 'discovery/tags/after-delete',
      title: 'MUST drop a deleted tag from the tag list',
      level: 'MUST',
      requirements: ['TAGS-019'],
      needs: ['push', 'content-discovery', 'content-management'],
      async run({ registry, repo, rng }, s) {
        const tag = randomTag(rng, 'del');
        const m = s.image.manifest;
        const put = await registry.putManifest(repo, tag, m.bytes, m.mediaType);
        need(put.status === 201, `pushing a manifest under a new tag failed (status ${put.status})`);
        if (!(await readComplete(registry, repo, s)).includes(tag)) fail('a newly pushed tag is not listed', `${tag} listed`, 'not listed');
        const del = await registry.deleteManifest(repo, tag);
        // Tag deletion is optional: a registry that disables it answers 400 or 405.
        if (del.status === 400 || del.status === 405) throw new Unsupported(`tag deletion is disabled (status ${del.status}), which the spec allows`);
        need(del.status >= 200 && del.status < 300, `DELETE of the tag answered ${del.status}`);
        if ((await readComplete(registry, repo, s)).includes(tag)) fail('a deleted tag is still listed', `${tag} gone from the list`, `${tag} listed`);
      },
    },
  ],
});
