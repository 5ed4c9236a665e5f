import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { BodyCapture } from './exchange.js';
import { redactJsonText, scrubSecrets } from './redact.js';

export const PREVIEW_BYTES = 4096;

/** Summarises a body: size, sha256, and a short redacted preview. */
export function captureBody(body: Buffer, secrets: readonly string[], previewBytes = PREVIEW_BYTES): BodyCapture {
  const head = body.subarray(0, previewBytes);
  const printable = isPrintable(head);
  let preview = printable ? head.toString('utf8') : head.toString('base64');
  if (printable) preview = scrubSecrets(redactJsonText(preview), secrets);
  return {
    size: body.length,
    sha256: createHash('sha256').update(body).digest('hex'),
    preview,
    encoding: printable ? 'utf8' : 'base64',
    truncated: body.length > previewBytes,
  };
}

/** Control bytes other than tab, newline, vertical tab, form feed and carriage return. */
const CONTROL = /[\x00-\x08\x0e-\x1f\x7f]/;

function isPrintable(b: Buffer): boolean {
  // Both tests run natively: a latin1 view maps each byte to one character; invalid UTF-8 is refused.
  return !CONTROL.test(b.toString('latin1')) && isUtf8(b);
}
