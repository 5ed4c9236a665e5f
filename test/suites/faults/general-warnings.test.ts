import { proveWorkflow } from '../../helpers/faults.js';

proveWorkflow(
  'general-warnings',
  {
    'warning-bad-format': { 'general/warnings/format': 'fail', 'general/warnings/size': 'pass' },
    'warning-too-long': { 'general/warnings/size': 'fail', 'general/warnings/format': 'pass' },
  },
  // The reference registry sends no warnings: there is nothing to judge until a fault adds some.
  { baseline: { 'general/warnings/format': 'skip', 'general/warnings/size': 'skip' } },
);
