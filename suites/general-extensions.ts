import { randomImage, randomTag } from '../src/gen/oci.js';
import { bareMediaType } from '../src/registry/grammar.js';
import type { Reply } from '../src/registry/client.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { PreconditionUnmet, Unsupported, Violation } from '../src/runner/verdicts.js';
import { expectStatus, fail, parseErrorBody } from './_lib/expect.js';
import { pushImage } from './_lib/setup.js';

interface Extension {
  name: string;
  url: string;
  description?: string;
  endpoints: string[];
}

/** Lenient form of the extension naming pattern (inventory §4.9); the name carries a leading underscore. */
const EXTENSION_NAME_RE = /^_[a-z0-9]+([._-][a-z0-9]+)*$/;

/**
 * A discovery answer: 200 with the document, or a sign that the registry has no
 * extensions (404/405, or the UNSUPPORTED code), which the spec allows.
 */
function discovery(r: Reply, what: string): Extension[] {
  if (r.status === 404 || r.status === 405) throw new Unsupported(`${what}: answered ${r.status}: the registry offers no extensions (allowed)`);
  if (r.status >= 400 && parseErrorBody(r)?.some((e) => e.code === 'UNSUPPORTED')) throw new Unsupported(`${what}: UNSUPPORTED: no extensions (allowed)`);
  expectStatus(r, [200], what);
  if (bareMediaType(r.headers['content-type']) !== 'application/json') fail(`${what}: Content-Type is not application/json`, 'application/json', r.headers['content-type'] ?? '(none)');
  let doc: unknown;
  try {
    doc = JSON.parse(r.body.toString('utf8'));
  } catch {
    fail(`${what}: the body is not JSON`, 'a JSON document', r.body.toString('utf8', 0, 200));
  }
  const list = (doc as { extensions?: unknown })?.extensions;
  if (!Array.isArray(list)) fail(`${what}: "extensions" is not an array`, '{"extensions":[…]}', JSON.stringify(doc).slice(0, 200));
  for (const e of list as unknown[]) {
    const x = e as Partial<Record<keyof Extension, unknown>>;
    const ok =
      typeof x?.name === 'string' &&
      typeof x.url === 'string' &&
      (x.description === undefined || typeof x.description === 'string') &&
      Array.isArray(x.endpoints) &&
      x.endpoints.every((p) => typeof p === 'string');
    if (!ok) fail(`${what}: an extension entry lacks a required field or has the wrong type`, 'name, url and endpoints (strings), optional description', JSON.stringify(e).slice(0, 200));
  }
  return list as Extension[];
}

/** `_<extension>/<component>/<module>`, optionally under /v2/ or /v2/<name>/, options as a query (lenient component form, A29). */
const COMPONENT = '[a-z0-9]+(?:[._-][a-z0-9]+)*';
const ENDPOINT_RE = new RegExp(`^(?:/v2/(?:[^?]+/)?)?_${COMPONENT}/${COMPONENT}/${COMPONENT}(?:\\?.*)?$`);

/** Registry API extensions: discovery through the `_oci` extension. */
export default defineWorkflow({
  id: 'general-extensions',
  title: 'Extensions: _oci discovery',
  category: 'general',
  needs: [],
  async setup({ registry, repo, rng }) {
    // Repository-level discovery needs a repository that exists.
    await pushImage(registry, repo, randomImage(rng, { layers: 1 }), randomTag(rng));
    return undefined;
  },
  checks: [
    {
      id: 'general/extensions/discover',
      title: 'MUST answer registry-level discovery with a JSON list of extensions and their required fields',
      level: 'MUST',
      requirements: ['EXT-010', 'EXT-012'],
      async run({ registry }) {
        discovery(await registry.discoverExtensions(), 'GET /v2/_oci/ext/discover');
      },
    },
    {
      id: 'general/extensions/discover-repository',
      title: 'MUST answer repository-level discovery with the same structure',
      level: 'MUST',
      requirements: ['EXT-011'],
      async run({ registry, repo }) {
        discovery(await registry.discoverExtensions(repo), `GET /v2/${repo}/_oci/ext/discover`);
      },
    },
    {
      id: 'general/extensions/names',
      title: 'MUST give extensions unique names of the form _<extension>',
      level: 'MUST',
      requirements: ['EXT-002', 'EXT-003'],
      async run({ registry, repo }) {
        for (const r of [await registry.discoverExtensions(), await registry.discoverExtensions(repo)]) {
          const names = discovery(r, `GET ${r.url}`).map((e) => e.name);
          const bad = names.find((n) => !EXTENSION_NAME_RE.test(n));
          if (bad !== undefined) fail('an extension name does not follow the naming pattern', 'names like _oci or _vendor.thing', bad);
          if (new Set(names).size !== names.length) fail('extension names repeat', 'unique names', names.join(', '));
        }
      },
    },
    {
      id: 'general/extensions/endpoint-paths',
      title: 'SHOULD place extension endpoints at _<extension>/<component>/<module> under /v2/ or /v2/<name>/',
      level: 'SHOULD',
      requirements: ['EXT-004'],
      async run({ registry, repo }) {
        for (const r of [await registry.discoverExtensions(), await registry.discoverExtensions(repo)]) {
          let list: Extension[];
          try {
            list = discovery(r, `GET ${r.url}`);
          } catch (e) {
            // A broken discovery answer is judged by general/extensions/discover.
            if (e instanceof Violation) throw new PreconditionUnmet(`${e.message} (judged by general/extensions/discover)`);
            throw e;
          }
          const bad = list.flatMap((e) => e.endpoints).find((p) => !ENDPOINT_RE.test(p));
          if (bad !== undefined) fail('an extension endpoint is not of the form _<extension>/<component>/<module>', '_oci/ext/discover and the like', bad);
        }
      },
    },
  ],
});
