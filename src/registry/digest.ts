import { hashHex } from '../http/capture.js';

export type Algorithm = 'sha256' | 'sha512';

export function digestOf(data: Buffer, alg: Algorithm = 'sha256'): string {
  return `${alg}:${hashHex(alg, data)}`;
}

/** Checks a buffer against a digest string; false for algorithms we cannot compute. */
export function matchesDigest(data: Buffer, digest: string): boolean {
  const alg = digest.split(':')[0];
  if (alg !== 'sha256' && alg !== 'sha512') return false;
  return digestOf(data, alg) === digest;
}
