import { describe, expect, it } from 'vitest';
import { REPORT_TEMPLATE } from '../../src/reporters/html-template.js';
import { REPORT_SCRIPT_HASH, renderHtml } from '../../src/reporters/html.js';
import { expectGolden, loadRequirements, loadSample } from './helpers.js';

describe('renderHtml', () => {
  const run = loadSample();
  const reqs = loadRequirements();
  const html = renderHtml(run, reqs);
  /** The transcript data the page renders from: the hidden element's text, unescaped as a browser would. */
  const transcripts = (): Record<string, Array<{ text: string; curl: string }>> => {
    const raw = /<div hidden id="transcripts">([^<]*)<\/div>/.exec(html)![1]!;
    const text = raw.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=').replace(/&#x60;/g, '`').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    return JSON.parse(text) as Record<string, Array<{ text: string; curl: string }>>;
  };

  it('matches the golden file', () => {
    expectGolden('report.html', html);
  });

  it('uses triple-stash only for the constant CSS and script', () => {
    const triples = [...REPORT_TEMPLATE.matchAll(/\{\{\{\s*([^}\s]+)\s*\}\}\}/g)].map((m) => m[1]);
    expect(triples.sort()).toEqual(['css', 'script']);
  });

  it('renders registry markup inert: escaped in text and in attributes', () => {
    // the only <script> element is ours
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // header value `"><script>alert(2)</script>` from the registry, in the transcript data (JSON, then escaped as text)
    expect(html).toContain('x-evil: \\&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(transcripts()['check-5-pull-manifest-get-by-tag']?.[0]?.text).toContain('x-evil: "><script>alert(2)</script>');
    expect(html).not.toMatch(/"><script/);
    // a strict CSP allows exactly our script
    expect(html).toContain(`script-src '${REPORT_SCRIPT_HASH.replace(/=/g, '&#x3D;')}'`);
  });

  it('is self-contained: no external resources', () => {
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/url\((?!#)/);
    expect(html).not.toMatch(/@import/);
  });

  it('has the header, legend, totals, matrix, requirement view, official tables and details', () => {
    for (const s of [
      'id="run-info"',
      'http://127.0.0.1:5000',
      '<code>1234567</code>',
      '<dt>Distribution spec</dt><dd>v1.1.1</dd>',
      'The harness or the transport failed; this says nothing about the registry.',
      'id="by-category"',
      'id="by-level"',
      'id="requirement-view"',
      'id="official-apis"',
      'id="official-data"',
    ]) {
      expect(html).toContain(s);
    }
    // one matrix row and one detail section per check
    expect(html.match(/<tr data-check /g)).toHaveLength(run.checks.length);
    expect(html.match(/<section class="check /g)).toHaveLength(run.checks.length);
    expect(html).toContain('NOT CONFORMANT');
  });

  it('links requirements to their spec anchors when the catalog is given, and to the requirement view otherwise', () => {
    expect(html).toContain('href="https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#pulling-blobs"');
    expect(html).toContain('GET of an existing blob returns 200 and the blob bytes.');
    const bare = renderHtml(run);
    expect(bare).not.toContain('spec.md#pulling-blobs');
    expect(bare).toContain('<a href="#req-PULL-011">PULL-011</a>');
    expect(bare).toContain('not in the catalog given to the reporter');
  });

  it('gives each request a curl line without secrets, and each check its replay command', () => {
    expect(html).toContain(
      'curl -sS -H &#x27;accept: application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json&#x27;',
    );
    const curls = Object.values(transcripts()).flatMap((xs) => xs.map((x) => x.curl));
    expect(curls.length).toBe(run.checks.reduce((n, c) => n + c.exchanges.length, 0));
    for (const c of curls) expect(c).not.toMatch(/authorization|cookie/i);
    expect(html).toContain(`${run.run.replay} --only pull/blob/range`);
  });

  it('puts transcripts in collapsed <details>, rendered from embedded JSON only when opened', () => {
    const n = run.checks.filter((c) => c.exchanges.length > 0).length;
    expect(html.match(/<details class="tx" data-tx="[^"]+">/g)).toHaveLength(n);
    expect(html).not.toMatch(/<details[^>]* open/);
    expect(html).not.toContain('<div class="ex">');
    expect(Object.keys(transcripts())).toHaveLength(n);
  });

  it('grows linearly with the run', () => {
    const many = (k: number) => ({ ...run, checks: Array.from({ length: k }, (_, i) => run.checks.map((c) => ({ ...c, id: `${c.id}-${i}` }))).flat() });
    const [one, ten] = [renderHtml(many(1), reqs).length, renderHtml(many(10), reqs).length];
    expect(ten / one).toBeLessThan(10);
    expect(ten / one).toBeGreaterThan(5);
  });
});

describe('renderHtml verdicts', () => {
  it('states a verdict per category and the overall line', () => {
    const html = renderHtml(loadSample(), []);
    expect(html).toMatch(/<strong>NOT CONFORMANT<\/strong>Conformant: Content Discovery, Content Management · Not conformant: Pull, 1 MUST finding/);
    expect(html).toContain('<tr data-state="not-conformant"><td>Pull</td><td><span class="o fail">not conformant (1 MUST finding)</span></td><td class="reqs"><code>pull/manifest/get-by-tag</code></td></tr>');
    expect(html).toContain('<tr><td>Tag Param</td>');
  });

  it('says NO VERDICT, not CONFORMANT, when no selected check reached a verdict', () => {
    const run = loadSample();
    for (const c of run.checks) c.outcome = 'disabled';
    const html = renderHtml(run, []);
    expect(html).toContain('<strong>NO VERDICT</strong>');
    expect(html).not.toContain('<strong>CONFORMANT');
  });
});

