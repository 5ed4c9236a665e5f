import fc from 'fast-check';
import { blob, randomImage, randomTag, type Blob } from '../src/gen/oci.js';
import { MEDIA } from '../src/registry/grammar.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { expectBytes, expectStatus, fail } from './_lib/expect.js';
import { property } from './_lib/property.js';
import { needOwnRepositories, pushImage } from './_lib/setup.js';

/**
 * Ways to break the repository-name grammar, each applied to a valid name. Each keeps the name's
 * parent path as it is, so nothing is ever sent outside the run's namespace.
 */
const NAME_BREAKERS: Array<[string, (name: string) => string]> = [
  ['upper-case letters', (n) => `${n}Up`],
  ['an empty path component', (n) => n.replace(/\/(?=[^/]*$)/, '//')],
  ['a trailing separator', (n) => `${n}-`],
  ['a leading separator in a component', (n) => `${n}/_x`],
  ['three underscores', (n) => `${n}___x`],
  ['a character outside the grammar', (n) => `${n}!x`],
];

/** Ways to break the digest grammar (or the sha256 rules) starting from a real digest. */
const DIGEST_BREAKERS: Array<[string, (d: string) => string]> = [
  ['upper-case hex', (d) => d.slice(0, d.indexOf(':') + 1) + d.slice(d.indexOf(':') + 1).toUpperCase()],
  ['an upper-case algorithm', (d) => d.replace('sha256', 'SHA256')],
  ['a short encoding', (d) => d.slice(0, -1)],
  ['no algorithm', (d) => d.slice(d.indexOf(':'))],
  ['no encoding', (d) => d.slice(0, d.indexOf(':') + 1)],
  ['non-hex characters', (d) => d.slice(0, -2) + 'zz'],
];

/** Repository names and digests: what the grammar allows works, what it forbids is never served. */
export default defineWorkflow<{ layer: Blob }>({
  id: 'general-names',
  title: 'Repository names and digests',
  category: 'general',
  needs: ['push'],
  async setup({ registry, repo, rng }) {
    const image = randomImage(rng, { layers: 1 });
    await pushImage(registry, repo, image, randomTag(rng));
    return { layer: image.layers[0]! };
  },
  checks: [
    {
      id: 'general/names/separators',
      title: 'MUST accept repository names with several components and every separator the grammar allows',
      level: 'MUST',
      requirements: ['NAME-001'],
      async run(ctx) {
        const { registry, repo, rng } = ctx;
        needOwnRepositories(ctx, 'a repository name with several components');
        const name = `${repo}/a.b_c__d--e/f-${rng.word(4)}`;
        const b = blob(rng.bytes(100), MEDIA.octet);
        const { post, put } = await registry.pushBlob(name, b.data, b.digest);
        expectStatus(post, [202], `POST upload to ${name}`);
        expectStatus(put!, [201], `PUT upload to ${name}`);
        const get = await registry.getBlob(name, b.digest);
        expectStatus(get, [200], `GET blob from ${name}`);
        expectBytes(get, b.data, `GET blob from ${name}`);
      },
    },
    {
      id: 'general/names/invalid-refused',
      title: 'MUST NOT accept an upload to a repository name that breaks the grammar',
      level: 'MUST',
      requirements: ['NAME-001'],
      async run(ctx) {
        const { registry, repo } = ctx;
        // Random valid names, each broken every way the grammar forbids.
        await property(
          ctx,
          fc.stringMatching(/^[a-z0-9]{1,6}(?:[._-][a-z0-9]{1,4})?$/),
          async (suffix) => {
            for (const [how, breakName] of NAME_BREAKERS) {
              const bad = breakName(`${repo}/${suffix}`);
              const r = await registry.startUpload(bad);
              // 400 NAME_INVALID is ideal; 404 (no such route) is tolerated; any success is not.
              if (r.status >= 200 && r.status < 300) fail(`an upload to "${bad}" (${how}) was accepted`, 'a 4xx status (400 NAME_INVALID)', `status ${r.status}`);
            }
          },
          { numRuns: 3 },
        );
      },
    },
    {
      id: 'general/names/invalid-digest',
      title: 'MUST refuse a blob GET for a digest that breaks the digest grammar or the sha256 rules (never 200)',
      level: 'MUST',
      requirements: ['NAME-005', 'NAME-006', 'IMG-028'],
      category: 'pull',
      async run(ctx, { layer }) {
        for (const [how, breakDigest] of DIGEST_BREAKERS) {
          const bad = breakDigest(layer.digest);
          const r = await ctx.registry.getBlob(ctx.repo, bad);
          if (r.status === 200) fail(`GET blob "${bad}" (${how}) was served`, 'status 400 or 404', 'status 200');
        }
      },
    },
    {
      id: 'general/names/unregistered-algorithm',
      title: 'SHOULD let a digest of an unregistered algorithm pass validation (404, not 400)',
      level: 'SHOULD',
      requirements: ['NAME-008'],
      category: 'pull',
      async run({ registry, repo, rng }) {
        // Grammar-valid (algorithm components joined by "+", base64url encoding) but not sha256/sha512.
        const d = `sha256+b64u:${rng.bytes(32).toString('base64url')}`;
        const r = await registry.headBlob(repo, d);
        if (r.status !== 404) fail(`HEAD blob ${d}: a grammar-valid digest was not treated as merely unknown`, 'status 404', `status ${r.status}`);
      },
    },
  ],
});
