import { absentDigest, randomTag } from '../src/gen/oci.js';
import { matchesDigest } from '../src/registry/digest.js';
import { bareMediaType, MEDIA } from '../src/registry/grammar.js';
import type { Reply } from '../src/registry/client.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { Unsupported } from '../src/runner/verdicts.js';
import { expectDigestHeaderMatches, expectHeader, expectStatus, fail } from './_lib/expect.js';
import { findContent, howFound, want, type Found } from './_lib/given.js';

const MANIFEST_TYPES = new Set<string>([MEDIA.manifest, MEDIA.index, MEDIA.dockerManifest, MEDIA.dockerList]);

function expectHashes(r: Reply, digest: string, what: string): void {
  if (r.incomplete) fail(`${what}: the body broke off (${r.incomplete})`, `the content of ${digest}`, `${r.body.length} bytes, then the connection ended`);
  if (r.truncated) fail(`${what}: the body exceeded the harness's size cap`, `the content of ${digest}`, 'a body over the cap');
  if (!matchesDigest(r.body, digest)) fail(`${what}: the bytes do not hash to the digest`, `content of ${digest}`, `${r.body.length} bytes of other content`);
}

function expectManifestType(r: Reply, what: string): void {
  const ct = bareMediaType(r.headers['content-type']);
  if (!ct || !MANIFEST_TYPES.has(ct)) fail(`${what}: Content-Type is not a manifest media type`, [...MANIFEST_TYPES].join(' or '), `Content-Type: ${r.headers['content-type'] ?? '(none)'}`);
}

function indexChildren(r: Reply, what: string): Array<{ digest?: unknown }> {
  let doc: unknown;
  try {
    doc = JSON.parse(r.body.toString('utf8'));
  } catch {
    fail(`${what}: the body is not JSON`, 'an image index', `${r.body.length} bytes that are not JSON`);
  }
  const m = (doc as { manifests?: unknown } | null)?.manifests;
  if (!Array.isArray(m)) fail(`${what}: the body has no "manifests" array`, 'an image index', JSON.stringify(doc).slice(0, 200));
  return m as Array<{ digest?: unknown }>;
}

/**
 * Pulling content that is already in the registry, for --profile read-only:
 * tags, manifests, indexes and blobs the user names or the run discovers.
 * Only GET and HEAD requests; nothing is pushed, so nothing is cleaned up.
 */
export default defineWorkflow<Found>({
  id: 'pull-given',
  title: 'Pulling content already in the registry (read-only)',
  category: 'pull',
  needs: [],
  readOnly: 'given',
  setup: findContent,
  checks: [
    {
      id: 'pull/given/manifest-by-tag',
      title: 'MUST answer GET of a manifest by a tag it holds with 200 and a manifest',
      level: 'MUST',
      requirements: ['PULL-001'],
      async run({ registry }, f) {
        const repo = want(f, 'repository', f.repo);
        for (const tag of want(f, 'tag', f.tags)) {
          const r = await registry.getManifest(repo, tag);
          expectStatus(r, [200], `GET manifest ${repo}:${tag}`);
          expectManifestType(r, `GET manifest ${repo}:${tag}`);
        }
        return howFound(f);
      },
    },
    {
      id: 'pull/given/manifest-by-digest',
      title: 'MUST answer GET of a manifest by digest with 200 and bytes of that digest',
      level: 'MUST',
      requirements: ['PULL-001', 'PULL-009'],
      async run({ registry }, f) {
        const repo = want(f, 'repository', f.repo);
        for (const d of [...want(f, 'manifest', f.manifests), ...f.indexes]) {
          const r = await registry.getManifest(repo, d);
          expectStatus(r, [200], `GET manifest ${d}`);
          expectHashes(r, d, `GET manifest ${d}`);
        }
      },
    },
    {
      id: 'pull/given/manifest-head',
      title: 'MUST answer HEAD of a manifest by tag and digest with 200, no body and the Content-Type of GET',
      level: 'MUST',
      requirements: ['PULL-017', 'PULL-021'],
      async run({ registry }, f) {
        const repo = want(f, 'repository', f.repo);
        for (const ref of [...f.tags, ...want(f, 'manifest', f.manifests)]) {
          const get = await registry.getManifest(repo, ref);
          const head = await registry.headManifest(repo, ref);
          expectStatus(get, [200], `GET manifest ${ref}`);
          expectStatus(head, [200], `HEAD manifest ${ref}`);
          if (head.body.length > 0) fail(`HEAD manifest ${ref}: the response has a body`, 'no body', `${head.body.length} bytes`);
          if (bareMediaType(head.headers['content-type']) !== bareMediaType(get.headers['content-type']))
            fail(`HEAD manifest ${ref}: Content-Type differs from GET`, `Content-Type: ${get.headers['content-type']}`, `Content-Type: ${head.headers['content-type']}`);
        }
      },
    },
    {
      id: 'pull/given/manifest-digest-header-matches',
      title: 'MUST send a Docker-Content-Digest that is the digest of the manifest, when sending one',
      level: 'MUST',
      requirements: ['PULL-008'],
      async run({ registry }, f) {
        const repo = want(f, 'repository', f.repo);
        const replies: Reply[] = [];
        for (const ref of [...f.tags, ...want(f, 'manifest', f.manifests)]) replies.push(await registry.getManifest(repo, ref));
        for (const r of replies) expectStatus(r, [200], `GET manifest ${r.exchange.url}`);
        if (replies.every((r) => !r.headers['docker-content-digest'])) throw new Unsupported('the registry sends no Docker-Content-Digest, so there is nothing to verify');
        for (const r of replies) expectDigestHeaderMatches(r, r.body, `GET ${r.exchange.url}`);
      },
    },
    {
      id: 'pull/given/index-children',
      title: 'MUST serve an image index and each child manifest it holds by digest, with bytes of that digest',
      level: 'MUST',
      requirements: ['PULL-001', 'PULL-009'],
      async run({ registry }, f) {
        const repo = want(f, 'repository', f.repo);
        let served = 0;
        for (const d of want(f, 'index', f.indexes)) {
          const r = await registry.getManifest(repo, d);
          expectStatus(r, [200], `GET index ${d}`);
          const children = indexChildren(r, `GET index ${d}`);
          for (const c of children.slice(0, 8)) {
            if (typeof c.digest !== 'string') fail(`index ${d}: a child descriptor has no digest`, 'a digest on every descriptor', JSON.stringify(c).slice(0, 200));
            const child = await registry.getManifest(repo, c.digest);
            // A mirror may hold a sparse index (children it did not copy); only what it serves must be right.
            if (child.status === 404) continue;
            expectStatus(child, [200], `GET child manifest ${c.digest}`);
            expectHashes(child, c.digest, `GET child manifest ${c.digest}`);
            served++;
          }
        }
        if (served === 0) throw new Unsupported('no child manifest of the index is in the repository (a sparse index), so there is nothing to verify');
      },
    },
    {
      id: 'pull/given/blob-get',
      title: 'MUST answer GET of a blob with 200 and bytes of its digest',
      level: 'MUST',
      requirements: ['PULL-011', 'PULL-014'],
      async run({ registry }, f) {
        const repo = want(f, 'repository', f.repo);
        for (const d of want(f, 'blob', f.blobs)) {
          const r = await registry.getBlob(repo, d);
          expectStatus(r, [200], `GET blob ${d}`);
          expectHashes(r, d, `GET blob ${d}`);
        }
        return howFound(f);
      },
    },
    {
      id: 'pull/given/blob-head',
      title: 'MUST answer HEAD of a blob with 200 and no body',
      level: 'MUST',
      requirements: ['PULL-017', 'PULL-021'],
      async run({ registry }, f) {
        const repo = want(f, 'repository', f.repo);
        for (const d of want(f, 'blob', f.blobs)) {
          const r = await registry.headBlob(repo, d);
          expectStatus(r, [200], `HEAD blob ${d}`);
          if (r.body.length > 0) fail(`HEAD blob ${d}: the response has a body`, 'no body', `${r.body.length} bytes`);
        }
      },
    },
    {
      id: 'pull/given/blob-head-content-length',
      title: 'SHOULD send the blob size as Content-Length on HEAD',
      level: 'SHOULD',
      requirements: ['PULL-019'],
      async run({ registry }, f) {
        const repo = want(f, 'repository', f.repo);
        for (const d of want(f, 'blob', f.blobs)) {
          const get = await registry.getBlob(repo, d);
          const head = await registry.headBlob(repo, d);
          expectStatus(get, [200], `GET blob ${d}`);
          expectStatus(head, [200], `HEAD blob ${d}`);
          const len = expectHeader(head, 'Content-Length', `HEAD blob ${d}`);
          if (len !== String(get.body.length)) fail(`HEAD blob ${d}: Content-Length is not the blob size`, `Content-Length: ${get.body.length}`, `Content-Length: ${len}`);
        }
      },
    },
    {
      id: 'pull/given/blob-digest-header-matches',
      title: 'MUST send a Docker-Content-Digest that is the digest of the blob, when sending one',
      level: 'MUST',
      requirements: ['PULL-013'],
      async run({ registry }, f) {
        const repo = want(f, 'repository', f.repo);
        const replies: Reply[] = [];
        for (const d of want(f, 'blob', f.blobs)) replies.push(await registry.getBlob(repo, d), await registry.headBlob(repo, d));
        for (const r of replies) expectStatus(r, [200], `${r.exchange.method} ${r.exchange.url}`);
        if (replies.every((r) => !r.headers['docker-content-digest'])) throw new Unsupported('the registry sends no Docker-Content-Digest, so there is nothing to verify');
        for (let i = 0; i < replies.length; i += 2) {
          const [get, head] = [replies[i]!, replies[i + 1]!];
          expectDigestHeaderMatches(get, get.body, `GET ${get.exchange.url}`);
          const h = head.headers['docker-content-digest'];
          if (h !== undefined && !matchesDigest(get.body, h)) fail(`HEAD ${head.exchange.url}: Docker-Content-Digest does not match the content`, 'the digest of the blob', `Docker-Content-Digest: ${h}`);
        }
      },
    },
    {
      id: 'pull/given/manifest-missing',
      title: 'MUST answer GET and HEAD of an unknown tag or digest with 404',
      level: 'MUST',
      requirements: ['PULL-010', 'PULL-020'],
      async run({ registry, rng }, f) {
        const repo = want(f, 'repository', f.repo);
        expectStatus(await registry.getManifest(repo, randomTag(rng, 'absent')), [404], 'GET unknown tag');
        expectStatus(await registry.getManifest(repo, absentDigest(rng)), [404], 'GET unknown digest');
        expectStatus(await registry.headManifest(repo, absentDigest(rng)), [404], 'HEAD unknown digest');
      },
    },
    {
      id: 'pull/given/blob-missing',
      title: 'MUST answer GET and HEAD of an unknown blob with 404',
      level: 'MUST',
      requirements: ['PULL-015', 'PULL-020'],
      async run({ registry, rng }, f) {
        const repo = want(f, 'repository', f.repo);
        expectStatus(await registry.getBlob(repo, absentDigest(rng)), [404], 'GET unknown blob');
        expectStatus(await registry.headBlob(repo, absentDigest(rng)), [404], 'HEAD unknown blob');
      },
    },
    {
      id: 'pull/given/missing-repository',
      title: 'MUST answer a pull from a repository that does not exist with 404',
      level: 'MUST',
      requirements: ['PULL-022'],
      async run({ registry, rng }, f) {
        const repo = want(f, 'repository', f.repo);
        expectStatus(await registry.getManifest(`${repo}-${rng.word(8)}`, 'latest'), [404], 'GET manifest in an unknown repository');
      },
    },
  ],
});
