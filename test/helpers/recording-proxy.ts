import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the proxy forwarded. */
export interface Seen {
  method: string;
  path: string;
  status: number;
}

export interface RecordingProxy {
  url: string;
  /** Every request forwarded so far, in order. */
  seen: Seen[];
  close(): Promise<void>;
}

/**
 * A plain HTTP proxy in front of a registry that records every request it
 * forwards: it proves what a run sent (methods, paths) to a registry we
 * cannot instrument, such as Debian's docker-registry. Location headers are
 * rewritten so clients keep talking through the proxy.
 */
export async function recordingProxy(target: string): Promise<RecordingProxy> {
  const t = new URL(target);
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const up = request(
      { host: t.hostname, port: t.port, method: req.method, path: req.url, headers: { ...req.headers, host: t.host } },
      (r) => {
        seen.push({ method: req.method ?? '', path: req.url ?? '', status: r.statusCode ?? 0 });
        const headers = { ...r.headers };
        if (typeof headers.location === 'string') headers.location = headers.location.replace(t.origin, url);
        res.writeHead(r.statusCode ?? 502, headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
