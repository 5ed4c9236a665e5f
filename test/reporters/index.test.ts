import { describe, expect, it } from 'vitest';
import { FORMATS, renderReports } from '../../src/reporters/index.js';
import { renderJson } from '../../src/reporters/json.js';
import { loadRequirements, loadSample } from './helpers.js';

describe('renderReports', () => {
  const run = loadSample();

  it('names the files per format; yaml gives results.yaml and PRODUCT.yaml', () => {
    const files = renderReports(run, FORMATS, loadRequirements());
    expect(files.map((f) => f.file)).toEqual(['results.json', 'junit.xml', 'report.html', 'results.yaml', 'PRODUCT.yaml', 'badge.svg']);
    for (const f of files) expect(f.content.length).toBeGreaterThan(100);
    expect(files[0]!.content).toBe(renderJson(run));
  });

  it('renders only what is asked, once, in the order asked', () => {
    expect(renderReports(run, ['badge', 'json', 'badge']).map((f) => f.file)).toEqual(['badge.svg', 'results.json']);
    expect(renderReports(run, [])).toEqual([]);
  });

  it('passes the catalog to the HTML report', () => {
    const [withCatalog] = renderReports(run, ['html'], loadRequirements());
    const [without] = renderReports(run, ['html']);
    expect(withCatalog!.content).toContain('spec.md#pulling-blobs');
    expect(without!.content).not.toContain('spec.md#pulling-blobs');
  });
});
