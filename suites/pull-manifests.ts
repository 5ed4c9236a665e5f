import { absentDigest, randomTag, type Image } from '../src/gen/oci.js';
import { bareMediaType } from '../src/registry/grammar.js';
import type { Reply } from '../src/registry/client.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { Unsupported } from '../src/runner/verdicts.js';
import { expectBytes, expectDigestHeaderMatches, expectErrorCode, expectHeader, expectMediaType, expectStatus, expectWellFormedErrorBody, fail } from './_lib/expect.js';
import { pushTaggedImage } from './_lib/setup.js';

interface State {
  image: Image;
  tag: string;
}

/** Pulling manifests: GET and HEAD by tag and by digest, existing and missing. */
export default defineWorkflow<State>({
  id: 'pull-manifests',
  title: 'Pulling manifests',
  category: 'pull',
  // The setup pushes what is pulled, as the official suite does; a registry that refuses it skips these checks.
  needs: [],
  setup: pushTaggedImage,
  checks: [
    {
      id: 'pull/manifest/get-by-tag',
      title: 'MUST answer GET of a manifest by tag with 200 and the pushed bytes',
      level: 'MUST',
      requirements: ['PULL-001'],
      async run({ registry, repo }, { image, tag }) {
        const r = await registry.getManifest(repo, tag);
        expectStatus(r, [200], 'GET manifest by tag');
        expectBytes(r, image.manifest.bytes, 'GET manifest by tag');
      },
    },
    {
      id: 'pull/manifest/get-by-digest',
      title: 'MUST answer GET of a manifest by digest with 200 and bytes of that digest',
      level: 'MUST',
      requirements: ['PULL-001', 'PULL-009'],
      async run({ registry, repo }, { image }) {
        const r = await registry.getManifest(repo, image.manifest.digest);
        expectStatus(r, [200], 'GET manifest by digest');
        expectBytes(r, image.manifest.bytes, 'GET manifest by digest');
      },
    },
    {
      id: 'pull/manifest/content-type',
      title: 'SHOULD serve a manifest with the media type it was pushed with',
      level: 'SHOULD',
      requirements: ['PULL-003'],
      async run({ registry, repo }, { image, tag }) {
        for (const ref of [tag, image.manifest.digest]) {
          const r = await registry.getManifest(repo, ref);
          expectStatus(r, [200], `GET manifest ${ref}`);
          expectMediaType(r, image.manifest.mediaType, `GET manifest ${ref}`);
        }
      },
    },
    {
      id: 'pull/manifest/content-type-no-parameters',
      title: 'SHOULD NOT add parameters to a manifest Content-Type',
      level: 'SHOULD NOT',
      requirements: ['PULL-004'],
      async run({ registry, repo }, { tag }) {
        for (const r of [await registry.getManifest(repo, tag), await registry.headManifest(repo, tag)]) {
          expectStatus(r, [200], `${r.exchange.method} manifest`);
          const ct = r.headers['content-type'] ?? '';
          if (ct.includes(';')) fail(`${r.exchange.method} manifest: Content-Type carries parameters`, 'a bare media type', `Content-Type: ${ct}`);
        }
      },
    },
    {
      id: 'pull/manifest/digest-header',
      title: 'SHOULD send Docker-Content-Digest with a manifest, on GET and HEAD',
      level: 'SHOULD',
      requirements: ['PULL-007', 'PULL-018'],
      async run({ registry, repo }, { tag }) {
        for (const r of [await registry.getManifest(repo, tag), await registry.headManifest(repo, tag)]) {
          expectStatus(r, [200], `${r.exchange.method} manifest`);
          expectHeader(r, 'Docker-Content-Digest', `${r.exchange.method} manifest`);
        }
      },
    },
    {
      id: 'pull/manifest/digest-header-matches',
      title: 'MUST send a Docker-Content-Digest that is the digest of the manifest, when sending one',
      level: 'MUST',
      requirements: ['PULL-008'],
      async run({ registry, repo }, { image, tag }) {
        const replies: Reply[] = [];
        for (const ref of [tag, image.manifest.digest]) replies.push(await registry.getManifest(repo, ref), await registry.headManifest(repo, ref));
        for (const r of replies) expectStatus(r, [200], `${r.exchange.method} manifest`);
        if (replies.every((r) => !r.headers['docker-content-digest'])) throw new Unsupported('the registry sends no Docker-Content-Digest, so there is nothing to verify');
        for (const r of replies) expectDigestHeaderMatches(r, image.manifest.bytes, `${r.exchange.method} ${r.exchange.url}`);
      },
    },
    {
      id: 'pull/manifest/head',
      title: 'MUST answer HEAD of a manifest by tag and by digest with 200',
      level: 'MUST',
      requirements: ['PULL-017'],
      async run({ registry, repo }, { image, tag }) {
        expectStatus(await registry.headManifest(repo, tag), [200], 'HEAD manifest by tag');
        expectStatus(await registry.headManifest(repo, image.manifest.digest), [200], 'HEAD manifest by digest');
      },
    },
    {
      id: 'pull/manifest/head-matches-get',
      title: 'MUST answer HEAD of a manifest with no body and the Content-Type of GET',
      level: 'MUST',
      requirements: ['PULL-021'],
      async run({ registry, repo }, { tag }) {
        const get = await registry.getManifest(repo, tag);
        const head = await registry.headManifest(repo, tag);
        expectStatus(get, [200], 'GET manifest');
        expectStatus(head, [200], 'HEAD manifest');
        if (head.body.length > 0) fail('HEAD manifest: the response has a body', 'no body', `${head.body.length} bytes`);
        if (bareMediaType(head.headers['content-type']) !== bareMediaType(get.headers['content-type']))
          fail('HEAD manifest: Content-Type differs from GET', `Content-Type: ${get.headers['content-type']}`, `Content-Type: ${head.headers['content-type']}`);
      },
    },
    {
      id: 'pull/manifest/head-content-length',
      title: 'SHOULD send the manifest size as Content-Length on HEAD',
      level: 'SHOULD',
      requirements: ['PULL-019'],
      async run({ registry, repo }, { image, tag }) {
        const r = await registry.headManifest(repo, tag);
        expectStatus(r, [200], 'HEAD manifest');
        const len = expectHeader(r, 'Content-Length', 'HEAD manifest');
        if (len !== String(image.manifest.bytes.length))
          fail('HEAD manifest: Content-Length is not the manifest size', `Content-Length: ${image.manifest.bytes.length}`, `Content-Length: ${len}`);
      },
    },
    {
      id: 'pull/manifest/get-missing',
      title: 'MUST answer GET of an unknown tag or digest with 404',
      level: 'MUST',
      requirements: ['PULL-010'],
      async run({ registry, repo, rng }) {
        expectStatus(await registry.getManifest(repo, randomTag(rng, 'absent')), [404], 'GET unknown tag');
        expectStatus(await registry.getManifest(repo, absentDigest(rng)), [404], 'GET unknown digest');
      },
    },
    {
      id: 'pull/manifest/head-missing',
      title: 'MUST answer HEAD of an unknown tag or digest with 404',
      level: 'MUST',
      requirements: ['PULL-020'],
      async run({ registry, repo, rng }) {
        expectStatus(await registry.headManifest(repo, randomTag(rng, 'absent')), [404], 'HEAD unknown tag');
        expectStatus(await registry.headManifest(repo, absentDigest(rng)), [404], 'HEAD unknown digest');
      },
    },
    {
      id: 'pull/manifest/missing-repository',
      title: 'MUST answer a pull from a repository that does not exist with 404',
      level: 'MUST',
      requirements: ['PULL-022'],
      async run({ registry, repo, rng }) {
        expectStatus(await registry.getManifest(`${repo}-${rng.word(8)}`, 'latest'), [404], 'GET manifest in an unknown repository');
      },
    },
    {
      id: 'pull/manifest/missing-error-body',
      title: 'MUST give a JSON error body for an unknown manifest the shape and codes the spec defines',
      level: 'MUST',
      requirements: ['ERR-002', 'ERR-003', 'ERR-004', 'ERR-006'],
      async run({ registry, repo, rng }) {
        const r = await registry.getManifest(repo, randomTag(rng, 'absent'));
        expectStatus(r, [404], 'GET unknown tag');
        expectWellFormedErrorBody(r, 'GET unknown tag');
      },
    },
    {
      id: 'pull/manifest/missing-error-code',
      title: 'SHOULD name an unknown manifest with the code MANIFEST_UNKNOWN',
      level: 'SHOULD',
      requirements: ['ERR-007'],
      async run({ registry, repo, rng }) {
        const r = await registry.getManifest(repo, absentDigest(rng));
        expectStatus(r, [404], 'GET unknown digest');
        expectErrorCode(r, 'MANIFEST_UNKNOWN', 'GET unknown digest');
      },
    },
  ],
});
