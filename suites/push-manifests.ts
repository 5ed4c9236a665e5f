import { absentDigest, blob, manifestDoc, manifestVariant, randomImage, randomTag, type Image } from '../src/gen/oci.js';
import { digestOf } from '../src/registry/digest.js';
import { MEDIA } from '../src/registry/grammar.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { Unsupported } from '../src/runner/verdicts.js';
import { expectBytes, expectErrorCode, expectLocation, expectMediaType, expectStatus, fail } from './_lib/expect.js';
import { pushBlobs } from './_lib/setup.js';


/** Pushing manifests by tag and by digest. */
export default defineWorkflow<{ image: Image }>({
  id: 'push-manifests',
  title: 'Pushing manifests',
  category: 'push',
  needs: ['push'],
  async setup({ registry, repo, rng }) {
    const image = randomImage(rng, { layers: 2 });
    await pushBlobs(registry, repo, [image.config, ...image.layers]);
    return { image };
  },
  checks: [
    {
      id: 'push/manifest/put-by-tag',
      title: 'MUST answer a manifest PUT by tag with 201 and a Location serving the same manifest',
      level: 'MUST',
      requirements: ['MAN-006', 'MAN-009'],
      async run({ registry, repo, rng }, { image }) {
        const m = manifestVariant(image, rng);
        const put = await registry.putManifest(repo, randomTag(rng), m.bytes, m.mediaType);
        expectStatus(put, [201], 'PUT manifest by tag');
        const get = await registry.get(expectLocation(put, 'PUT manifest by tag'), { accept: m.mediaType });
        expectStatus(get, [200], 'GET of the Location returned by the manifest PUT');
        expectBytes(get, m.bytes, 'GET of the Location returned by the manifest PUT');
        expectMediaType(get, m.mediaType, 'GET of the Location returned by the manifest PUT');
      },
    },
    {
      id: 'push/manifest/put-by-digest',
      title: 'MUST answer a manifest PUT by digest with 201 and a Location serving the same manifest',
      level: 'MUST',
      requirements: ['MAN-006', 'MAN-009'],
      async run({ registry, repo, rng }, { image }) {
        const m = manifestVariant(image, rng);
        const put = await registry.putManifest(repo, m.digest, m.bytes, m.mediaType);
        expectStatus(put, [201], 'PUT manifest by digest');
        const get = await registry.get(expectLocation(put, 'PUT manifest by digest'), { accept: m.mediaType });
        expectStatus(get, [200], 'GET of the Location returned by the manifest PUT');
        expectBytes(get, m.bytes, 'GET of the Location returned by the manifest PUT');
      },
    },
    {
      id: 'push/manifest/digest-header',
      title: 'MUST send, if it sends Docker-Content-Digest on a manifest PUT, the digest of the pushed bytes',
      level: 'MUST',
      requirements: ['MAN-010'],
      async run({ registry, repo, rng }, { image }) {
        const m = manifestVariant(image, rng);
        const put = await registry.putManifest(repo, randomTag(rng), m.bytes, m.mediaType);
        expectStatus(put, [201], 'PUT manifest');
        const d = put.headers['docker-content-digest'];
        if (d === undefined) throw new Unsupported('the registry sends no Docker-Content-Digest on manifest PUT (allowed)');
        if (d !== m.digest) fail('manifest PUT: Docker-Content-Digest is not the digest of the pushed bytes', m.digest, d);
      },
    },
    {
      id: 'push/manifest/byte-identical',
      title: 'MUST store a manifest byte for byte, whatever its JSON formatting',
      level: 'MUST',
      requirements: ['MAN-008', 'PULL-009'],
      async run({ registry, repo, rng }, { image }) {
        // Unusual but valid JSON: odd spacing, key order, escapes, an unknown field, a trailing newline.
        const text =
          `{ "layers" : [${image.layers.map((l) => JSON.stringify(l.descriptor)).join(' ,\n')}],\t"schemaVersion":2,` +
          ` "mediaType":"${MEDIA.manifest}", "config":${JSON.stringify(image.config.descriptor)},` +
          ` "annotations":{"org.example.note":"caf\\u00e9 ${rng.word(6)}"}, "x-unknown-field": [1, 2.50, true, null] }\n`;
        const bytes = Buffer.from(text);
        const digest = digestOf(bytes);
        expectStatus(await registry.putManifest(repo, digest, bytes, MEDIA.manifest), [201], 'PUT of a manifest with unusual formatting');
        const get = await registry.getManifest(repo, digest);
        expectStatus(get, [200], 'GET manifest by digest');
        expectBytes(get, bytes, 'GET manifest by digest');
      },
    },
    {
      id: 'push/manifest/digest-mismatch',
      title: 'MUST refuse a manifest PUT by digest whose body has another digest',
      level: 'MUST',
      requirements: ['MAN-011'],
      async run({ registry, repo, rng }, { image }) {
        const m = manifestVariant(image, rng);
        const wrong = absentDigest(rng);
        const put = await registry.putManifest(repo, wrong, m.bytes, m.mediaType);
        if (put.status < 400 || put.status > 499) fail('a manifest whose digest differs from the URL was not refused', 'status 400', `status ${put.status}`);
        expectStatus(await registry.headManifest(repo, wrong), [404], 'HEAD of the mismatching digest');
      },
    },
    {
      id: 'push/manifest/malformed-digest',
      title: 'MUST refuse a manifest PUT to a malformed digest reference',
      level: 'MUST',
      requirements: ['MAN-011', 'NAME-003'],
      async run({ registry, repo, rng }, { image }) {
        const m = manifestVariant(image, rng);
        const put = await registry.putManifest(repo, 'sha256:baddigeststring', m.bytes, m.mediaType);
        if (put.status < 400 || put.status > 499) fail('PUT to sha256:baddigeststring was not refused', 'status 400', `status ${put.status}`);
      },
    },
    {
      id: 'push/manifest/unknown-blob',
      title: 'MUST use MANIFEST_BLOB_UNKNOWN when refusing a manifest for a missing blob',
      level: 'MUST',
      requirements: ['PUSH-002', 'PUSH-003'],
      async run({ registry, repo, rng }, { image }) {
        const missing = blob(rng.bytes(300), MEDIA.layerGzip);
        const m = manifestDoc({ schemaVersion: 2, mediaType: MEDIA.manifest, config: image.config.descriptor, layers: [missing.descriptor] }, MEDIA.manifest);
        const put = await registry.putManifest(repo, randomTag(rng), m.bytes, m.mediaType);
        if (put.status === 201) throw new Unsupported('the registry accepts manifests whose blobs are missing (allowed)');
        if (put.status < 400 || put.status > 499) fail('manifest with a missing blob: neither accepted nor refused', 'status 201, or 4xx with MANIFEST_BLOB_UNKNOWN', `status ${put.status}`);
        expectErrorCode(put, 'MANIFEST_BLOB_UNKNOWN', 'manifest with a missing blob');
      },
    },
  ],
});
