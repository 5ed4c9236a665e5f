import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { startReferenceRegistry, type RunningRegistry } from '../../src/refreg/index.js';
import { cli, tmp } from '../helpers/cli.js';
import { startDistribution, type Distribution } from '../helpers/distribution.js';
import { recordingProxy, type RecordingProxy } from '../helpers/recording-proxy.js';
import { seed, type Seeded } from '../helpers/seed.js';

const READS = new Set(['GET', 'HEAD']);

async function runReadOnly(url: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; run: RunResult; stderr: string }> {
  const dir = await tmp();
  const r = await cli(['run', '--registry', url, '--profile', 'read-only', '--format', 'json', '--report-dir', dir, ...args], env);
  return { code: r.code, stderr: r.stderr, run: JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as RunResult };
}

const given = (run: RunResult): Record<string, string> => Object.fromEntries(run.checks.filter((c) => c.id.includes('/given/')).map((c) => [c.id, c.outcome]));

describe('--profile read-only against the reference registry', () => {
  let reg: RunningRegistry;
  const log: string[] = [];
  let s: Seeded;
  beforeAll(async () => {
    reg = await startReferenceRegistry({ log: (l) => log.push(l) });
    s = await seed(reg.url, 'mirror/app');
  });
  afterAll(() => reg.close());

  it('sends no write request and passes on content it discovers from the tag list', async () => {
    const before = log.length;
    const { code, run } = await runReadOnly(reg.url, ['--namespace', s.repo]);
    expect(code).toBe(0);
    const methods = log.slice(before).map((l) => l.split(' ')[0]!);
    expect(methods.length).toBeGreaterThan(20);
    expect(methods.filter((m) => !READS.has(m))).toEqual([]);
    const g = given(run);
    // Discovery finds the tag "multi" (an index), its child manifest, a small blob, and uses the manifest as subject.
    for (const id of ['pull/given/manifest-by-tag', 'pull/given/manifest-by-digest', 'pull/given/index-children', 'pull/given/blob-get', 'discovery/given/tags-list', 'discovery/given/referrers', 'discovery/given/referrers-resolve'])
      expect(g[id], id).toBe('pass');
    // A pass says what discovery found.
    expect(run.checks.find((c) => c.id === 'pull/given/manifest-by-tag')!.message).toMatch(/^found by discovery: tags multi, v1, v2 from the tag list of mirror\/app/);
    // Every write workflow is disabled, saying why.
    const push = run.checks.find((c) => c.id === 'push/manifest/put-by-tag') ?? run.checks.find((c) => c.category === 'push')!;
    expect(push.outcome).toBe('disabled');
    expect(push.message).toContain('read-only');
    expect(run.run.profile).toBe('read-only');
  });

  it('pulls what the legacy and newer variables name', async () => {
    const before = log.length;
    const { code, run } = await runReadOnly(reg.url, ['--index', s.index], {
      OCI_NAMESPACE: s.repo,
      OCI_TAG_NAME: 'v1',
      OCI_MANIFEST_DIGEST: s.manifest,
      OCI_BLOB_DIGEST: s.blob,
      OCI_RO_DATA_REFERRERS: s.manifest,
    });
    expect(code).toBe(0);
    expect(log.slice(before).filter((l) => !READS.has(l.split(' ')[0]!))).toEqual([]);
    expect(Object.values(given(run)).filter((o) => o !== 'pass' && o !== 'skip')).toEqual([]);
    const blobGet = run.checks.find((c) => c.id === 'pull/given/blob-get')!;
    expect(blobGet.exchanges.some((e) => e.url.endsWith(s.blob))).toBe(true);
    expect(run.run.replay).toContain(`--index ${s.index}`);
  });

  it('says what it could not test when nothing is named and nothing can be found; nothing passes', async () => {
    const { code, run } = await runReadOnly(reg.url, []);
    expect(code).toBe(0);
    const g = run.checks.filter((c) => c.id.includes('/given/'));
    expect(g.length).toBeGreaterThan(10);
    for (const c of g) {
      expect(c.outcome, c.id).toBe('skip');
      expect(c.message).toMatch(/^not tested: needs a repository \(--namespace.*\/v2\/_catalog answered 404/);
    }
  });

  it('fails a named tag that does not resolve, without writing', async () => {
    const { code, run } = await runReadOnly(reg.url, ['--namespace', s.repo, '--tag', 'no-such-tag']);
    expect(code).toBe(1);
    expect(given(run)['pull/given/manifest-by-tag']).toBe('fail');
  });

  it('accepts pull-only as an alias and refuses a bad digest', async () => {
    const dir = await tmp();
    expect((await cli(['run', '--registry', reg.url, '--profile', 'pull-only', '--namespace', s.repo, '--format', 'json', '--report-dir', dir])).code).toBe(0);
    const bad = await cli(['run', '--profile', 'read-only', '--blob-digest', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--blob-digest "nope" is not a digest');
  });
});

describe('--profile read-only against Debian docker-registry', () => {
  let dist: Distribution;
  let proxy: RecordingProxy;
  let s: Seeded;
  beforeAll(async () => {
    dist = await startDistribution();
    s = await seed(dist.url, 'mirror/app');
    proxy = await recordingProxy(dist.url);
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    await dist?.stop();
  });

  it('discovers the repository through /v2/_catalog, pulls it and writes nothing', async () => {
    const { code, run } = await runReadOnly(proxy.url, []);
    expect(code).toBe(1);
    expect(proxy.seen.length).toBeGreaterThan(20);
    expect(proxy.seen.filter((r) => !READS.has(r.method))).toEqual([]);
    expect(proxy.seen.some((r) => r.path.startsWith('/v2/_catalog'))).toBe(true);
    const g = given(run);
    // distribution 2.8 has no referrers API (404: allowed, skip); it lists tags in directory order and ignores n
    // (findings pinned in test/suites/distribution/discovery-tags.test.ts too).
    expect(g).toMatchObject({
      'pull/given/manifest-by-tag': 'pass',
      'pull/given/manifest-by-digest': 'pass',
      'pull/given/index-children': 'pass',
      'pull/given/blob-get': 'pass',
      'pull/given/blob-head': 'pass',
      'pull/given/manifest-missing': 'pass',
      'discovery/given/tags-list': 'pass',
      'discovery/given/tags-n': 'fail',
      'discovery/given/referrers': 'skip',
      'discovery/given/referrers-resolve': 'skip',
    });
    expect(s.repo).toBe('mirror/app');
  });
});
