import { describe, expect, it } from 'vitest';
import { COMPARE_TEMPLATE } from '../../src/reporters/compare-template.js';
import { renderCompareHtml } from '../../src/reporters/compare-html.js';
import { compareRuns, regressions, renderCompareMarkdown } from '../../src/reporters/compare.js';
import { expectGolden, loadRequirements, sampleRuns } from './helpers.js';

describe('compareRuns', () => {
  const cmp = compareRuns(sampleRuns(), loadRequirements());

  it('has every check of either run, grouped by category and workflow, with "not in this run" cells', () => {
    expect(cmp.rows.map((r) => r.id)).toContain('pull/blob/get-missing');
    const referrers = cmp.rows.find((r) => r.id === 'discovery/referrers/list')!;
    expect(referrers.cells.map((c) => c.outcome)).toEqual(['disabled', null]);
    expect(referrers.cells[1]!.message).toBe('not in this run');
    expect(referrers.differs).toBe(true);
    const cats = cmp.rows.map((r) => r.category);
    expect(cats.indexOf('general')).toBeGreaterThan(cats.lastIndexOf('pull'));
    const same = cmp.rows.find((r) => r.id === 'push/blob/post-put')!;
    expect(same.differs).toBe(false);
  });

  it('links a cell into the run report at that check, when the report is known', () => {
    const row = cmp.rows.find((r) => r.id === 'pull/blob/get-existing')!;
    expect(row.cells[0]!.href).toBe('a/report.html#check-2-pull-blob-get-existing');
    expect(row.cells[1]!.href).toBeUndefined();
    expect(row.cells[1]!.message).toContain('received 404');
  });

  it('scores MUST met over MUST testable, and counts by level, on the checks both runs have', () => {
    expect(cmp.shared).toBe(12);
    expect(cmp.columns.map((c) => [c.mustMet, c.mustTestable])).toEqual([
      [7, 8],
      [8, 9],
    ]);
    expect(cmp.columns[0]!.byLevel.map((x) => x.level)).toEqual(['MUST', 'SHOULD', 'MAY']);
  });

  it('has a requirement view with levels', () => {
    const r = cmp.requirements.find((x) => x.id === 'PULL-015')!;
    expect(r).toMatchObject({ level: 'MUST', cells: [null, 'pass'], differs: true });
  });

  it('finds regressions against a base: passed there, not passing later; missing or disabled checks are not regressions', () => {
    expect(regressions(cmp, 'registry 1.0')).toEqual([{ id: 'pull/blob/get-existing', label: 'registry 2.0', outcome: 'fail' }]);
    expect(regressions(cmp, 'registry 2.0')).toEqual([]);
    expect(() => regressions(cmp, 'nope')).toThrow(/no run is labelled nope/);
  });
});

describe('compare reports', () => {
  const cmp = compareRuns(sampleRuns(), loadRequirements());

  it('match the golden files', () => {
    expectGolden('compare.html', renderCompareHtml(cmp));
    expectGolden('compare.md', renderCompareMarkdown(cmp));
  });

  it('compare.md lists only differing rows by default, and every row with all', () => {
    const md = renderCompareMarkdown(cmp);
    expect(md).toContain('| `pull/blob/get-existing` | MUST | pass | **FAIL** |');
    expect(md).toContain('| `discovery/referrers/list` | MUST | disabled | — |');
    expect(md).not.toContain('`push/blob/post-put`');
    expect(renderCompareMarkdown(cmp, { all: true })).toContain('| `push/blob/post-put` | MUST | pass | pass |');
    expect(md).toContain('| Result | **NOT CONFORMANT** | **NOT CONFORMANT** |');
    expect(md).toContain('| MUST met / testable | 7 / 8 | 8 / 9 |');
    expect(md).toContain('Totals and scores count the 12 checks every run has.');
  });

  it('keeps run data out of markup and Markdown structure', () => {
    const runs = sampleRuns();
    runs[0]!.label = '<img src=x onerror=alert(1)> | x';
    runs[0]!.reportHref = 'javascript:alert(1)';
    const evil = compareRuns(runs);
    const html = renderCompareHtml(evil);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('javascript:');
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(renderCompareMarkdown(evil)).toContain('&lt;img src=x onerror=alert(1)&gt; \\| x');
    runs[1]!.run.checks[0]!.id = 'a`b|c';
    expect(renderCompareMarkdown(compareRuns(runs))).toContain("| `a'b\\|c` | MUST |");
    const triples = [...COMPARE_TEMPLATE.matchAll(/\{\{\{\s*([^}\s]+)\s*\}\}\}/g)].map((m) => m[1]);
    expect(triples.sort()).toEqual(['css', 'script']);
  });
});
