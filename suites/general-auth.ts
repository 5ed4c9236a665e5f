import { parseChallenges } from '../src/http/auth.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { Unsupported } from '../src/runner/verdicts.js';
import { expectErrorCode, fail } from './_lib/expect.js';

/**
 * What a registry that requires authentication tells a client without
 * credentials. The auth protocol itself is out of the spec's scope; the
 * challenge and the error codes are not. Open registries skip these checks.
 */
export default defineWorkflow({
  id: 'general-auth',
  title: 'Authentication challenges and codes',
  category: 'general',
  needs: [],
  readOnly: true,
  checks: [
    {
      id: 'general/auth/challenge',
      title: 'MUST answer GET /v2/ without credentials with 200, or 401 and a WWW-Authenticate challenge',
      level: 'MUST',
      requirements: ['GEN-004', 'GEN-005'],
      async run({ registry }) {
        const r = await registry.anonymous().ping();
        if (r.status === 200) throw new Unsupported('the registry answers /v2/ without credentials (open registry)');
        if (r.status !== 401) fail('GET /v2/ without credentials: neither 200 nor 401', 'status 200, or 401 with WWW-Authenticate', `status ${r.status}`);
        const challenges = r.rawHeaders.filter(([k]) => k === 'www-authenticate').flatMap(([, v]) => parseChallenges(v));
        if (challenges.length === 0) fail('GET /v2/ without credentials: 401 without a WWW-Authenticate challenge', 'WWW-Authenticate: Basic … or Bearer …', 'no challenge');
      },
    },
    {
      id: 'general/auth/unauthorized-code',
      title: 'SHOULD name a request refused for lack of credentials UNAUTHORIZED (401) or DENIED (403)',
      level: 'SHOULD',
      requirements: ['ERR-008'],
      async run({ registry, repo }) {
        const r = await registry.anonymous().listTags(repo);
        if (r.status !== 401 && r.status !== 403) throw new Unsupported(`the registry lets a client without credentials read (status ${r.status})`);
        expectErrorCode(r, r.status === 401 ? 'UNAUTHORIZED' : 'DENIED', `GET tags/list without credentials (${r.status})`);
      },
    },
  ],
});
