import { describe, expect, it } from 'vitest';
import { AuthSession } from '../../src/http/auth.js';
import { HttpClient } from '../../src/http/client.js';
import { startReferenceRegistry, type FaultName } from '../../src/refreg/index.js';
import { Registry } from '../../src/registry/client.js';
import { runWorkflows } from '../../src/runner/runner.js';
import { checkMeta } from '../../src/runner/workflow.js';
import { WORKFLOWS } from '../../suites/index.js';
import type { Verdicts } from './faults.js';
import { seed } from './seed.js';

/** Seeds the reference registry (under `faults`), then runs a read-only workflow on the content, all of it named. */
export async function givenVerdicts(workflowId: string, faults: FaultName[]): Promise<Verdicts> {
  const workflow = WORKFLOWS.find((w) => w.id === workflowId)!;
  const reg = await startReferenceRegistry({ faults });
  const http = new HttpClient({ timeoutMs: 10_000, maxBodyBytes: 64 * 1024 * 1024, insecure: false, userAgent: 'oci-conform-test' });
  try {
    const s = await seed(reg.url, 'given/repo');
    const results = await runWorkflows(new Registry(new AuthSession(http, {}), reg.url), [workflow], {
      namespace: 'given/repo',
      seed: 5,
      runId: 'x',
      concurrency: 1,
      checkTimeoutMs: 20_000,
      only: [],
      skip: [],
      disabledCategories: [],
      chunkMinLength: 1024,
      readOnly: true,
      given: { repository: s.repo, tags: s.tags, manifests: [s.manifest], blobs: [s.blob], indexes: [s.index], subjects: [s.manifest] },
    });
    return Object.fromEntries(results.filter((r) => r.outcome !== 'pass').map((r) => [r.id, r.outcome]));
  } finally {
    await http.close();
    await reg.close();
  }
}

/** proveWorkflow for the read-only workflows: they read seeded content instead of pushing their own. */
export function proveGivenWorkflow(workflowId: string, table: Partial<Record<FaultName, Verdicts>>): void {
  const workflow = WORKFLOWS.find((w) => w.id === workflowId)!;
  describe(`read-only workflow ${workflowId}`, () => {
    it('passes against the reference registry on seeded content', async () => {
      expect(await givenVerdicts(workflowId, [])).toEqual({});
    });
    for (const [fault, verdicts] of Object.entries(table) as Array<[FaultName, Verdicts]>)
      it(`under fault ${fault}: ${Object.keys(verdicts).join(', ')} leave pass`, async () => {
        expect(await givenVerdicts(workflowId, [fault])).toEqual(verdicts);
      });
    it('has no check that cannot fail: each fails or warns under some fault', () => {
      const proven = new Set(Object.values(table).flatMap((v) => Object.entries(v!).filter(([, o]) => o === 'fail' || o === 'warn').map(([id]) => id)));
      expect(workflow.checks.map((c) => checkMeta(workflow, c).id).filter((id) => !proven.has(id))).toEqual([]);
    });
  });
}
