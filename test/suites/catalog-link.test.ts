import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { NEXT_REQUIREMENTS } from '../../src/catalog/next.js';
import { unknownRequirementIds } from '../../src/catalog/coverage.js';
import { checkMeta } from '../../src/runner/workflow.js';
import { WORKFLOWS } from '../../suites/index.js';

const metas = WORKFLOWS.flatMap((w) => w.checks.map((c) => checkMeta(w, c)));

describe('checks and the requirement catalog', () => {
  it('every check names at least one requirement, and only ones in the catalog', () => {
    for (const m of metas) expect(m.requirements.length, m.id).toBeGreaterThan(0);
    expect(unknownRequirementIds([...loadCatalog(), ...NEXT_REQUIREMENTS], metas)).toEqual([]);
  });

  it('names requirements of the spec main branch (NEXT) only in workflows of the dev profile', () => {
    const next = new Set(NEXT_REQUIREMENTS.map((r) => r.id));
    const devWorkflows = new Set(WORKFLOWS.filter((w) => w.devOnly).map((w) => w.id));
    for (const m of metas) expect(m.requirements.some((id) => next.has(id)), m.id).toBe(devWorkflows.has(m.workflow));
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
