import { isUtf8 } from 'node:buffer';
import { createHash, type BinaryLike } from 'node:crypto';
import type { BodyCapture } from './exchange.js';
import { REDACTED, redactJsonText, redactQueryIn, scrubSecrets } from './redact.js';

export const PREVIEW_BYTES = 4096;
/** Slices fed to a hash at once: one update of more than 2 GiB fails. */
const HASH_SLICE = 256 * 1024 * 1024;

/** Hashes any size of buffer, a slice at a time. */
export function hashHex(alg: 'sha256' | 'sha512', data: Buffer, slice = HASH_SLICE): string {
  const h = createHash(alg);
  for (let i = 0; i < data.length; i += slice) h.update(data.subarray(i, i + slice) as BinaryLike);
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

/** Control bytes other than tab, newline, vertical tab, form feed and carriage return. */
const CONTROL = /[\x00-\x08\x0e-\x1f\x7f]/;

function isPrintable(b: Buffer): boolean {
  // Both tests run natively: a latin1 view maps each byte to one character; invalid UTF-8 is refused.
  if (CONTROL.test(b.toString('latin1'))) return false;
  if (isUtf8(b)) return true;
  // A multi-byte character cut at the end of the preview is fine.
  for (let cut = 1; cut < 4 && cut < b.length; cut++) if (isUtf8(b.subarray(0, b.length - cut))) return true;
  return false;
}
