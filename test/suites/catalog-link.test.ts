import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { unknownRequirementIds } from '../../src/catalog/coverage.js';
import { checkMeta } from '../../src/runner/workflow.js';
import { WORKFLOWS } from '../../suites/index.js';

const metas = WORKFLOWS.flatMap((w) => w.checks.map((c) => checkMeta(w, c)));

describe('checks and the requirement catalog', () => {
  it('every check names at least one requirement, and only ones in the catalog', () => {
    for (const m of metas) expect(m.requirements.length, m.id).toBeGreaterThan(0);
    expect(unknownRequirementIds(loadCatalog(), metas)).toEqual([]);
  });

  it('check IDs are unique and path-like', () => {
    const ids = metas.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+(\/[a-z0-9-]+)+$/);
  });

  it('titles start with the level, in the spec voice', () => {
    for (const m of metas) expect(m.title.startsWith(`${m.level} `), m.id).toBe(true);
  });

  it('workflow IDs are unique', () => {
    const ids = WORKFLOWS.map((w) => w.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
