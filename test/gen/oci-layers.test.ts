import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tarArchive, zstdFrame } from '../../src/gen/oci.js';

/** The layer builders make content real tools read: a registry never checks, but the layers should be genuine. */
describe('layer builders', () => {
  const files = [
    { name: 'a.txt', data: Buffer.from('hello\n') },
    { name: 'b.bin', data: Buffer.alloc(300_000, 7) },
  ];
  const tar = tarArchive(files);

  it('tarArchive pads to 512-byte blocks and ends with two zero blocks', () => {
    expect(tar.length % 512).toBe(0);
    expect(tar.subarray(tar.length - 1024).every((b) => b === 0)).toBe(true);
  });

  it.skipIf(!existsSync('/usr/bin/tar'))('tarArchive is read by tar', () => {
    expect(execFileSync('/usr/bin/tar', ['-t'], { input: tar }).toString().trim().split('\n')).toEqual(['a.txt', 'b.bin']);
    expect(execFileSync('/usr/bin/tar', ['-xO', 'a.txt'], { input: tar }).toString()).toBe('hello\n');
  });

  it.skipIf(!existsSync('/usr/bin/zstd'))('zstdFrame decodes with zstd to the same bytes, across several blocks and when empty', () => {
    for (const data of [tar, Buffer.alloc(0)]) expect(execFileSync('/usr/bin/zstd', ['-dc'], { input: zstdFrame(data) }).equals(data)).toBe(true);
  });
});
