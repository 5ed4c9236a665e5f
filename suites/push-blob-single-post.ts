import { absentDigest, blob } from '../src/gen/oci.js';
import { MEDIA } from '../src/registry/grammar.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { Unsupported } from '../src/runner/verdicts.js';
import { expectLocation, expectStatus, fail } from './_lib/expect.js';
import { expectBlobServed } from './_lib/served.js';

/** Pushing a blob in a single POST carrying the digest and the whole blob. */
export default defineWorkflow({
  id: 'push-blob-single-post',
  title: 'Pushing blobs: single POST',
  category: 'push',
  needs: ['push'],
  checks: [
    {
      id: 'push/blob/single-post',
      title: 'MUST answer a successful single POST with 201 and a Location from which the blob can be pulled',
      level: 'MUST',
      requirements: ['PUSHS-001', 'PUSHS-004'],
      async run({ registry, repo, rng }) {
        const b = blob(rng.bytes(rng.int(100, 2048)), MEDIA.octet);
        const r = await registry.postBlob(repo, b.data, b.digest);
        if (r.status === 202) throw new Unsupported('the registry does not take a blob in a single POST and opened a session instead (allowed)');
        // Any other refusal is judged by single-post-fallback (a SHOULD); only a server error breaks this MUST.
        if (r.status >= 400 && r.status < 500) throw new Unsupported(`the registry refused the single POST with ${r.status}; see push/blob/single-post-fallback`);
        expectStatus(r, [201], 'single POST');
        await expectBlobServed(registry, repo, r, b, 'the single POST');
      },
    },
    {
      id: 'push/blob/single-post-fallback',
      title: 'SHOULD answer a single POST it does not support with 202 and a session that a PUT completes',
      level: 'SHOULD',
      requirements: ['PUSHS-003'],
      async run({ registry, repo, rng }) {
        const b = blob(rng.bytes(512), MEDIA.octet);
        const r = await registry.postBlob(repo, b.data, b.digest);
        if (r.status === 201) throw new Unsupported('the registry supports single POST, so it has no fallback to check');
        if (r.status !== 202) fail('single POST was neither accepted nor turned into a session', 'status 201, or 202 with a Location', `status ${r.status}`);
        const loc = expectLocation(r, 'single POST fallback');
        expectStatus(await registry.putUpload(loc, repo, b.digest, b.data), [201], 'PUT to the fallback session');
      },
    },
    {
      id: 'push/blob/single-post-wrong-digest',
      title: 'MUST refuse a single POST whose digest does not match the blob',
      level: 'MUST',
      requirements: ['PUSHS-005', 'NAME-009'],
      async run({ registry, repo, rng }) {
        const data = rng.bytes(512);
        const wrong = absentDigest(rng);
        const r = await registry.postBlob(repo, data, wrong);
        if (r.status === 202 && r.location) {
          // The registry ignored the body; the wrong digest must then be refused at the PUT.
          expectStatus(await registry.putUpload(r.location, repo, wrong, data), [400], 'PUT with a digest that does not match');
        } else if (r.status < 400 || r.status > 499)
          // 400 is the spec's answer; a registry refusing single POST outright (405) stores nothing either.
          fail('a single POST with a digest that does not match was not refused', 'status 400', `status ${r.status}`);
        expectStatus(await registry.headBlob(repo, wrong), [404], 'HEAD of the wrong digest after the refusal');
      },
    },
  ],
});
