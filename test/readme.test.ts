import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WORKFLOWS } from '../suites/index.js';

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
  it('lists every workflow with its category and number of checks', () => {
    const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| ([a-z-]+) \| (\d+) \|/gm)].map((m) => [m[1], m[2], Number(m[3])]);
    expect(rows).toEqual(WORKFLOWS.map((w) => [w.id, w.category, w.checks.length]));
    expect(readme).toContain(`${WORKFLOWS.length} workflows, one file each`);
  });

  it('keeps the two quick-start commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toMatch(/^npm test$/m);
  });
});
