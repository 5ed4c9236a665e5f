// Second step of `npm run build`, after tsc: writes dist/src/generated/ so start-up loads neither
// ajv's compiler nor the suites' code, and no run compiles the report template. The schemas become
// ajv standalone validators and the template Handlebars' precompiled form (CommonJS, loaded with
// require); the check list is the metadata of every check, taken from the suites.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import Handlebars from 'handlebars';
import standalone from 'ajv/dist/standalone/index.js';

const root = new URL('..', import.meta.url);
const out = new URL('dist/src/generated/', root);
rmSync(out, { recursive: true, force: true });

const { AJV_OPTIONS } = await import(new URL('dist/src/catalog/schema-validator.js', root).href);
const { metaFromSuites } = await import(new URL('dist/src/cli/list.js', root).href);
const metas = await metaFromSuites();
const { REPORT_TEMPLATE } = await import(new URL('dist/src/reporters/html-template.js', root).href);
const { TEMPLATE_OPTIONS } = await import(new URL('dist/src/reporters/html.js', root).href);

mkdirSync(out, { recursive: true });
for (const name of ['results', 'requirements']) {
  const schema = JSON.parse(readFileSync(new URL(`schemas/${name}.schema.json`, root), 'utf8'));
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  writeFileSync(new URL(`${name}.schema.cjs`, out), standalone.default(ajv, ajv.compile(schema)));
}
writeFileSync(new URL('report-template.cjs', out), `module.exports = ${Handlebars.precompile(REPORT_TEMPLATE, TEMPLATE_OPTIONS)};\n`);
writeFileSync(new URL('checks.json', out), `${JSON.stringify(metas)}\n`);
