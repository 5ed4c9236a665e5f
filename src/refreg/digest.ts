/** Name, tag and digest grammar plus hashing helpers for the reference registry. */
import { createHash } from 'node:crypto';

/** Repository name: lower-case components joined by '/', separators '.', '_', '__' or runs of '-'. */
export const NAME_RE = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
/** Tag: first char alnum or '_', at most 128 chars. */
export const TAG_RE = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
/** Generic digest grammar (algorithm ":" encoded) from the image spec. */
export const DIGEST_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export type Algorithm = 'sha256' | 'sha512';

/** Encoded-part rules for the algorithms we implement; upper-case hex is not allowed. */
const ENCODED_RE: Record<Algorithm, RegExp> = {
  sha256: /^[a-f0-9]{64}$/,
  sha512: /^[a-f0-9]{128}$/,
};

export type ParsedDigest =
  | { kind: 'ok'; algorithm: Algorithm; encoded: string; digest: string }
  /** Grammatically valid but an algorithm we do not implement: it can never match stored content. */
  | { kind: 'unregistered'; digest: string }
  | { kind: 'invalid'; reason: string };

export function isAlgorithm(s: string): s is Algorithm {
  return s === 'sha256' || s === 'sha512';
}

/** Classifies a digest string; registered algorithms get their exact encoded-length rules. */
export function parseDigest(s: string): ParsedDigest {
  if (!DIGEST_RE.test(s)) return { kind: 'invalid', reason: 'digest does not match the digest grammar' };
  const i = s.indexOf(':');
  const alg = s.slice(0, i);
  const encoded = s.slice(i + 1);
  if (!isAlgorithm(alg)) return { kind: 'unregistered', digest: s };
  if (!ENCODED_RE[alg].test(encoded)) {
    return { kind: 'invalid', reason: `${alg} digests need ${alg === 'sha256' ? 64 : 128} lower-case hex characters` };
  }
  return { kind: 'ok', algorithm: alg, encoded, digest: s };
}

/** True when the string looks like a digest attempt rather than a tag (tags cannot contain ':'). */
export function looksLikeDigest(ref: string): boolean {
  return ref.includes(':');
}

export function computeDigest(algorithm: Algorithm, data: Buffer | readonly Buffer[]): string {
  const h = createHash(algorithm);
  if (Buffer.isBuffer(data)) h.update(data);
  else for (const part of data) h.update(part);
  return `${algorithm}:${h.digest('hex')}`;
}

/** A well-formed digest that differs from the given one (last hex digit changed); used by faults. */
export function wrongDigest(digest: string): string {
  const last = digest.charAt(digest.length - 1);
  const replacement = last === '0' ? '1' : '0';
  return digest.slice(0, -1) + replacement;
}
