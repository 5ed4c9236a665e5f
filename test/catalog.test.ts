import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  CATALOG_VERSION,
  loadCatalog,
  packageRoot,
  requirementById,
  validateCatalog,
} from '../src/catalog/catalog.js';
import { coverage, formatCoverage, percent, unknownRequirementIds } from '../src/catalog/coverage.js';
import { CATEGORIES, LEVELS, type Requirement } from '../src/catalog/types.js';
import type { CheckMeta } from '../src/runner/check-meta.js';

const root = packageRoot();
const rawCatalog = JSON.parse(readFileSync(join(root, 'src/catalog/requirements.json'), 'utf8')) as unknown;
const schema = JSON.parse(readFileSync(join(root, 'schemas/requirements.schema.json'), 'utf8')) as object;

/** Workflow groups in catalog order. */
const GROUP_ORDER = [
  'GEN', 'NAME', 'PULL', 'PUSH', 'PUSHM', 'PUSHS', 'CHUNK', 'MOUNT', 'MAN', 'SUBJ',
  'TAGS', 'REF', 'REFTAG', 'REFUP', 'DEL', 'ERR', 'WARN', 'EXT', 'IMG',
];

describe('requirement catalog data', () => {
  it('validates against schemas/requirements.schema.json', () => {
    const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
    const ok = validate(rawCatalog);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('has the 237 requirements of Distribution 1.1.1 + Image 1.1.1, and the 3 derived ones added since (GEN-011..013)', () => {
    expect(loadCatalog()).toHaveLength(240);
  });

  it('has unique IDs whose prefix is the group', () => {
    const ids = loadCatalog().map((r) => r.id);
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(dupes).toEqual([]);
    for (const r of loadCatalog()) expect(r.id.replace(/-\d{3}$/, ''), r.id).toBe(r.group);
  });

  it('keeps the requirement IDs frozen (fixtures/requirement-ids.txt)', () => {
    const frozen = readFileSync(join(root, 'fixtures/requirement-ids.txt'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    const current = loadCatalog().map((r) => r.id);
    const removed = frozen.filter((id) => !current.includes(id));
    const added = current.filter((id) => !frozen.includes(id));
    const hint =
      'Requirement IDs are frozen: new IDs may be ADDED to the end of fixtures/requirement-ids.txt, ' +
      'but an ID listed there must never be renamed or removed (checks, results and reports refer to it).';
    expect(removed, `${hint}\nIDs missing from the catalog: ${removed.join(', ')}`).toEqual([]);
    expect(added, `${hint}\nIDs not yet in fixtures/requirement-ids.txt: ${added.join(', ')}`).toEqual([]);
    expect(new Set(frozen).size, `${hint}\nfixtures/requirement-ids.txt lists an ID twice`).toBe(frozen.length);
    expect([...current].sort(), hint).toEqual([...frozen].sort());
  });

  it('is sorted by group order, then ID', () => {
    const ids = loadCatalog().map((r) => r.id);
    const sorted = [...loadCatalog()]
      .sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group) || a.id.localeCompare(b.id))
      .map((r) => r.id);
    expect(loadCatalog().every((r) => GROUP_ORDER.includes(r.group))).toBe(true);
    expect(ids).toEqual(sorted);
  });

  it('uses only valid levels, categories and parties', () => {
    for (const r of loadCatalog()) {
      expect(LEVELS, r.id).toContain(r.level);
      expect(CATEGORIES, r.id).toContain(r.category);
      expect(['registry', 'client', 'both'], r.id).toContain(r.party);
    }
  });

  it('marks client-only requirements as not black-box testable', () => {
    const clientTestable = loadCatalog().filter((r) => r.party === 'client' && r.testable);
    expect(clientTestable.map((r) => r.id)).toEqual([]);
  });

  it('links every requirement to the v1.1.1 spec text', () => {
    const prefixes = [
      'https://github.com/opencontainers/distribution-spec/blob/v1.1.1/',
      'https://github.com/opencontainers/image-spec/blob/v1.1.1/',
    ];
    for (const r of loadCatalog()) {
      expect(prefixes.some((p) => r.anchor.startsWith(p)), `${r.id}: ${r.anchor}`).toBe(true);
    }
  });

  it('spot-checks well-known rows', () => {
    expect(requirementById('PULL-001')).toMatchObject({ level: 'MUST', category: 'pull', party: 'registry', testable: true });
    expect(requirementById('PULL-009')).toMatchObject({ level: 'MUST', derived: true, party: 'both' });
    expect(requirementById('REF-002')).toMatchObject({ level: 'MUST NOT', category: 'content-discovery' });
    expect(requirementById('DEL-002')?.category).toBe('content-management');
    expect(requirementById('CHUNK-001')).toMatchObject({ party: 'client', testable: false });
    expect(requirementById('NEXT-001')).toBeUndefined();
    expect(requirementById('NOPE-999')).toBeUndefined();
  });
});

describe('loadCatalog', () => {
  it('returns a cached, deep-frozen catalog', () => {
    const a = loadCatalog();
    expect(loadCatalog()).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a[0])).toBe(true);
    expect(() => {
      (a[0] as { summary: string }).summary = 'x';
    }).toThrow(TypeError);
  });

  it('finds the package root from src/', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string };
    expect(pkg.name).toBe('oci-conform');
  });

  it('exposes the pinned spec versions', () => {
    expect(CATALOG_VERSION).toEqual({ distribution: 'v1.1.1', image: 'v1.1.1' });
  });

  it('rejects invalid data with an error listing every violation', () => {
    const good = loadCatalog()[0] as Requirement;
    const bad = [
      { ...good, id: 'pull-1', level: 'MUSTN\'T' },
      { ...good, anchor: 'https://example.com/spec', extra: true },
    ];
    let message = '';
    try {
      validateCatalog(bad, schema);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/requirement catalog is invalid \(4 problems\)/);
    expect(message).toContain('/0/id');
    expect(message).toContain('/0/level');
    expect(message).toContain("'extra'");
    expect(message).toContain('/1/anchor (GEN-001)');
  });

  it('rejects duplicate IDs and group/prefix mismatches', () => {
    const good = loadCatalog()[0] as Requirement;
    expect(() => validateCatalog([{ ...good }, { ...good }], schema)).toThrow(/duplicate requirement id GEN-001/);
    expect(() => validateCatalog([{ ...good, group: 'PULL' }], schema)).toThrow(/GEN-001: group 'PULL'/);
  });
});

describe('coverage', () => {
  const req = (id: string, level: Requirement['level'], testable: boolean): Requirement => ({
    id,
    group: id.replace(/-\d{3}$/, ''),
    level,
    derived: false,
    category: 'pull',
    party: testable ? 'registry' : 'client',
    summary: `summary of ${id}`,
    anchor: 'https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#pull',
    testable,
  });
  const catalog: Requirement[] = [
    req('PULL-001', 'MUST', true),
    req('PULL-002', 'SHOULD', false),
    req('PULL-003', 'SHOULD', true),
    req('PULL-004', 'SHOULD NOT', true),
    req('PULL-010', 'MUST', true),
    req('PULL-011', 'MUST', true),
  ];
  const check = (id: string, requirements: string[]): CheckMeta => ({
    id,
    title: `MUST do ${id}`,
    workflow: 'pull-manifests',
    category: 'pull',
    level: 'MUST',
    requirements,
    needs: [],
  });
  const checks: CheckMeta[] = [
    check('pull/manifest/get-by-tag', ['PULL-001', 'PULL-003']),
    check('pull/manifest/get-by-digest', ['PULL-001', 'ZZZ-001']),
    check('pull/manifest/unknown', ['PULL-010', 'PULL-002', 'ABC-123', 'ZZZ-001']),
  ];

  it('maps each requirement to its covering checks, sorted', () => {
    const report = coverage(catalog, checks);
    expect(report.requirements.map((r) => [r.requirement.id, r.checks])).toEqual([
      ['PULL-001', ['pull/manifest/get-by-digest', 'pull/manifest/get-by-tag']],
      ['PULL-002', ['pull/manifest/unknown']],
      ['PULL-003', ['pull/manifest/get-by-tag']],
      ['PULL-004', []],
      ['PULL-010', ['pull/manifest/unknown']],
      ['PULL-011', []],
    ]);
  });

  it('totals by level and overall (covered counts testable requirements only)', () => {
    const report = coverage(catalog, checks);
    expect(report.byLevel).toEqual([
      { level: 'MUST', requirements: 3, testable: 3, covered: 2 },
      { level: 'MUST NOT', requirements: 0, testable: 0, covered: 0 },
      { level: 'SHOULD', requirements: 2, testable: 1, covered: 1 },
      { level: 'SHOULD NOT', requirements: 1, testable: 1, covered: 0 },
      { level: 'MAY', requirements: 0, testable: 0, covered: 0 },
    ]);
    expect(report.overall).toEqual({ level: 'all', requirements: 6, testable: 5, covered: 3 });
  });

  it('reports requirement IDs that checks name but the catalog lacks', () => {
    expect(unknownRequirementIds(catalog, checks)).toEqual(['ABC-123', 'ZZZ-001']);
    expect(unknownRequirementIds(catalog, [check('x', ['PULL-001'])])).toEqual([]);
    expect(coverage(catalog, checks).unknown).toEqual(['ABC-123', 'ZZZ-001']);
  });

  it('handles no checks at all', () => {
    const report = coverage(catalog, []);
    expect(report.requirements.every((r) => r.checks.length === 0)).toBe(true);
    expect(report.overall).toEqual({ level: 'all', requirements: 6, testable: 5, covered: 0 });
    expect(report.unknown).toEqual([]);
  });

  it('formats percentages', () => {
    expect(percent(3, 5)).toBe('60.0%');
    expect(percent(2, 3)).toBe('66.7%');
    expect(percent(0, 0)).toBe('n/a');
  });

  it('formats the listing printed by `list --requirements`', () => {
    const text = formatCoverage(coverage(catalog, checks));
    expect(text).toBe(
      [
        'PULL-001  MUST        pull  covered by pull/manifest/get-by-digest, pull/manifest/get-by-tag',
        'PULL-002  SHOULD      pull  covered by pull/manifest/unknown',
        'PULL-003  SHOULD      pull  covered by pull/manifest/get-by-tag',
        'PULL-004  SHOULD NOT  pull  — not covered',
        'PULL-010  MUST        pull  covered by pull/manifest/unknown',
        'PULL-011  MUST        pull  — not covered',
        '',
        'Level       Covered  Testable  Total  Coverage',
        'MUST              2         3      3     66.7%',
        'MUST NOT          0         0      0       n/a',
        'SHOULD            1         1      2    100.0%',
        'SHOULD NOT        0         1      1      0.0%',
        'MAY               0         0      0       n/a',
        'All               3         5      6     60.0%',
        '',
        'Unknown requirement IDs named by checks: ABC-123, ZZZ-001',
        '',
      ].join('\n'),
    );
  });

  it('marks uncovered non-testable requirements and has no colour codes', () => {
    const text = formatCoverage(coverage(catalog, []));
    expect(text).toContain('PULL-002  SHOULD      pull  (not black-box testable)\n');
    expect(text).toContain('PULL-001  MUST        pull  — not covered\n');
    expect(text).not.toContain('Unknown requirement IDs');
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('covers the real catalog without throwing and counts every row', () => {
    const report = coverage(loadCatalog(), []);
    expect(report.overall.requirements).toBe(240);
    expect(report.overall.covered).toBe(0);
    expect(report.byLevel.reduce((n, t) => n + t.requirements, 0)).toBe(240);
    expect(formatCoverage(report).split('\n').filter((l) => /^[A-Z]+-\d{3} /.test(l))).toHaveLength(240);
  });
});
