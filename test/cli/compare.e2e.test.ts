import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tmp } from '../helpers/cli.js';
import { startDistribution, type Distribution } from '../helpers/distribution.js';

/** `compare`: a run against the reference registry beside a run against Debian's docker-registry. */
describe('oci-conform compare: reference registry and distribution', () => {
  let reg: Distribution;
  let a: string;
  let b: string;
  const only = ['ping', 'pull-blobs', 'push-blob-post-put', 'push-manifest-kinds', 'discovery-referrers'].flatMap((w) => ['--only', w]);

  beforeAll(async () => {
    reg = await startDistribution();
    [a, b] = [await tmp(), await tmp()];
    const ra = await cli(['run', '--seed', '11', ...only, '--report-dir', a]);
    const rb = await cli(['run', '--registry', reg.url, '--seed', '11', ...only, '--report-dir', b]);
    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stdout).toBe(0); // distribution 2.8 has no referrers API: those checks skip
    // a filled-in PRODUCT.yaml names the column
    await writeFile(join(b, 'PRODUCT.yaml'), 'vendor: CNCF\nname: distribution\nversion: "2.8"\ntype: distribution\n');
  }, 240_000);

  afterAll(async () => {
    await reg?.stop();
  });

  it('writes compare.html and compare.md, labelled by registry and product, linking into each report', async () => {
    const out = await tmp();
    const r = await cli(['compare', join(a, 'results.json'), join(b, 'results.json'), '--report-dir', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^compared 2 runs \(embedded reference registry, distribution 2\.8\): \d+ of \d+ checks differ$/m);
    const html = await readFile(join(out, 'compare.html'), 'utf8');
    expect(html).toContain('>embedded reference registry</a>');
    expect(html).toMatch(/href="\.\.\/[^"]+\/report\.html#check-\d+-discovery-referrers-status"/);
    const md = await readFile(join(out, 'compare.md'), 'utf8');
    expect(md).toContain('| | embedded reference registry | distribution 2.8 |');
    expect(md).toMatch(/^\| `discovery\/referrers\/status` \| MUST \| pass \| skip \|$/m);
    expect(md).not.toMatch(/^\| `ping\/api-version`/m);
  });

  it('exits 1 with --fail-on-regression when checks passing in the base do not pass later, naming them', async () => {
    const out = await tmp();
    const r = await cli(['compare', join(a, 'results.json'), join(b, 'results.json'), '--report-dir', out, '--label', '1=reference', '--label', '2=distribution', '--fail-on-regression', 'reference']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/regression\(s\) against reference:/);
    expect(r.stdout).toMatch(/^ {2}discovery\/referrers\/status: pass in reference, skip in distribution$/m);
    const back = await cli(['compare', join(b, 'results.json'), join(a, 'results.json'), '--report-dir', out, '--fail-on-regression', '2']);
    expect(back.code).toBe(0);
  });

  it('refuses bad input with one line and exit 2', async () => {
    for (const args of [
      ['compare', join(a, 'results.json')],
      ['compare', join(a, 'results.json'), join(a, 'nope.json')],
      ['compare', join(a, 'results.json'), join(b, 'results.json'), '--label', 'x'],
      ['compare', join(a, 'results.json'), join(b, 'results.json'), '--fail-on-regression', 'nobody'],
    ]) {
      const r = await cli([...args, '--report-dir', await tmp()]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^oci-conform: /);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
    expect(existsSync(join(a, 'compare.html'))).toBe(false);
  });
});
