import { proveWorkflow } from '../../helpers/faults.js';

const unknownBlob = { 'push/manifest/unknown-blob': 'fail' } as const;

proveWorkflow('push-manifests', {
  'manifest-missing-not-404': { 'push/manifest/digest-mismatch': 'fail' },
  'manifest-rewrite': { 'push/manifest/put-by-tag': 'fail', 'push/manifest/put-by-digest': 'fail', 'push/manifest/byte-identical': 'fail' },
  'manifest-content-type-generic': { 'push/manifest/put-by-tag': 'fail' },
  'error-code-lowercase': unknownBlob,
  'error-code-unknown': unknownBlob,
  'error-body-not-errors': unknownBlob,
  'upload-put-not-201': { '*': 'skip' },
  'manifest-put-no-verify': { 'push/manifest/digest-mismatch': 'fail' },
  'manifest-put-malformed-digest-accepted': { 'push/manifest/malformed-digest': 'fail' },
  // The check confirms with HEAD that the mismatching digest stored nothing.
  'manifest-head-unsupported': { 'push/manifest/digest-mismatch': 'fail' },
  // Only the byte-identity manifest carries an annotation key of its own.
  'manifest-unknown-annotations-rejected': { 'push/manifest/byte-identical': 'fail' },
  'manifest-put-not-201': { 'push/manifest/put-by-tag': 'fail', 'push/manifest/put-by-digest': 'fail', 'push/manifest/digest-header': 'fail', 'push/manifest/byte-identical': 'fail' },
  'manifest-put-no-location': { 'push/manifest/put-by-tag': 'fail', 'push/manifest/put-by-digest': 'fail' },
  'manifest-put-digest-header-wrong': { 'push/manifest/digest-header': 'fail' },
  'manifest-blob-unknown-wrong-code': unknownBlob,
});
