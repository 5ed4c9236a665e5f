import type { Outcome } from '../model/outcome.js';
import type { RunResult } from '../model/result.js';
import { overallVerdict, type CategoryState } from '../model/verdict.js';
import { xmlAttr, xmlText } from './xml.js';

/** What a badge segment says about a workflow category's verdict, and the outcome whose colour it takes. */
const WORD: Record<CategoryState, [string, Outcome]> = {
  conformant: ['pass', 'pass'],
  'not-conformant': ['fail', 'fail'],
  incomplete: ['incomplete', 'error'],
  'not-testable': ['untested', 'skip'],
  'not-selected': ['not run', 'disabled'],
  'not-claimed': ['not claimed', 'disabled'],
};

const COLOR: Record<Outcome, string> = {
  pass: '#2e7d32',
  warn: '#b26a00',
  fail: '#c62828',
  error: '#6a1b9a',
  skip: '#78909c',
  disabled: '#9e9e9e',
};

const SHORT: Record<string, string> = {
  'content-discovery': 'discovery',
  'content-management': 'management',
};

/** Rough Verdana 11px advance widths, enough to size segments without a font engine. */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[il.:,;|!'’]/.test(ch) ? 3.2 : /[mwMW]/.test(ch) ? 9.5 : /[A-Z]/.test(ch) ? 7.6 : 6.6;
  return Math.ceil(w);
}

/** `badge.svg`: a flat badge, a label naming the spec, then one segment per workflow category with its verdict. */
export function renderBadge(run: RunResult): string {
  const label = `OCI ${run.run.spec.distribution.replace(/^distribution-spec\s*/, '')}`.trim();
  const verdict = overallVerdict(run);
  const segments = verdict.categories.map((v) => {
    const [word, status] = WORD[v.state];
    return { text: `${SHORT[v.category] ?? v.category} ${word}`, status };
  });
  if (verdict.state === 'no-verdict') segments.unshift({ text: 'no verdict', status: 'skip' });
  const pad = 6;
  const parts: Array<{ x: number; w: number; text: string; color: string }> = [];
  let x = 0;
  const lw = textWidth(label) + 2 * pad;
  parts.push({ x, w: lw, text: label, color: '#555' });
  x += lw;
  for (const s of segments) {
    const w = textWidth(s.text) + 2 * pad;
    parts.push({ x, w, text: s.text, color: COLOR[s.status] });
    x += w;
  }
  const title = `${label}: ${verdict.label.toLowerCase()}: ${segments.map((s) => s.text).join(', ')}`;
  const rects = parts.map((p) => `    <rect x="${p.x}" width="${p.w}" height="20" fill="${p.color}"/>`).join('\n');
  const texts = parts
    .map((p) => {
      const cx = p.x + p.w / 2;
      return `    <text x="${cx}" y="15" fill="#010101" fill-opacity=".3">${xmlText(p.text)}</text>\n    <text x="${cx}" y="14">${xmlText(p.text)}</text>`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${x}" height="20" role="img" aria-label="${xmlAttr(title)}">
  <title>${xmlText(title)}</title>
  <linearGradient id="s" x2="0" y2="100%">
    <stop offset="0" stop-color="#bbb" stop-opacity=".1"/>
    <stop offset="1" stop-opacity=".1"/>
  </linearGradient>
  <clipPath id="r">
    <rect width="${x}" height="20" rx="3" fill="#fff"/>
  </clipPath>
  <g clip-path="url(#r)">
${rects}
    <rect width="${x}" height="20" fill="url(#s)"/>
  </g>
  <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
${texts}
  </g>
</svg>
`;
}
