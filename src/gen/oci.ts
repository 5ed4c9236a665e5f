import { digestOf } from '../registry/digest.js';
import { MEDIA } from '../registry/grammar.js';
import type { Rng } from './rng.js';

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  data?: string;
  platform?: { architecture: string; os: string };
}

export interface Blob {
  data: Buffer;
  digest: string;
  descriptor: Descriptor;
}

/** A manifest ready to push: its exact bytes, digest and media type. */
export interface ManifestDoc {
  bytes: Buffer;
  digest: string;
  mediaType: string;
  descriptor: Descriptor;
}

/** An image: config and layer blobs plus the manifest that lists them. */
export interface Image {
  config: Blob;
  layers: Blob[];
  manifest: ManifestDoc;
}

export function blob(data: Buffer, mediaType: string): Blob {
  const digest = digestOf(data);
  return { data, digest, descriptor: { mediaType, digest, size: data.length } };
}

export function manifestDoc(doc: object, mediaType: string, extra: Partial<Descriptor> = {}): ManifestDoc {
  const bytes = Buffer.from(JSON.stringify(doc, null, 2));
  const digest = digestOf(bytes);
  return { bytes, digest, mediaType, descriptor: { mediaType, digest, size: bytes.length, ...extra } };
}

/** A small, valid OCI image with random content; `layers` random-byte layers. */
export function randomImage(rng: Rng, opts: { layers?: number; layerSize?: number; annotations?: Record<string, string> } = {}): Image {
  const config = blob(
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: [] },
        config: { Labels: { 'oci-conform.nonce': rng.hex(16) } },
      }),
    ),
    MEDIA.config,
  );
  const layers = Array.from({ length: opts.layers ?? 2 }, () => blob(rng.bytes(opts.layerSize ?? rng.int(64, 2048)), MEDIA.layerGzip));
  const manifest = manifestDoc(
    {
      schemaVersion: 2,
      mediaType: MEDIA.manifest,
      config: config.descriptor,
      layers: layers.map((l) => l.descriptor),
      ...(opts.annotations ? { annotations: opts.annotations } : {}),
    },
    MEDIA.manifest,
  );
  return { config, layers, manifest };
}

/**
 * The image manifest of `image` again, made unique by a standard annotation so
 * each check pushes, pulls or deletes a manifest of its own.
 */
export function manifestVariant(image: Image, rng: Rng): ManifestDoc {
  return manifestDoc(
    {
      schemaVersion: 2,
      mediaType: MEDIA.manifest,
      config: image.config.descriptor,
      layers: image.layers.map((l) => l.descriptor),
      annotations: { 'org.opencontainers.image.revision': rng.hex(40) },
    },
    MEDIA.manifest,
  );
}

/** A random tag that matches the tag grammar and cannot collide with another run's. */
export function randomTag(rng: Rng, prefix = 't'): string {
  return `${prefix}-${rng.word(10)}`;
}

/** A digest of random bytes: almost surely absent from any registry. */
export function absentDigest(rng: Rng): string {
  return digestOf(rng.bytes(32));
}

/** The empty descriptor's blob `{}` (image-spec 1.1 artifacts). */
export function emptyBlob(): Blob {
  return blob(Buffer.from('{}'), MEDIA.empty);
}

/** An image index over `children`; entries get each child's descriptor plus `extra` fields (e.g. platform). */
export function imageIndex(
  children: Array<{ descriptor: Descriptor }>,
  opts: { mediaType?: string; platforms?: Array<{ architecture: string; os: string } | undefined>; annotations?: Record<string, string> } = {},
): ManifestDoc {
  const mediaType = opts.mediaType ?? MEDIA.index;
  const manifests = children.map((c, i) => {
    const platform = opts.platforms?.[i];
    return platform ? { ...c.descriptor, platform } : c.descriptor;
  });
  return manifestDoc({ schemaVersion: 2, mediaType, manifests, ...(opts.annotations ? { annotations: opts.annotations } : {}) }, mediaType);
}

/** A POSIX ustar archive of regular files (512-byte headers, two zero blocks at the end). */
export function tarArchive(files: Array<{ name: string; data: Buffer }>): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    const h = Buffer.alloc(512);
    const field = (off: number, len: number, value: string): void => void h.write(value, off, len, 'ascii');
    const octal = (off: number, len: number, n: number): void => field(off, len, `${n.toString(8).padStart(len - 1, '0')}\0`);
    field(0, 100, f.name);
    octal(100, 8, 0o644);
    octal(108, 8, 0);
    octal(116, 8, 0);
    octal(124, 12, f.data.length);
    octal(136, 12, 0);
    field(148, 8, '        ');
    field(156, 1, '0');
    field(257, 6, 'ustar\0');
    field(263, 2, '00');
    let sum = 0;
    for (const b of h) sum += b;
    field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
    parts.push(h, f.data, Buffer.alloc((512 - (f.data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/**
 * A valid zstd frame (RFC 8878) holding `data` in raw (stored) blocks: Node's
 * zlib has no zstd encoder, and a stored frame decodes with any zstd tool.
 */
export function zstdFrame(data: Buffer): Buffer {
  const BLOCK_MAX = 128 * 1024;
  // Frame header: single segment (window = content size), 4-byte content size, no checksum, no dictionary.
  const header = Buffer.alloc(9);
  header.writeUInt32LE(0xfd2fb528, 0);
  header[4] = 0b1010_0000;
  header.writeUInt32LE(data.length, 5);
  const blocks: Buffer[] = [];
  let off = 0;
  do {
    const size = Math.min(BLOCK_MAX, data.length - off);
    const last = off + size >= data.length ? 1 : 0;
    const bh = Buffer.alloc(3);
    bh.writeUIntLE((size << 3) | (0 << 1) | last, 0, 3); // block type 0: raw
    blocks.push(bh, data.subarray(off, off + size));
    off += size;
  } while (off < data.length);
  return Buffer.concat([header, ...blocks]);
}
