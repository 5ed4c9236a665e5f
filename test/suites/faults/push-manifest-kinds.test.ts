import { proveWorkflow } from '../../helpers/faults.js';

// Every check that pushes an image index.
const indexes = {
  'push/manifest/index': 'fail',
  'push/manifest/index-nested': 'fail',
  'push/manifest/index-empty': 'fail',
  'push/manifest/index-same-platform': 'fail',
  'push/manifest/index-unknown-entry-type': 'fail',
  'push/manifest/index-artifact-type': 'fail',
} as const;

proveWorkflow('push-manifest-kinds', {
  // The Docker manifest list is an index too; the tag check cannot push its index, so it has nothing to judge.
  'manifest-index-rejected': { ...indexes, 'push/manifest/docker-types': 'fail', 'pull/manifest/tag-resolves-index': 'skip' },
  // Every check that pulls a manifest back compares bytes; the 4 MB one is SHOULD-level.
  'manifest-rewrite': { ...indexes, 'pull/manifest/tag-resolves-index': 'fail', 'push/manifest/docker-types': 'fail', 'push/manifest/size-4mb': 'warn', 'push/manifest/sha512': 'fail' },
  'manifest-empty-index-rejected': { 'push/manifest/index-empty': 'fail' },
  'index-duplicate-platform-rejected': { 'push/manifest/index-same-platform': 'fail' },
  'index-unknown-child-type-rejected': { 'push/manifest/index-unknown-entry-type': 'fail' },
  'manifest-unknown-artifacttype-rejected': { 'push/manifest/index-artifact-type': 'fail' },
  'manifest-tag-resolves-child': { 'pull/manifest/tag-resolves-index': 'fail' },
  'manifest-docker-types-rejected': { 'push/manifest/docker-types': 'fail' },
  'manifest-content-type-generic': { 'push/manifest/docker-types': 'fail' },
  'manifest-put-content-type-param-rejected': { 'push/manifest/content-type-params': 'warn' },
  'manifest-repush-rejected': { 'push/manifest/repush-idempotent': 'warn' },
  'manifest-limit-small': { 'push/manifest/size-4mb': 'warn' },
  'manifest-too-large-400': { 'push/manifest/size-over-limit': 'warn' },
  // An 8 MiB manifest is accepted, so no limit can be observed.
  'manifest-size-unlimited': { 'push/manifest/size-over-limit': 'skip', 'push/manifest/size-limit': 'warn' },
  // sha512 is optional: refusing it skips both sha512 checks.
  'sha512-unsupported': { 'push/blob/sha512': 'skip', 'push/manifest/sha512': 'skip' },
  'blob-get-corrupt': { 'push/blob/sha512': 'fail' },
  // The nonce annotations are OCI-namespaced, so a registry policing annotation keys does not disturb these checks.
  'manifest-unknown-annotations-rejected': {},
  'upload-put-not-201': { '*': 'skip' },
});
