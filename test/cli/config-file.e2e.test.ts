import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { cli, tmp } from '../helpers/cli.js';

describe('--config FILE', () => {
  it('holds run options; flags win over the file, the file over the environment', async () => {
    const dir = await tmp();
    const out = join(dir, 'out');
    const file = join(dir, 'oci-conform.yaml');
    await writeFile(
      file,
      [
        '# a CI configuration',
        'namespace: from-file/ns',
        'seed: 5',
        'only: pull-blobs',
        'format: [json, junit]',
        `report-dir: ${out}`,
        'strict: false',
        '',
      ].join('\n'),
    );
    const r = await cli(['run', '--config', file, '--seed', '6'], { OCI_NAMESPACE: 'from-env/ns', OCI_CROSSMOUNT_NAMESPACE: 'from-env/mount', OCI_REPORT_DIR: join(dir, 'env-out') });
    expect(r.code, r.stderr).toBe(0);
    const run = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as RunResult;
    expect(run.run.seed).toBe(6); // the flag
    expect(run.run.namespace).toBe('from-file/ns'); // the file over OCI_NAMESPACE
    expect(run.run.replay).toContain('--crossmount-namespace from-env/mount'); // the environment where the file is silent
    expect(run.checks.filter((c) => c.outcome !== 'disabled').every((c) => c.workflow === 'pull-blobs')).toBe(true);
    expect(await readFile(join(out, 'junit.xml'), 'utf8')).toContain('<testsuites');
  });

  it('reads JSON', async () => {
    const dir = await tmp();
    const file = join(dir, 'c.json');
    await writeFile(file, JSON.stringify({ only: ['ping'], format: 'json', 'report-dir': dir, profile: 'read-only', claims: 'pull', 'max-body': 8 }));
    const r = await cli(['run', '--config', file]);
    expect(r.code, r.stderr).toBe(0);
    const run = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as RunResult;
    expect(run.run.profile).toBe('read-only');
    expect(run.run.claims).toEqual(['pull']);
    expect(run.run.replay).toContain('--max-body 8');
  });

  it.each([
    ['concurrency: 4\nseed: 1\nconcurrency: 100\n', /c\.yaml:3: not valid YAML or JSON: Map keys must be unique/],
    ['seed: 1\n\nconcurrency: 100\n', /c\.yaml:3: concurrency: must be <= 64/],
    ['only: [a]\nregisty: http://x\n', /c\.yaml:2: registy: is not a known key/],
    ['format:\n  - json\n  - pdf\n', /c\.yaml:\d: format/],
    ['namespace: Upper/Case\n', /c\.yaml:1: namespace: must match pattern/],
    ['seed: [1\n', /c\.yaml:\d: not valid YAML or JSON/],
  ])('refuses a bad file with the line and the key (exit 2): %j', async (text, msg) => {
    const dir = await tmp();
    const file = join(dir, 'c.yaml');
    await writeFile(file, text);
    const r = await cli(['run', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('refuses a file that does not exist', async () => {
    const r = await cli(['run', '--config', '/nonexistent/c.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read /nonexistent/c.yaml: ENOENT');
  });
});
