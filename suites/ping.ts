import { defineWorkflow } from '../src/runner/workflow.js';
import { expectStatus } from './_lib/expect.js';

/** Determining support: the `/v2/` endpoint. */
export default defineWorkflow({
  id: 'ping',
  title: 'API version check',
  category: 'general',
  needs: [],
  readOnly: true,
  checks: [
    {
      id: 'ping/api-version',
      title: 'MUST answer GET /v2/ with 200 (after any authentication challenge)',
      level: 'MUST',
      requirements: ['GEN-004'],
      async run({ registry }) {
        // The auth layer answers a 401 challenge, so what remains must be 200.
        expectStatus(await registry.ping(), [200], 'GET /v2/');
      },
    },
  ],
});
