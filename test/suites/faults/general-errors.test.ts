import { proveWorkflow } from '../../helpers/faults.js';

// A wrong status is the endpoint workflow's verdict: the shape check judges the other bodies, the code check skips.
const wrongStatus = { 'general/errors/codes': 'skip' } as const;
const badBodies = { 'general/errors/body-shape': 'fail', 'general/errors/codes': 'warn' } as const;

proveWorkflow('general-errors', {
  'blob-missing-not-404': wrongStatus,
  'manifest-missing-not-404': wrongStatus,
  'repo-missing-not-404': wrongStatus,
  'upload-put-no-verify': wrongStatus,
  'upload-session-reusable': wrongStatus,
  'error-code-lowercase': badBodies,
  'error-code-unknown': badBodies,
  'error-body-not-errors': badBodies,
  'error-message-not-string': { 'general/errors/body-shape': 'fail' },
  'error-code-mismatch': { 'general/errors/codes': 'warn' },
  'tags-list-not-found': { 'general/errors/codes': 'warn' },
  'upload-put-not-201': { '*': 'skip' },
});
