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
