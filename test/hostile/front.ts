import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';

/** A random secret of `n` URL-safe characters: fragments of it cannot occur in a report by chance. */
export const secret = (n: number): string => randomBytes(Math.ceil((n * 3) / 4)).toString('base64url').slice(0, n);

export interface Front {
  url: string;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer, base: string) => unknown;

/** A server on 127.0.0.1 that reads each request body, then hands it to `handler`. */
export async function serve(handler: Handler): Promise<Front> {
  let base = '';
  const sockets = new Set<import('node:net').Socket>();
  const s: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => {
      Promise.resolve(handler(req, res, Buffer.concat(parts), base)).catch(() => res.destroy());
    });
  });
  s.on('connection', (c) => {
    sockets.add(c);
    c.on('close', () => sockets.delete(c));
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(s.address() as { port: number }).port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((r) => {
        for (const c of sockets) c.destroy();
        s.close(() => r());
      }),
  };
}

/** Forwards a request to `target` and returns its answer, for a front to alter. */
export function forward(target: string, req: IncomingMessage, path: string, body: Buffer): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers };
    delete headers['authorization'];
    delete headers['host'];
    const out = request(new URL(path, target), { method: req.method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers as Record<string, string | string[]>, body: Buffer.concat(parts) }));
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end(body);
  });
}

/** Sends a forwarded (perhaps altered) answer on to the client; the body's length is recomputed. */
export function relay(res: ServerResponse, r: { status: number; headers: Record<string, string | string[]>; body: Buffer }): void {
  delete r.headers['content-length'];
  delete r.headers['transfer-encoding'];
  res.writeHead(r.status, r.headers);
  res.end(r.body);
}
