import { proveWorkflow } from '../../helpers/faults.js';

proveWorkflow('ping', {
  'ping-not-found': { 'ping/api-version': 'fail' },
  'ping-unauthorized-no-challenge': { 'ping/api-version': 'fail' },
});
