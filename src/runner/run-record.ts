import type { Exchange } from '../http/exchange.js';

/**
 * What the workflows of a run did, for the workflows that judge the run as a
 * whole (`judgesRun`): every exchange with the check or setup that made it,
 * and the setups the registry made fail. The runner fills it; suites judge it.
 */
export interface RunRecord {
  readonly exchanges: ReadonlyArray<{ source: string; exchange: Exchange }>;
  readonly setupFailures: ReadonlyArray<{ workflow: string; message: string; exchanges: Exchange[] }>;
}

/**
 * Transport codes that mean the registry took the request and then closed or
 * reset the connection, or sent something that is not an HTTP response: its
 * failure, not ours. Refused connections, DNS, TLS and timeouts stay ours.
 */
export function isDroppedConnection(code: string, requestBytes = 0): boolean {
  // A registry may answer a large body early (413) and close while we are still sending it: then the
  // reset hides its answer, and says nothing either way.
  if (requestBytes >= LARGE_REQUEST_BYTES) return false;
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code.startsWith('HPE_');
}

/** Request bodies from this size on may be refused before they are read (see isDroppedConnection). */
export const LARGE_REQUEST_BYTES = 1024 * 1024;

/** The transport code at the start of a captured exchange error (`CODE: message`). */
export function errorCode(error: string): string {
  return /^([A-Z][A-Z0-9_]*):/.exec(error)?.[1] ?? '';
}
