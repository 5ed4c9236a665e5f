import { blob, imageIndex, manifestDoc, manifestVariant, randomImage, randomTag, type Blob, type Image, type ManifestDoc } from '../src/gen/oci.js';
import type { Rng } from '../src/gen/rng.js';
import { TransportError } from '../src/http/client.js';
import type { Reply } from '../src/registry/client.js';
import { digestOf } from '../src/registry/digest.js';
import { MEDIA } from '../src/registry/grammar.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { Unsupported } from '../src/runner/verdicts.js';
import { expectBytes, expectMediaType, expectStatus, fail, need } from './_lib/expect.js';
import { expectManifestStored } from './_lib/served.js';
import { pushImage } from './_lib/setup.js';

/** Two platform images already in the repository, the children of the indexes below. */
interface State {
  amd64: Image;
  arm64: Image;
  /** A blob that is no manifest, for index entries of a type no specification defines. */
  opaque: Blob;
}

const AMD64 = { architecture: 'amd64', os: 'linux' };
const ARM64 = { architecture: 'arm64', os: 'linux' };
const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
const DOCKER_LAYER = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

/** An OCI-namespaced annotation (accepted even by registries that police keys) that gives each check its own digest. */
function nonce(rng: Rng): Record<string, string> {
  return { 'org.opencontainers.image.revision': rng.hex(40) };
}



/** A compact manifest padded with an annotation to exactly `size` bytes. */
function paddedManifest(image: Image, rng: Rng, size: number): ManifestDoc {
  const annotations = nonce(rng);
  const doc = (pad: string): string =>
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA.manifest,
      config: image.config.descriptor,
      layers: image.layers.map((l) => l.descriptor),
      annotations: { ...annotations, 'org.opencontainers.image.description': pad },
    });
  // The padding goes straight into the buffer: a 32 MiB manifest built as strings first would hold
  // several copies of itself at once. The empty description's value starts at `at`.
  const text = doc('');
  const at = text.indexOf('"org.opencontainers.image.description":""') + '"org.opencontainers.image.description":"'.length;
  const bytes = Buffer.alloc(size, 'x');
  bytes.write(text.slice(0, at), 0, 'utf8');
  const tail = text.slice(at);
  bytes.write(tail, size - Buffer.byteLength(tail), 'utf8');
  const digest = digestOf(bytes);
  return { bytes, digest, mediaType: MEDIA.manifest, descriptor: { mediaType: MEDIA.manifest, digest, size: bytes.length } };
}

/** Manifest kinds a registry must store: indexes (nested, empty, ambiguous), Docker types, sizes, sha512. */
export default defineWorkflow<State>({
  id: 'push-manifest-kinds',
  title: 'Pushing image indexes, Docker manifests, large and sha512 manifests',
  category: 'push',
  needs: ['push'],
  async setup({ registry, repo, rng }) {
    const amd64 = randomImage(rng, { layers: 1, layerSize: 256 });
    const arm64 = randomImage(rng, { layers: 1, layerSize: 256 });
    await pushImage(registry, repo, amd64, amd64.manifest.digest);
    await pushImage(registry, repo, arm64, arm64.manifest.digest);
    const opaque = blob(rng.bytes(rng.int(64, 512)), 'application/vnd.example.oci-conform.blob');
    const { post, put } = await registry.pushBlob(repo, opaque.data, opaque.digest);
    need(put?.status === 201, `pushing a blob with POST then PUT failed (status ${put?.status ?? post.status})`);
    return { amd64, arm64, opaque };
  },
  checks: [
    {
      id: 'push/manifest/index',
      title: 'MUST store an image index of two platform manifests and serve it byte for byte',
      level: 'MUST',
      requirements: ['MAN-017', 'IMG-019'],
      async run(ctx, { amd64, arm64 }) {
        const index = imageIndex([amd64.manifest, arm64.manifest], { platforms: [AMD64, ARM64], annotations: nonce(ctx.rng) });
        await expectManifestStored(ctx, index, randomTag(ctx.rng), 'an image index');
      },
    },
    {
      id: 'push/manifest/index-nested',
      title: 'MUST store an image index that lists another image index',
      level: 'MUST',
      requirements: ['MAN-017'],
      async run(ctx, { amd64, arm64 }) {
        const inner = imageIndex([amd64.manifest], { platforms: [AMD64], annotations: nonce(ctx.rng) });
        await expectManifestStored(ctx, inner, inner.digest, 'the inner image index');
        const outer = imageIndex([inner, arm64.manifest], { platforms: [undefined, ARM64], annotations: nonce(ctx.rng) });
        await expectManifestStored(ctx, outer, randomTag(ctx.rng), 'an image index listing an index');
      },
    },
    {
      id: 'push/manifest/index-empty',
      title: 'MUST store an image index whose manifests list is empty',
      level: 'MUST',
      // IMG-018: `manifests` is required but may be empty, so such an index is valid; MAN-007 (MAY) allows an empty list of blobs.
      requirements: ['IMG-018', 'MAN-007'],
      async run(ctx) {
        await expectManifestStored(ctx, imageIndex([], { annotations: nonce(ctx.rng) }), randomTag(ctx.rng), 'an empty image index');
      },
    },
    {
      id: 'push/manifest/index-same-platform',
      title: 'MUST store, as it is, an image index with two entries for the same platform',
      level: 'MUST',
      // Nothing in image-index.md forbids several entries matching one platform; choosing among them is the client's business.
      requirements: ['MAN-017'],
      async run(ctx, { amd64, arm64 }) {
        const index = imageIndex([amd64.manifest, arm64.manifest], { platforms: [AMD64, AMD64], annotations: nonce(ctx.rng) });
        await expectManifestStored(ctx, index, randomTag(ctx.rng), 'an index with two linux/amd64 entries');
      },
    },
    {
      id: 'push/manifest/index-unknown-entry-type',
      title: 'MUST NOT refuse an image index with an entry of a media type it does not know',
      level: 'MUST NOT',
      requirements: ['IMG-020'],
      async run(ctx, { amd64, opaque }) {
        const index = imageIndex([amd64.manifest, opaque], { platforms: [AMD64], annotations: nonce(ctx.rng) });
        await expectManifestStored(ctx, index, randomTag(ctx.rng), 'an index with an entry of an unknown type');
      },
    },
    {
      id: 'push/manifest/index-artifact-type',
      title: 'MUST NOT refuse an image index with an artifactType it does not know',
      level: 'MUST NOT',
      // Indexes may carry artifactType too (IMG-021); an unknown one must not be an error (IMG-004).
      requirements: ['IMG-004', 'IMG-021'],
      async run(ctx, { amd64, arm64 }) {
        const doc = manifestDoc(
          {
            schemaVersion: 2,
            mediaType: MEDIA.index,
            artifactType: `application/vnd.example.${ctx.rng.word(8)}.v1+json`,
            manifests: [amd64.manifest.descriptor, arm64.manifest.descriptor],
            annotations: nonce(ctx.rng),
          },
          MEDIA.index,
        );
        await expectManifestStored(ctx, doc, randomTag(ctx.rng), 'an index with an unknown artifactType');
      },
    },
    {
      id: 'pull/manifest/tag-resolves-index',
      title: 'MUST resolve a tag on an image index to the index itself, not to one of its children',
      level: 'MUST',
      category: 'pull',
      requirements: ['PULL-023'],
      async run({ registry, repo, rng }, { amd64, arm64 }) {
        const index = imageIndex([amd64.manifest, arm64.manifest], { platforms: [AMD64, ARM64], annotations: nonce(rng) });
        const tag = randomTag(rng);
        const put = await registry.putManifest(repo, tag, index.bytes, index.mediaType);
        need(put.status === 201, `pushing the image index failed (status ${put.status})`);
        // The client says it understands both kinds, so the registry has no reason to pick a child.
        const accept = `${MEDIA.manifest}, ${MEDIA.index}`;
        const get = await registry.getManifest(repo, tag, accept);
        expectStatus(get, [200], 'GET of the tag');
        expectBytes(get, index.bytes, 'GET of a tag that points at an image index');
        const head = await registry.headManifest(repo, tag, accept);
        expectStatus(head, [200], 'HEAD of the tag');
        const d = head.headers['docker-content-digest'];
        if (d !== undefined && d !== index.digest) fail('HEAD of a tag on an image index names another manifest', `Docker-Content-Digest: ${index.digest}`, `Docker-Content-Digest: ${d}`);
      },
    },
    {
      id: 'push/manifest/docker-types',
      title: 'MUST store a Docker v2 manifest and manifest list and serve them with their media types',
      level: 'MUST',
      requirements: ['MAN-018'],
      async run({ registry, repo, rng }, { amd64 }) {
        const manifest = manifestDoc(
          {
            schemaVersion: 2,
            mediaType: MEDIA.dockerManifest,
            config: { ...amd64.config.descriptor, mediaType: DOCKER_CONFIG },
            layers: amd64.layers.map((l) => ({ ...l.descriptor, mediaType: DOCKER_LAYER })),
          },
          MEDIA.dockerManifest,
        );
        const list = imageIndex([manifest], { mediaType: MEDIA.dockerList, platforms: [AMD64] });
        for (const [doc, ref, what] of [
          [manifest, manifest.digest, 'a Docker v2 manifest'],
          [list, randomTag(rng), 'a Docker manifest list'],
        ] as const) {
          expectStatus(await registry.putManifest(repo, ref, doc.bytes, doc.mediaType), [201], `PUT of ${what}`);
          const get = await registry.getManifest(repo, doc.digest, doc.mediaType);
          expectStatus(get, [200], `GET of ${what}`);
          expectBytes(get, doc.bytes, `GET of ${what}`);
          expectMediaType(get, doc.mediaType, `GET of ${what}`);
        }
      },
    },
    {
      id: 'push/manifest/content-type-params',
      title: 'SHOULD ignore parameters on the Content-Type of a manifest PUT',
      level: 'SHOULD',
      requirements: ['MAN-003'],
      async run({ registry, repo, rng }, { amd64 }) {
        const m = manifestVariant(amd64, rng);
        const put = await registry.putManifest(repo, randomTag(rng), m.bytes, `${m.mediaType}; charset=utf-8`);
        expectStatus(put, [201], 'PUT of a manifest with Content-Type parameters');
      },
    },
    {
      id: 'push/manifest/repush-idempotent',
      title: 'SHOULD accept identical manifest bytes again, by tag and by digest, with 201',
      level: 'SHOULD',
      requirements: ['MAN-016'],
      async run({ registry, repo, rng }, { amd64 }) {
        const m = manifestVariant(amd64, rng);
        const tag = randomTag(rng);
        for (const [ref, what] of [
          [tag, 'first PUT by tag'],
          [tag, 'second PUT of the same bytes by the same tag'],
          [m.digest, 'PUT of the same bytes by digest'],
        ] as const)
          expectStatus(await registry.putManifest(repo, ref, m.bytes, m.mediaType), [201], what);
      },
    },
    {
      id: 'push/manifest/size-4mb',
      title: 'SHOULD accept a manifest of 4,000,000 bytes',
      level: 'SHOULD',
      // "4 megabytes" read as 4,000,000 bytes, the smaller reading (inventory A20).
      requirements: ['MAN-014'],
      timeoutMs: 60_000,
      async run(ctx, { amd64 }) {
        await expectManifestStored(ctx, paddedManifest(amd64, ctx.rng, 4_000_000), randomTag(ctx.rng), 'a 4,000,000-byte manifest');
      },
    },
    {
      id: 'push/manifest/size-limit',
      title: 'SHOULD enforce a manifest size limit: refuse a 32 MiB manifest',
      level: 'SHOULD',
      requirements: ['MAN-012'],
      timeoutMs: 90_000,
      async run({ registry, repo, rng }, { amd64 }) {
        // Eight times the common 4 MiB limit: a registry that stores it keeps no limit worth the name.
        const m = paddedManifest(amd64, rng, 32 * 1024 * 1024);
        let put: Reply;
        try {
          put = await registry.putManifest(repo, randomTag(rng), m.bytes, m.mediaType);
        } catch (e) {
          // A registry may refuse the body early and close while it is still being sent: that too is a limit.
          if (e instanceof TransportError && e.code !== 'TIMEOUT') return `the registry closed the connection while the 32 MiB body was sent (${e.code})`;
          throw e;
        }
        if (put.status >= 200 && put.status < 300) fail('a 32 MiB manifest was stored: no manifest size limit is enforced', 'a 4xx (413 ideally)', `status ${put.status}`);
        need(put.status >= 400 && put.status < 500, `PUT of a 32 MiB manifest answered ${put.status}`);
      },
    },
    {
      id: 'push/manifest/size-over-limit',
      title: 'SHOULD answer 413 to a manifest over its size limit',
      level: 'SHOULD',
      requirements: ['MAN-013'],
      timeoutMs: 60_000,
      async run({ registry, repo, rng }, { amd64 }) {
        // 8 MiB: twice the common 4 MiB limit, yet cheap to send. A registry with a larger limit shows nothing here.
        const m = paddedManifest(amd64, rng, 8 * 1024 * 1024);
        const put = await registry.putManifest(repo, randomTag(rng), m.bytes, m.mediaType);
        if (put.status === 201) throw new Unsupported('the registry accepts an 8 MiB manifest, so its size limit (if any) is not observable here');
        expectStatus(put, [413], 'PUT of an 8 MiB manifest');
      },
    },
    {
      id: 'push/blob/sha512',
      title: 'MUST serve a blob it accepted by a sha512 digest under that digest',
      level: 'MUST',
      // sha512 support is optional (NAME-007, MAY): a refusal skips. What is accepted must then be served intact.
      requirements: ['NAME-007', 'PUSHM-007', 'PULL-014'],
      async run({ registry, repo, rng }) {
        const data = rng.bytes(rng.int(100, 1000));
        const digest = digestOf(data, 'sha512');
        const { post, put } = await registry.pushBlob(repo, data, digest);
        need(put !== undefined, `opening an upload session failed (status ${post.status})`);
        if (put.status === 400) throw new Unsupported('the registry refuses sha512 blob digests with 400 (sha512 is optional)');
        expectStatus(put, [201], 'closing PUT with a sha512 digest');
        const get = await registry.getBlob(repo, digest);
        expectStatus(get, [200], 'GET of the blob by its sha512 digest');
        expectBytes(get, data, 'GET of the blob by its sha512 digest');
      },
    },
    {
      id: 'push/manifest/sha512',
      title: 'MUST serve a manifest it accepted by a sha512 digest byte for byte under that digest',
      level: 'MUST',
      // sha512 is optional (NAME-007); descriptors of one manifest may use different algorithms (IMG-029, MAY).
      requirements: ['NAME-007', 'IMG-029', 'MAN-008', 'PULL-009'],
      async run({ registry, repo, rng }, { amd64 }) {
        const layer = blob(rng.bytes(rng.int(100, 1000)), MEDIA.layerGzip);
        const layerDigest = digestOf(layer.data, 'sha512');
        const { post, put } = await registry.pushBlob(repo, layer.data, layerDigest);
        need(put !== undefined, `opening an upload session failed (status ${post.status})`);
        if (put.status === 400) throw new Unsupported('the registry refuses sha512 blob digests with 400 (sha512 is optional)');
        need(put.status === 201, `pushing a blob by its sha512 digest failed (status ${put.status})`);
        const doc = manifestDoc(
          {
            schemaVersion: 2,
            mediaType: MEDIA.manifest,
            config: amd64.config.descriptor,
            layers: [{ ...layer.descriptor, digest: layerDigest }],
            annotations: nonce(rng),
          },
          MEDIA.manifest,
        );
        const digest = digestOf(doc.bytes, 'sha512');
        const mput = await registry.putManifest(repo, digest, doc.bytes, doc.mediaType);
        if (mput.status === 400) throw new Unsupported('the registry refuses a manifest PUT by sha512 digest with 400 (sha512 is optional)');
        expectStatus(mput, [201], 'PUT of a manifest by its sha512 digest');
        const get = await registry.getManifest(repo, digest, doc.mediaType);
        expectStatus(get, [200], 'GET of the manifest by its sha512 digest');
        expectBytes(get, doc.bytes, 'GET of the manifest by its sha512 digest');
      },
    },
  ],
});
