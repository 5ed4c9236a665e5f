/**
 * Large blobs out of the heap: upload sessions that grow past the large-blob
 * threshold continue in a temporary file, and the finished blob is served from
 * that file. Every file lives in one directory under os.tmpdir(), removed when
 * the registry closes.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';

/** Blob content kept in a file. */
export class FileBlob {
  constructor(
    readonly path: string,
    readonly size: number,
  ) {}
}

export type BlobContent = Buffer | FileBlob;

export const contentSize = (c: BlobContent): number => (c instanceof FileBlob ? c.size : c.length);

export class SpillDir {
  private dir: string | undefined;
  private n = 0;

  /** A fresh file path (the directory is made on first use). */
  newPath(): string {
    this.dir ??= mkdtempSync(join(tmpdir(), 'oci-conform-refreg-'));
    return join(this.dir, `blob-${++this.n}`);
  }

  removeAll(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}

/** Writes the parts an upload session held in memory to a new file. */
export async function spill(dir: SpillDir, parts: readonly Buffer[]): Promise<string> {
  const path = dir.newPath();
  await writeFile(path, parts);
  return path;
}

/**
 * Appends a request body to `path` as it arrives. Resolves with the number of
 * bytes written and whether the body broke off (the client went away).
 */
export function appendBody(req: IncomingMessage, path: string): Promise<{ length: number; brokeOff: boolean }> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(path, { flags: 'a' });
    let length = 0;
    let brokeOff = false;
    let ended = false;
    const finish = (): void => {
      if (ended) return;
      ended = true;
      brokeOff = !req.complete;
      req.unpipe(out);
      out.end();
    };
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
    });
    req.pipe(out, { end: false });
    req.on('end', finish);
    req.on('close', finish);
    req.on('error', finish);
    out.on('error', reject);
    out.on('close', () => resolve({ length, brokeOff }));
  });
}

/** Cuts a session file back to `size` bytes (a refused chunk leaves nothing behind). */
export function truncateTo(path: string, size: number): Promise<void> {
  return truncate(path, size);
}

export function removeFile(path: string): Promise<void> {
  return unlink(path).catch(() => undefined);
}

/** `<algorithm>:<hex>` of a file, read piece by piece. */
export async function digestOfFile(algorithm: 'sha256' | 'sha512', path: string): Promise<string> {
  const h = createHash(algorithm);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return `${algorithm}:${h.digest('hex')}`;
}
