import { proveWorkflow } from '../../helpers/faults.js';

// 24 MiB blobs: past the reference registry's 8 MiB large-blob threshold, so they live in files,
// and the large-blob faults act at half the blob (their 2 GiB and 4 GiB offsets shrink with it).
proveWorkflow(
  'push-blob-large',
  {
    'blob-large-truncated': {
      'push/blob/large/monolithic': 'fail',
      'pull/blob/large/whole': 'fail',
      'pull/blob/large/range': 'warn',
      'push/blob/large/chunked': 'fail',
      'push/blob/large/resume': 'fail',
    },
    'blob-large-range-wrong': { 'pull/blob/large/range': 'warn' },
    'patch-range-per-chunk': { 'push/blob/large/chunked': 'fail', 'push/blob/large/resume': 'fail' },
    'upload-drop-counts-declared': { 'push/blob/large/resume': 'fail' },
    'upload-status-no-range': { 'push/blob/large/resume': 'fail' },
  },
  { run: { largeBlob: 24 * 1024 * 1024 } },
);
