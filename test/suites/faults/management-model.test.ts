import { describe, expect, it } from 'vitest';
import { collectingFaultTables, proveWorkflow } from '../../helpers/faults.js';
import { runAgainstReference } from '../../helpers/selftest.js';
import { WORKFLOWS } from '../../../suites/index.js';

const model = 'content-management/model/tags-and-deletes';

// Each fault makes the registry drift from the model after some command; the run's seed
// (1234) makes the sequences, and so these verdicts, reproducible.
proveWorkflow('management-model', {
  // A pushed tag does not move to the new manifest (MAN-015).
  'manifest-tag-immutable': { [model]: 'fail' },
  // A deleted tag keeps resolving (DEL-004).
  'delete-tag-keeps-tag': { [model]: 'fail' },
  // A tag delete takes the manifest along, which the model keeps.
  'delete-tag-deletes-manifest': { [model]: 'fail' },
  // A deleted manifest stays readable by digest and by its tags (DEL-008).
  'delete-manifest-keeps-content': { [model]: 'fail' },
  // Deleted tags stay in the tag list (TAGS-019).
  'tags-stale-after-delete': { [model]: 'fail' },
});

describe.skipIf(collectingFaultTables())('workflow management-model with deletion disabled', () => {
  it('skips: the spec lets a registry disable deletion', async () => {
    const workflow = WORKFLOWS.find((w) => w.id === 'management-model')!;
    const run = await runAgainstReference({ deletes: false }, { workflows: [workflow] });
    expect(run.results.map((r) => [r.id, r.outcome])).toEqual([[model, 'skip']]);
    expect(run.results[0]!.message).toMatch(/deletion is disabled/);
  });
});
