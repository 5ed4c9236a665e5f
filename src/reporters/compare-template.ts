/**
 * The comparison page's template, extra style and script. It shares the run
 * report's stylesheet (REPORT_CSS) and legend; every value from the runs goes
 * through `{{ }}` (escaped); triple-stash is used only for the constants.
 */

export const COMPARE_CSS = `
main { max-width: none; }
table.cmp { width: auto; min-width: 60%; }
table.cmp th.col { text-transform: none; letter-spacing: 0; font-size: 13px; color: var(--fg); min-width: 110px; }
table.cmp th.col small { display: block; font-weight: 400; color: var(--muted); overflow-wrap: anywhere; }
table.cmp td.cell { text-align: center; white-space: nowrap; }
table.cmp tr.grp td { background: var(--panel); font-weight: 600; }
table.cmp tr.differs td:first-child { box-shadow: inset 3px 0 0 var(--accent); }
table.cmp td.t { max-width: 420px; color: var(--muted); font-size: 12.5px; }
.score { font-size: 16px; font-weight: 650; }
`;

/** Filters (only differing rows, level, category, outcome) and search over both views. No network, no eval. */
export const COMPARE_SCRIPT = `
(function () {
  'use strict';
  var doc = document;
  var form = doc.getElementById('filters');
  if (!form) return;
  var rows = Array.prototype.slice.call(doc.querySelectorAll('tr[data-row]'));
  var groups = Array.prototype.slice.call(doc.querySelectorAll('tr[data-grp]'));
  var shown = doc.getElementById('shown');
  var nomatch = doc.getElementById('nomatch');
  function apply() {
    var outcomes = {};
    Array.prototype.forEach.call(form.querySelectorAll('input[name=outcome]'), function (i) { outcomes[i.value] = i.checked; });
    var differs = form.querySelector('input[name=differs]').checked;
    var category = form.querySelector('select[name=category]').value;
    var level = form.querySelector('select[name=level]').value;
    var q = form.querySelector('input[name=q]').value.trim().toLowerCase();
    var checks = 0, total = 0;
    rows.forEach(function (el) {
      var d = el.dataset;
      var anyOutcome = d.outcomes.split(' ').some(function (o) { return outcomes[o] !== false; });
      var ok = anyOutcome && (!differs || d.differs === '1') &&
        (category === '' || d.category.split(' ').indexOf(category) !== -1) &&
        (level === '' || d.level === level) &&
        (q === '' || d.search.indexOf(q) !== -1);
      el.hidden = !ok;
      if (d.row === 'check') { total++; if (ok) checks++; }
    });
    groups.forEach(function (g) {
      var n = g.nextElementSibling, any = false;
      while (n && !n.hasAttribute('data-grp')) { if (n.hasAttribute('data-row') && !n.hidden) { any = true; break; } n = n.nextElementSibling; }
      g.hidden = !any;
    });
    if (nomatch) nomatch.hidden = checks !== 0;
    if (shown) shown.textContent = checks + ' of ' + total + ' checks shown';
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  apply();
})();
`;

export const COMPARE_TEMPLATE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '{{scriptHash}}'; base-uri 'none'; form-action 'none'">
<meta name="generator" content="{{harness}}">
<title>OCI conformance comparison: {{title}}</title>
<style>{{{css}}}</style>
</head>
<body>
<main>
<h1>OCI conformance comparison</h1>
<p class="muted">{{columns.length}} runs, {{rows.length}} checks, {{differing}} of them differ. Runs of different harness versions or profiles are compared on the checks they share; — marks a check not in that run.</p>

<h2 id="runs">Runs</h2>
<table class="cmp" id="run-summary">
<thead><tr><th></th>{{#each columns}}<th class="col">{{#if reportHref}}<a href="{{reportHref}}">{{label}}</a>{{else}}{{label}}{{/if}}<small>{{registry}}</small></th>{{/each}}</tr></thead>
<tbody>
<tr><td>Harness, profile</td>{{#each columns}}<td>{{harness}}, {{profile}}</td>{{/each}}</tr>
<tr><td>Started</td>{{#each columns}}<td>{{startedAt}}</td>{{/each}}</tr>
<tr><td>Result</td>{{#each columns}}<td><span class="o {{verdictClass}}">{{verdict.label}}</span></td>{{/each}}</tr>
<tr><td>Categories</td>{{#each columns}}<td>{{verdict.line}}</td>{{/each}}</tr>
<tr id="score"><td>MUST met / MUST testable</td>{{#each columns}}<td class="score">{{mustMet}} / {{mustTestable}}</td>{{/each}}</tr>
{{#if partial}}<tr><td colspan="{{span}}" class="muted">Totals and scores count the {{shared}} checks every run has.</td></tr>
{{/if}}{{#each levels}}<tr class="lvl-totals"><td><span class="lvl {{levelClass}}">{{level}}</span></td>{{#each cells}}<td class="mono">{{text}}</td>{{/each}}</tr>
{{/each}}</tbody>
</table>

<h2 id="legend">Outcomes</h2>
<dl class="legend">
{{#each legend}}  <dt><span class="o {{outcome}}">{{outcome}}</span></dt><dd>{{meaning}}</dd>
{{/each}}  <dt><span class="o none">—</span></dt><dd>Not in this run: the run's harness version or profile has no such check.</dd>
</dl>

<form class="filters" id="filters" autocomplete="off">
  <label class="chip"><input type="checkbox" name="differs"{{#if onlyDiffering}} checked{{/if}}> only rows that differ</label>
  <fieldset><legend>Outcome</legend>
{{#each outcomes}}    <label class="chip"><input type="checkbox" name="outcome" value="{{value}}" checked> <span class="o {{value}}">{{text}}</span></label>
{{/each}}  </fieldset>
  <label>Category <select name="category"><option value="">all</option>{{#each categories}}<option value="{{this}}">{{this}}</option>{{/each}}</select></label>
  <label>Level <select name="level"><option value="">all</option>{{#each levelNames}}<option value="{{this}}">{{this}}</option>{{/each}}</select></label>
  <label>Search <input type="search" name="q" placeholder="check, title or requirement"></label>
  <button type="reset" class="copy">reset</button>
  <span class="shown" id="shown">{{rows.length}} checks</span>
</form>

<h2 id="matrix">Checks</h2>
<p class="nomatch" id="nomatch" hidden>No check matches the filters.</p>
<table class="cmp matrix" id="check-matrix">
<thead><tr><th>Check</th><th>Level</th>{{#each columns}}<th class="col">{{label}}</th>{{/each}}<th>Title</th></tr></thead>
<tbody>
{{#each groups}}<tr class="grp" data-grp><td colspan="{{../span}}">{{category}} / {{workflow}}</td></tr>
{{#each rows}}<tr data-row="check" data-id="{{id}}" data-differs="{{#if differs}}1{{else}}0{{/if}}" data-outcomes="{{outcomes}}" data-category="{{category}}" data-level="{{level}}" data-search="{{search}}"{{#if differs}} class="differs"{{/if}}>
<td><code>{{id}}</code></td><td class="lvlc"><span class="lvl {{levelClass}}">{{level}}</span></td>{{#each cells}}<td class="cell">{{#if outcome}}{{#if href}}<a href="{{href}}" title="{{message}}"><span class="o {{outcome}}">{{outcome}}</span></a>{{else}}<span class="o {{outcome}}" title="{{message}}">{{outcome}}</span>{{/if}}{{else}}<span class="o none" title="not in this run">—</span>{{/if}}</td>{{/each}}<td class="t">{{title}}</td></tr>
{{/each}}{{/each}}</tbody>
</table>

<h2 id="requirements">Requirements</h2>
<p class="muted">Each requirement a check names, its level, and per run the worst outcome of the checks covering it.</p>
<table class="cmp" id="requirement-matrix">
<thead><tr><th>Requirement</th><th>Level</th>{{#each columns}}<th class="col">{{label}}</th>{{/each}}<th>Summary</th></tr></thead>
<tbody>
{{#each requirements}}<tr data-row="requirement" data-id="{{id}}" data-differs="{{#if differs}}1{{else}}0{{/if}}" data-outcomes="{{outcomes}}" data-category="{{category}}" data-level="{{level}}" data-search="{{search}}"{{#if differs}} class="differs"{{/if}}>
<td><code>{{id}}</code></td><td class="lvlc"><span class="lvl {{levelClass}}">{{level}}</span></td>{{#each cells}}<td class="cell">{{#if outcome}}<span class="o {{outcome}}">{{outcome}}</span>{{else}}<span class="o none" title="not in this run">—</span>{{/if}}</td>{{/each}}<td class="t">{{summary}}</td></tr>
{{/each}}</tbody>
</table>

<footer>Generated by {{harness}} from the runs' results.json files.</footer>
</main>
<script>{{{script}}}</script>
</body>
</html>
`;
