import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { blob, emptyBlob, manifestDoc, randomImage, randomTag, tarArchive, zstdFrame, type Blob, type Descriptor, type ManifestDoc } from '../src/gen/oci.js';
import type { Rng } from '../src/gen/rng.js';
import { MEDIA } from '../src/registry/grammar.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { expectBytes, expectErrorCode, expectStatus, fail } from './_lib/expect.js';
import { expectManifestStored } from './_lib/served.js';
import { pushBlobs } from './_lib/setup.js';
import { lazy } from './_lib/lazy.js';
import { property } from './_lib/property.js';

/** Blobs in the repository that the manifests below reference. */
interface State {
  config: Blob;
  tar: Blob;
  gzip: Blob;
  zstd: Blob;
  empty: Blob;
  /** Bytes that are neither JSON nor a tar: content of unknown config and layer types. */
  opaque: Blob;
}

const NONDIST_TAR = 'application/vnd.oci.image.layer.nondistributable.v1.tar';
const NONDIST_GZIP = 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip';

/** Random media types in the RFC 6838 grammar that no specification defines. */
const unknownMediaType = lazy(() =>
  fc
    .tuple(fc.constantFrom('application', 'text', 'image', 'audio', 'video', 'model', 'font'), fc.stringMatching(/^x[a-z0-9]{0,8}(?:[.+_-][a-z0-9]{1,8}){0,3}$/))
    .map(([type, subtype]) => `${type}/${subtype}`),
);
/** Random reverse-domain annotation keys outside org.opencontainers.*, with arbitrary string values. */
const unknownAnnotations = lazy(() =>
  fc.dictionary(fc.stringMatching(/^(?:com|io|net)\.[a-z0-9]{1,8}(?:\.[a-z0-9-]{1,8}){1,2}$/), fc.string({ maxLength: 40 }), { minKeys: 1, maxKeys: 4 }),
);

/** An OCI-namespaced annotation (accepted even by registries that police keys) that gives each manifest its own digest. */
function nonce(rng: Rng): Record<string, string> {
  return { 'org.opencontainers.image.revision': rng.hex(40) };
}

function imageManifest(rng: Rng, config: Descriptor, layers: Descriptor[], extra: Record<string, unknown> = {}): ManifestDoc {
  return manifestDoc({ schemaVersion: 2, mediaType: MEDIA.manifest, config, layers, annotations: nonce(rng), ...extra }, MEDIA.manifest);
}


/** Image-spec 1.1 content a registry must store as it is: artifacts, unknown types and fields, `data`, layer formats. */
export default defineWorkflow<State>({
  id: 'push-manifest-data',
  title: 'Pushing artifacts, unknown media types, descriptor data and every layer format',
  category: 'push',
  needs: ['push'],
  async setup({ registry, repo, rng }) {
    const files = [{ name: 'oci-conform.txt', data: Buffer.from(`${rng.word(32)}\n`.repeat(rng.int(4, 40))) }];
    const tarBytes = tarArchive(files);
    const state: State = {
      config: randomImage(rng, { layers: 0 }).config,
      tar: blob(tarBytes, MEDIA.layerTar),
      gzip: blob(gzipSync(tarBytes), MEDIA.layerGzip),
      zstd: blob(zstdFrame(tarBytes), MEDIA.layerZstd),
      empty: emptyBlob(),
      opaque: blob(rng.bytes(rng.int(64, 512)), MEDIA.octet),
    };
    await pushBlobs(registry, repo, Object.values(state));
    return state;
  },
  checks: [
    {
      id: 'push/manifest/artifact',
      title: 'MUST NOT refuse an artifact: an artifactType with the empty descriptor as config and layer',
      level: 'MUST NOT',
      // The artifact follows image-spec's guidance for the empty descriptor (IMG-015); its artifactType is defined nowhere (IMG-004).
      requirements: ['IMG-004', 'IMG-015'],
      async run(ctx, { empty }) {
        const doc = imageManifest(ctx.rng, empty.descriptor, [empty.descriptor], { artifactType: 'application/vnd.example.oci-conform.note.v1+json' });
        await expectManifestStored(ctx, doc, randomTag(ctx.rng), 'an artifact manifest with the empty config');
      },
    },
    {
      id: 'push/manifest/unknown-artifact-type',
      title: 'MUST NOT refuse a manifest for an artifactType it does not know',
      level: 'MUST NOT',
      requirements: ['IMG-004'],
      async run(ctx, { empty, opaque }) {
        await property(
          ctx,
          unknownMediaType(),
          async (artifactType) => {
            const doc = imageManifest(ctx.rng, empty.descriptor, [{ ...opaque.descriptor, mediaType: MEDIA.layerTar }], { artifactType });
            await expectManifestStored(ctx, doc, randomTag(ctx.rng), `a manifest with artifactType ${artifactType}`);
          },
          { numRuns: 3 },
        );
      },
    },
    {
      id: 'push/manifest/unknown-config-type',
      title: 'MUST NOT refuse a manifest whose config has a media type it does not know',
      level: 'MUST NOT',
      requirements: ['IMG-005'],
      async run(ctx, { opaque, gzip }) {
        await property(
          ctx,
          unknownMediaType(),
          async (mediaType) => {
            // The config blob is random bytes: a registry must not try to parse it.
            const doc = imageManifest(ctx.rng, { ...opaque.descriptor, mediaType }, [gzip.descriptor]);
            await expectManifestStored(ctx, doc, randomTag(ctx.rng), `a manifest with config type ${mediaType}`);
          },
          { numRuns: 3 },
        );
      },
    },
    {
      id: 'push/manifest/unknown-layer-type',
      title: 'MUST NOT refuse a manifest with a layer media type it does not know',
      level: 'MUST NOT',
      requirements: ['IMG-010'],
      async run(ctx, { config, opaque }) {
        await property(
          ctx,
          unknownMediaType(),
          async (mediaType) => {
            const doc = imageManifest(ctx.rng, config.descriptor, [{ ...opaque.descriptor, mediaType }]);
            await expectManifestStored(ctx, doc, randomTag(ctx.rng), `a manifest with layer type ${mediaType}`);
          },
          { numRuns: 3 },
        );
      },
    },
    {
      id: 'push/manifest/unknown-annotations',
      title: 'MUST NOT refuse a manifest with annotation keys it does not know',
      level: 'MUST NOT',
      requirements: ['IMG-014'],
      async run(ctx, { config, gzip }) {
        await property(
          ctx,
          unknownAnnotations(),
          async (annotations) => {
            // On the manifest and on a descriptor, where annotations may appear too.
            const doc = manifestDoc(
              { schemaVersion: 2, mediaType: MEDIA.manifest, config: config.descriptor, layers: [{ ...gzip.descriptor, annotations }], annotations: { ...nonce(ctx.rng), ...annotations } },
              MEDIA.manifest,
            );
            await expectManifestStored(ctx, doc, randomTag(ctx.rng), 'a manifest with unknown annotation keys');
          },
          { numRuns: 3 },
        );
      },
    },
    {
      id: 'push/manifest/unknown-fields',
      title: 'MUST NOT refuse or alter a manifest with properties it does not know',
      level: 'MUST NOT',
      requirements: ['IMG-031'],
      async run(ctx, { config, gzip }) {
        const field = `x${ctx.rng.word(8)}`;
        const doc = imageManifest(ctx.rng, { ...config.descriptor, [field]: ctx.rng.word(12) } as Descriptor, [gzip.descriptor], {
          [field]: { nested: [1, 2.5, true, null], text: ctx.rng.word(16) },
        });
        await expectManifestStored(ctx, doc, randomTag(ctx.rng), 'a manifest with unknown properties');
      },
    },
    {
      id: 'push/manifest/descriptor-data',
      title: 'MUST NOT add or drop descriptor data: manifests with and without it are served as pushed',
      level: 'MUST NOT',
      requirements: ['IMG-025'],
      async run(ctx, { config, empty }) {
        // Valid data: the base64 of the very bytes each descriptor names.
        const withData = imageManifest(ctx.rng, { ...config.descriptor, data: config.data.toString('base64') }, [{ ...empty.descriptor, data: empty.data.toString('base64') }]);
        await expectManifestStored(ctx, withData, randomTag(ctx.rng), 'a manifest whose descriptors carry data');
        // Small blobs a registry might be tempted to embed.
        const without = imageManifest(ctx.rng, config.descriptor, [empty.descriptor]);
        await expectManifestStored(ctx, without, randomTag(ctx.rng), 'a manifest whose descriptors carry no data');
      },
    },
    {
      id: 'push/manifest/layer-types',
      title: 'MUST store an image with an OCI config and tar and tar+gzip layers',
      level: 'MUST',
      requirements: ['IMG-006', 'IMG-008'],
      async run(ctx, { config, tar, gzip }) {
        await expectManifestStored(ctx, imageManifest(ctx.rng, config.descriptor, [tar.descriptor, gzip.descriptor]), randomTag(ctx.rng), 'an image with tar and tar+gzip layers');
      },
    },
    {
      id: 'push/manifest/nondistributable',
      title: 'MUST store an image with non-distributable tar and tar+gzip layers whose blobs were pushed',
      level: 'MUST',
      // Deprecated types, yet still listed as ones implementations must support.
      requirements: ['IMG-008'],
      async run(ctx, { config, tar, gzip }) {
        const layers = [
          { ...tar.descriptor, mediaType: NONDIST_TAR },
          { ...gzip.descriptor, mediaType: NONDIST_GZIP },
        ];
        await expectManifestStored(ctx, imageManifest(ctx.rng, config.descriptor, layers), randomTag(ctx.rng), 'an image with non-distributable layers');
      },
    },
    {
      id: 'push/manifest/nondistributable-unpushed',
      title: 'SHOULD NOT treat a non-distributable layer with urls apart: accept it unpushed, or refuse it as MANIFEST_BLOB_UNKNOWN',
      level: 'SHOULD NOT',
      // PUSH-002 lets a registry demand every blob; a lenient one stores the manifest. Both are allowed (inventory A23).
      requirements: ['IMG-030'],
      async run({ registry, repo, rng }, { config }) {
        const data = rng.bytes(rng.int(200, 800));
        const layer = { ...blob(data, NONDIST_GZIP).descriptor, urls: [`https://example.com/layers/${rng.word(12)}.tar.gz`] };
        const doc = imageManifest(rng, config.descriptor, [layer as Descriptor]);
        const put = await registry.putManifest(repo, randomTag(rng), doc.bytes, doc.mediaType);
        if (put.status === 201) return;
        if (put.status < 400 || put.status > 499) fail('a manifest with an unpushed non-distributable layer was neither stored nor refused', 'status 201, or 4xx with MANIFEST_BLOB_UNKNOWN', `status ${put.status}`);
        expectErrorCode(put, 'MANIFEST_BLOB_UNKNOWN', 'refusal of a manifest with an unpushed non-distributable layer');
      },
    },
    {
      id: 'push/manifest/zstd-layer',
      title: 'SHOULD store an image with a tar+zstd layer',
      level: 'SHOULD',
      requirements: ['IMG-009'],
      async run(ctx, { config, zstd }) {
        await expectManifestStored(ctx, imageManifest(ctx.rng, config.descriptor, [zstd.descriptor]), randomTag(ctx.rng), 'an image with a zstd layer');
        const get = await ctx.registry.getBlob(ctx.repo, zstd.digest);
        expectStatus(get, [200], 'GET of the zstd layer');
        expectBytes(get, zstd.data, 'GET of the zstd layer');
      },
    },
  ],
});
