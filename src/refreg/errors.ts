/** Error codes, the error exception type and the JSON error body (with its faults). */
import type { FaultSet } from './faults.js';

/** The closed list of spec error codes, plus TAG_INVALID (a legacy code the spec lets registries send). */
export type ErrorCode =
  | 'BLOB_UNKNOWN'
  | 'BLOB_UPLOAD_INVALID'
  | 'BLOB_UPLOAD_UNKNOWN'
  | 'DIGEST_INVALID'
  | 'MANIFEST_BLOB_UNKNOWN'
  | 'MANIFEST_INVALID'
  | 'MANIFEST_UNKNOWN'
  | 'NAME_INVALID'
  | 'NAME_UNKNOWN'
  | 'SIZE_INVALID'
  | 'UNAUTHORIZED'
  | 'DENIED'
  | 'UNSUPPORTED'
  | 'TOOMANYREQUESTS'
  | 'TAG_INVALID';

/** Thrown by handlers; the server turns it into a JSON error response. */
export class RegistryError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly detail?: unknown,
    /** Extra response headers (e.g. Range on a 416, WWW-Authenticate on a 401). */
    readonly headers: Record<string, string | number | string[]> = {},
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** Builds the error body, applying the error-format faults. */
export function errorBody(err: RegistryError, faults: FaultSet): string {
  let code: string = err.code;
  if (faults.has('error-code-mismatch')) {
    if (code === 'BLOB_UNKNOWN') code = 'MANIFEST_UNKNOWN';
    else if (code === 'MANIFEST_UNKNOWN') code = 'BLOB_UNKNOWN';
  }
  if (faults.has('error-code-unknown')) code = 'NOT_FOUND_ERROR';
  if (faults.has('error-unauthorized-code-wrong') && code === 'UNAUTHORIZED') code = 'DENIED';
  if (faults.has('error-code-lowercase')) code = code.toLowerCase();
  if (faults.has('error-body-not-errors')) return JSON.stringify({ error: err.message });
  const message: unknown = faults.has('error-message-not-string') ? err.status : err.message;
  const entry: { code: string; message: unknown; detail?: unknown } = { code, message };
  if (err.detail !== undefined) entry.detail = err.detail;
  return JSON.stringify({ errors: [entry] });
}
