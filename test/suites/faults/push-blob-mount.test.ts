import { proveWorkflow } from '../../helpers/faults.js';

proveWorkflow('push-blob-mount', {
  // 201 without linking: neither the Location nor the target repository serves the blob.
  // The manifest over unlinked blobs is refused (its blobs are missing): the tag-list check has no tag to look for.
  'mount-not-linked': { 'push/blob/mount/from': 'fail', 'push/blob/mount/anonymous': 'fail', 'discovery/tags/mounted-repository': 'skip' },
  'tags-mounted-repository-404': { 'discovery/tags/mounted-repository': 'fail' },
  'mount-digest-header-wrong': { 'push/blob/mount/digest-header': 'fail' },
  // 201 for a blob that exists nowhere: the MUST NOT, and no fallback session to upload into.
  'mount-claims-unknown': { 'push/blob/mount/unknown': 'fail', 'push/blob/mount/fallback': 'warn', 'push/blob/mount/fallback-chunked': 'skip' },
  // 404 instead of a session: the SHOULD is broken; the chunked check has no session to use.
  'mount-no-fallback': { 'push/blob/mount/fallback': 'warn', 'push/blob/mount/fallback-chunked': 'skip' },
  'blob-get-corrupt': {
    'push/blob/mount/from': 'fail',
    'push/blob/mount/anonymous': 'fail',
    'push/blob/mount/fallback': 'warn',
    'push/blob/mount/fallback-chunked': 'fail',
  },
  // The fallback session is not an ordinary one once its progress reporting breaks.
  'patch-range-per-chunk': { 'push/blob/mount/fallback-chunked': 'fail' },
  'upload-status-not-204': { 'push/blob/mount/fallback-chunked': 'fail' },
  // The setup cannot push the blobs to mount.
  'upload-put-not-201': { '*': 'skip' },
});
