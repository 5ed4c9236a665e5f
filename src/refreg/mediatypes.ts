/** Media types the registry treats as manifests. */
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';

export type ManifestKind = 'manifest' | 'index';

/** Manifest kinds by media type; anything else is refused on PUT. */
export function manifestKind(mediaType: string): ManifestKind | undefined {
  switch (mediaType) {
    case OCI_MANIFEST:
    case DOCKER_MANIFEST:
      return 'manifest';
    case OCI_INDEX:
    case DOCKER_LIST:
      return 'index';
    default:
      return undefined;
  }
}

export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_EMPTY = 'application/vnd.oci.empty.v1+json';
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';

/** Config/layer types the "unknown type" faults consider known (the real registry accepts any type). */
export function isKnownConfigType(t: string): boolean {
  return t === OCI_CONFIG || t === OCI_EMPTY || t === DOCKER_CONFIG;
}

export function isKnownLayerType(t: string): boolean {
  return t.startsWith('application/vnd.oci.image.layer.') || t.startsWith('application/vnd.docker.image.rootfs.') || t === OCI_EMPTY;
}

export function isDockerType(t: string): boolean {
  return t === DOCKER_MANIFEST || t === DOCKER_LIST;
}
