import { type Image } from '../src/gen/oci.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { expectBytes, expectStatus, fail } from './_lib/expect.js';
import { pushTaggedImage } from './_lib/setup.js';

interface State {
  image: Image;
  tag: string;
}

/**
 * The conformance categories as wholes: Pull is required of every registry,
 * Push, Content Discovery and Content Management are recommended. The
 * workflows of each category judge the details; these checks judge presence.
 */
export default defineWorkflow<State>({
  id: 'general-categories',
  title: 'Conformance categories: Pull required, the others recommended',
  category: 'general',
  needs: ['push'],
  setup: pushTaggedImage,
  checks: [
    {
      id: 'general/categories/pull',
      title: 'MUST implement the whole Pull category: GET and HEAD of manifests (by tag and digest) and of blobs',
      level: 'MUST',
      requirements: ['GEN-001'],
      category: 'pull',
      async run({ registry, repo }, { image, tag }) {
        const m = image.manifest;
        for (const ref of [tag, m.digest]) {
          const get = await registry.getManifest(repo, ref, m.mediaType);
          expectStatus(get, [200], `GET manifest ${ref}`);
          expectBytes(get, m.bytes, `GET manifest ${ref}`);
          expectStatus(await registry.headManifest(repo, ref, m.mediaType), [200], `HEAD manifest ${ref}`);
        }
        for (const b of [image.config, ...image.layers]) {
          const get = await registry.getBlob(repo, b.digest);
          expectStatus(get, [200], `GET blob ${b.digest}`);
          expectBytes(get, b.data, `GET blob ${b.digest}`);
          expectStatus(await registry.headBlob(repo, b.digest), [200], `HEAD blob ${b.digest}`);
        }
      },
    },
    {
      id: 'general/categories/beyond-pull',
      title: 'SHOULD implement Push, Content Discovery (tag list, referrers) and Content Management (deletes) as well',
      level: 'SHOULD',
      requirements: ['GEN-002'],
      async run({ registry, repo }, { image }) {
        // Push works: the setup pushed an image.
        const missing: string[] = [];
        const tags = await registry.listTags(repo);
        if (tags.status !== 200) missing.push(`content discovery: the tag list answers ${tags.status}`);
        const referrers = await registry.referrers(repo, image.manifest.digest);
        if (referrers.status !== 200) missing.push(`content discovery: the referrers API answers ${referrers.status}`);
        const del = await registry.deleteManifest(repo, image.manifest.digest);
        if (del.status !== 202) missing.push(`content management: a manifest DELETE answers ${del.status}`);
        if (missing.length > 0) fail(`categories beyond Pull are missing parts: ${missing.join('; ')}`, 'Push, Content Discovery and Content Management', missing.join('; '));
      },
    },
  ],
});
