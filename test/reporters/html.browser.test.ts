import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/reporters/html.js';
import { readFileSync } from 'node:fs';
import { validateResult } from '../../src/reporters/validate.js';
import { LAUNCH, requireChromium } from './chromium.js';
import { loadRequirements, loadSample, ROOT } from './helpers.js';

/** The part of a DOM element the page callbacks read (the tests compile without the DOM library). */
interface PageElement {
  hidden: boolean;
  dataset: Record<string, string | undefined>;
}

const OUT = join(ROOT, 'test-output');

/** Writes the report to a temp dir and opens it over file://, collecting console errors, page errors and requests. */
async function openReport(browser: Browser, html: string): Promise<{ page: Page; consoleErrors: string[]; pageErrors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('dialog', (d) => {
    pageErrors.push(`dialog opened: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => requests.push(r.url()));
  const dir = mkdtempSync(join(tmpdir(), 'oci-conform-html-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, consoleErrors, pageErrors, requests };
}

describe('report.html in headless Chromium', { timeout: 30_000 }, () => {
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[] = [];
  let pageErrors: string[] = [];
  let requests: string[] = [];
  const run = loadSample();

  beforeAll(async () => {
    requireChromium();
    browser = await chromium.launch(LAUNCH);
    const o = await openReport(browser, renderHtml(run, loadRequirements()));
    page = o.page;
    consoleErrors = o.consoleErrors;
    pageErrors = o.pageErrors;
    requests = o.requests;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  const visibleRows = (): Promise<string[]> =>
    page.$$eval('tr[data-check]', (rows) => rows.filter((r) => !(r as unknown as PageElement).hidden).map((r) => (r as unknown as PageElement).dataset.id ?? ''));

  it('loads without console errors, page errors or network requests', async () => {
    expect(await page.title()).toBe('OCI conformance: http://127.0.0.1:5000');
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    expect(await page.textContent('#shown')).toBe(`${run.checks.length} of ${run.checks.length} checks shown`);
  });

  it('did not execute the registry-supplied script', async () => {
    // the payloads would call alert(); a dialog would have been recorded as a page error
    expect(pageErrors).toEqual([]);
    const text = await page.textContent(`section[data-id="pull/manifest/get-by-tag"] .msg`);
    expect(text).toContain('<script>alert(1)</script>');
    expect(await page.$$eval('script', (s) => s.length)).toBe(1);
  });

  it('filters by outcome', async () => {
    expect(await visibleRows()).toHaveLength(run.checks.length);
    await page.uncheck('input[name=outcome][value=pass]');
    const rows = await visibleRows();
    const nonPass = run.checks.filter((c) => c.outcome !== 'pass').map((c) => c.id);
    expect(rows.sort()).toEqual(nonPass.sort());
    expect(await page.isVisible('section[data-id="pull/blob/get-existing"]')).toBe(false);
    expect(await page.isVisible('section[data-id="pull/blob/range"]')).toBe(true);
    // the ping workflow (all pass) disappears as a group
    expect(await page.isVisible('#cat-general')).toBe(false);
    expect(await page.textContent('#shown')).toBe(`${nonPass.length} of ${run.checks.length} checks shown`);
    await page.check('input[name=outcome][value=pass]');
    expect(await visibleRows()).toHaveLength(run.checks.length);
  });

  it('filters by category and level', async () => {
    await page.selectOption('select[name=category]', 'push');
    expect((await visibleRows()).sort()).toEqual(run.checks.filter((c) => c.category === 'push').map((c) => c.id).sort());
    await page.selectOption('select[name=level]', 'MAY');
    expect(await visibleRows()).toEqual(['push/blob/single-post']);
    await page.selectOption('select[name=level]', 'SHOULD');
    expect(await visibleRows()).toEqual([]);
    expect(await page.isVisible('.nomatch >> nth=0')).toBe(true);
    await page.selectOption('select[name=level]', '');
    await page.selectOption('select[name=category]', '');
    expect(await visibleRows()).toHaveLength(run.checks.length);
  });

  it('searches by check ID and by requirement ID', async () => {
    await page.fill('input[name=q]', 'manifest/get-by');
    expect((await visibleRows()).sort()).toEqual(['pull/manifest/get-by-digest', 'pull/manifest/get-by-tag']);
    await page.fill('input[name=q]', 'chunk-010');
    expect(await visibleRows()).toEqual(['push/blob/chunked-out-of-order']);
    await page.fill('input[name=q]', '');
    expect(await visibleRows()).toHaveLength(run.checks.length);
  });

  it('opens a transcript', async () => {
    const sel = 'section[data-id="pull/manifest/get-by-tag"] details.tx';
    const pre = `${sel} pre`;
    expect(await page.isVisible(pre)).toBe(false);
    await page.click(`${sel} > summary`);
    expect(await page.isVisible(pre)).toBe(true);
    const text = (await page.textContent(pre)) ?? '';
    expect(text).toContain('> GET http://127.0.0.1:5000/v2/conform/r7f3a2c91/pull-manifests/manifests/v1');
    expect(text).toContain('x-evil: "><script>alert(2)</script>');
    expect(text).toContain('authorization: Bearer <redacted>');
    const curl = (await page.textContent(`${sel} .cmd code`)) ?? '';
    expect(curl).toMatch(/^curl -sS /);
    expect(curl).not.toMatch(/authorization|cookie/i);
  });

  it('saves a screenshot', async () => {
    mkdirSync(OUT, { recursive: true });
    await page.uncheck('input[name=outcome][value=pass]');
    await page.evaluate('window.scrollTo(0, 0)');
    const file = join(OUT, 'report.png');
    await page.screenshot({ path: file, fullPage: true });
    await page.check('input[name=outcome][value=pass]');
    expect(statSync(file).size).toBeGreaterThan(10_000);
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

describe('report.html with thousands of exchanges in headless Chromium', { timeout: 60_000 }, () => {
  // The sample's exchanges repeated: 40 copies of every check, several thousand requests in all.
  const sample = loadSample();
  const run = { ...sample, checks: Array.from({ length: 40 }, (_, i) => sample.checks.map((c) => ({ ...c, id: `${c.id}-${i}`, exchanges: Array.from({ length: 4 }, () => c.exchanges).flat() }))).flat() };
  const exchanges = run.checks.reduce((n, c) => n + c.exchanges.length, 0);
  let browser: Browser;

  beforeAll(async () => {
    requireChromium();
    browser = await chromium.launch(LAUNCH);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('renders no transcript until one is opened, then that one; all of them for printing', async () => {
    expect(exchanges).toBeGreaterThan(2000);
    const { page, consoleErrors, pageErrors } = await openReport(browser, renderHtml(run as typeof sample, loadRequirements()));
    expect(await page.$$eval('.ex', (xs) => xs.length)).toBe(0);
    const withExchanges = run.checks.find((c) => c.exchanges.length > 0)!;
    const sel = `section[data-id="${withExchanges.id}"] details.tx`;
    await page.click(`${sel} > summary`);
    expect(await page.$$eval(`${sel} .ex`, (xs) => xs.length)).toBe(withExchanges.exchanges.length);
    expect(await page.$$eval('.ex', (xs) => xs.length)).toBe(withExchanges.exchanges.length);
    expect(await page.isVisible(`${sel} pre`)).toBe(true);
    await page.evaluate("window.dispatchEvent(new Event('beforeprint'))");
    expect(await page.$$eval('.ex', (xs) => xs.length)).toBe(exchanges);
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);
});

describe('report.html of a real run (embedded registry with fault switches) in headless Chromium', { timeout: 60_000 }, () => {
  // A real run of the compiled CLI, as a user makes it; the test opens the report.html it wrote.
  const dir = mkdtempSync(join(tmpdir(), 'oci-conform-real-run-'));
  const faults = ['manifest-rewrite', 'manifest-content-type-param', 'warning-bad-format', 'blob-head-wrong-length'];
  const cli = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), 'run', '--seed', '7', '--report-dir', dir, ...faults.flatMap((f) => ['--fault', f])], { encoding: 'utf8' });
  const run = validateResult(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')));
  let browser: Browser;

  beforeAll(async () => {
    requireChromium();
    browser = await chromium.launch(LAUNCH);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('renders, filters to the failures, opens a transcript, and saves a screenshot', async () => {
    expect(cli.status, cli.stderr).toBe(1);
    const { page, consoleErrors, pageErrors, requests } = await openReport(browser, readFileSync(join(dir, 'report.html'), 'utf8'));
    const fails = run.checks.filter((c) => c.outcome === 'fail').map((c) => c.id);
    expect(fails.length).toBeGreaterThan(0);
    for (const o of ['pass', 'skip', 'disabled', 'warn', 'error']) await page.uncheck(`input[name=outcome][value=${o}]`);
    const rows = await page.$$eval('tr[data-check]', (rs) => rs.filter((r) => !(r as unknown as PageElement).hidden).map((r) => (r as unknown as PageElement).dataset.id));
    expect(rows.sort()).toEqual([...fails].sort());
    const first = `section[data-id="${fails[0]}"] details.tx`;
    await page.click(`${first} > summary`);
    expect(await page.isVisible(`${first} pre`)).toBe(true);
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, 'report-embedded-run.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(10_000);
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    await page.close();
  }, 60_000);
});
