import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootCertificates } from 'node:tls';
import { HttpClient, TransportError } from '../../src/http/client.js';
import { cli, tmp } from '../helpers/cli.js';

/** https with a certificate of our own (fixtures/tls): refused by default, trusted with --ca-file, accepted with --insecure. */
const TLS = join(import.meta.dirname, '../../fixtures/tls');
const cert = readFileSync(join(TLS, 'cert.pem'), 'utf8');
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer({ key: readFileSync(join(TLS, 'key.pem')), cert }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'docker-distribution-api-version': 'registry/2.0' });
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const client = (o: { insecure?: boolean; ca?: string[] }): HttpClient => new HttpClient({ timeoutMs: 5_000, maxBodyBytes: 1 << 20, insecure: o.insecure ?? false, userAgent: 't', ...(o.ca ? { ca: o.ca } : {}) });

describe('TLS', () => {
  it('refuses a certificate no trusted CA signed, naming it a TLS failure', async () => {
    const c = client({ ca: [...rootCertificates] });
    const err = await c.send({ method: 'GET', url: `${url}/v2/` }).catch((e: unknown) => e);
    await c.close();
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).kind).toBe('tls');
  });

  it('trusts a private CA given to it, and anything with --insecure', async () => {
    for (const c of [client({ ca: [...rootCertificates, cert] }), client({ insecure: true })]) {
      expect((await c.send({ method: 'GET', url: `${url}/v2/` })).status).toBe(200);
      await c.close();
    }
  });

  it('the CLI: --ca-file trusts the private CA; a missing file is a usage error', async () => {
    const ok = await cli(['run', '--registry', url, '--only', 'ping', '--format', 'json', '--report-dir', await tmp(), '--ca-file', join(TLS, 'cert.pem')]);
    expect(ok.code, ok.stderr).toBe(0);
    const refused = await cli(['run', '--registry', url, '--only', 'ping', '--format', 'json']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/cannot reach the registry/);
    const missing = await cli(['run', '--registry', url, '--ca-file', '/nonexistent/ca.pem']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--ca-file \/nonexistent\/ca.pem/);
  }, 60_000);
});
