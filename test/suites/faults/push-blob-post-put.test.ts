import { proveWorkflow } from '../../helpers/faults.js';

proveWorkflow('push-blob-post-put', {
  'blob-get-corrupt': { 'push/blob/put-completes': 'fail' },
  'blob-missing-not-404': { 'push/blob/put-wrong-digest': 'fail' },
  'upload-post-not-202': { '*': 'skip', 'push/blob/post-opens-session': 'fail' },
  'upload-post-no-location': { '*': 'skip', 'push/blob/post-opens-session': 'fail' },
  'upload-location-not-unique': { 'push/blob/session-unique': 'fail' },
  'upload-put-no-verify': { 'push/blob/put-wrong-digest': 'fail' },
  'upload-put-not-201': { 'push/blob/session-unique': 'fail', 'push/blob/put-completes': 'fail', 'push/blob/empty': 'fail', 'push/blob/finished-session-unknown': 'skip' },
  'upload-put-no-location': { 'push/blob/put-completes': 'fail' },
  'upload-put-needs-no-digest': { 'push/blob/put-without-digest': 'warn' },
  'upload-session-reusable': { 'push/blob/finished-session-unknown': 'fail' },
});
