/** Validation of path parameters (names, digests, tags) shared by the handlers, including the related faults. */
import { NAME_RE, TAG_RE, type Algorithm, looksLikeDigest, parseDigest } from './digest.js';
import { RegistryError } from './errors.js';
import type { Ctx } from './context.js';
import type { Repository } from './store.js';

/** Validates a repository name; returns the name to use for storage. */
export function checkName(ctx: Ctx, raw: string): string {
  const name = ctx.faults.has('name-uppercase-accepted') ? raw.toLowerCase() : raw;
  if (!NAME_RE.test(name)) throw new RegistryError(400, 'NAME_INVALID', 'invalid repository name', { name: raw });
  return name;
}

export type DigestRef =
  | { kind: 'ok'; digest: string; algorithm: Algorithm }
  /** Valid grammar, algorithm we do not implement: never matches anything we store. */
  | { kind: 'unregistered'; digest: string };

/** Validates a digest; malformed ones are 400 DIGEST_INVALID. */
export function checkDigest(ctx: Ctx, raw: string): DigestRef {
  let s = raw;
  if (ctx.faults.has('digest-uppercase-accepted')) {
    const i = s.indexOf(':');
    if (i > 0) s = s.slice(0, i + 1) + s.slice(i + 1).toLowerCase();
  }
  const p = parseDigest(s);
  if (p.kind === 'invalid') throw new RegistryError(400, 'DIGEST_INVALID', p.reason, { digest: raw });
  if (p.kind === 'unregistered') {
    if (ctx.faults.has('digest-unregistered-rejected')) throw new RegistryError(400, 'DIGEST_INVALID', 'unsupported digest algorithm', { digest: raw });
    return { kind: 'unregistered', digest: p.digest };
  }
  if (p.algorithm === 'sha512' && ctx.faults.has('sha512-unsupported')) {
    throw new RegistryError(400, 'DIGEST_INVALID', 'sha512 is not supported', { digest: raw });
  }
  return { kind: 'ok', digest: p.digest, algorithm: p.algorithm };
}

/** Like checkDigest, but content must be hashable, so unregistered algorithms are refused. */
export function checkComputableDigest(ctx: Ctx, raw: string): { digest: string; algorithm: Algorithm } {
  const d = checkDigest(ctx, raw);
  if (d.kind !== 'ok') throw new RegistryError(400, 'DIGEST_INVALID', 'unsupported digest algorithm', { digest: raw });
  return d;
}

export type ManifestRef = { kind: 'tag'; tag: string } | { kind: 'digest'; ref: DigestRef };

/** A manifest reference is a digest (contains ':') or a tag; anything else is 400. */
export function checkReference(ctx: Ctx, raw: string): ManifestRef {
  if (looksLikeDigest(raw)) return { kind: 'digest', ref: checkDigest(ctx, raw) };
  if (ctx.faults.has('tag-overlong-accepted') && /^[a-zA-Z0-9_][a-zA-Z0-9._-]{128,}$/.test(raw)) return { kind: 'tag', tag: raw };
  // A spec code, not the legacy TAG_INVALID: general/responses/error-bodies warns on legacy codes.
  if (!TAG_RE.test(raw)) throw new RegistryError(400, 'MANIFEST_INVALID', 'invalid reference: neither a tag nor a digest', { reference: raw });
  if (ctx.faults.has('tag-schema-rejected') && /^sha(?:256|512)-[a-f0-9]{64}$/.test(raw)) {
    throw new RegistryError(400, 'TAG_INVALID', 'referrers tag schema tags are not accepted', { tag: raw });
  }
  if (raw.length > 64 && ctx.faults.has('tag-long-rejected')) {
    throw new RegistryError(400, 'TAG_INVALID', 'tags longer than 64 characters are not accepted', { tag: raw });
  }
  return { kind: 'tag', tag: raw };
}

/** The error for a repository that does not exist (403 under the repo-missing-not-404 fault). */
export function repoMissing(ctx: Ctx, name: string): RegistryError {
  if (ctx.faults.has('repo-missing-not-404')) return new RegistryError(403, 'DENIED', 'access denied', { name });
  return new RegistryError(404, 'NAME_UNKNOWN', 'repository name not known to registry', { name });
}

export function requireRepo(ctx: Ctx, name: string): Repository {
  const r = ctx.store.repo(name);
  if (!r) throw repoMissing(ctx, name);
  return r;
}

/** 405 UNSUPPORTED when deletion is disabled (403 under the delete-disabled-403 fault). */
export function checkDeletesEnabled(ctx: Ctx): void {
  if (ctx.opts.deletes) return;
  if (ctx.faults.has('delete-disabled-403')) throw new RegistryError(403, 'DENIED', 'deletion is not allowed');
  throw new RegistryError(405, 'UNSUPPORTED', 'deletion is disabled on this registry');
}
