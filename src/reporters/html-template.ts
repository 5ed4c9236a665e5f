/**
 * The HTML report's template, style and script, kept as TypeScript strings so
 * the build needs no asset copying. The template is Handlebars: every value
 * from the run goes through `{{ }}` (escaped). Triple-stash appears only for
 * `css` and `script`, which are the constants below, never run data.
 */

export const REPORT_CSS = `
:root {
  --fg: #1d2329; --muted: #5b6770; --line: #d9dee3; --bg: #ffffff; --panel: #f6f8fa; --accent: #0b5cad;
  --pass: #2e7d32; --pass-bg: #e8f5e9; --warn: #8a5300; --warn-bg: #fff4e0; --fail: #b71c1c; --fail-bg: #fdecea;
  --error: #6a1b9a; --error-bg: #f3e5f5; --skip: #546e7a; --skip-bg: #eceff1; --disabled: #757575; --disabled-bg: #f1f1f1;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--fg); background: var(--bg); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 22px 0 8px; }
h4 { font-size: 14px; margin: 14px 0 6px; color: var(--muted); font-weight: 600; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
.muted { color: var(--muted); }
.head { display: flex; gap: 24px; align-items: flex-start; justify-content: space-between; flex-wrap: wrap; }
.verdict { border-radius: 8px; padding: 10px 16px; min-width: 220px; border: 1px solid var(--line); }
.verdict strong { display: block; font-size: 22px; letter-spacing: .02em; }
.verdict.pass { background: var(--pass-bg); border-color: var(--pass); color: var(--pass); }
.verdict.warn { background: var(--warn-bg); border-color: var(--warn); color: var(--warn); }
.verdict.fail { background: var(--fail-bg); border-color: var(--fail); color: var(--fail); }
.verdict.error { background: var(--error-bg); border-color: var(--error); color: var(--error); }
.verdict.skip, .verdict.disabled { background: var(--skip-bg); border-color: var(--skip); color: var(--skip); }
.facts { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 3px 14px; margin: 14px 0 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.cmd { display: flex; gap: 8px; align-items: flex-start; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; margin: 6px 0; }
.cmd code { flex: 1; white-space: pre-wrap; overflow-wrap: anywhere; }
.cmd .label { color: var(--muted); font-size: 12px; white-space: nowrap; padding-top: 1px; }
button.copy { font: inherit; font-size: 12px; border: 1px solid var(--line); background: #fff; border-radius: 4px; padding: 0 8px; cursor: pointer; color: var(--muted); }
button.copy:hover { color: var(--fg); border-color: var(--muted); }
.legend { display: grid; grid-template-columns: max-content 1fr; gap: 6px 12px; align-items: baseline; margin: 0; }
.legend dd { margin: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 8px 0 16px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 96px; }
.card .n { font-size: 22px; font-weight: 650; display: block; }
.card.pass .n { color: var(--pass); } .card.warn .n { color: var(--warn); } .card.fail .n { color: var(--fail); }
.card.error .n { color: var(--error); } .card.skip .n { color: var(--skip); } .card.disabled .n { color: var(--disabled); }
.card.zero { opacity: .55; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 0 24px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; background: var(--panel); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.zero { color: #b8c0c7; }
.o { display: inline-block; min-width: 62px; text-align: center; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600; line-height: 20px; border: 1px solid transparent; }
.o.pass { color: var(--pass); background: var(--pass-bg); border-color: #a5d6a7; }
.o.warn { color: var(--warn); background: var(--warn-bg); border-color: #ffcc80; }
.o.fail { color: var(--fail); background: var(--fail-bg); border-color: #ef9a9a; }
.o.error { color: var(--error); background: var(--error-bg); border-color: #ce93d8; }
.o.skip { color: var(--skip); background: var(--skip-bg); border-color: #b0bec5; }
.o.disabled { color: var(--disabled); background: var(--disabled-bg); border-color: #d0d0d0; }
.o.none { color: var(--muted); background: transparent; border-color: var(--line); }
.lvl { display: inline-block; font-size: 11px; font-weight: 700; border-radius: 3px; padding: 0 5px; line-height: 18px; border: 1px solid; white-space: nowrap; }
.lvl.must { color: #8e1b1b; border-color: #e0a4a4; background: #fff6f6; }
.lvl.should { color: #7a4a00; border-color: #e8c48a; background: #fffaf0; }
.lvl.may { color: #455a64; border-color: #b0bec5; background: #f7f9fa; }
.reqs a, .reqs span { margin-right: 6px; white-space: nowrap; }
.filters { position: sticky; top: 0; z-index: 5; background: rgba(255,255,255,.96); border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; margin: 20px 0 8px; display: flex; flex-wrap: wrap; gap: 8px 18px; align-items: center; box-shadow: 0 1px 3px rgba(0,0,0,.06); }
.filters fieldset { border: 0; margin: 0; padding: 0; display: flex; gap: 4px; align-items: center; flex-wrap: wrap; }
.filters legend { float: left; margin-right: 6px; color: var(--muted); font-size: 12px; }
.filters label.chip { display: inline-flex; align-items: center; gap: 4px; cursor: pointer; user-select: none; }
.filters label.chip input { margin: 0; }
.filters select, .filters input[type=search] { font: inherit; padding: 3px 6px; border: 1px solid var(--line); border-radius: 4px; background: #fff; }
.filters input[type=search] { min-width: 220px; }
.filters .shown { margin-left: auto; color: var(--muted); font-size: 12px; }
.wf { margin: 0 0 14px; }
.wf h4 { display: flex; gap: 8px; align-items: center; }
.matrix td:first-child { width: 32%; }
.matrix td.lvlc { width: 90px; }
table.claims { width: auto; min-width: 50%; margin-top: 12px; }
table.claims .o { min-width: 0; }
.matrix td.oc { width: 84px; }
.nomatch { padding: 12px; color: var(--muted); border: 1px dashed var(--line); border-radius: 6px; }
section.check { border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 6px; padding: 10px 14px; margin: 12px 0; break-inside: avoid; }
section.check.pass { border-left-color: var(--pass); } section.check.warn { border-left-color: #f0a020; }
section.check.fail { border-left-color: var(--fail); } section.check.error { border-left-color: var(--error); }
section.check.skip, section.check.disabled { border-left-color: #b0bec5; }
section.check header { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
section.check header code { font-size: 13.5px; font-weight: 600; }
section.check header .t { flex-basis: 100%; margin: 2px 0 0; }
.msg { margin: 8px 0; padding: 6px 10px; background: var(--panel); border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
.eo { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; margin: 8px 0; }
.eo div { border: 1px solid var(--line); border-radius: 4px; padding: 6px 10px; }
.eo h5 { margin: 0 0 4px; font-size: 11px; text-transform: uppercase; color: var(--muted); letter-spacing: .04em; }
.eo pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
ul.reqlist { margin: 6px 0; padding-left: 18px; }
ul.reqlist li { margin: 2px 0; }
details.tx { margin: 8px 0; }
details.tx > summary { cursor: pointer; color: var(--accent); }
.ex { margin: 8px 0 12px; }
.ex pre { background: #0f1720; color: #e3e9ee; border-radius: 6px; padding: 10px 12px; margin: 4px 0; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 420px; overflow: auto; }
.ex .exhead { display: flex; gap: 8px; align-items: baseline; font-size: 12.5px; }
.warnings { margin: 6px 0; padding-left: 18px; color: var(--warn); }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 10px; }
[hidden] { display: none !important; }
@media (max-width: 820px) { .grid2, .eo { grid-template-columns: minmax(0, 1fr); } .facts { grid-template-columns: max-content 1fr; } }
@media print {
  body { font-size: 11px; }
  main { max-width: none; padding: 0; }
  .filters, button.copy { display: none !important; }
  h2 { break-after: avoid; }
  section.check, tr { break-inside: avoid; }
  .ex pre { background: #fff; color: #000; border: 1px solid #ccc; max-height: none; }
  a { color: inherit; }
}
`;

/**
 * Transcripts rendered when opened (from the JSON text in #transcripts, as text
 * nodes only), filters, search, copy buttons, and every transcript for printing.
 * No network, no eval.
 */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var doc = document;
  var data = null;
  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function fill(d) {
    if (d.getAttribute('data-filled')) return;
    d.setAttribute('data-filled', '1');
    if (data === null) {
      var src = doc.getElementById('transcripts');
      data = src ? JSON.parse(src.textContent || '{}') : {};
    }
    var key = d.getAttribute('data-tx') || '';
    (data[key] || []).forEach(function (x, i) {
      var head = el('div', 'exhead');
      head.append(el('code', '', x.method), ' ', el('span', 'mono', x.status), ' ', el('span', 'muted', x.duration));
      var code = el('code', '', x.curl);
      code.id = key + '-curl-' + (i + 1);
      var copy = el('button', 'copy', 'copy');
      copy.type = 'button';
      copy.setAttribute('data-copy', code.id);
      var cmd = el('div', 'cmd');
      cmd.append(el('span', 'label', 'curl'), code, copy);
      var ex = el('div', 'ex');
      ex.append(head, el('pre', '', x.text), cmd);
      d.appendChild(ex);
    });
  }
  function fillAll() { Array.prototype.forEach.call(doc.querySelectorAll('details.tx'), fill); }
  // Filled on the click itself, before the details opens, and on any other way of opening it.
  doc.addEventListener('click', function (e) {
    var s = e.target instanceof Element ? e.target.closest('details.tx > summary') : null;
    if (s && s.parentElement) fill(s.parentElement);
  }, true);
  doc.addEventListener('toggle', function (e) {
    var d = e.target;
    if (d instanceof HTMLDetailsElement && d.open && d.matches('details.tx')) fill(d);
  }, true);
  window.addEventListener('beforeprint', fillAll);
  var form = doc.getElementById('filters');
  if (!form) return;
  var items = Array.prototype.slice.call(doc.querySelectorAll('[data-check]'));
  var groups = Array.prototype.slice.call(doc.querySelectorAll('[data-group]'));
  var shown = doc.getElementById('shown');
  var nomatch = Array.prototype.slice.call(doc.querySelectorAll('.nomatch'));
  function state() {
    var outcomes = {};
    Array.prototype.forEach.call(form.querySelectorAll('input[name=outcome]'), function (i) { outcomes[i.value] = i.checked; });
    return {
      outcomes: outcomes,
      category: form.querySelector('select[name=category]').value,
      level: form.querySelector('select[name=level]').value,
      q: form.querySelector('input[name=q]').value.trim().toLowerCase()
    };
  }
  function apply() {
    var s = state();
    var visibleChecks = 0;
    items.forEach(function (el) {
      var d = el.dataset;
      var ok = s.outcomes[d.outcome] !== false &&
        (s.category === '' || d.category === s.category) &&
        (s.level === '' || d.level === s.level) &&
        (s.q === '' || d.search.indexOf(s.q) !== -1);
      el.hidden = !ok;
      if (ok && el.tagName === 'TR') visibleChecks++;
    });
    groups.forEach(function (g) { g.hidden = g.querySelector('[data-check]:not([hidden])') === null; });
    nomatch.forEach(function (n) { n.hidden = visibleChecks !== 0; });
    if (shown) shown.textContent = visibleChecks + ' of ' + items.filter(function (el) { return el.tagName === 'TR'; }).length + ' checks shown';
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  doc.addEventListener('click', function (e) {
    var t = e.target;
    if (!(t instanceof HTMLElement) || !t.matches('button.copy')) return;
    var src = doc.getElementById(t.getAttribute('data-copy') || '');
    if (!src) return;
    var text = src.textContent || '';
    var done = function () { t.textContent = 'copied'; setTimeout(function () { t.textContent = 'copy'; }, 1200); };
    var fallback = function () {
      var r = doc.createRange(); r.selectNodeContents(src);
      var sel = window.getSelection(); if (sel) { sel.removeAllRanges(); sel.addRange(r); }
      t.textContent = 'selected';
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  });
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(doc.querySelectorAll('details'), function (d) { d.setAttribute('data-was-open', d.open ? '1' : ''); d.open = true; });
  });
  window.addEventListener('afterprint', function () {
    Array.prototype.forEach.call(doc.querySelectorAll('details'), function (d) { d.open = d.getAttribute('data-was-open') === '1'; });
  });
  apply();
})();
`;

export const REPORT_TEMPLATE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '{{scriptHash}}'; base-uri 'none'; form-action 'none'">
<meta name="generator" content="{{run.harness}}">
<title>OCI conformance: {{run.registry}}</title>
<style>{{{css}}}</style>
</head>
<body>
<main>
<div class="head">
  <div>
    <h1>OCI conformance report</h1>
    <div class="muted">{{run.registry}}{{#if run.embedded}} (embedded reference registry){{/if}}</div>
  </div>
  <div class="verdict {{verdict.outcome}}" id="verdict"><span class="muted">Result</span><strong>{{verdict.label}}</strong>{{verdict.text}}</div>
</div>
<dl class="facts" id="run-info">
  <dt>Registry</dt><dd><code>{{run.registry}}</code></dd>
  <dt>Profile</dt><dd>{{run.profile}}</dd>
  <dt>Distribution spec</dt><dd>{{run.specDistribution}}</dd>
  <dt>Image spec</dt><dd>{{run.specImage}}</dd>
  <dt>Harness</dt><dd>{{run.harness}}</dd>
  <dt>Seed</dt><dd><code>{{run.seed}}</code></dd>
  <dt>Started</dt><dd>{{run.startedAt}}</dd>
  <dt>Duration</dt><dd>{{run.duration}}</dd>
  <dt>Run ID</dt><dd><code>{{run.runId}}</code></dd>
  <dt>Namespace</dt><dd><code>{{run.namespace}}</code></dd>
  <dt>Concurrency</dt><dd>{{run.concurrency}}</dd>
  <dt>Checks</dt><dd>{{total}}</dd>
</dl>
<table id="conformance" class="claims">
<thead><tr><th>Category</th><th>Verdict</th><th>MUST findings</th></tr></thead>
<tbody>
{{#each verdict.categories}}<tr data-state="{{state}}"><td>{{label}}</td><td><span class="o {{stateClass}}">{{text}}</span></td><td class="reqs">{{#if failing}}<code>{{failing}}</code>{{else}}<span class="muted">—</span>{{/if}}</td></tr>
{{/each}}</tbody>
</table>
<div class="cmd"><span class="label">replay run</span><code id="replay-run">{{run.replay}}</code><button type="button" class="copy" data-copy="replay-run">copy</button></div>
{{#if expectations}}
<h2 id="expectations">Expectations</h2>
<p><span class="o {{expectations.outcome}}">{{expectations.label}}</span> {{expectations.newFailures}} new failure(s), {{expectations.unexpectedPasses}} unexpected pass(es), {{expectations.expected}} as expected, compared with <code>{{expectations.source}}</code>.</p>
<table class="counts" id="expectation-diff">
<thead><tr><th>Difference</th><th>Check</th><th>Outcome</th><th>Expected</th><th>Reason</th></tr></thead>
<tbody>
{{#each expectations.rows}}<tr><td><span class="o {{cls}}">{{label}}</span></td><td><a href="#{{domId}}"><code>{{id}}</code></a></td><td><span class="o {{outcome}}">{{outcome}}</span></td><td>{{expected}}</td><td>{{reason}}{{#if link}} <a href="{{link}}" rel="noreferrer">link</a>{{/if}}</td></tr>
{{else}}<tr><td colspan="5" class="muted">Every check as expected.</td></tr>
{{/each}}{{#each expectations.unused}}<tr><td><span class="o skip">unused entry</span></td><td><code>{{this}}</code></td><td colspan="3" class="muted">matches no check of this run</td></tr>
{{/each}}</tbody>
</table>
{{/if}}

<h2 id="legend">Outcomes</h2>
<dl class="legend">
{{#each legend}}  <dt><span class="o {{outcome}}">{{outcome}}</span></dt><dd>{{meaning}}</dd>
{{/each}}</dl>

<h2 id="totals">Totals</h2>
<div class="cards">
{{#each totals}}  <div class="card {{outcome}}{{#unless count}} zero{{/unless}}"><span class="n">{{count}}</span>{{outcome}}</div>
{{/each}}</div>
<div class="grid2">
<div>
<h3>By category</h3>
<table class="counts" id="by-category">
<thead><tr><th>Category</th>{{#each outcomes}}<th class="num">{{this}}</th>{{/each}}<th class="num">total</th></tr></thead>
<tbody>
{{#each byCategory}}<tr><td><a href="#cat-{{name}}">{{name}}</a></td>{{#each cells}}<td class="num{{#unless count}} zero{{/unless}}">{{count}}</td>{{/each}}<td class="num">{{total}}</td></tr>
{{/each}}</tbody>
</table>
</div>
<div>
<h3>By level</h3>
<table class="counts" id="by-level">
<thead><tr><th>Level</th>{{#each outcomes}}<th class="num">{{this}}</th>{{/each}}<th class="num">total</th></tr></thead>
<tbody>
{{#each byLevel}}<tr><td><span class="lvl {{levelClass}}">{{name}}</span></td>{{#each cells}}<td class="num{{#unless count}} zero{{/unless}}">{{count}}</td>{{/each}}<td class="num">{{total}}</td></tr>
{{/each}}</tbody>
</table>
</div>
</div>

<form class="filters" id="filters" autocomplete="off">
  <fieldset><legend>Outcome</legend>
{{#each outcomes}}    <label class="chip"><input type="checkbox" name="outcome" value="{{this}}" checked> <span class="o {{this}}">{{this}}</span></label>
{{/each}}  </fieldset>
  <label>Category <select name="category"><option value="">all</option>{{#each categories}}<option value="{{this}}">{{this}}</option>{{/each}}</select></label>
  <label>Level <select name="level"><option value="">all</option>{{#each levels}}<option value="{{this}}">{{this}}</option>{{/each}}</select></label>
  <label>Search <input type="search" name="q" placeholder="check or requirement ID"></label>
  <button type="reset" class="copy">reset</button>
  <span class="shown" id="shown">{{total}} checks</span>
</form>

<h2 id="matrix">Matrix</h2>
<p class="nomatch" hidden>No check matches the filters.</p>
{{#each matrix}}<div class="cat" data-group="category" id="cat-{{category}}">
<h3>{{category}} <span class="o {{outcome}}">{{outcome}}</span> <span class="muted">{{total}} checks</span></h3>
{{#each workflows}}<div class="wf" data-group="workflow">
<h4><span>{{workflow}}</span> <span class="o {{outcome}}">{{outcome}}</span></h4>
<table class="matrix">
<thead><tr><th>Check</th><th>Title</th><th>Level</th><th>Outcome</th><th>Requirements</th></tr></thead>
<tbody>
{{#each checks}}<tr data-check data-id="{{id}}" data-outcome="{{outcome}}" data-category="{{category}}" data-level="{{level}}" data-search="{{search}}">
<td><a href="#{{domId}}"><code>{{id}}</code></a></td><td>{{title}}</td><td class="lvlc"><span class="lvl {{levelClass}}">{{level}}</span></td><td class="oc"><span class="o {{outcome}}">{{outcome}}</span></td>
<td class="reqs">{{#each requirements}}{{#if href}}<a href="{{href}}" title="{{title}}" rel="noreferrer">{{id}}</a>{{else}}<a href="#req-{{id}}">{{id}}</a>{{/if}}{{/each}}</td></tr>
{{/each}}</tbody>
</table>
</div>
{{/each}}</div>
{{/each}}

<h2 id="requirements">Requirements</h2>
<p class="muted">Each requirement the run touched, its level, the checks covering it and their worst outcome.</p>
<table id="requirement-view">
<thead><tr><th>Requirement</th><th>Level</th><th>Summary</th><th>Checks</th><th>Outcome</th></tr></thead>
<tbody>
{{#each requirements}}<tr id="req-{{id}}"><td>{{#if href}}<a href="{{href}}" rel="noreferrer"><code>{{id}}</code></a>{{else}}<code>{{id}}</code>{{/if}}</td><td><span class="lvl {{levelClass}}">{{level}}</span></td><td>{{#if summary}}{{summary}}{{else}}<span class="muted">not in the catalog given to the reporter</span>{{/if}}</td>
<td class="reqs">{{#each checks}}<a href="#{{domId}}"><code>{{id}}</code></a> {{/each}}</td><td><span class="o {{outcome}}">{{outcome}}</span></td></tr>
{{/each}}</tbody>
</table>

<h2 id="official">Official suite view</h2>
<p class="muted">The API and data names of the OCI conformance suite's <code>results.yaml</code>, with its statuses (a SHOULD finding counts as Pass there). Names no check of this run covers are left out.</p>
<div class="grid2">
<div>
<h3>API conformance</h3>
<table id="official-apis">
<thead><tr><th>API</th><th>Status</th><th class="num">Checks</th></tr></thead>
<tbody>
{{#each apis}}<tr><td>{{name}}</td><td><span class="o {{statusClass}}">{{status}}</span></td><td class="num" title="{{checkIds}}">{{count}}</td></tr>
{{else}}<tr><td colspan="3" class="muted">No check maps to an official API name.</td></tr>
{{/each}}</tbody>
</table>
</div>
<div>
<h3>Data conformance</h3>
<table id="official-data">
<thead><tr><th>Data</th><th>Status</th><th class="num">Checks</th></tr></thead>
<tbody>
{{#each data}}<tr><td>{{name}}</td><td><span class="o {{statusClass}}">{{status}}</span></td><td class="num" title="{{checkIds}}">{{count}}</td></tr>
{{else}}<tr><td colspan="3" class="muted">No check maps to an official data name.</td></tr>
{{/each}}</tbody>
</table>
</div>
</div>

<h3>Official names no check tests</h3>
<table id="official-untested">
<thead><tr><th>Name</th><th>Why</th></tr></thead>
<tbody>
{{#each untested}}<tr><td>{{name}}</td><td>{{reason}}</td></tr>
{{/each}}</tbody>
</table>

<h2 id="details">Checks in detail</h2>
<p class="nomatch" hidden>No check matches the filters.</p>
{{#each checks}}<section class="check {{outcome}}" id="{{domId}}" data-check data-id="{{id}}" data-outcome="{{outcome}}" data-category="{{category}}" data-level="{{level}}" data-search="{{search}}">
<header><code>{{id}}</code><span class="o {{outcome}}">{{outcome}}</span><span class="lvl {{levelClass}}">{{level}}</span><span class="muted">{{category}} / {{workflow}} · {{duration}}</span><p class="t">{{title}}</p></header>
{{#if requirements.length}}<h4>Requirement</h4>
<ul class="reqlist">
{{#each requirements}}<li>{{#if href}}<a href="{{href}}" rel="noreferrer"><code>{{id}}</code></a>{{else}}<code>{{id}}</code>{{/if}} {{#if level}}<span class="lvl {{levelClass}}">{{level}}</span> {{/if}}{{#if summary}}{{summary}}{{/if}}</li>
{{/each}}</ul>
{{/if}}{{#if message}}<h4>Result</h4>
<div class="msg">{{message}}</div>
{{/if}}{{#if expectation}}<div class="msg"><strong>{{expectation.label}}</strong> {{expectation.text}}</div>
{{/if}}{{#if hasExpectation}}<div class="eo"><div><h5>Expected</h5><pre>{{expected}}</pre></div><div><h5>Observed</h5><pre>{{observed}}</pre></div></div>
{{/if}}{{#if warnings.length}}<h4>Warning headers from the registry</h4>
<ul class="warnings">{{#each warnings}}<li><code>{{this}}</code></li>{{/each}}</ul>
{{/if}}{{#if exchangeCount}}<details class="tx" data-tx="{{domId}}"><summary>HTTP transcript ({{exchangeCount}} {{#if singleExchange}}request{{else}}requests{{/if}}, redacted)</summary>
</details>
{{/if}}<div class="cmd"><span class="label">replay check</span><code id="{{domId}}-replay">{{replay}}</code><button type="button" class="copy" data-copy="{{domId}}-replay">copy</button></div>
</section>
{{/each}}

<div hidden id="transcripts">{{transcripts}}</div>
<footer>Generated by {{run.harness}} from the run's results.json. Transcripts were redacted when captured; curl lines leave out Authorization and Cookie headers, so add your own credentials.</footer>
</main>
<script>{{{script}}}</script>
</body>
</html>
`;
