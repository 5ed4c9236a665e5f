import { createHash } from 'node:crypto';
import type { BodyCapture, Exchange } from '../src/http/exchange.js';
import { bareMediaType, ERROR_CODE_RE, ERROR_CODES, LEGACY_ERROR_CODES, MEDIA } from '../src/registry/grammar.js';
import { errorCode, isDroppedConnection, type RunRecord } from '../src/runner/run-record.js';
import { Unsupported, Violation } from '../src/runner/verdicts.js';
import type { CheckContext } from '../src/runner/workflow.js';
import { defineWorkflow } from '../src/runner/workflow.js';

/**
 * The response-level judge: each check applies one rule to every exchange
 * every other check and setup of the run made, and reports each exchange
 * that broke it with the request that caused it (cited in its transcript).
 */

type Sourced = RunRecord['exchanges'][number];

/** What one exchange did wrong under a rule, or undefined; `legacy` marks findings the inventory only warns about. */
type Rule = (e: Exchange, run: RunRecord) => { problem: string; legacy?: boolean } | undefined;

/** Exchanges cited per check; the message counts them all. */
const MAX_CITED = 20;

function judge(ctx: CheckContext, rule: Rule, what: string): string {
  const run = ctx.run;
  if (!run || run.exchanges.length === 0) throw new Unsupported('no other workflow ran in this run, so there are no exchanges to judge');
  const found: Array<{ s: Sourced; problem: string; legacy: boolean }> = [];
  for (const s of run.exchanges) {
    const f = rule(s.exchange, run);
    if (f) found.push({ s, problem: f.problem, legacy: f.legacy === true });
  }
  const hard = found.filter((f) => !f.legacy);
  const shown = (hard.length > 0 ? hard : found).slice(0, MAX_CITED);
  for (const f of shown) ctx.run!.cite(f.s.exchange);
  if (found.length === 0) return `${run.exchanges.length} exchanges judged`;
  const lines = shown.map((f) => `${f.s.source}: ${f.s.exchange.method} ${f.s.exchange.url} → ${f.s.exchange.status ?? 'no response'}: ${f.problem}`);
  const more = found.length > shown.length ? ` (first ${shown.length} shown)` : '';
  const message = `${found.length} of ${run.exchanges.length} exchanges ${what}${more}:\n${lines.join('\n')}`;
  // A8/A33: legacy error codes alone are a warning, not a failure.
  throw new Violation(message, `no exchange that ${what}`, lines[0]!, hard.length === 0 ? 'SHOULD' : undefined);
}

/** The whole body as text, when the capture holds all of it. */
function fullText(b: BodyCapture | undefined): string | undefined {
  if (!b || b.truncated || b.encoding !== 'utf8') return undefined;
  return b.preview;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const incomplete = (e: Exchange): boolean => e.status !== null && e.error !== undefined;

/** Bodies are read up to a cap (64 MiB by default); one that reached it may have been cut by us, so its size and hash say nothing. */
const mayBeCut = (b: BodyCapture | undefined): boolean => (b?.size ?? 0) >= 64 * 1024 * 1024;

const serverErrors: Rule = (e) => (e.status !== null && e.status >= 500 ? { problem: `a server error (${e.status})` } : undefined);

const dropped: Rule = (e, run) => {
  if (e.status !== null || !e.error || !isDroppedConnection(errorCode(e.error), e.requestBody?.size)) return undefined;
  // Only while the registry answers other requests: a registry that answers nothing at all is a network matter.
  if (!run.exchanges.some((x) => x.exchange.status !== null)) return undefined;
  return { problem: `no response: ${e.error}` };
};

const errorBodies: Rule = (e) => {
  if (e.status === null || e.status < 400 || e.method === 'HEAD' || incomplete(e)) return undefined;
  const text = fullText(e.responseBody)?.trim();
  // Non-JSON error bodies are allowed (ERR-001).
  if (!text || !(text.startsWith('{') || text.startsWith('['))) return undefined;
  const doc = parseJson(text);
  if (!doc.ok) return undefined;
  const errors = (doc.value as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0 || !errors.every((x) => x && typeof x === 'object' && typeof (x as { code?: unknown }).code === 'string'))
    return { problem: `a JSON error body that is not {"errors":[{"code":…}]}: ${text.slice(0, 120)}` };
  const codes = errors.map((x) => (x as { code: string }).code);
  const bad = codes.filter((c) => !ERROR_CODE_RE.test(c) || !(ERROR_CODES as readonly string[]).includes(c));
  const legacy = bad.filter((c) => (LEGACY_ERROR_CODES as readonly string[]).includes(c));
  if (bad.length > legacy.length) return { problem: `error code ${bad.filter((c) => !legacy.includes(c)).join(', ')} is not one the spec defines` };
  if (legacy.length > 0) return { problem: `legacy error code ${legacy.join(', ')} (tolerated with a warning, A33)`, legacy: true };
  const msg = errors.find((x) => (x as { message?: unknown }).message !== undefined && typeof (x as { message?: unknown }).message !== 'string');
  if (msg) return { problem: `an error message that is not a string: ${JSON.stringify((msg as { message: unknown }).message)}` };
  return undefined;
};

/** The digest of a captured body under `algorithm`, when the capture allows computing it. */
function digestOfCapture(b: BodyCapture | undefined, algorithm: string): string | undefined {
  if (!b) return algorithm === 'sha256' || algorithm === 'sha512' ? `${algorithm}:${createHash(algorithm).digest('hex')}` : undefined;
  if (algorithm === 'sha256') return `sha256:${b.sha256}`;
  if (algorithm !== 'sha512' || b.truncated) return undefined;
  return `sha512:${createHash('sha512').update(Buffer.from(b.preview, b.encoding)).digest('hex')}`;
}

/** The digest in a blob or manifest URL path (…/blobs/<digest>, …/manifests/<digest>), if any. */
function pathDigest(url: string): string | undefined {
  const m = /\/(?:blobs|manifests)\/([a-z0-9+._-]+(?::|%3A)[a-zA-Z0-9=_-]+)$/i.exec(new URL(url).pathname);
  const d = m ? decodeURIComponent(m[1]!) : undefined;
  // Only a valid digest names content; a malformed one is judged by general/bad-input/*.
  return d && /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/.test(d) ? d : undefined;
}

const digestHeaders: Rule = (e) => {
  const header = e.responseHeaders['docker-content-digest'];
  if (header === undefined || e.status === null || e.status >= 400 || incomplete(e)) return undefined;
  const alg = header.slice(0, header.indexOf(':'));
  // The content named in the URL: the header may use another algorithm (A14), then only the body can tell.
  const named = e.status < 300 && !/\/blobs\/uploads\//.test(e.url) ? pathDigest(e.url) : undefined;
  if (named && (e.method === 'GET' || e.method === 'HEAD') && named.startsWith(`${alg}:`) && named !== header)
    return { problem: `Docker-Content-Digest ${header} for ${named}` };
  if (e.method === 'GET' && e.status === 200 && !mayBeCut(e.responseBody)) {
    const actual = digestOfCapture(e.responseBody, alg);
    if (actual !== undefined && actual !== header) return { problem: `Docker-Content-Digest ${header}, but the body's digest is ${actual}` };
  }
  // A mount or a closing PUT names its blob in the query: the header must be that digest when of the same algorithm.
  const query = new URL(e.url).searchParams;
  const blobDigest = e.status === 201 ? (e.method === 'POST' ? (query.get('mount') ?? query.get('digest')) : e.method === 'PUT' ? query.get('digest') : null) : null;
  if (blobDigest && blobDigest.startsWith(`${alg}:`) && blobDigest !== header) return { problem: `Docker-Content-Digest ${header} for the blob ${blobDigest}` };
  if (e.method === 'PUT' && e.status === 201 && /\/manifests\//.test(e.url)) {
    const actual = digestOfCapture(e.requestBody, alg);
    if (actual !== undefined && actual !== header) return { problem: `Docker-Content-Digest ${header}, but the pushed manifest's digest is ${actual}` };
  }
  return undefined;
};

const contentLength: Rule = (e) => {
  const declared = e.responseHeaders['content-length'];
  if (declared === undefined || e.status === null || e.method === 'HEAD' || e.status === 204 || e.status === 304) return undefined;
  const size = e.responseBody?.size ?? 0;
  if (e.error) return { problem: `Content-Length ${declared}, but the body ended after ${size} bytes` };
  if (mayBeCut(e.responseBody)) return undefined;
  return String(size) === declared.trim() ? undefined : { problem: `Content-Length ${declared}, but the body has ${size} bytes` };
};

const MANIFEST_TYPES: readonly string[] = [MEDIA.manifest, MEDIA.index, MEDIA.dockerManifest, MEDIA.dockerList];

const contentType: Rule = (e) => {
  const type = bareMediaType(e.responseHeaders['content-type']);
  const body = e.responseBody;
  if (!type || e.status === null || e.method === 'HEAD' || incomplete(e) || !body || body.size === 0 || body.truncated) return undefined;
  if (type !== 'application/json' && !type.endsWith('+json')) return undefined;
  const doc = body.encoding === 'utf8' ? parseJson(body.preview) : { ok: false as const };
  if (!doc.ok) return { problem: `Content-Type ${type}, but the body is not JSON` };
  const mediaType = (doc.value as { mediaType?: unknown } | null)?.mediaType;
  if (e.status < 300 && MANIFEST_TYPES.includes(type) && typeof mediaType === 'string' && mediaType !== type)
    return { problem: `Content-Type ${type}, but the body's mediaType is ${mediaType}` };
  return undefined;
};

/** Judges every exchange of the run; runs after every other workflow. */
export default defineWorkflow({
  id: 'general-responses',
  title: 'Every response of the run: server errors, dropped connections, error bodies, headers',
  category: 'general',
  needs: [],
  judgesRun: true,
  checks: [
    {
      id: 'general/responses/no-server-errors',
      title: 'MUST NOT answer any request of the run, well-formed or malformed, with a 5xx server error',
      level: 'MUST NOT',
      requirements: ['GEN-011'],
      run: async (ctx) => judge(ctx, serverErrors, 'got a server error'),
    },
    {
      id: 'general/responses/no-dropped-connections',
      title: 'MUST answer every request of the run instead of closing or resetting the connection without a response',
      level: 'MUST',
      requirements: ['GEN-012'],
      run: async (ctx) => judge(ctx, dropped, 'got no response'),
    },
    {
      id: 'general/responses/error-bodies',
      title: 'MUST shape every JSON error body of the run as {"errors":[{"code",…}]} with a code the spec defines',
      level: 'MUST',
      requirements: ['ERR-002', 'ERR-003', 'ERR-004', 'ERR-006'],
      run: async (ctx) => judge(ctx, errorBodies, 'carry an error body outside the spec'),
    },
    {
      id: 'general/responses/digest-header',
      title: 'MUST send, wherever it sends Docker-Content-Digest, the digest of the content it answers for',
      level: 'MUST',
      requirements: ['PULL-008', 'PULL-013', 'MAN-010'],
      run: async (ctx) => judge(ctx, digestHeaders, 'carry a Docker-Content-Digest that contradicts the content'),
    },
    {
      id: 'general/responses/content-length',
      title: 'MUST send, wherever it sends Content-Length, the length of the body',
      level: 'MUST',
      requirements: ['GEN-013'],
      run: async (ctx) => judge(ctx, contentLength, 'carry a Content-Length that contradicts the body'),
    },
    {
      id: 'general/responses/content-type',
      title: 'MUST send a Content-Type the body matches: JSON for JSON types, the body’s own mediaType for manifests',
      level: 'MUST',
      requirements: ['GEN-013'],
      run: async (ctx) => judge(ctx, contentType, 'carry a Content-Type that contradicts the body'),
    },
    {
      id: 'general/responses/setups',
      title: 'MUST answer the requests a workflow setup makes (plain pushes and reads) as the spec demands',
      level: 'MUST',
      requirements: ['GEN-003'],
      async run(ctx) {
        const run = ctx.run;
        if (!run || run.exchanges.length === 0) throw new Unsupported('no other workflow ran in this run, so there are no setups to judge');
        if (run.setupFailures.length === 0) return 'every setup that ran succeeded';
        for (const f of run.setupFailures) for (const e of f.exchanges.slice(-3)) run.cite(e);
        const lines = run.setupFailures.map((f) => `${f.workflow}: ${f.message}`);
        throw new Violation(
          `${run.setupFailures.length} workflow setup(s) failed on the registry's answers, so their checks were skipped:\n${lines.join('\n')}`,
          'every setup succeeds',
          lines[0]!,
        );
      },
    },
  ],
});
