import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, LEVELS } from '../../src/catalog/types.js';
import { OUTCOMES } from '../../src/model/outcome.js';
import { resultsSchemaPath, validateResult } from '../../src/reporters/validate.js';
import { FIXTURES, loadSample, ROOT } from './helpers.js';

const raw = (): Record<string, any> => JSON.parse(readFileSync(join(FIXTURES, 'sample.json'), 'utf8'));

describe('validateResult', () => {
  it('finds the schema at the package root', () => {
    expect(resultsSchemaPath()).toBe(join(ROOT, 'schemas', 'results.schema.json'));
  });

  it('accepts the fixture, which covers every outcome and several categories', () => {
    const run = loadSample();
    expect(new Set(run.checks.map((c) => c.outcome))).toEqual(new Set(OUTCOMES));
    expect(new Set(run.checks.map((c) => c.category)).size).toBeGreaterThanOrEqual(4);
    expect(run.checks.some((c) => c.message.includes('<script>alert(1)</script>'))).toBe(true);
    expect(run.checks.some((c) => c.exchanges.some((e) => Object.keys(e.responseHeaders).length > 0))).toBe(true);
  });

  it('keeps the schema enums identical to the TypeScript unions', () => {
    const schema = JSON.parse(readFileSync(resultsSchemaPath(), 'utf8'));
    expect(schema.definitions.Outcome.enum).toEqual([...OUTCOMES]);
    expect(schema.definitions.Level.enum).toEqual([...LEVELS]);
    expect(schema.definitions.Category.enum).toEqual([...CATEGORIES]);
    expect(Object.keys(schema.definitions.RunInfo.properties.totals.properties)).toEqual([...OUTCOMES]);
  });

  it('lists every violation', () => {
    const r = raw();
    r.checks[0].outcome = 'passed';
    r.checks[1].level = 'MUSTN';
    r.checks[2].extra = true;
    delete r.run.seed;
    let msg = '';
    try {
      validateResult(r);
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/^invalid run result \(4 violations\)/);
    expect(msg).toContain('/checks/0/outcome must be equal to one of the allowed values (pass, skip, disabled, warn, fail, error)');
    expect(msg).toContain('/checks/1/level must be equal to one of the allowed values');
    expect(msg).toContain("/checks/2 must NOT have additional properties 'extra'");
    expect(msg).toContain("/run must have required property 'seed'");
  });

  it('rejects bad exchanges and bodies', () => {
    const r = raw();
    r.checks[0].exchanges[0].status = '200';
    r.checks[0].exchanges[0].responseBody.encoding = 'hex';
    expect(() => validateResult(r)).toThrow(/exchanges\/0\/status[^]*responseBody\/encoding/);
  });

  it('rejects totals that disagree with the checks and duplicate IDs', () => {
    const r = raw();
    r.run.totals.pass += 1;
    r.checks[1].id = r.checks[0].id;
    expect(() => validateResult(r)).toThrow(/duplicate check ID 'general\/ping\/v2-root'[^]*\/run\/totals\/pass is 8 but 7/);
  });

  it('rejects non-objects', () => {
    expect(() => validateResult(null)).toThrow(/\(root\) must be object/);
    expect(() => validateResult([])).toThrow(/invalid run result/);
  });
});
