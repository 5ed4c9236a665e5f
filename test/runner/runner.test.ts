import { describe, expect, it } from 'vitest';
import { startReferenceRegistry } from '../../src/refreg/index.js';
import { defineWorkflow } from '../../src/runner/workflow.js';
import { PreconditionUnmet, Unsupported, Violation } from '../../src/runner/verdicts.js';
import type { Level } from '../../src/catalog/types.js';
import { WORKFLOWS } from '../../suites/index.js';
import { runAgainstReference, runSuites } from '../helpers/selftest.js';

const check = (id: string, level: Level, run: () => Promise<void>) => ({ id, title: `${level} x`, level, requirements: ['GEN-004'], run });
const violation = (): Promise<void> => Promise.reject(new Violation('broken', 'a', 'b'));

describe('runner outcomes', () => {
  it('maps verdicts to the fixed outcomes by level, and harness faults to error', async () => {
    const w = defineWorkflow({
      id: 'fake',
      title: 'fake',
      category: 'general',
      needs: [],
      checks: [
        check('fake/pass', 'MUST', async () => {}),
        { ...check('fake/pass-note', 'MUST', async () => {}), run: async () => 'byte order' },
        check('fake/must', 'MUST', violation),
        check('fake/must-not', 'MUST NOT', violation),
        check('fake/should', 'SHOULD', violation),
        check('fake/may', 'MAY', violation),
        check('fake/unsupported', 'MUST', () => Promise.reject(new Unsupported('absent'))),
        check('fake/precondition', 'MUST', () => Promise.reject(new PreconditionUnmet('no'))),
        check('fake/bug', 'MUST', () => Promise.reject(new TypeError('x is undefined'))),
        { ...check('fake/hangs', 'MUST', () => new Promise<void>(() => {})), timeoutMs: 200 },
      ],
    });
    const run = await runAgainstReference({}, { workflows: [w] });
    expect(Object.fromEntries(run.results.map((r) => [r.id, r.outcome]))).toEqual({
      'fake/pass': 'pass',
      'fake/pass-note': 'pass',
      'fake/must': 'fail',
      'fake/must-not': 'fail',
      'fake/should': 'warn',
      'fake/may': 'skip',
      'fake/unsupported': 'skip',
      'fake/precondition': 'skip',
      'fake/bug': 'error',
      'fake/hangs': 'error',
    });
    expect(run.results.find((r) => r.id === 'fake/pass')!.message).toBe('ok');
    expect(run.results.find((r) => r.id === 'fake/pass-note')!.message).toBe('byte order');
    const must = run.results.find((r) => r.id === 'fake/must')!;
    expect(must).toMatchObject({ message: 'broken', expected: 'a', observed: 'b' });
    expect(run.results.find((r) => r.id === 'fake/bug')!.message).toContain('harness fault');
    expect(run.results.find((r) => r.id === 'fake/hangs')!.message).toContain('did not finish within 200 ms');
  });

  it('skips every check of a workflow whose setup the registry refuses, and reports the setup transcript', async () => {
    const w = defineWorkflow({
      id: 'fake-setup',
      title: 'fake',
      category: 'general',
      needs: [],
      async setup({ registry }) {
        await registry.ping();
        throw new PreconditionUnmet('pushing failed');
      },
      checks: [check('fake-setup/a', 'MUST', async () => {}), check('fake-setup/b', 'MUST', async () => {})],
    });
    const run = await runAgainstReference({}, { workflows: [w] });
    expect(run.results.map((r) => r.outcome)).toEqual(['skip', 'skip']);
    expect(run.results[0]!.message).toContain('pushing failed');
    expect(run.results[0]!.exchanges.length).toBe(1);
  });

  it('reports a transport failure as error, never as fail', async () => {
    const run = await runSuites('http://127.0.0.1:1', { workflows: [WORKFLOWS.find((w) => w.id === 'ping')!] });
    expect(run.results.map((r) => r.outcome)).toEqual(['error']);
    expect(run.results[0]!.message).toMatch(/^transport: /);
  });
});

describe('the registry dropping a connection', () => {
  it('is the registry failure of the check that made the request (fail for MUST, warn for SHOULD), and the run judge sees it', async () => {
    const drop = (id: string, level: Level) => ({
      ...check(id, level, async () => {}),
      run: async ({ registry, repo }: { registry: import('../../src/registry/client.js').Registry; repo: string }) => {
        await registry.headBlob(repo, 'sha256+b64u:abc');
      },
    });
    const w = defineWorkflow({ id: 'fake-drop', title: 'fake', category: 'general', needs: [], checks: [drop('fake-drop/must', 'MUST'), drop('fake-drop/should', 'SHOULD')] });
    const judge = WORKFLOWS.find((x) => x.id === 'general-responses')!;
    // Alone, the drops are all the registry did: nothing shows it answers other requests.
    const alone = await runAgainstReference({ faults: ['connection-drop-unregistered-digest'] }, { workflows: [w, judge] });
    expect(alone.verdicts()['general/responses/no-dropped-connections']).toBe('pass');
    const ping = WORKFLOWS.find((x) => x.id === 'ping')!;
    const run = await runAgainstReference({ faults: ['connection-drop-unregistered-digest'] }, { workflows: [w, ping, judge] });
    expect(run.verdicts()).toMatchObject({ 'fake-drop/must': 'fail', 'fake-drop/should': 'warn', 'general/responses/no-dropped-connections': 'fail' });
    expect(run.results[0]!.message).toMatch(/closed the connection without a response/);
  });

  it('reports a setup the registry answered wrongly to the run judge, and skips the checks naming it', async () => {
    const w = defineWorkflow({
      id: 'fake-setup2',
      title: 'fake',
      category: 'general',
      needs: [],
      async setup({ registry }) {
        await registry.ping();
        throw new PreconditionUnmet('pushing failed');
      },
      checks: [check('fake-setup2/a', 'MUST', async () => {})],
    });
    const judge = WORKFLOWS.find((x) => x.id === 'general-responses')!;
    const run = await runAgainstReference({}, { workflows: [w, WORKFLOWS.find((x) => x.id === 'ping')!, judge] });
    expect(run.verdicts()['fake-setup2/a']).toBe('skip');
    expect(run.results[0]!.message).toContain('general/responses/setups');
    const setups = run.results.find((r) => r.id === 'general/responses/setups')!;
    expect(setups.outcome).toBe('fail');
    expect(setups.message).toContain('fake-setup2: pushing failed');
    expect(setups.exchanges.length).toBe(1);
  });
});

describe('replay and cleanup', () => {
  const bodies = (run: Awaited<ReturnType<typeof runSuites>>) =>
    Object.fromEntries(run.results.map((r) => [r.id, r.exchanges.map((e) => e.requestBody?.sha256 ?? '-').join(',')]));

  it('sends the same data for the same seed, and other data for another seed', async () => {
    const workflows = WORKFLOWS.filter((w) => ['pull-blobs', 'push-manifests', 'push-blob-post-put'].includes(w.id));
    const a = await runAgainstReference({}, { seed: 42, workflows });
    const b = await runAgainstReference({}, { seed: 42, workflows });
    const c = await runAgainstReference({}, { seed: 43, workflows });
    expect(bodies(a)).toEqual(bodies(b));
    expect(bodies(a)).not.toEqual(bodies(c));
  });

  it('deletes what it pushed when the run ends', async () => {
    const reg = await startReferenceRegistry();
    try {
      await runSuites(reg.url, { runId: 'cleanup1', workflows: WORKFLOWS.filter((w) => w.id === 'pull-manifests') });
      const r = await fetch(`${reg.url}/v2/selftest/pull-manifests-cleanup1/tags/list`);
      const tags = r.status === 200 ? ((await r.json()) as { tags: string[] | null }).tags ?? [] : [];
      expect(tags).toEqual([]);
    } finally {
      await reg.close();
    }
  });
});
