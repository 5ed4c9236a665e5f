import { describe, expect, it } from 'vitest';
import { onDistribution } from '../../helpers/distribution.js';

const model = 'content-management/model/tags-and-deletes';

/** CNCF distribution 2.8.2 (Debian's docker-registry) as a state machine. */
describe('the repository model against CNCF distribution', () => {
  const run = onDistribution(['management-model']);

  it('keeps tags, manifests and the tag list consistent with the model', () => {
    // Tag deletes answer 400 (distribution deletes by digest only), so the probe leaves
    // DeleteTag out of the commands; pushes, tag moves and manifest deletes all agree.
    expect(run().verdicts()).toEqual({ [model]: 'pass' });
  });
});

describe('the repository model against CNCF distribution with deletes disabled', () => {
  const run = onDistribution(['management-model'], { deletes: false });

  it('skips when deletion is disabled (405 UNSUPPORTED), as the spec allows', () => {
    expect(run().verdicts()).toEqual({ [model]: 'skip' });
  });
});
