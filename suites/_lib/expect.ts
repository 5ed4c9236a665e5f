import { digestOf, matchesDigest } from '../../src/registry/digest.js';
import { bareMediaType, ERROR_CODE_RE, ERROR_CODES, LEGACY_ERROR_CODES } from '../../src/registry/grammar.js';
import type { Reply } from '../../src/registry/client.js';
import { LimitExceeded, PreconditionUnmet, Unsupported, Violation } from '../../src/runner/verdicts.js';

/**
 * Expectation helpers: the vocabulary checks judge with. Each throws a
 * Violation naming what was expected and what the registry did.
 */

export function fail(message: string, expected: string, observed: string): never {
  throw new Violation(message, expected, observed);
}

export function expectStatus(r: Reply, allowed: readonly number[], what: string): void {
  if (!allowed.includes(r.status))
    fail(`${what}: expected status ${allowed.join(' or ')}, received ${r.status}`, `status ${allowed.join(' or ')}`, `status ${r.status}${errorSummary(r)}`);
}

export function expectHeader(r: Reply, name: string, what: string): string {
  const v = r.headers[name.toLowerCase()];
  if (v === undefined || v === '') fail(`${what}: the ${name} header is missing`, `a ${name} header`, `no ${name} header`);
  return v;
}

export function expectLocation(r: Reply, what: string): string {
  expectHeader(r, 'Location', what);
  if (!r.location) fail(`${what}: the Location header is not a URL`, 'a URL in Location', `Location: ${r.headers['location']}`);
  return r.location;
}

export function expectBytes(r: Reply, expected: Buffer, what: string): void {
  if (r.incomplete) fail(`${what}: the body broke off (${r.incomplete})`, `${expected.length} bytes`, `${r.body.length} bytes, then the connection ended`);
  // Our cap is no fault of the registry's: the check cannot judge, and says which limit stopped it.
  if (r.truncated) throw new LimitExceeded(`${what}: the body is larger than our cap (raise it with --max-body)`);
  if (!r.body.equals(expected))
    fail(`${what}: the body differs from what was pushed`, `${expected.length} bytes, ${hashHint(expected)}`, `${r.body.length} bytes, ${hashHint(r.body)}`);
}

export function expectDigestHeaderMatches(r: Reply, body: Buffer, what: string): void {
  const d = r.headers['docker-content-digest'];
  if (d === undefined) return;
  if (!matchesDigest(body, d)) fail(`${what}: Docker-Content-Digest does not match the content`, `the digest of the ${body.length} bytes`, `Docker-Content-Digest: ${d}`);
}

export function expectMediaType(r: Reply, expected: string, what: string): void {
  const got = bareMediaType(r.headers['content-type']);
  if (got !== expected.toLowerCase()) fail(`${what}: Content-Type is not the pushed media type`, `Content-Type: ${expected}`, `Content-Type: ${r.headers['content-type'] ?? '(none)'}`);
}

/** A JSON error body in the spec's shape; non-JSON bodies are allowed and yield undefined. */
export function parseErrorBody(r: Reply): Array<{ code: unknown; message?: unknown }> | undefined {
  const text = r.body.toString('utf8').trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const errors = (doc as { errors?: unknown })?.errors;
  if (!Array.isArray(errors) || errors.length === 0 || !errors.every((e) => e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string'))
    fail('the JSON error body is not of the form {"errors":[{"code":…}]}', '{"errors":[{"code":"…","message":"…"}]}', preview(text));
  return errors as Array<{ code: unknown; message?: unknown }>;
}

/** Shape and code list of a JSON error body (ERR-002/003/004/006). Skips when the body is not JSON, which the spec allows. */
export function expectWellFormedErrorBody(r: Reply, what: string): string[] {
  const errors = parseErrorBody(r);
  if (!errors) throw new Unsupported(`${what}: the error body is not JSON, which the spec allows`);
  const codes = errors.map((e) => String(e.code));
  for (const e of errors) {
    const code = String(e.code);
    if (!ERROR_CODE_RE.test(code)) fail(`${what}: error code ${JSON.stringify(code)} is not upper-case letters and underscores`, 'codes matching ^[A-Z_]+$', code);
    if (![...ERROR_CODES, ...LEGACY_ERROR_CODES].includes(code as never)) fail(`${what}: error code ${code} is not one the spec defines`, ERROR_CODES.join(', '), code);
    if (e.message !== undefined && typeof e.message !== 'string') fail(`${what}: error message is not a string`, 'a string message', JSON.stringify(e.message));
  }
  return codes;
}

export function expectErrorCode(r: Reply, expected: string, what: string): void {
  const errors = parseErrorBody(r);
  if (!errors) throw new Unsupported(`${what}: the error body is not JSON, which the spec allows`);
  const codes = errors.map((e) => String(e.code));
  if (!codes.includes(expected)) fail(`${what}: the error code does not name the situation`, expected, codes.join(', '));
}

/** For steps a check builds on: their failure is some other check's verdict. */
export function need(ok: boolean, message: string): asserts ok {
  if (!ok) throw new PreconditionUnmet(message);
}

/** The start of a textual body (an error document, usually); binary bodies are left out. */
function errorSummary(r: Reply): string {
  const text = r.body.toString('utf8', 0, Math.min(r.body.length, 200));
  if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text)) return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat ? ` (${flat})` : '';
}

function preview(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function hashHint(b: Buffer): string {
  return `${digestOf(b).slice(0, 23)}…`;
}
