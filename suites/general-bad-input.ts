import fc from 'fast-check';
import { absentDigest, type Image } from '../src/gen/oci.js';
import type { Reply } from '../src/registry/client.js';
import { Violation } from '../src/runner/verdicts.js';
import type { CheckContext } from '../src/runner/workflow.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { fail, need } from './_lib/expect.js';
import { property } from './_lib/property.js';
import { pushTaggedImage } from './_lib/setup.js';

/**
 * Malformed and edge-case input at every endpoint that takes it, drawn by
 * fast-check from the run seed and shrunk to the smallest failing input.
 * The verdict is always the spec's: never a 2xx, never a 5xx; a refusal the
 * endpoint table does not name (A18: 400 and 404 are both named for bad
 * references) is a warning, never a failure.
 */

interface State {
  image: Image;
  tag: string;
}

/** How one endpoint may refuse bad input, and what else it may answer (e.g. 202: a plain session instead). */
interface Endpoint {
  name: string;
  refusals: readonly number[];
  alsoAllowed?: readonly number[];
  send(ctx: CheckContext, s: State, bad: string): Promise<Reply>;
}

/** Endpoints drawn by name, so counterexamples print as names. */
function endpointOf(list: readonly Endpoint[]): fc.Arbitrary<Endpoint> {
  return fc.constantFrom(...list.map((e) => e.name)).map((n) => ({ ...list.find((e) => e.name === n)!, [fc.toStringMethod]: () => JSON.stringify(n) }));
}

/** Collects refusals outside the endpoint table while the property hunts for hard failures. */
class Verdicts {
  readonly soft: string[] = [];
  judge(r: Reply, e: Endpoint, input: string): void {
    const what = `${e.name} with ${input}`;
    if (r.status >= 500) fail(`${what}: a server error`, `status ${e.refusals.join(' or ')}`, `status ${r.status}`);
    if (e.refusals.includes(r.status) || e.alsoAllowed?.includes(r.status)) return;
    if (r.status >= 200 && r.status < 300) fail(`${what} was accepted`, `status ${e.refusals.join(' or ')}`, `status ${r.status}`);
    if (this.soft.length < 10) this.soft.push(`${what}: status ${r.status}`);
  }
  /** After the property: refusals the endpoint table does not name are a warning (A18). */
  settle(): string {
    if (this.soft.length > 0)
      throw new Violation(
        `refused with a status the endpoint table does not name (A18: a warning, not a failure): ${this.soft.join('; ')}`,
        'the refusal the endpoint table names',
        this.soft[0]!,
        'SHOULD',
      );
    return 'every bad input was refused as the endpoint table says';
  }
}

const lowerHex = (d: string): string => d.slice(d.indexOf(':') + 1);

/** Digests that are malformed, of the wrong length, upper-case, or of an unregistered algorithm, from a real one. */
function badDigests(real: string): fc.Arbitrary<[string, string]> {
  const hex = lowerHex(real);
  const long = hex.repeat(4);
  return fc.oneof(
    fc.constant<[string, string]>(['upper-case hex', `sha256:${hex.toUpperCase()}`]),
    fc.integer({ min: 0, max: hex.length - 1 }).map<[string, string]>((i) => ['one upper-case hex digit', `sha256:${hex.slice(0, i)}${hex.charAt(i).toUpperCase() === hex.charAt(i) ? 'A' : hex.charAt(i).toUpperCase()}${hex.slice(i + 1)}`]),
    fc.integer({ min: 1, max: 140 }).filter((n) => n !== 64).map<[string, string]>((n) => [`sha256 with ${n} hex characters`, `sha256:${long.slice(0, n)}`]),
    fc.integer({ min: 1, max: 200 }).filter((n) => n !== 128).map<[string, string]>((n) => [`sha512 with ${n} hex characters`, `sha512:${long.slice(0, n)}`]),
    fc.constantFrom<[string, string]>(
      ['an upper-case algorithm', `SHA256:${hex}`],
      ['no algorithm', `:${hex}`],
      ['no encoding', 'sha256:'],
      ['no separator', `sha256${hex}`],
      ['non-hex characters', `sha256:${hex.slice(0, 62)}zz`],
      ['two separators', `sha256:${hex.slice(0, 32)}:${hex.slice(32)}`],
      ['an algorithm with a trailing separator', `sha256+:${hex}`],
    ),
    // Grammar-valid but unregistered: never content the registry can have verified.
    fc.constantFrom('md5', 'sha1', 'blake3', 'sha256+b64u', 'multihash+base58').map<[string, string]>((alg) => [`the unregistered algorithm ${alg}`, `${alg}:${hex.slice(0, 32)}`]),
  );
}

/** References that are neither a tag nor a digest, and tags past the limits. */
const badReferences: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.integer({ min: 129, max: 300 }).map<[string, string]>((n) => [`a ${n}-character tag`, 'a'.repeat(n)]),
  fc.tuple(fc.constantFrom('.', '-'), fc.stringMatching(/^[a-z0-9]{1,8}$/)).map<[string, string]>(([c, t]) => [`a tag starting with "${c}"`, `${c}${t}`]),
  fc.tuple(fc.constantFrom('+', '~', '!', '@', ',', '='), fc.stringMatching(/^[a-z0-9]{1,8}$/)).map<[string, string]>(([c, t]) => [`a tag with "${c}"`, `t${c}${t}`]),
);

/** Components that break the repository-name grammar. */
const badComponents: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.stringMatching(/^[a-z0-9]{1,6}$/).map<[string, string]>((c) => ['upper-case letters', `X${c}`]),
  fc.tuple(fc.constantFrom('.', '_', '-'), fc.stringMatching(/^[a-z0-9]{1,6}$/)).map<[string, string]>(([s, c]) => [`a leading "${s}"`, `${s}${c}`]),
  fc.tuple(fc.constantFrom('.', '_', '-'), fc.stringMatching(/^[a-z0-9]{1,6}$/)).map<[string, string]>(([s, c]) => [`a trailing "${s}"`, `${c}${s}`]),
  fc.stringMatching(/^[a-z0-9]{1,6}$/).map<[string, string]>((c) => ['three underscores', `a___${c}`]),
  fc.stringMatching(/^[a-z0-9]{1,6}$/).map<[string, string]>((c) => ['two dots', `a..${c}`]),
  fc.constantFrom('!', '~', '+', '=', ',').map<[string, string]>((ch) => [`the character "${ch}"`, `a${ch}b`]),
  // An empty component ("//") is left out: servers may normalise the URL path and redirect, which says nothing about names.
);

/** The repository name of the run with `component` put first, in the middle or last. */
function nameWith(repo: string, position: 'first' | 'middle' | 'last', component: string): string {
  const parts = repo.split('/');
  if (position === 'first') return [component, ...parts].join('/');
  if (position === 'last') return [...parts, component].join('/');
  return [...parts.slice(0, -1), component, parts[parts.length - 1]].join('/');
}

const BLOB_DIGEST_ENDPOINTS: Endpoint[] = [
  { name: 'GET blob', refusals: [400, 404], send: ({ registry, repo }, _s, d) => registry.getBlob(repo, d) },
  { name: 'HEAD blob', refusals: [400, 404], send: ({ registry, repo }, _s, d) => registry.headBlob(repo, d) },
  { name: 'DELETE blob', refusals: [400, 404, 405], send: ({ registry, repo }, _s, d) => registry.deleteBlob(repo, d) },
];

const MANIFEST_REF_ENDPOINTS: Endpoint[] = [
  { name: 'GET manifest', refusals: [400, 404], send: ({ registry, repo }, _s, ref) => registry.getManifest(repo, ref) },
  { name: 'HEAD manifest', refusals: [400, 404], send: ({ registry, repo }, _s, ref) => registry.headManifest(repo, ref) },
  // A18: end-7 lists only 404/413, but 400 is what a refused reference gets in practice.
  { name: 'PUT manifest', refusals: [400, 404], send: ({ registry, repo }, s, ref) => registry.putManifest(repo, ref, s.image.manifest.bytes, s.image.manifest.mediaType) },
  { name: 'DELETE manifest', refusals: [400, 404, 405], send: ({ registry, repo }, _s, ref) => registry.deleteManifest(repo, ref) },
];

const UPLOAD_DIGEST_ENDPOINTS: Endpoint[] = [
  {
    name: 'closing PUT',
    refusals: [400, 404],
    async send({ registry, repo }, s, d) {
      const post = await registry.startUpload(repo);
      need(post.status === 202 && !!post.location, `POST upload failed (status ${post.status}); push/blob/post-opens-session judges it`);
      return registry.putUpload(post.location, repo, d, s.image.layers[0]!.data);
    },
  },
  // A11: 202 means the registry did not take the body and opened a session instead.
  { name: 'single POST', refusals: [400, 404], alsoAllowed: [202], send: ({ registry, repo }, s, d) => registry.postBlob(repo, s.image.layers[0]!.data, d) },
];


/** Bad input at every endpoint that takes it. */
export default defineWorkflow<State>({
  id: 'general-bad-input',
  title: 'Malformed and edge-case input at every endpoint',
  category: 'general',
  needs: ['push'],
  setup: pushTaggedImage,
  checks: [
    {
      id: 'general/bad-input/blob-digests',
      title: 'MUST refuse malformed, upper-case, wrong-length and unregistered digests in GET, HEAD and DELETE of blobs (never 2xx, never 5xx)',
      level: 'MUST',
      requirements: ['NAME-005', 'NAME-006', 'DEL-011'],
      category: 'pull',
      async run(ctx, s) {
        const v = new Verdicts();
        const arb = fc.tuple(endpointOf(BLOB_DIGEST_ENDPOINTS), badDigests(s.image.layers[0]!.digest));
        await property(ctx, arb, async ([e, [how, d]]) => v.judge(await e.send(ctx, s, d), e, `a digest with ${how} (${d})`), { numRuns: 30 });
        return v.settle();
      },
    },
    {
      id: 'general/bad-input/manifest-references',
      title: 'MUST refuse references that are neither a tag nor a valid digest in GET, HEAD, PUT and DELETE of manifests (never 2xx, never 5xx)',
      level: 'MUST',
      requirements: ['NAME-003', 'NAME-005', 'NAME-006', 'MAN-011'],
      async run(ctx, s) {
        const v = new Verdicts();
        const ref = fc.oneof(badDigests(s.image.manifest.digest), badReferences);
        await property(ctx, fc.tuple(endpointOf(MANIFEST_REF_ENDPOINTS), ref), async ([e, [how, r]]) => v.judge(await e.send(ctx, s, r), e, `a reference with ${how} (${r.slice(0, 80)})`), {
          numRuns: 30,
        });
        return v.settle();
      },
    },
    {
      id: 'general/bad-input/upload-digests',
      title: 'MUST refuse to store a blob under a malformed, wrong-length or unregistered digest in a closing PUT or single POST',
      level: 'MUST',
      requirements: ['NAME-005', 'NAME-009'],
      category: 'push',
      async run(ctx, s) {
        const v = new Verdicts();
        await property(ctx, fc.tuple(endpointOf(UPLOAD_DIGEST_ENDPOINTS), badDigests(s.image.layers[0]!.digest)), async ([e, [how, d]]) => v.judge(await e.send(ctx, s, d), e, `a digest with ${how} (${d})`), {
          numRuns: 20,
        });
        return v.settle();
      },
    },
    {
      id: 'general/bad-input/mounts',
      title: 'MUST NOT claim a mount (201) for a malformed mount= digest or a from= repository name that breaks the grammar',
      level: 'MUST NOT',
      requirements: ['MOUNT-004', 'NAME-001', 'NAME-005'],
      category: 'push',
      async run(ctx, s) {
        const v = new Verdicts();
        // MOUNT-003: a mount it cannot do may open a plain session (202).
        const e: Endpoint = { name: 'mount', refusals: [400, 404], alsoAllowed: [202], send: () => Promise.reject(new Error('unused')) };
        const input = fc.oneof(
          badDigests(s.image.layers[0]!.digest).map((d) => ({ kind: 'mount=' as const, how: d[0], digest: d[1], from: ctx.repo })),
          fc.tuple(badComponents, fc.constantFrom('first' as const, 'middle' as const, 'last' as const)).map(([[how, c], pos]) => ({ kind: 'from=' as const, how: `${how} in the ${pos} component`, digest: '', from: nameWith(ctx.repo, pos, c) })),
        );
        await property(
          ctx,
          input,
          async (i) => {
            // From a bad name, mount a digest no repository has: a 201 can only be a false claim.
            const digest = i.kind === 'mount=' ? i.digest : absentDigest(ctx.rng);
            const r = await ctx.registry.mountBlob(ctx.repo2, digest, i.from);
            v.judge(r, e, `${i.kind} with ${i.how} (mount=${digest}&from=${i.from})`);
          },
          { numRuns: 20 },
        );
        return v.settle();
      },
    },
    {
      id: 'general/bad-input/referrers-digests',
      title: 'MUST answer 400 to a referrers request whose digest is malformed, upper-case or of the wrong length',
      level: 'MUST',
      requirements: ['REF-003'],
      category: 'content-discovery',
      needs: ['push', 'content-discovery'],
      async run(ctx, s) {
        // A1: a registry without the referrers API answers 404 for every subject; then this is not judged here.
        const probe = await ctx.registry.referrers(ctx.repo, s.image.manifest.digest);
        need(probe.status === 200, `the referrers API answers ${probe.status} for a pushed manifest (discovery/referrers/* judge it)`);
        const v = new Verdicts();
        const e: Endpoint = { name: 'GET referrers', refusals: [400], send: ({ registry, repo }, _s, d) => registry.referrers(repo, d) };
        const malformed = badDigests(s.image.manifest.digest).filter(([how]) => !how.startsWith('the unregistered'));
        await property(ctx, malformed, async ([how, d]) => v.judge(await e.send(ctx, s, d), e, `a digest with ${how} (${d})`), { numRuns: 15 });
        return v.settle();
      },
    },
    {
      id: 'general/bad-input/repository-names',
      title: 'MUST refuse repository names that break the grammar in the first, a middle or the last component, at every endpoint',
      level: 'MUST',
      requirements: ['NAME-001'],
      async run(ctx, s) {
        const v = new Verdicts();
        // A31: a name outside the namespace the account may use can get 401/403 instead.
        const auth = [401, 403];
        const endpoints: Endpoint[] = [
          { name: 'POST upload', refusals: [400, 404], alsoAllowed: auth, send: ({ registry }, _s, n) => registry.startUpload(n) },
          { name: 'GET manifest', refusals: [400, 404], alsoAllowed: auth, send: ({ registry }, st, n) => registry.getManifest(n, st.tag) },
          { name: 'GET blob', refusals: [400, 404], alsoAllowed: auth, send: ({ registry }, st, n) => registry.getBlob(n, st.image.layers[0]!.digest) },
          { name: 'GET tags/list', refusals: [400, 404], alsoAllowed: auth, send: ({ registry }, _s, n) => registry.listTags(n) },
          { name: 'PUT manifest', refusals: [400, 404], alsoAllowed: auth, send: ({ registry }, st, n) => registry.putManifest(n, st.tag, st.image.manifest.bytes, st.image.manifest.mediaType) },
        ];
        const input = fc.tuple(endpointOf(endpoints), badComponents, fc.constantFrom('first' as const, 'middle' as const, 'last' as const));
        await property(ctx, input, async ([e, [how, c], pos]) => {
          const name = nameWith(ctx.repo, pos, c);
          v.judge(await e.send(ctx, s, name), e, `the name "${name}" (${how} in the ${pos} component)`);
        }, { numRuns: 30 });
        // Names at and past the 255-character limit clients keep to (NAME-002, informational): any answer but a 5xx.
        for (const total of [255, 256, 300]) {
          const pad = total - new URL(ctx.registry.baseUrl).host.length - 1 - ctx.repo.length - 1;
          const name = `${ctx.repo}/${'a'.repeat(Math.max(1, pad))}`;
          const r = await ctx.registry.getManifest(name, s.tag);
          if (r.status >= 500) fail(`GET manifest in a repository whose name makes the reference ${total} characters long: a server error`, 'any answer but a 5xx', `status ${r.status}`);
        }
        return v.settle();
      },
    },
    {
      id: 'general/bad-input/tags',
      title: 'MUST refuse tags past 128 characters or outside the tag grammar in PUT, GET, HEAD and DELETE of manifests',
      level: 'MUST',
      requirements: ['NAME-004'],
      async run(ctx, s) {
        const v = new Verdicts();
        await property(ctx, fc.tuple(endpointOf(MANIFEST_REF_ENDPOINTS), badReferences), async ([e, [how, t]]) => v.judge(await e.send(ctx, s, t), e, `${how} (${t.slice(0, 80)})`), { numRuns: 25 });
        return v.settle();
      },
    },
    {
      id: 'general/bad-input/tag-list-parameters',
      title: 'MUST NOT answer a tag list with n or last negative, non-numeric, huge or unknown with a server error',
      level: 'MUST NOT',
      requirements: ['GEN-011', 'TAGS-017', 'TAGS-018'],
      category: 'content-discovery',
      needs: ['push', 'content-discovery'],
      async run(ctx) {
        const soft: string[] = [];
        const invalidN = fc.oneof(
          fc.integer({ min: -1_000_000, max: -1 }).map(String),
          fc.constantFrom('abc', '1.5', '1e3', '', ' 1', '0x10', '+1', '1;2', '١'),
        );
        const hugeN = fc.oneof(fc.bigInt({ min: 2n ** 31n, max: 2n ** 70n }).map(String), fc.constantFrom(String(2 ** 53), '9'.repeat(40)));
        const last = fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/), fc.constantFrom('', 'a!b', '-', '~', 'z'.repeat(200)));
        const input = fc.oneof(
          invalidN.map((n) => ({ n, kind: 'invalid n' as const })),
          hugeN.map((n) => ({ n, kind: 'huge n' as const })),
          fc.tuple(fc.option(fc.integer({ min: 0, max: 5 }).map(String), { nil: undefined }), last).map(([n, l]) => ({ n, last: l, kind: 'unknown last' as const })),
        );
        await property(ctx, input, async (i) => {
          const r = await ctx.registry.listTags(ctx.repo, { ...(i.n !== undefined ? { n: i.n } : {}), ...('last' in i ? { last: i.last } : {}) });
          const what = `GET tags/list with ${i.kind} (${JSON.stringify({ n: i.n, ...('last' in i ? { last: i.last } : {}) })})`;
          if (r.status >= 500) fail(`${what}: a server error`, 'a tag list or a 4xx', `status ${r.status}`);
          // A16: an invalid n is expected to get a 4xx, but the spec names no code or status for it.
          if (i.kind === 'invalid n' && r.status >= 200 && r.status < 300 && soft.length < 10) soft.push(`${what}: status ${r.status}`);
        }, { numRuns: 30 });
        if (soft.length > 0)
          throw new Violation(`an invalid n was answered as if it were valid (A16: a warning): ${soft.join('; ')}`, 'a 4xx for an invalid n', soft[0]!, 'SHOULD');
        return 'no tag-list parameter got a server error';
      },
    },
    {
      id: 'general/bad-input/upload-sessions',
      title: 'MUST answer 404 to upload-session requests (status GET, PATCH, PUT) at a Location whose session is unknown',
      level: 'MUST',
      requirements: ['PUSHM-009', 'CHUNK-018'],
      category: 'push',
      async run(ctx, s) {
        const v = new Verdicts();
        const post = await ctx.registry.startUpload(ctx.repo);
        need(post.status === 202 && !!post.location, `POST upload failed (status ${post.status}); push/blob/post-opens-session judges it`);
        const location = post.location;
        const mutations = fc.oneof(
          fc.stringMatching(/^[a-f0-9]{8,36}$/).map<[string, string]>((id) => ['another session ID', replaceLastSegment(location, id)]),
          fc.stringMatching(/^[a-z0-9]{1,6}$/).map<[string, string]>((x) => ['a suffix on the session ID', replaceLastSegment(location, `${lastSegment(location)}${x}`)]),
          fc.constant<[string, string]>(['the session of another repository', location.replace(`/${ctx.repo}/`, `/${ctx.repo2}/`)]),
        );
        const data = s.image.layers[0]!;
        const methods: Endpoint[] = [
          { name: 'status GET', refusals: [404, 400], send: ({ registry }, _s, url) => registry.uploadStatus(url) },
          { name: 'PATCH', refusals: [404, 400, 416], send: ({ registry }, _s, url) => registry.patchUpload(url, data.data, { start: 0, end: data.data.length - 1 }) },
          { name: 'closing PUT', refusals: [404, 400], send: ({ registry, repo }, _s, url) => registry.putUpload(url, repo, data.digest, data.data) },
        ];
        await property(ctx, fc.tuple(endpointOf(methods), mutations), async ([e, [how, url]]) => v.judge(await e.send(ctx, s, url), e, `${how} (${url})`), { numRuns: 15 });
        await ctx.registry.cancelUpload(location);
        return v.settle();
      },
    },
  ],
});

function lastSegment(url: string): string {
  const u = new URL(url);
  return u.pathname.split('/').filter(Boolean).pop() ?? '';
}

/** The same opaque URL with its last path segment replaced (query kept, as the registry may need it). */
function replaceLastSegment(url: string, segment: string): string {
  const u = new URL(url);
  const parts = u.pathname.split('/');
  parts[parts.length - 1] = segment;
  u.pathname = parts.join('/');
  return u.toString();
}
