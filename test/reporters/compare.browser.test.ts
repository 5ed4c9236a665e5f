import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCompareHtml } from '../../src/reporters/compare-html.js';
import { compareRuns } from '../../src/reporters/compare.js';
import { LAUNCH, requireChromium } from './chromium.js';
import { loadRequirements, sampleRuns } from './helpers.js';

/** The part of a DOM element the page callbacks read (the tests compile without the DOM library). */
interface PageElement {
  hidden: boolean;
  dataset: Record<string, string | undefined>;
}

describe('compare.html in headless Chromium', { timeout: 30_000 }, () => {
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    requireChromium();
    browser = await chromium.launch(LAUNCH);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    const file = join(mkdtempSync(join(tmpdir(), 'oci-conform-compare-')), 'compare.html');
    writeFileSync(file, renderCompareHtml(compareRuns(sampleRuns(), loadRequirements())));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  const visible = (kind: 'check' | 'requirement'): Promise<string[]> =>
    page.$$eval(`tr[data-row="${kind}"]`, (rows) => rows.filter((r) => !(r as unknown as PageElement).hidden).map((r) => (r as unknown as PageElement).dataset.id ?? ''));
  const reset = async (): Promise<void> => {
    await page.click('button[type=reset]');
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('shown').textContent.startsWith('14 of 14'));
  };

  it('loads without console errors, page errors or requests beyond the file', async () => {
    expect(await page.title()).toBe('OCI conformance comparison: registry 1.0 · registry 2.0');
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    expect(await visible('check')).toHaveLength(14);
  });

  it('shows only rows that differ', async () => {
    await page.check('input[name=differs]');
    expect(await visible('check')).toEqual([
      'pull/blob/get-existing',
      'pull/blob/get-missing',
      'pull/manifest/get-by-tag',
      'push/blob/chunked-out-of-order',
      'discovery/referrers/list',
    ]);
    expect(await visible('requirement')).toContain('PULL-015');
    expect(await visible('requirement')).not.toContain('PUSHM-001');
    // a workflow whose rows are all hidden loses its heading row
    expect(await page.$$eval('tr[data-grp]', (g) => g.filter((x) => !(x as unknown as PageElement).hidden).length)).toBe(4);
    await reset();
  });

  it('filters by level, category and outcome, and searches', async () => {
    await page.selectOption('select[name=level]', 'SHOULD');
    expect(await visible('check')).toEqual(['pull/blob/range']);
    await reset();
    await page.selectOption('select[name=category]', 'content-management');
    expect(await visible('check')).toEqual(['content-management/delete/manifest', 'content-management/delete/blob']);
    await reset();
    for (const o of ['pass', 'skip', 'disabled', 'warn', 'error', 'none']) await page.uncheck(`input[name=outcome][value=${o}]`);
    expect(await visible('check')).toEqual(['pull/blob/get-existing', 'pull/manifest/get-by-tag']);
    await reset();
    await page.fill('input[name=q]', 'chunk');
    expect(await visible('check')).toEqual(['push/blob/chunked-out-of-order']);
    expect(await page.textContent('#shown')).toBe('1 of 14 checks shown');
    await reset();
  });

  it('shows the message on hover and links into the run report', async () => {
    const cell = page.locator('tr[data-id="pull/blob/get-existing"] td.cell').nth(1).locator('span');
    expect(await cell.getAttribute('title')).toContain('received 404');
    expect(await page.locator('tr[data-id="pull/blob/get-existing"] td.cell a').first().getAttribute('href')).toBe('a/report.html#check-2-pull-blob-get-existing');
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
