import { absentDigest, blob } from '../src/gen/oci.js';
import { MEDIA } from '../src/registry/grammar.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { expectBytes, expectLocation, expectStatus, fail, need } from './_lib/expect.js';
import { expectBlobServed } from './_lib/served.js';

/** Pushing a blob monolithically: POST to open a session, PUT with the whole blob and its digest. */
export default defineWorkflow({
  id: 'push-blob-post-put',
  title: 'Pushing blobs: POST then PUT',
  category: 'push',
  needs: ['push'],
  checks: [
    {
      id: 'push/blob/post-opens-session',
      title: 'MUST answer the upload POST with 202 and a Location',
      level: 'MUST',
      requirements: ['PUSHM-001', 'PUSHM-003'],
      async run({ registry, repo }) {
        const r = await registry.startUpload(repo);
        expectStatus(r, [202], 'POST upload');
        expectLocation(r, 'POST upload');
      },
    },
    {
      id: 'push/blob/session-unique',
      title: 'MUST give every upload session its own Location',
      level: 'MUST',
      requirements: ['PUSHM-002'],
      async run({ registry, repo, rng }) {
        const sessions = [];
        for (let i = 0; i < 3; i++) {
          const r = await registry.startUpload(repo);
          need(r.status === 202 && !!r.location, `POST upload failed (status ${r.status})`);
          sessions.push(r.location);
        }
        if (new Set(sessions).size !== sessions.length) fail('three sessions share a Location', 'three distinct Locations', sessions.join(' | '));
        // Completing them out of order must work: each session is independent.
        for (const i of [2, 0, 1]) {
          const b = blob(rng.bytes(rng.int(16, 256)), MEDIA.octet);
          expectStatus(await registry.putUpload(sessions[i]!, repo, b.digest, b.data), [201], `PUT to session ${i + 1}`);
        }
      },
    },
    {
      id: 'push/blob/put-completes',
      title: 'MUST answer the closing PUT with 201 and a Location from which the blob can be pulled',
      level: 'MUST',
      requirements: ['PUSHM-007', 'PULL-011'],
      async run({ registry, repo, rng }) {
        const b = blob(rng.bytes(rng.int(100, 4096)), MEDIA.octet);
        const post = await registry.startUpload(repo);
        need(post.status === 202 && !!post.location, `POST upload failed (status ${post.status})`);
        const put = await registry.putUpload(post.location, repo, b.digest, b.data);
        expectStatus(put, [201], 'PUT upload');
        await expectBlobServed(registry, repo, put, b, 'the closing PUT');
      },
    },
    {
      id: 'push/blob/empty',
      title: 'MUST accept and serve a zero-length blob',
      level: 'MUST',
      requirements: ['PUSHM-007', 'PULL-011'],
      async run({ registry, repo }) {
        const b = blob(Buffer.alloc(0), MEDIA.octet);
        const post = await registry.startUpload(repo);
        need(post.status === 202 && !!post.location, `POST upload failed (status ${post.status})`);
        expectStatus(await registry.putUpload(post.location, repo, b.digest, b.data), [201], 'PUT of an empty blob');
        const get = await registry.getBlob(repo, b.digest);
        expectStatus(get, [200], 'GET of the empty blob');
        expectBytes(get, b.data, 'GET of the empty blob');
      },
    },
    {
      id: 'push/blob/put-wrong-digest',
      title: 'MUST refuse a closing PUT whose digest does not match the content, and keep nothing',
      level: 'MUST',
      requirements: ['PUSHM-008', 'NAME-009'],
      async run({ registry, repo, rng }) {
        const data = rng.bytes(512);
        const wrong = absentDigest(rng);
        const post = await registry.startUpload(repo);
        need(post.status === 202 && !!post.location, `POST upload failed (status ${post.status})`);
        expectStatus(await registry.putUpload(post.location, repo, wrong, data), [400], 'PUT with a digest that does not match');
        expectStatus(await registry.headBlob(repo, wrong), [404], 'HEAD of the wrong digest after the refused PUT');
      },
    },
    {
      id: 'push/blob/put-without-digest',
      title: 'SHOULD refuse a closing PUT that carries no digest',
      level: 'SHOULD',
      requirements: ['PUSHM-010'],
      async run({ registry, repo, rng }) {
        const post = await registry.startUpload(repo);
        need(post.status === 202 && !!post.location, `POST upload failed (status ${post.status})`);
        const r = await registry.putUpload(post.location, repo, undefined, rng.bytes(128));
        if (r.status < 400 || r.status > 499) fail('PUT without digest was not refused', 'a 4xx status (400 DIGEST_INVALID)', `status ${r.status}`);
      },
    },
    {
      id: 'push/blob/finished-session-unknown',
      title: 'MUST answer requests to a finished upload session with 404',
      level: 'MUST',
      requirements: ['PUSHM-009', 'CHUNK-018'],
      async run({ registry, repo, rng }) {
        const b = blob(rng.bytes(256), MEDIA.octet);
        const { post, put } = await registry.pushBlob(repo, b.data, b.digest);
        need(put?.status === 201 && !!post.location, `POST then PUT failed (status ${put?.status ?? post.status})`);
        expectStatus(await registry.uploadStatus(post.location), [404], 'GET status of a finished session');
        expectStatus(await registry.putUpload(post.location, repo, b.digest, b.data), [404], 'PUT to a finished session');
      },
    },
  ],
});
