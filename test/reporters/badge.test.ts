import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { badgeStatus, renderBadge } from '../../src/reporters/badge.js';
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

  it('shows each category with its status and colour', () => {
    expect(svg).toContain('<title>OCI v1.1.1: pull fail, push error, discovery pass, management pass, general pass</title>');
    expect(svg).toContain('fill="#c62828"'); // fail
    expect(svg).toContain('fill="#6a1b9a"'); // error
    const w = Number(/<svg[^>]* width="(\d+)"/.exec(svg)?.[1]);
    const rects = [...svg.matchAll(/<rect x="(\d+)" width="(\d+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(rects).toHaveLength(6); // label + 5 categories
    const last = rects[rects.length - 1]!;
    expect(last[0]! + last[1]!).toBe(w);
  });

  it('reads "did what was tested hold up"', () => {
    expect(badgeStatus(['pass', 'skip', 'disabled'])).toBe('pass');
    expect(badgeStatus(['pass', 'warn'])).toBe('warn');
    expect(badgeStatus(['warn', 'fail', 'pass'])).toBe('fail');
    expect(badgeStatus(['fail', 'error'])).toBe('error');
    expect(badgeStatus(['skip', 'disabled'])).toBe('skip');
    expect(badgeStatus(['disabled'])).toBe('disabled');
    expect(badgeStatus([])).toBe('disabled');
  });
});
