import { createCipheriv, createHash } from 'node:crypto';
import { setImmediate as turn } from 'node:timers/promises';
import type { Rng } from './rng.js';

/** Bytes per generated piece: large enough for throughput, small enough to keep memory flat. */
export const PIECE_BYTES = 1 << 20;

/**
 * A blob of any size that is never held in memory: its bytes are the AES-256-CTR
 * keystream under a key drawn from the run's seeded generator, so any range can
 * be produced on its own (the counter is the offset) and a replay yields the same
 * bytes. A 5 GiB blob costs no more memory than a 1 MiB one.
 */
export class StreamBlob {
  private readonly key: Buffer;

  constructor(
    rng: Rng,
    readonly size: number,
  ) {
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`blob size ${size} is not a byte count`);
    this.key = rng.bytes(32);
  }

  /** The bytes from `start` (inclusive) to `end` (exclusive), in pieces of at most PIECE_BYTES. */
  async *pieces(start = 0, end = this.size): AsyncGenerator<Buffer> {
    if (start < 0 || end > this.size || start > end) throw new Error(`range ${start}-${end} is outside a ${this.size}-byte blob`);
    const block = Math.floor(start / 16);
    const iv = Buffer.alloc(16);
    iv.writeBigUInt64BE(BigInt(block), 8);
    const cipher = createCipheriv('aes-256-ctr', this.key, iv);
    const zeros = Buffer.alloc(PIECE_BYTES);
    let skip = start - block * 16;
    if (skip > 0) cipher.update(zeros.subarray(0, skip));
    for (let at = start; at < end; ) {
      const n = Math.min(PIECE_BYTES, end - at);
      // A turn of the event loop per piece: hashing GiBs must not starve timers and sockets (an idle
      // keep-alive connection whose timeout could not run would be reused just as the server closes it).
      await turn();
      yield cipher.update(zeros.subarray(0, n));
      at += n;
      skip = 0;
    }
  }

  /** The bytes from `start` to `end` (exclusive) as a request body that can be sent (and re-sent) piece by piece. */
  part(start = 0, end = this.size): { length: number; pieces: () => AsyncGenerator<Buffer>; sha256?: string } {
    const whole = start === 0 && end === this.size && this.digestCache !== undefined;
    return { length: end - start, pieces: () => this.pieces(start, end), ...(whole ? { sha256: this.digestCache!.slice('sha256:'.length) } : {}) };
  }

  /** The bytes of one small range, e.g. to compare with a Range answer. */
  async slice(start: number, end: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const p of this.pieces(start, end)) parts.push(p);
    return Buffer.concat(parts);
  }

  private digestCache?: string;

  /** `sha256:<hex>` of the whole blob, hashed piece by piece (once, then cached). */
  async digest(): Promise<string> {
    if (this.digestCache) return this.digestCache;
    const h = createHash('sha256');
    for await (const p of this.pieces()) h.update(p);
    this.digestCache = `sha256:${h.digest('hex')}`;
    return this.digestCache;
  }
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40, t: 1e12, tb: 1e12 };

/** Parses a size such as `100MiB`, `5GiB`, `1.5GB` or `1048576`; undefined when it is not one. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = UNITS[m[2]!.toLowerCase()];
  if (unit === undefined) return undefined;
  const n = Math.round(Number(m[1]) * unit);
  return Number.isSafeInteger(n) ? n : undefined;
}
