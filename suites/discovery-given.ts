import { bareMediaType, MEDIA } from '../src/registry/grammar.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { Unsupported } from '../src/runner/verdicts.js';
import { expectStatus, fail } from './_lib/expect.js';
import { findContent, want, type Found } from './_lib/given.js';
import { orderOf, parseTagPage, walkTags } from './_lib/tag-list.js';

/** Pages read at most when walking a tag list of content we did not push. */
const MAX_PAGES = 50;

/**
 * Content discovery on content already in the registry, for --profile
 * read-only: the tag list of the repository and the referrers of a subject.
 * Content we did not push has unknown extent, so these checks judge the
 * shape of the answers and what was named, never exact counts.
 */
export default defineWorkflow<Found>({
  id: 'discovery-given',
  title: 'Listing tags and referrers of content already in the registry (read-only)',
  category: 'content-discovery',
  needs: ['content-discovery'],
  readOnly: 'given',
  setup: findContent,
  checks: [
    {
      id: 'discovery/given/tags-list',
      title: 'MUST answer the tag list of a repository with 200 and {"name","tags"} listing every tag it holds',
      level: 'MUST',
      requirements: ['TAGS-001', 'TAGS-002'],
      async run({ registry }, f) {
        const repo = want(f, 'repository', f.repo);
        const first = await registry.listTags(repo);
        expectStatus(first, [200], `GET tags/list of ${repo}`);
        const page = parseTagPage(first);
        if (typeof page === 'string') fail(`GET tags/list of ${repo}: not a tag list`, '{"name":"…","tags":[…]}', page);
        if (page.name !== repo) fail(`GET tags/list of ${repo}: "name" is not the repository`, `"name": ${JSON.stringify(repo)}`, `"name": ${JSON.stringify(page.name)}`);
        const walk = await walkTags(registry, first, MAX_PAGES);
        if (walk.problem && !walk.problem.startsWith('more than')) fail(`GET tags/list of ${repo}: the list cannot be read`, 'pages linked with rel="next"', walk.problem);
        const missing = f.tags.filter((t) => !walk.tags.includes(t));
        if (missing.length > 0 && !walk.problem) fail(`GET tags/list of ${repo}: tags that resolve are not listed`, `tags including ${JSON.stringify(missing)}`, `${walk.tags.length} tags without them`);
      },
    },
    {
      id: 'discovery/given/tags-order',
      title: 'MUST list the tags of a repository in lexical order',
      level: 'MUST',
      requirements: ['TAGS-004'],
      async run({ registry }, f) {
        const repo = want(f, 'repository', f.repo);
        const page = parseTagPage(await registry.listTags(repo));
        if (typeof page === 'string') throw new Unsupported(`the tag list is not readable (${page}); discovery/given/tags-list reports it`);
        const tags = page.tags ?? [];
        if (tags.length < 2) throw new Unsupported(`the repository lists ${tags.length} tag(s), so there is no order to verify`);
        if (!orderOf(tags)) fail(`GET tags/list of ${repo}: the tags are not in lexical order`, 'byte or case-insensitive order', JSON.stringify(tags.slice(0, 20)));
        return `${orderOf(tags)} order`;
      },
    },
    {
      id: 'discovery/given/tags-n',
      title: 'MUST return at most n tags with n, and exactly n unless a Link header is sent or fewer exist',
      level: 'MUST',
      requirements: ['TAGS-005'],
      async run({ registry }, f) {
        const repo = want(f, 'repository', f.repo);
        const all = parseTagPage(await registry.listTags(repo));
        if (typeof all === 'string') throw new Unsupported(`the tag list is not readable (${all}); discovery/given/tags-list reports it`);
        const total = all.tags?.length ?? 0;
        if (total < 2) throw new Unsupported(`the repository lists ${total} tag(s): too few to page`);
        const r = await registry.listTags(repo, { n: 1 });
        expectStatus(r, [200], `GET tags/list?n=1 of ${repo}`);
        const p = parseTagPage(r);
        if (typeof p === 'string') fail(`GET tags/list?n=1 of ${repo}: not a tag list`, '{"name":"…","tags":[…]}', p);
        const n = p.tags?.length ?? 0;
        if (n > 1 || (n < 1 && !p.link)) fail(`GET tags/list?n=1 of ${repo}: not one tag`, '1 tag', `${n} tags`);
      },
    },
    {
      id: 'discovery/given/tags-missing-repository',
      title: 'MUST answer the tag list of a repository that does not exist with 404',
      level: 'MUST',
      requirements: ['TAGS-016'],
      async run({ registry, rng }, f) {
        const repo = want(f, 'repository', f.repo);
        expectStatus(await registry.listTags(`${repo}-${rng.word(8)}`), [404], 'GET tags/list of an unknown repository');
      },
    },
    {
      id: 'discovery/given/referrers',
      title: 'MUST answer the referrers of a subject with 200 and an image index (404 only without a referrers API)',
      level: 'MUST',
      requirements: ['REF-001', 'REF-004', 'REF-005'],
      async run({ registry }, f) {
        const repo = want(f, 'repository', f.repo);
        for (const s of want(f, 'subject', f.subjects)) {
          const r = await registry.referrers(repo, s);
          if (r.status === 404) throw new Unsupported('the referrers API answers 404: the registry does not offer it, which the spec allows (clients use the tag schema)');
          expectStatus(r, [200], `GET referrers of ${s}`);
          if (bareMediaType(r.headers['content-type']) !== MEDIA.index) fail(`GET referrers of ${s}: Content-Type is not the index media type`, `Content-Type: ${MEDIA.index}`, `Content-Type: ${r.headers['content-type'] ?? '(none)'}`);
          referrerDescriptors(r.body, `GET referrers of ${s}`);
        }
      },
    },
    {
      id: 'discovery/given/referrers-resolve',
      title: 'MUST list as referrers only manifests of the repository, with their digest, media type and size',
      level: 'MUST',
      requirements: ['REF-006', 'REF-012'],
      async run({ registry }, f) {
        const repo = want(f, 'repository', f.repo);
        let listed = 0;
        for (const s of want(f, 'subject', f.subjects)) {
          const r = await registry.referrers(repo, s);
          if (r.status === 404) throw new Unsupported('the referrers API answers 404: the registry does not offer it, which the spec allows');
          if (r.status !== 200) throw new Unsupported(`the referrers list answered ${r.status}; discovery/given/referrers reports it`);
          for (const d of referrerDescriptors(r.body, `GET referrers of ${s}`).slice(0, 8)) {
            const m = await registry.getManifest(repo, d.digest, d.mediaType);
            expectStatus(m, [200], `GET of the referrer ${d.digest}`);
            if (m.body.length !== d.size) fail(`referrer ${d.digest}: the listed size is not the manifest's`, `size ${m.body.length}`, `size ${d.size}`);
            if (bareMediaType(m.headers['content-type']) !== d.mediaType.toLowerCase())
              fail(`referrer ${d.digest}: the listed media type is not the manifest's`, `mediaType ${m.headers['content-type'] ?? '(none)'}`, `mediaType ${d.mediaType}`);
            listed++;
          }
        }
        if (listed === 0) throw new Unsupported('the subjects have no referrers, so there is nothing to verify');
      },
    },
  ],
});

/** The descriptors of a referrers index; fails when the body is not one. */
function referrerDescriptors(body: Buffer, what: string): Array<{ digest: string; mediaType: string; size: number }> {
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    fail(`${what}: the body is not JSON`, 'an image index', `${body.length} bytes that are not JSON`);
  }
  const d = doc as { schemaVersion?: unknown; mediaType?: unknown; manifests?: unknown } | null;
  if (d?.schemaVersion !== 2 || !Array.isArray(d.manifests)) fail(`${what}: the body is not an image index`, '{"schemaVersion":2,"manifests":[…]}', JSON.stringify(doc).slice(0, 200));
  for (const m of d.manifests as unknown[]) {
    const x = m as { digest?: unknown; mediaType?: unknown; size?: unknown } | null;
    if (typeof x?.digest !== 'string' || typeof x.mediaType !== 'string' || typeof x.size !== 'number')
      fail(`${what}: a descriptor lacks digest, mediaType or size`, 'descriptors with digest, mediaType and size', JSON.stringify(m).slice(0, 200));
  }
  return d.manifests as Array<{ digest: string; mediaType: string; size: number }>;
}
