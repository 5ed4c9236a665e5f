import { createHash } from 'node:crypto';

/**
 * The one seeded generator. Every random value a run uses comes from an Rng
 * forked from the run seed by a stable label (group, check), so the data a
 * check sees does not depend on scheduling or concurrency.
 */
export class Rng {
  private s: [number, number, number, number];

  constructor(
    readonly seed: number,
    readonly label = '',
  ) {
    const h = createHash('sha256').update(`${seed}/${label}`).digest();
    this.s = [h.readUInt32LE(0), h.readUInt32LE(4), h.readUInt32LE(8), h.readUInt32LE(12)];
    if (this.s.every((x) => x === 0)) this.s[0] = 1;
  }

  /** An independent stream for a sub-task, reproducible from seed and label alone. */
  fork(label: string): Rng {
    return new Rng(this.seed, this.label ? `${this.label}/${label}` : label);
  }

  /** xoshiro128** */
  uint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Integer in [lo, hi], inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor((this.uint32() / 0x1_0000_0000) * (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  bytes(n: number): Buffer {
    const b = Buffer.allocUnsafe(n);
    let i = 0;
    for (; i + 4 <= n; i += 4) b.writeUInt32LE(this.uint32(), i);
    for (; i < n; i++) b[i] = this.uint32() & 0xff;
    return b;
  }

  /** Lower-case alphanumerics, safe in repository names and tags. */
  word(n: number): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(0, alphabet.length - 1)];
    return s;
  }

  hex(n: number): string {
    return this.bytes(Math.ceil(n / 2)).toString('hex').slice(0, n);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A fresh seed for runs that were not given one: 31 bits so it prints and types easily. */
export function freshSeed(): number {
  return createHash('sha256').update(`${Date.now()}-${process.pid}-${Math.random()}`).digest().readUInt32LE(0) & 0x7fffffff;
}
