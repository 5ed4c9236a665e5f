import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/gen/rng.js';
import { PIECE_BYTES, StreamBlob, parseSize } from '../../src/gen/stream.js';
import { rangeOffsets } from '../../suites/push-blob-large.js';

describe('StreamBlob', () => {
  const size = 3 * PIECE_BYTES + 12345;
  const whole = async (b: StreamBlob): Promise<Buffer> => b.slice(0, b.size);

  it('is the same bytes for the same seed and label, different for another label', async () => {
    const a = await whole(new StreamBlob(new Rng(7, 'x'), size));
    expect(a.length).toBe(size);
    expect((await whole(new StreamBlob(new Rng(7, 'x'), size))).equals(a)).toBe(true);
    expect((await whole(new StreamBlob(new Rng(7, 'y'), size))).equals(a)).toBe(false);
  });

  it('produces any range on its own, equal to that part of the whole', async () => {
    const b = new StreamBlob(new Rng(7, 'x'), size);
    const all = await whole(b);
    for (const [s, e] of [[0, 1], [5, 37], [PIECE_BYTES - 3, PIECE_BYTES + 20], [size - 17, size], [100, 100]] as const)
      expect((await b.slice(s, e)).equals(all.subarray(s, e)), `${s}-${e}`).toBe(true);
    await expect(b.part(0, size + 1).pieces().next()).rejects.toThrow(/outside/);
  });

  it('hands out pieces of at most PIECE_BYTES and hashes to the digest of its bytes', async () => {
    const b = new StreamBlob(new Rng(1, 'd'), size);
    const lengths: number[] = [];
    for await (const p of b.pieces()) lengths.push(p.length);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(PIECE_BYTES);
    expect(await b.digest()).toBe(`sha256:${createHash('sha256').update(await whole(b)).digest('hex')}`);
  });
});

describe('parseSize', () => {
  it.each([
    ['100MiB', 100 * 2 ** 20],
    ['5GiB', 5 * 2 ** 30],
    ['1.5 GB', 1.5e9],
    ['1048576', 1048576],
    ['64kib', 65536],
  ])('%s is %d bytes', (text, n) => expect(parseSize(text)).toBe(n));

  it.each(['', 'big', '5 GiBs', '-1MiB', '1e9'])('%j is not a size', (text) => expect(parseSize(text)).toBeUndefined());
});

describe('large-blob Range offsets', () => {
  it('reads around 2 GiB and 4 GiB once the blob reaches them, and always its end', () => {
    expect(rangeOffsets(100 * 2 ** 20).map((r) => r.why)).toEqual(['at the end']);
    expect(rangeOffsets(3 * 2 ** 30).map((r) => r.why)).toEqual(['across 2 GiB', 'at the end']);
    const five = rangeOffsets(5 * 2 ** 30);
    expect(five.map((r) => r.why)).toEqual(['across 2 GiB', 'across 4 GiB', 'at the end']);
    expect(five[1]).toEqual({ start: 2 ** 32 - 512, end: 2 ** 32 + 511, why: 'across 4 GiB' });
    expect(five[2]!.end).toBe(5 * 2 ** 30 - 1);
  });
});
