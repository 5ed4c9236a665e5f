import { describe, expect, it } from 'vitest';
import { productProblems, renderProduct, renderSubmissionReadme, specDir, type Product } from '../../src/reporters/submission.js';
import { expectGolden, loadSample } from './helpers.js';

const PRODUCT: Product = {
  vendor: 'Yoyodyne',
  name: 'Turbo Encabulator',
  version: 'v1.7.4',
  website_url: 'https://yoyo.dyne/turbo-encabulator',
  documentation_url: 'https://yoyo.dyne/turbo-encabulator/docs',
  type: 'distribution',
  description: 'A superb OCI distribution: for all of your encabulating needs.',
};

describe('PRODUCT.yaml', () => {
  it('accepts the required fields and writes them in the instructions order, quoted where YAML needs it', () => {
    expect(productProblems(PRODUCT)).toEqual([]);
    expect(renderProduct({ ...PRODUCT, repo_url: 'https://github.com/yoyo/te' })).toBe(
      [
        'vendor: Yoyodyne',
        'name: Turbo Encabulator',
        'version: v1.7.4',
        'website_url: "https://yoyo.dyne/turbo-encabulator"',
        'repo_url: "https://github.com/yoyo/te"',
        'documentation_url: "https://yoyo.dyne/turbo-encabulator/docs"',
        'type: distribution',
        'description: "A superb OCI distribution: for all of your encabulating needs."',
        '',
      ].join('\n'),
    );
  });

  it('names every missing or malformed field', () => {
    expect(productProblems({ ...PRODUCT, vendor: ' ', website_url: 'yoyo.dyne', type: 'cloud', product_logo_url: 'https://yoyo.dyne/logo.png', name: 'a\nb' })).toEqual([
      'vendor is required',
      'name must be one line without control characters',
      'website_url must be an http(s) URL, not "yoyo.dyne"',
      'type must be one of distribution, hosted, platform, installer, not "cloud"',
      'product_logo_url must point at an SVG, AI or EPS file',
    ]);
    expect(productProblems({})).toHaveLength(7);
    expect(productProblems({ ...PRODUCT, documentation_url: 'https://yoyo.dyne/a)[x](javascript:alert(1)' })).toEqual([
      'documentation_url must be an http(s) URL, not "https://yoyo.dyne/a)[x](javascript:alert(1)"',
    ]);
  });
});

describe('submission README.md', () => {
  const run = loadSample();

  it('matches the golden file', () => {
    expectGolden('submission-README.md', renderSubmissionReadme(run, PRODUCT));
  });

  it('says what was tested, the verdict per category and how to reproduce, without credentials', () => {
    const text = renderSubmissionReadme(run, PRODUCT);
    expect(text).toContain('**NOT CONFORMANT**: Conformant: Content Discovery, Content Management · Not conformant: Pull, 1 MUST finding');
    expect(text).toContain('| Pull | yes | not conformant (1 MUST finding) |');
    expect(text).toContain(run.run.replay);
    expect(text).toContain('- Tag Param: ');
    expect(text).not.toMatch(/password=(?!\.\.\.)/i);
    expect(specDir(run)).toBe('distribution-spec/v1.1');
  });
});
