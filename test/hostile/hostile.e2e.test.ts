import { execFileSync, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceRegistry, type RunningRegistry } from '../../src/refreg/index.js';
import { validateResult } from '../../src/reporters/validate.js';
import type { RunResult } from '../../src/model/result.js';
import { CLI, tmp } from '../helpers/cli.js';
import { forward, relay, serve, type Front } from './front.js';

/**
 * The CLI against a registry that misbehaves in one way at a time: our
 * reference registry behind a front that spoils some answers. Each run must
 * end within its bounds, in a child with a small heap, without a stack trace,
 * with reports that parse, and with a clear verdict for the checks affected.
 */
type Spoil = (req: IncomingMessage, res: ServerResponse, base: string, u: URL) => boolean | Promise<boolean>;

const isBlobGet = (req: IncomingMessage, u: URL): boolean => req.method === 'GET' && /\/blobs\/sha256:/.test(u.pathname);
const isManifestGet = (req: IncomingMessage, u: URL): boolean => req.method === 'GET' && /\/manifests\//.test(u.pathname);
const isTags = (u: URL): boolean => u.pathname.endsWith('/tags/list');
const raw = (res: ServerResponse, text: string): void => {
  res.socket?.end(text);
};

const MODES: Record<string, { workflows: string[]; spoil: Spoil; expectIn?: (run: RunResult) => void }> = {
  'garbage JSON': {
    workflows: ['discovery-tags', 'pull-manifests'],
    spoil: (req, res, _b, u) => {
      if (!isTags(u) && !isManifestGet(req, u)) return false;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"name": "x", "tags": [1, 2, {"a": ');
      return true;
    },
  },
  'JSON of the wrong types': {
    workflows: ['discovery-tags', 'discovery-referrers'],
    spoil: (_req, res, _b, u) => {
      if (!isTags(u) && !u.pathname.includes('/referrers/')) return false;
      res.writeHead(200, { 'content-type': isTags(u) ? 'application/json' : 'application/vnd.oci.image.index.v1+json' });
      res.end(JSON.stringify(isTags(u) ? { name: 5, tags: 'not-a-list' } : { schemaVersion: '2', manifests: { a: 1 } }));
      return true;
    },
  },
  'an endless body': {
    workflows: ['pull-blobs'],
    spoil: (req, res, _b, u) => {
      if (!isBlobGet(req, u)) return false;
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = (): void => {
        while (res.write(chunk));
        res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
      return true;
    },
    expectIn: (run) => expect(messageOf(run, 'pull/blob/get')).toMatch(/larger than our cap of 1 MiB \(raise it with --max-body\)/)
  },
  'a slow drip': {
    workflows: ['pull-blobs'],
    spoil: (req, res, _b, u) => {
      if (!isBlobGet(req, u)) return false;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '1000000' });
      const t = setInterval(() => res.write('a'), 200);
      res.on('close', () => clearInterval(t));
      return true;
    },
    expectIn: (run) => expect(messageOf(run, 'pull/blob/get')).toMatch(/no complete response within 2000 ms/)
  },
  'no answer': {
    workflows: ['pull-manifests'],
    spoil: (req, _res, _b, u) => isManifestGet(req, u),
  },
  'a reset mid-body': {
    workflows: ['pull-blobs'],
    spoil: (req, res, _b, u) => {
      if (!isBlobGet(req, u)) return false;
      res.writeHead(200, { 'content-length': '100000' });
      res.write(Buffer.alloc(1000), () => res.socket?.resetAndDestroy());
      return true;
    },
  },
  'a redirect loop': {
    workflows: ['pull-blobs'],
    spoil: (req, res, _b, u) => {
      if (!isBlobGet(req, u)) return false;
      res.writeHead(307, { location: u.pathname + '?loop=' + Math.random() });
      res.end();
      return true;
    },
  },
  'a huge header': {
    workflows: ['pull-manifests'],
    spoil: (req, res, _b, u) => {
      if (!isManifestGet(req, u)) return false;
      res.writeHead(200, { 'x-huge': 'h'.repeat(200 * 1024) });
      res.end('{}');
      return true;
    },
  },
  'a gzip bomb': {
    workflows: ['pull-blobs'],
    spoil: (req, res, _b, u) => {
      if (!isBlobGet(req, u)) return false;
      // 1 KiB of gzip that would inflate to gigabytes: we never inflate what we did not ask to.
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/octet-stream' });
      res.end(Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), Buffer.alloc(1024, 0)]));
      return true;
    },
  },
  'a Content-Length that disagrees with the body': {
    workflows: ['pull-blobs', 'pull-manifests'],
    spoil: (req, res, _b, u) => {
      if (isBlobGet(req, u)) {
        raw(res, 'HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nConnection: close\r\n\r\nshort');
        return true;
      }
      if (isManifestGet(req, u)) {
        raw(res, 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: application/json\r\n\r\n{}and then some more bytes');
        return true;
      }
      return false;
    },
  },
  'garbage and foreign Location headers': {
    workflows: ['push-blob-post-put', 'push-blob-chunked'],
    spoil: (req, res, _b, u) => {
      if (req.method !== 'POST' || !u.pathname.endsWith('/blobs/uploads/')) return false;
      const n = Math.random();
      res.writeHead(202, { location: n < 0.5 ? 'http://[::bad' : `http://127.0.0.1:1/elsewhere?_state=s3cr3t-state-value` });
      res.end();
      return true;
    },
  },
  'looping and foreign Link headers': {
    workflows: ['discovery-tags'],
    spoil: async (req, res, base, u) => {
      if (!isTags(u) || !u.searchParams.has('n')) return false;
      const r = await forward(ref!.url, req, u.pathname + u.search, Buffer.alloc(0));
      const link = Math.random() < 0.5 ? `<${u.pathname}${u.search}>; rel="next"` : `<http://127.0.0.1:1${u.pathname}?n=1>; rel="next"`;
      res.writeHead(r.status, { 'content-type': 'application/json', link });
      res.end(r.body);
      void base;
      return true;
    },
  },
  'deeply nested JSON': {
    workflows: ['pull-manifests', 'discovery-tags'],
    spoil: (req, res, _b, u) => {
      if (!isManifestGet(req, u) && !isTags(u)) return false;
      res.writeHead(200, { 'content-type': isTags(u) ? 'application/json' : 'application/vnd.oci.image.manifest.v1+json' });
      res.end(`${'['.repeat(500_000)}${']'.repeat(500_000)}`);
      return true;
    },
    expectIn: (run) => {
      expect(run.checks.find((c) => c.id === 'discovery/tags/list')).toMatchObject({ outcome: 'fail' });
      expect(messageOf(run, 'discovery/tags/list')).toMatch(/not a tag list/);
    }
  },
  'odd status codes': {
    workflows: ['pull-blobs', 'pull-manifests'],
    spoil: (req, res, _b, u) => {
      if (isBlobGet(req, u)) {
        raw(res, 'HTTP/1.1 600 Beyond\r\nContent-Length: 0\r\n\r\n');
        return true;
      }
      if (isManifestGet(req, u)) {
        raw(res, 'HTTP/1.1 099 Below\r\nContent-Length: 0\r\n\r\n');
        return true;
      }
      return false;
    },
    expectIn: (run) => {
      expect(run.checks.find((c) => c.id === 'pull/blob/get')).toMatchObject({ outcome: 'fail', observed: expect.stringContaining('600') });
      expect(messageOf(run, 'pull/manifest/get-by-tag')).toMatch(/not valid HTTP/);
    }
  },
  'an absurd OCI-Chunk-Min-Length': {
    workflows: ['push-blob-chunked'],
    spoil: async (req, res, _b, u) => {
      if (req.method !== 'POST' || !u.pathname.endsWith('/blobs/uploads/')) return false;
      const r = await forward(ref!.url, req, u.pathname + u.search, Buffer.alloc(0));
      res.writeHead(r.status, { ...r.headers, 'oci-chunk-min-length': '99999999999999999999' });
      res.end(r.body);
      return true;
    },
    expectIn: (run) => {
      const skipped = run.checks.filter((c) => c.outcome === 'skip' && /99999999999999999999|chunk/i.test(c.message));
      expect(skipped.length).toBeGreaterThan(0);
      expect(skipped[0]!.message).toMatch(/--chunk-min-length|limit/);
    },
  },
  '429 and 503 with Retry-After, once per request': {
    workflows: ['pull-blobs'],
    spoil: (req, res, _b, u) => {
      const key = `${req.method} ${u.pathname}${u.search}`;
      if (!isBlobGet(req, u) || limited.has(key)) return false;
      limited.add(key);
      res.writeHead(limited.size % 2 ? 429 : 503, { 'retry-after': '0' });
      res.end();
      return true;
    },
    expectIn: (run) => {
      expect(run.run.retried).toBeGreaterThan(0);
      expect(run.checks.find((c) => c.id === 'pull/blob/get')?.outcome).toBe('pass');
    },
  },
  'markup, ANSI escapes and template syntax': {
    workflows: ['discovery-tags', 'general-errors', 'pull-blobs'],
    spoil: (req, res, _b, u) => {
      const evil = '<script>alert(1)</script>\x1b]0;pwned\x07\x1b[2J{{constructor.constructor}}${process}';
      if (!isTags(u) && !isBlobGet(req, u)) return false;
      res.writeHead(isTags(u) ? 200 : 404, { 'content-type': 'application/json', warning: `299 - "${evil.replace(/[\x00-\x1f]/g, '')}"` });
      res.end(JSON.stringify(isTags(u) ? { name: evil, tags: [evil] } : { errors: [{ code: evil, message: evil }] }));
      return true;
    },
  },
};

let ref: RunningRegistry | undefined;
/** Requests the rate-limit mode already refused once. */
const limited = new Set<string>();

const messageOf = (run: RunResult, id: string): string => run.checks.find((c) => c.id === id)?.message ?? `(no check ${id})`;

async function frontWith(spoil: Spoil): Promise<Front> {
  return serve(async (req, res, body, base) => {
    const u = new URL(req.url ?? '/', base);
    if (await spoil(req, res, base, u)) return;
    const r = await forward(ref!.url, req, u.pathname + u.search, body);
    relay(res, r);
  });
}

/** The CLI in a child with a 192 MiB heap: a harness that buffered what a hostile registry sends would die. */
function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--max-old-space-size=192', CLI, ...args], { env: { PATH: process.env['PATH'] ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started }));
  });
}

beforeAll(async () => {
  ref = await startReferenceRegistry({});
});
afterAll(async () => {
  await ref?.close();
});

describe.each(Object.keys(MODES))('a registry that sends %s', (mode) => {
  it('gets clear verdicts, bounded in time and memory, and reports that parse', async () => {
    const m = MODES[mode]!;
    const front = await frontWith(m.spoil);
    try {
      const dir = await tmp();
      const r = await run(['run', '--registry', front.url, '--timeout', '2', '--check-timeout', '15', '--max-body', '1', '--report-dir', dir, ...m.workflows.flatMap((w) => ['--only', w])]);
      const out = r.stdout + r.stderr;
      // 2: every check affected skipped (NO VERDICT), as for a chunk minimum beyond our limit.
      expect([0, 1, 2], out.slice(-3000)).toContain(r.code);
      expect(out).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // no stack trace
      expect(out).not.toContain('\x1b]0;pwned');
      expect(out).not.toContain('\x1b[2J');
      expect(r.ms).toBeLessThan(90_000);
      const results = validateResult(JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')));
      const ran = results.checks.filter((c) => c.outcome !== 'disabled');
      expect(ran.length).toBeGreaterThan(0);
      // Our own faults are not how a registry's misbehaviour ends.
      expect(ran.filter((c) => /harness fault/.test(c.message)).map((c) => `${c.id}: ${c.message}`)).toEqual([]);
      const html = await readFile(join(dir, 'report.html'), 'utf8');
      expect(html).not.toContain('<script>alert(1)</script>');
      expect(execFileSync('xmllint', ['--noout', join(dir, 'junit.xml')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toBe('');
      m.expectIn?.(results);
    } finally {
      await front.close();
    }
  }, 120_000);
});
