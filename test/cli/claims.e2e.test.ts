import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceRegistry, type RunningRegistry } from '../../src/refreg/index.js';
import { cli, tmp } from '../helpers/cli.js';

/** A registry with deletes disabled, judged on what it claims. */
describe('--claims against a registry with deletes disabled', () => {
  let reg: RunningRegistry;
  beforeAll(async () => {
    reg = await startReferenceRegistry({ deletes: false });
  });
  afterAll(async () => {
    await reg.close();
  });
  const only = ['--only', 'ping', '--only', 'pull-blobs', '--only', 'push-blob-post-put', '--only', 'management-deletes'];

  it('is conformant for pull and push, says Content Management is not claimed, and stores the claims', async () => {
    const dir = await tmp();
    const r = await cli(['run', '--registry', reg.url, ...only, '--claims', 'pull,push', '--report-dir', dir, '--format', 'json', '--format', 'yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^result {2}CONFORMANT {2}Conformant: Pull, Push · Not claimed: Content Discovery, Content Management$/m);
    expect(r.stdout).toContain('--claims pull,push');
    const run = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as { run: { claims: string[]; tls: string } };
    expect(run.run.claims).toEqual(['pull', 'push']);
    expect(run.run.tls).toBe('disabled');
    const yaml = await readFile(join(dir, 'results.yaml'), 'utf8');
    expect(yaml).toContain('  claims: ["pull","push"]');
    expect(yaml).toContain("  content-management: {verdict: not claimed}");
    expect(yaml).toContain('  only: ["ping","pull-blobs","push-blob-post-put","management-deletes"]');
  });

  it('without --claims says plainly how much of Content Management was skipped', async () => {
    const r = await cli(['run', '--registry', reg.url, ...only, '--report-dir', await tmp(), '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}Content Management {2}conformant \(\d+ skipped\)$/m);
  });

  it('refuses an unknown category with exit 2', async () => {
    const r = await cli(['run', '--claims', 'pull,deletes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--claims "deletes" is not one of pull, push, content-discovery, content-management');
  });
});
