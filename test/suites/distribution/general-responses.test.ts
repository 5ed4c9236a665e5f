import { describe, expect, it } from 'vitest';
import { WORKFLOWS } from '../../../suites/index.js';
import { onDistribution } from '../../helpers/distribution.js';

/** The response-level judge over a whole run against CNCF distribution 2.8 (Debian docker-registry). */
describe('general-responses against CNCF distribution', () => {
  const run = onDistribution(WORKFLOWS.map((w) => w.id), { checkTimeoutMs: 60_000 });
  const result = (id: string) => run().results.find((r) => r.id === id)!;

  it('gives the verdicts the spec demands of it', () => {
    expect(Object.fromEntries(run().results.filter((r) => r.workflow === 'general-responses').map((r) => [r.id, r.outcome]))).toEqual({
      // 500 to a manifest PUT under a malformed digest reference, and to a manifest with a non-distributable layer it was not given.
      'general/responses/no-server-errors': 'fail',
      'general/responses/no-dropped-connections': 'pass',
      // Those 500s carry the code UNKNOWN, which is not a spec code.
      'general/responses/error-bodies': 'fail',
      'general/responses/digest-header': 'pass',
      // A 416 to an unsatisfiable Range declares the blob's length as Content-Length but sends a short error text.
      'general/responses/content-length': 'fail',
      'general/responses/content-type': 'pass',
      'general/responses/setups': 'pass',
    });
  });

  it('names each exchange and the check that made it', () => {
    const five = result('general/responses/no-server-errors');
    expect(five.message).toMatch(/push\/manifest\/malformed-digest: PUT \S+\/manifests\/sha256:baddigeststring → 500/);
    expect(five.message).toMatch(/push\/manifest\/nondistributable-unpushed: PUT /);
    expect(result('general/responses/error-bodies').message).toMatch(/error code UNKNOWN/);
    expect(result('general/responses/content-length').message).toMatch(/pull\/blob\/range: GET \S+ → 416: Content-Length \d+, but the body ended after \d+ bytes/);
  });
});
