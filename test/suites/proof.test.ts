import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, requirementById } from '../../src/catalog/catalog.js';
import { coverage } from '../../src/catalog/coverage.js';
import { NEXT_REQUIREMENTS } from '../../src/catalog/next.js';
import type { Level } from '../../src/catalog/types.js';
import { FAULTS, FAULT_NAMES } from '../../src/refreg/index.js';
import { checkMeta } from '../../src/runner/workflow.js';
import { WORKFLOWS } from '../../suites/index.js';
import { collectFaultTables } from '../helpers/faults.js';

// Loaded at collection time: the fault test files' own suites then register as skipped here.
const FAULT_DIR = join(import.meta.dirname, 'faults');
const TABLES = await collectFaultTables(readdirSync(FAULT_DIR).filter((f) => f.endsWith('.test.ts')).map((f) => join(FAULT_DIR, f)));

const metas = WORKFLOWS.flatMap((w) => w.checks.map((c) => checkMeta(w, c)));
const RANK: Record<Level, number> = { MUST: 3, 'MUST NOT': 3, SHOULD: 2, 'SHOULD NOT': 2, MAY: 1 };

describe('checks and their requirements', () => {
  it("a check's level is the strongest level among its requirements, and its title starts with it", () => {
    const wrong: string[] = [];
    for (const m of metas) {
      // The dev profile's checks cite the spec main branch (NEXT-…), which the 1.1 catalog leaves out.
      const levels = m.requirements.map((id) => (requirementById(id) ?? NEXT_REQUIREMENTS.find((r) => r.id === id))!.level);
      const top = Math.max(...levels.map((l) => RANK[l]));
      const allowed = levels.filter((l) => RANK[l] === top);
      if (!allowed.includes(m.level)) wrong.push(`${m.id}: ${m.level}, but its requirements are ${m.requirements.map((id, i) => `${id} ${levels[i]}`).join(', ')}`);
      if (!m.title.startsWith(`${m.level} `)) wrong.push(`${m.id}: the title does not start with ${m.level}`);
    }
    expect(wrong).toEqual([]);
  });

  it("a check's ID lives in the file of its workflow", () => {
    const misplaced = metas.filter((m) => !readFileSync(join(import.meta.dirname, '../../suites', `${m.workflow}.ts`), 'utf8').includes(`'${m.id}'`)).map((m) => m.id);
    expect(misplaced).toEqual([]);
  });

  it('every black-box-testable MUST, MUST NOT, SHOULD and SHOULD NOT requirement is covered by a check', () => {
    const uncovered = coverage(loadCatalog(), metas)
      .requirements.filter((r) => r.requirement.testable && r.requirement.level !== 'MAY' && r.checks.length === 0)
      .map((r) => r.requirement.id);
    expect(uncovered).toEqual([]);
  });

  it('says why, for every requirement marked untestable since reasons were recorded', () => {
    for (const id of ['PUSHM-011', 'MOUNT-006', 'REF-021', 'EXT-009']) expect(requirementById(id)!.untestable, id).toBeTruthy();
  });
});

describe('fault switches and the checks that detect them', () => {
  it('every fault switch makes at least one check fail or warn that cites a requirement the fault claims to break', () => {
    const tables = TABLES;
    const byId = new Map(metas.map((m) => [m.id, m]));
    const backed = new Set<string>();
    for (const { workflow, table } of tables) {
      const ids = WORKFLOWS.find((w) => w.id === workflow)!.checks.map((c) => c.id);
      for (const [fault, verdicts] of Object.entries(table)) {
        for (const id of ids) {
          const o = verdicts![id] ?? verdicts!['*'];
          if ((o === 'fail' || o === 'warn') && byId.get(id)!.requirements.some((r) => FAULTS[fault as keyof typeof FAULTS].breaks.includes(r))) backed.add(fault);
        }
      }
    }
    expect(FAULT_NAMES.filter((f) => !FAULTS[f].allowed && !backed.has(f))).toEqual([]);
  });

  it('every switch of allowed behaviour is exercised, and no check fails or warns under it', () => {
    const seen = new Set<string>();
    const failing: string[] = [];
    for (const { workflow, table } of TABLES)
      for (const [fault, verdicts] of Object.entries(table)) {
        if (!FAULTS[fault as keyof typeof FAULTS].allowed) continue;
        seen.add(fault);
        const ids = WORKFLOWS.find((w) => w.id === workflow)!.checks.map((c) => c.id);
        for (const id of ids) if (['fail', 'warn'].includes(verdicts![id] ?? verdicts!['*'] ?? 'pass')) failing.push(`${fault}: ${id}`);
      }
    expect(FAULT_NAMES.filter((f) => FAULTS[f].allowed && !seen.has(f))).toEqual([]);
    expect(failing).toEqual([]);
  });
});
