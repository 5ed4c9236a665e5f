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

function isPrintable(b: Buffer): boolean {
  for (const c of b) if (c < 9 || (c > 13 && c < 32) || c === 127) return false;
  // Reject invalid UTF-8: round-tripping must give the same bytes back.
  return Buffer.from(b.toString('utf8'), 'utf8').equals(b);
}
