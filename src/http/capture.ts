import { createHash, type BinaryLike } from 'node:crypto';
import type { BodyCapture } from './exchange.js';
import { REDACTED, redactJsonText, redactQueryIn, scrubSecrets } from './redact.js';

export const PREVIEW_BYTES = 4096;
/** Slices fed to a hash at once: one update of more than 2 GiB fails. */
const HASH_SLICE = 256 * 1024 * 1024;

/** Hashes any size of buffer, a slice at a time. */
export function hashHex(alg: 'sha256' | 'sha512', data: Buffer): string {
  const h = createHash(alg);
  for (let i = 0; i < data.length; i += HASH_SLICE) h.update(data.subarray(i, i + HASH_SLICE) as BinaryLike);
  return h.digest('hex');
}

/**
 * Summarises a body: size, sha256, and a short redacted preview. Redaction
 * runs on more than the preview (by the length of the longest secret), so a
 * secret that straddles the cut is replaced whole, never left as a fragment.
 */
export function captureBody(body: Buffer, secrets: readonly string[], previewBytes = PREVIEW_BYTES): BodyCapture {
  const margin = secrets.reduce((n, s) => Math.max(n, Buffer.byteLength(s)), 0) + 64;
  const head = body.subarray(0, previewBytes + margin);
  const printable = isPrintable(head.subarray(0, previewBytes));
  let preview: string;
  if (printable) {
    const text = scrubSecrets(redactQueryIn(redactJsonText(head.toString('utf8'))), secrets);
    preview = Buffer.from(text, 'utf8').subarray(0, previewBytes).toString('utf8').replace(/\uFFFD$/, '');
  } else {
    preview = scrubBytes(head, secrets).subarray(0, previewBytes).toString('base64');
  }
  return {
    size: body.length,
    sha256: hashHex('sha256', body),
    preview,
    encoding: printable ? 'utf8' : 'base64',
    truncated: body.length > previewBytes,
  };
}

/** Secrets inside binary data are replaced by the marker's bytes before the data is encoded. */
function scrubBytes(b: Buffer, secrets: readonly string[]): Buffer {
  let out = b;
  for (const s of secrets) {
    if (s.length < 4) continue;
    const needle = Buffer.from(s, 'utf8');
    if (out.indexOf(needle) < 0) continue;
    const parts: Buffer[] = [];
    let from = 0;
    for (let i = out.indexOf(needle); i >= 0; i = out.indexOf(needle, from)) {
      parts.push(out.subarray(from, i), Buffer.from(REDACTED));
      from = i + needle.length;
    }
    parts.push(out.subarray(from));
    out = Buffer.concat(parts);
  }
  return out;
}

function isPrintable(b: Buffer): boolean {
  for (const c of b) if (c < 9 || (c > 13 && c < 32) || c === 127) return false;
  // Reject invalid UTF-8: round-tripping must give the same bytes back (a multi-byte character cut at the end is fine).
  const s = b.toString('utf8').replace(/\uFFFD$/, '');
  const back = Buffer.from(s, 'utf8');
  return back.equals(b.subarray(0, back.length)) && b.length - back.length < 4;
}
