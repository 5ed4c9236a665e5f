import { emptyBlob, imageIndex, randomImage, randomTag, type Blob, type ManifestDoc } from '../src/gen/oci.js';
import { digestOf } from '../src/registry/digest.js';
import { bareMediaType, MEDIA, TAG_RE } from '../src/registry/grammar.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { expectBytes, expectStatus, fail, need } from './_lib/expect.js';
import { pushBlobs, pushImage } from './_lib/setup.js';
import { walkTags } from './_lib/tag-list.js';
import { emptyArtifact, subjectOf } from './discovery-referrers.js';

interface State {
  empty: Blob;
  subject: ManifestDoc;
}

/** The referrers tag of a digest: algorithm, a dash, the encoded part cut to 64 characters. */
function referrersTag(digest: string): string {
  const [alg, hex] = digest.split(':') as [string, string];
  return `${alg}-${hex.slice(0, 64)}`;
}

/**
 * The referrers tag schema: what clients fall back to when the referrers API answers 404.
 * The registry's part is to store and serve those tags like any other; the checks run
 * whether or not the API exists, since clients may still write the tag.
 */
export default defineWorkflow<State>({
  id: 'discovery-referrers-fallback',
  title: 'Referrers tag schema: the fallback index under sha256-<hex>',
  category: 'content-discovery',
  needs: ['push', 'content-discovery'],
  async setup({ registry, repo, rng }) {
    const image = randomImage(rng, { layers: 1 });
    await pushImage(registry, repo, image, randomTag(rng, 'subject'));
    const empty = emptyBlob();
    await pushBlobs(registry, repo, [empty]);
    return { empty, subject: image.manifest };
  },
  checks: [
    {
      id: 'discovery/referrers/tag-schema',
      title: 'MUST store an image index under the referrers tag <alg>-<hex> and serve it as an image index',
      level: 'MUST',
      requirements: ['REFTAG-003'],
      async run({ registry, repo, rng }, { empty, subject }) {
        // What a client does without the API: push the referrer, then the index of referrers under the tag.
        const ref = emptyArtifact(rng, empty, `application/vnd.oci-conform.${rng.word(6)}.sbom.v1+json`, subjectOf(subject));
        const put = await registry.putManifest(repo, ref.doc.digest, ref.doc.bytes, ref.doc.mediaType);
        need(put.status === 201, `pushing a manifest with a subject failed (status ${put.status}); push/manifest/subject-absent and the push checks judge pushes`);
        const index = imageIndex([{ descriptor: { ...ref.doc.descriptor, artifactType: ref.artifactType!, annotations: ref.annotations } }]);
        // The sha256 form, and the sha512 form cut to 64 hex characters.
        const tags = [referrersTag(subject.digest), referrersTag(digestOf(subject.bytes, 'sha512'))];
        for (const tag of tags) {
          if (!TAG_RE.test(tag)) throw new Error(`harness fault: the referrers tag ${tag} does not match the tag grammar`);
          expectStatus(await registry.putManifest(repo, tag, index.bytes, index.mediaType), [201], `PUT of the referrers index under the tag ${tag}`);
          const get = await registry.getManifest(repo, tag, MEDIA.index);
          expectStatus(get, [200], `GET of the referrers tag ${tag}`);
          expectBytes(get, index.bytes, `GET of the referrers tag ${tag}`);
          if (bareMediaType(get.headers['content-type']) !== MEDIA.index) fail('the referrers tag is not served as an image index', `Content-Type: ${MEDIA.index}`, `Content-Type: ${get.headers['content-type'] ?? '(none)'}`);
        }
        const walk = await walkTags(registry, await registry.listTags(repo), 20);
        need(!walk.problem, `the tag list could not be read: ${walk.problem} (the tag checks judge that)`);
        const missing = tags.filter((t) => !walk.tags.includes(t));
        if (missing.length > 0) fail('referrers tags are missing from the tag list', tags.join(', '), `missing ${missing.join(', ')}`);
      },
    },
  ],
});
