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

/** A random tag that matches the tag grammar and cannot collide with another run's. */
export function randomTag(rng: Rng, prefix = 't'): string {
  return `${prefix}-${rng.word(10)}`;
}

/** A digest of random bytes: almost surely absent from any registry. */
export function absentDigest(rng: Rng): string {
  return digestOf(rng.bytes(32));
}
