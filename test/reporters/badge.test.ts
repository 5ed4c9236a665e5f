import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderBadge } from '../../src/reporters/badge.js';
import { expectGolden, loadSample } from './helpers.js';

describe('renderBadge', () => {
  const run = loadSample();
  const svg = renderBadge(run);

  it('matches the golden file', () => {
    expectGolden('badge.svg', svg);
  });

  it('is well-formed XML', () => {
    const r = spawnSync('xmllint', ['--noout', '-'], { input: svg, encoding: 'utf8' });
    if (r.error) throw new Error(`xmllint could not be run (${r.error.message}); apt-get install -y libxml2-utils`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('shows each workflow category with its verdict and colour', () => {
    expect(svg).toContain('<title>OCI v1.1.1: not conformant: pull fail, push incomplete, discovery pass, management pass</title>');
    expect(svg).toContain('fill="#c62828"'); // fail
    expect(svg).toContain('fill="#6a1b9a"'); // incomplete
    const w = Number(/<svg[^>]* width="(\d+)"/.exec(svg)?.[1]);
    const rects = [...svg.matchAll(/<rect x="(\d+)" width="(\d+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(rects).toHaveLength(5); // label + 4 categories
    const last = rects[rects.length - 1]!;
    expect(last[0]! + last[1]!).toBe(w);
  });

  it('says what is not claimed, and NO VERDICT when nothing reached one', () => {
    const r = loadSample();
    r.run.claims = ['pull', 'push'];
    expect(renderBadge(r)).toContain('management not claimed');
    for (const c of r.checks) c.outcome = 'skip';
    expect(renderBadge(r)).toMatch(/<title>OCI v1\.1\.1: no verdict: no verdict, pull untested/);
  });
});
