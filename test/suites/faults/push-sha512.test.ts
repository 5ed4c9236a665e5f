import { proveWorkflow } from '../../helpers/faults.js';

proveWorkflow('push-sha512', {
  // A registry without sha512 is allowed: everything skips.
  'sha512-unsupported': { '*': 'skip' },
  'blob-head-wrong-length': { 'push/sha512/blob-head': 'fail' },
  'mount-not-linked': { 'push/sha512/blob-mount': 'fail' },
  'manifest-head-unsupported': { 'push/sha512/manifest-head': 'fail' },
  'delete-manifest-200': { 'push/sha512/manifest-delete': 'fail' },
  'delete-manifest-keeps-content': { 'push/sha512/manifest-delete': 'fail' },
  'delete-blob-200': { 'push/sha512/blob-delete': 'fail' },
  'delete-blob-keeps-content': { 'push/sha512/blob-delete': 'fail' },
});
