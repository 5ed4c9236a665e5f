import { proveWorkflow } from '../../helpers/faults.js';

// Every check that pulls a manifest back compares its bytes with the pushed ones (the zstd check is SHOULD-level).
const altered = {
  'push/manifest/artifact': 'fail',
  'push/manifest/unknown-artifact-type': 'fail',
  'push/manifest/unknown-config-type': 'fail',
  'push/manifest/unknown-layer-type': 'fail',
  'push/manifest/unknown-annotations': 'fail',
  'push/manifest/unknown-fields': 'fail',
  'push/manifest/descriptor-data': 'fail',
  'push/manifest/layer-types': 'fail',
  'push/manifest/nondistributable': 'fail',
  'push/manifest/zstd-layer': 'warn',
} as const;

proveWorkflow('push-manifest-data', {
  'manifest-rewrite': altered,
  // Embedding data into the config descriptor changes every image manifest whose config had none.
  'manifest-data-populated': altered,
  // Both artifact checks carry an artifactType outside the OCI namespace.
  'manifest-unknown-artifacttype-rejected': { 'push/manifest/artifact': 'fail', 'push/manifest/unknown-artifact-type': 'fail' },
  'manifest-unknown-config-rejected': { 'push/manifest/unknown-config-type': 'fail' },
  'manifest-unknown-layer-rejected': { 'push/manifest/unknown-layer-type': 'fail' },
  'manifest-unknown-annotations-rejected': { 'push/manifest/unknown-annotations': 'fail' },
  'manifest-unknown-fields-rejected': { 'push/manifest/unknown-fields': 'fail' },
  // Refused as MANIFEST_INVALID: wrong for pushed non-distributable layers, a SHOULD NOT finding for unpushed ones.
  'manifest-nondistributable-rejected': { 'push/manifest/nondistributable': 'fail', 'push/manifest/nondistributable-unpushed': 'warn' },
  'manifest-zstd-rejected': { 'push/manifest/zstd-layer': 'warn' },
  'blob-get-corrupt': { 'push/manifest/zstd-layer': 'warn' },
  // The reference registry stores manifests with unpushed non-distributable layers, so the refusal code never shows.
  'manifest-blob-unknown-wrong-code': {},
  'upload-put-not-201': { '*': 'skip' },
});
