/** A captured body: never the whole thing, always its size and hash. */
export interface BodyCapture {
  size: number;
  sha256: string;
  /** At most the preview cap, utf-8 when printable, otherwise base64. */
  preview: string;
  encoding: 'utf8' | 'base64';
  truncated: boolean;
}

/**
 * One HTTP request and its response, as kept for transcripts. Secrets are
 * redacted when this is built, so anything holding an Exchange is safe to print.
 */
export interface Exchange {
  id: string;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: BodyCapture;
  /** Null when no response arrived (timeout, refused connection, reset). */
  status: number | null;
  responseHeaders: Record<string, string>;
  responseBody?: BodyCapture;
  startedAt: string;
  durationMs: number;
  /** Transport error, when there was no response. */
  error?: string;
}
