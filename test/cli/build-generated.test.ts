import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/catalog/schema-validator.js';
import Handlebars from 'handlebars';
import { metaFromSuites } from '../../src/cli/list.js';
import { REPORT_TEMPLATE } from '../../src/reporters/html-template.js';
import { TEMPLATE_OPTIONS } from '../../src/reporters/html.js';
import { ROOT } from '../reporters/helpers.js';

// What `npm run build` writes to dist/src/generated/ must say what the sources say (npm test builds first).
const GENERATED = join(ROOT, 'dist/src/generated');
const require = createRequire(import.meta.url);

describe('build-time generated files', () => {
  it('the check list is the metadata of every check in the suites', async () => {
    expect(JSON.parse(readFileSync(join(GENERATED, 'checks.json'), 'utf8'))).toEqual(await metaFromSuites());
  });

  it('the precompiled report template is the template, precompiled with the options it is compiled with', () => {
    const built = readFileSync(join(GENERATED, 'report-template.cjs'), 'utf8');
    expect(built).toBe(`module.exports = ${Handlebars.precompile(REPORT_TEMPLATE, TEMPLATE_OPTIONS)};\n`);
  });

  it.each(['results', 'requirements'])('the precompiled %s schema judges as the schema compiled at run time', (name) => {
    const built = require(join(GENERATED, `${name}.schema.cjs`)) as ValidateFunction;
    const live = compileSchema(JSON.parse(readFileSync(join(ROOT, `schemas/${name}.schema.json`), 'utf8')) as object);
    const good = name === 'results' ? JSON.parse(readFileSync(join(ROOT, 'fixtures/results/sample.json'), 'utf8')) : JSON.parse(readFileSync(join(ROOT, 'src/catalog/requirements.json'), 'utf8'));
    const bad = structuredClone(good) as Record<string, unknown> | unknown[];
    if (Array.isArray(bad)) (bad[0] as Record<string, unknown>)['level'] = 'OUGHT';
    else ((bad as { checks: Array<Record<string, unknown>> }).checks[0]!)['outcome'] = 'maybe';
    for (const doc of [good, bad, null, {}]) {
      expect(built(doc)).toBe(live(doc));
      expect(built.errors ?? null).toEqual(live.errors ?? null);
    }
    expect(built(good)).toBe(true);
    expect(built(bad)).toBe(false);
  });
});
