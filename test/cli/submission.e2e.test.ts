import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tmp } from '../helpers/cli.js';

const FLAGS = [
  '--vendor', 'Yoyodyne',
  '--name', 'Turbo Encabulator',
  '--product-version', 'v1.7.4',
  '--website-url', 'https://yoyo.dyne/te',
  '--documentation-url', 'https://yoyo.dyne/te/docs',
  '--type', 'distribution',
  '--description', 'An OCI distribution for all of your encabulating needs.',
];

/** `submission`: the folder of a results pull request, from a real run. */
describe('oci-conform submission', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tmp();
    const r = await cli(['run', '--seed', '5', '--only', 'ping', '--only', 'pull-blobs', '--report-dir', dir, '--username', 'ci-bot', '--password', 'hunter2-secret']);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  it('refuses an unfilled PRODUCT.yaml with one clear line and exit 2, writing nothing', async () => {
    const r = await cli(['submission', '--report-dir', dir, '--vendor', 'Yoyodyne', '--website-url', 'yoyo.dyne']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^oci-conform: PRODUCT\.yaml is not complete: name is required; version is required; website_url must be an http\(s\) URL, not "yoyo\.dyne";/);
    expect(r.stderr).toContain('--product-version');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(await readdir(dir)).not.toContain('submission');
  });

  it('assembles README.md, results.yaml, report.html, junit.xml and PRODUCT.yaml from flags, without credentials', async () => {
    const r = await cli(['submission', '--report-dir', dir, ...FLAGS]);
    expect(r.code, r.stderr).toBe(0);
    const out = join(dir, 'submission');
    expect((await readdir(out)).sort()).toEqual(['PRODUCT.yaml', 'README.md', 'junit.xml', 'report.html', 'results.yaml']);
    expect(r.stdout).toContain('distribution-spec/v1.1/<your product>/');
    const product = await readFile(join(out, 'PRODUCT.yaml'), 'utf8');
    expect(product).toContain('name: Turbo Encabulator\nversion: v1.7.4\n');
    const readme = await readFile(join(out, 'README.md'), 'utf8');
    expect(readme).toContain('# OCI conformance results: Turbo Encabulator v1.7.4');
    expect(readme).toMatch(/oci-conform run --seed 5 --only ping --only pull-blobs/);
    for (const f of await readdir(out)) expect(await readFile(join(out, f), 'utf8'), f).not.toContain('hunter2-secret');
    expect(await readFile(join(out, 'results.yaml'), 'utf8')).toMatch(/^ {2}Blob get: Pass$/m);
  });

  it('starts from a PRODUCT.yaml file, flags winning, and refuses unknown fields', async () => {
    const file = join(await tmp(), 'PRODUCT.yaml');
    await writeFile(file, 'vendor: Yoyodyne\nname: Old Name\nversion: 1.0\nwebsite_url: https://yoyo.dyne\ndocumentation_url: https://yoyo.dyne/docs\ntype: hosted\ndescription: A service.\n');
    const out = await tmp();
    const r = await cli(['submission', '--report-dir', dir, '--product', file, '--name', 'New Name', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(join(out, 'PRODUCT.yaml'), 'utf8')).toContain('name: New Name\nversion: "1.0"\n');
    await writeFile(file, 'vendor: Yoyodyne\ncolour: blue\n');
    const bad = await cli(['submission', '--report-dir', dir, '--product', file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"colour" is not a PRODUCT.yaml field');
  });

  it('refuses a run that was stopped before every check ran', async () => {
    const stopped = await tmp();
    const run = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as { run: Record<string, unknown> };
    run.run['incomplete'] = { reason: 'the run deadline (--run-timeout) passed', notRun: ['pull/blob/get'] };
    await writeFile(join(stopped, 'results.json'), JSON.stringify(run));
    const r = await cli(['submission', '--report-dir', stopped, ...FLAGS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is of a run stopped before every check ran (the run deadline (--run-timeout) passed)');
  });

  it('needs a results.json', async () => {
    const r = await cli(['submission', '--report-dir', await tmp()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/results\.json does not exist: run oci-conform run --report-dir/);
  });
});
