import { absentDigest, blob, manifestDoc, manifestVariant, randomImage, randomTag, type Blob, type Image, type ManifestDoc } from '../src/gen/oci.js';
import type { Rng } from '../src/gen/rng.js';
import type { Registry, Reply } from '../src/registry/client.js';
import { MEDIA } from '../src/registry/grammar.js';
import { Unsupported } from '../src/runner/verdicts.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { expectErrorCode, expectStatus, fail, need, parseErrorBody } from './_lib/expect.js';
import { eventually } from './_lib/eventually.js';
import { pushBlobs, pushImage } from './_lib/setup.js';
import { walkTags } from './_lib/tag-list.js';

/** Statuses by which a registry says deletion (of that kind) is disabled: the spec allows either. */
const DISABLED = [400, 405];


async function pushManifest(registry: Registry, repo: string, m: ManifestDoc, refs: string[]): Promise<void> {
  for (const ref of refs) {
    const put = await registry.putManifest(repo, ref, m.bytes, m.mediaType);
    need(put.status === 201, `pushing a manifest under ${ref} failed (status ${put.status})`);
  }
}

async function pushFreshBlob(registry: Registry, repo: string, rng: Rng): Promise<Blob> {
  const b = blob(rng.bytes(rng.int(32, 512)), MEDIA.layerGzip);
  await pushBlobs(registry, repo, [b]);
  return b;
}

/**
 * A DELETE whose effect a check builds on: 400/405 means this kind of deletion
 * is disabled (allowed); any other failure is judged by the status checks.
 */
function needDeleted(r: Reply, what: string): void {
  if (DISABLED.includes(r.status)) throw new Unsupported(`${what}: the registry answered ${r.status}, so this deletion is disabled (allowed)`);
  need(r.status >= 200 && r.status < 300, `${what} did not succeed (status ${r.status})`);
}

/** The success status of a DELETE: 202; 400/405 is a disabled deletion, judged by the refusal checks. */
function expectAccepted(r: Reply, what: string): void {
  if (DISABLED.includes(r.status)) throw new Unsupported(`${what}: the registry answered ${r.status}, so this deletion is disabled (allowed)`);
  if (r.status >= 200 && r.status < 300) return expectStatus(r, [202], what);
  need(false, `${what} did not succeed (status ${r.status}); the refusal checks judge that`);
}


/** The repository's tags over every page; a 404 of an emptied repository counts as none. */
async function listedTags(registry: Registry, repo: string): Promise<string[]> {
  const r = await registry.listTags(repo);
  if (r.status === 404) return [];
  const walk = await walkTags(registry, r, 20);
  need(!walk.problem, `the tag list could not be read: ${walk.problem}`);
  return walk.tags;
}

/** Digests in the first page of a subject's referrers; a 404 means the registry has no referrers API, which is allowed. */
async function referrerDigests(registry: Registry, repo: string, subject: string): Promise<string[]> {
  const r = await registry.referrers(repo, subject);
  if (r.status === 404) throw new Unsupported('the referrers API answers 404: the registry does not offer it');
  need(r.status === 200, `the referrers list could not be read (status ${r.status})`);
  let doc: unknown;
  try {
    doc = JSON.parse(r.body.toString('utf8'));
  } catch {
    need(false, 'the referrers list is not JSON (the referrers checks judge that)');
  }
  const manifests = (doc as { manifests?: unknown })?.manifests;
  need(Array.isArray(manifests), 'the referrers list has no manifests array (the referrers checks judge that)');
  return manifests.map((m) => String((m as { digest?: unknown })?.digest));
}

/** The three kinds of deletion, each of fresh content, for the refusal checks. */
async function deleteEachKind(registry: Registry, repo: string, rng: Rng, image: Image): Promise<Array<{ what: string; reply: Reply }>> {
  const byTag = manifestVariant(image, rng);
  const tag = randomTag(rng, 'del');
  await pushManifest(registry, repo, byTag, [tag]);
  const byDigest = manifestVariant(image, rng);
  await pushManifest(registry, repo, byDigest, [byDigest.digest]);
  const b = await pushFreshBlob(registry, repo, rng);
  const replies = [
    { what: 'DELETE of an existing tag', reply: await registry.deleteManifest(repo, tag) },
    { what: 'DELETE of an existing manifest by digest', reply: await registry.deleteManifest(repo, byDigest.digest) },
    { what: 'DELETE of an existing blob', reply: await registry.deleteBlob(repo, b.digest) },
  ];
  // 401 after the auth exchange: the run's credentials may not delete; that says nothing about the registry.
  for (const { what, reply } of replies) need(reply.status !== 401, `${what} answered 401: the credentials lack delete rights`);
  return replies;
}

/** Deleting tags, manifests and blobs; deletion may be disabled, which the spec allows. */
export default defineWorkflow<{ image: Image }>({
  id: 'management-deletes',
  title: 'Deleting tags, manifests and blobs',
  category: 'content-management',
  needs: ['push', 'content-management'],
  async setup({ registry, repo, rng }) {
    const image = randomImage(rng, { layers: 1 });
    await pushImage(registry, repo, image, randomTag(rng, 'base'));
    return { image };
  },
  checks: [
    {
      id: 'content-management/delete/tag',
      title: 'MUST answer a successful tag delete with 202',
      level: 'MUST',
      requirements: ['DEL-002'],
      async run(ctx, { image }) {
        const { registry, repo, rng } = ctx;
        const m = manifestVariant(image, rng);
        const tag = randomTag(rng, 'del');
        await pushManifest(registry, repo, m, [tag]);
        expectAccepted(await registry.deleteManifest(repo, tag), 'DELETE of a tag');
      },
    },
    {
      id: 'content-management/delete/tag-gone',
      title: 'MUST answer GET of a deleted tag with 404, leaving the manifest and its other tags',
      level: 'MUST',
      // The spec only says the tag is gone; tags being mere pointers (MAN-015), the manifest
      // stays reachable by digest and by its other tags.
      requirements: ['DEL-004', 'MAN-015'],
      async run(ctx, { image }) {
        const { registry, repo, rng } = ctx;
        const m = manifestVariant(image, rng);
        const [gone, kept] = [randomTag(rng, 'del'), randomTag(rng, 'keep')];
        await pushManifest(registry, repo, m, [gone, kept]);
        needDeleted(await registry.deleteManifest(repo, gone), 'DELETE of a tag');
        expectStatus(await eventually(ctx, () => registry.getManifest(repo, gone), (r) => r.status === 404), [404], 'GET of the deleted tag');
        expectStatus(await registry.getManifest(repo, m.digest), [200], 'GET by digest of the manifest whose tag was deleted');
        expectStatus(await registry.getManifest(repo, kept), [200], 'GET of another tag of that manifest');
      },
    },
    {
      id: 'content-management/delete/manifest',
      title: 'MUST answer a successful manifest delete by digest with 202',
      level: 'MUST',
      requirements: ['DEL-005'],
      async run(ctx, { image }) {
        const { registry, repo, rng } = ctx;
        const m = manifestVariant(image, rng);
        await pushManifest(registry, repo, m, [m.digest]);
        expectAccepted(await registry.deleteManifest(repo, m.digest), 'DELETE of a manifest by digest');
      },
    },
    {
      id: 'content-management/delete/manifest-gone',
      title: 'MUST answer GET of a deleted manifest, by digest and by each of its tags, with 404 and drop those tags from the tag list',
      level: 'MUST',
      requirements: ['DEL-008', 'TAGS-019'],
      async run(ctx, { image }) {
        const { registry, repo, rng } = ctx;
        const m = manifestVariant(image, rng);
        const tags = [randomTag(rng, 'del'), randomTag(rng, 'del')];
        await pushManifest(registry, repo, m, tags);
        const before = await listedTags(registry, repo);
        need(tags.every((t) => before.includes(t)), 'the pushed tags are not in the tag list before the delete');
        needDeleted(await registry.deleteManifest(repo, m.digest), 'DELETE of a manifest by digest');
        for (const ref of [m.digest, ...tags]) expectStatus(await eventually(ctx, () => registry.getManifest(repo, ref), (r) => r.status === 404), [404], `GET ${ref} after its manifest was deleted`);
        const now = await eventually(ctx, () => listedTags(registry, repo), (listed) => !tags.some((t) => listed.includes(t)));
        const left = tags.filter((t) => now.includes(t));
        if (left.length > 0) fail('tags of a deleted manifest are still in the tag list', `no ${tags.join(', ')}`, `listed: ${left.join(', ')}`);
      },
    },
    {
      id: 'content-management/delete/blob',
      title: 'MUST answer a successful blob delete with 202',
      level: 'MUST',
      requirements: ['DEL-010'],
      async run(ctx) {
        const { registry, repo, rng } = ctx;
        const b = await pushFreshBlob(registry, repo, rng);
        expectAccepted(await registry.deleteBlob(repo, b.digest), 'DELETE of a blob');
      },
    },
    {
      id: 'content-management/delete/blob-gone',
      title: 'MUST answer GET and HEAD of a deleted blob with 404',
      level: 'MUST',
      requirements: ['DEL-013'],
      async run(ctx) {
        const { registry, repo, rng } = ctx;
        const b = await pushFreshBlob(registry, repo, rng);
        needDeleted(await registry.deleteBlob(repo, b.digest), 'DELETE of a blob');
        expectStatus(await eventually(ctx, () => registry.getBlob(repo, b.digest), (r) => r.status === 404), [404], 'GET of the deleted blob');
        expectStatus(await eventually(ctx, () => registry.headBlob(repo, b.digest), (r) => r.status === 404), [404], 'HEAD of the deleted blob');
      },
    },
    {
      id: 'content-management/delete/referrer-gone',
      title: 'SHOULD drop a deleted manifest from the referrers list of its subject',
      level: 'SHOULD',
      requirements: ['REF-019'],
      needs: ['push', 'content-management', 'content-discovery'],
      async run(ctx, { image }) {
        const { registry, repo, rng } = ctx;
        const subject = manifestVariant(image, rng);
        await pushManifest(registry, repo, subject, [subject.digest]);
        const referrer = manifestDoc(
          {
            schemaVersion: 2,
            mediaType: MEDIA.manifest,
            config: image.config.descriptor,
            layers: image.layers.map((l) => l.descriptor),
            subject: subject.descriptor,
            annotations: { 'org.example.nonce': rng.hex(32) },
          },
          MEDIA.manifest,
        );
        await pushManifest(registry, repo, referrer, [referrer.digest]);
        const before = await referrerDigests(registry, repo, subject.digest);
        need(before.includes(referrer.digest), 'the referrer is not listed before the delete (the referrers checks judge that)');
        needDeleted(await registry.deleteManifest(repo, referrer.digest), 'DELETE of a referrer by digest');
        const listed = (await eventually(ctx, () => referrerDigests(registry, repo, subject.digest), (ds) => !ds.includes(referrer.digest))).includes(referrer.digest);
        if (listed) fail('a deleted referrer is still in the referrers list of its subject', `no ${referrer.digest}`, `${referrer.digest} listed`);
      },
    },
    {
      id: 'content-management/delete/unknown-manifest',
      title: 'MUST answer a delete of an unknown manifest digest with 404',
      level: 'MUST',
      requirements: ['DEL-009'],
      async run(ctx) {
        const { registry, repo, rng } = ctx;
        const r = await registry.deleteManifest(repo, absentDigest(rng));
        if (DISABLED.includes(r.status)) throw new Unsupported(`manifest deletion answers ${r.status}: disabled (allowed), so unknown digests cannot be told apart`);
        expectStatus(r, [404], 'DELETE of an unknown manifest digest');
      },
    },
    {
      id: 'content-management/delete/unknown-blob',
      title: 'MUST answer a delete of an unknown blob with 404',
      level: 'MUST',
      requirements: ['DEL-011'],
      async run(ctx) {
        const { registry, repo, rng } = ctx;
        const r = await registry.deleteBlob(repo, absentDigest(rng));
        if (DISABLED.includes(r.status)) throw new Unsupported(`blob deletion answers ${r.status}: disabled (allowed), so unknown blobs cannot be told apart`);
        expectStatus(r, [404], 'DELETE of an unknown blob');
      },
    },
    {
      id: 'content-management/delete/missing-repository',
      title: 'MUST answer a manifest delete in a repository that does not exist with 404',
      level: 'MUST',
      requirements: ['DEL-006'],
      async run(ctx) {
        const { registry, repo, rng } = ctx;
        // A repository under the workflow's own name: even a DELETE never leaves the namespace.
        const r = await registry.deleteManifest(`${repo}/missing-${rng.word(8)}`, absentDigest(rng));
        if (DISABLED.includes(r.status)) throw new Unsupported(`manifest deletion answers ${r.status}: disabled (allowed)`);
        expectStatus(r, [404], 'DELETE of a manifest in an unknown repository');
      },
    },
    {
      id: 'content-management/delete/disabled-status',
      title: 'MUST refuse a disabled deletion of a tag, manifest or blob with 400 or 405',
      level: 'MUST',
      requirements: ['DEL-003', 'DEL-007', 'DEL-012'],
      async run(ctx, { image }) {
        const { registry, repo, rng } = ctx;
        const refusals = (await deleteEachKind(registry, repo, rng, image)).filter(({ reply }) => reply.status < 200 || reply.status > 299);
        if (refusals.length === 0) throw new Unsupported('every kind of deletion is enabled: there is no refusal to judge');
        // The content exists, so the only refusal the spec allows is the one for disabled deletion.
        for (const { what, reply } of refusals) expectStatus(reply, DISABLED, `${what} was refused`);
      },
    },
    {
      id: 'content-management/delete/disabled-code',
      title: 'SHOULD name a disabled deletion with the code UNSUPPORTED',
      level: 'SHOULD',
      requirements: ['DEL-016'],
      async run(ctx, { image }) {
        const { registry, repo, rng } = ctx;
        // The content exists, so any refusal is one of disabled deletion.
        const refusals = (await deleteEachKind(registry, repo, rng, image)).filter(({ reply }) => reply.status < 200 || reply.status > 299);
        if (refusals.length === 0) throw new Unsupported('every kind of deletion is enabled: there is no refusal to judge');
        // A body that is not JSON is allowed; judge the refusals that carry a JSON error body.
        const judged = refusals.filter(({ reply }) => parseErrorBody(reply) !== undefined);
        if (judged.length === 0) throw new Unsupported('the refusals carry no JSON error body, which the spec allows');
        for (const { what, reply } of judged) expectErrorCode(reply, 'UNSUPPORTED', `${what} was refused`);
      },
    },
  ],
});
