import type { Requirement } from './types.js';

/**
 * Requirements the distribution-spec main branch adds after v1.1.1 (the spec inventory's NEXT
 * group), for the checks of --profile dev only. They are not part of the 1.1 catalog: they never
 * count in its coverage nor decide a 1.1 run. Anchors point at the main branch the inventory read.
 */
const MAIN = 'https://github.com/opencontainers/distribution-spec/blob/967efdc/spec.md';

export const NEXT_REQUIREMENTS: readonly Requirement[] = Object.freeze([
  {
    id: 'NEXT-001',
    group: 'NEXT',
    level: 'MUST',
    derived: false,
    category: 'pull',
    party: 'registry',
    summary: 'Manifest GET, blob GET and HEAD carry Docker-Content-Digest; HEAD carries Content-Length (SHOULDs in 1.1.1).',
    anchor: `${MAIN}#pulling-manifests`,
    testable: true,
  },
  {
    id: 'NEXT-004',
    group: 'NEXT',
    level: 'MUST',
    derived: false,
    category: 'push',
    party: 'registry',
    summary: 'A closing PUT whose final chunk does not start where the upload stands is refused with 416.',
    anchor: `${MAIN}#pushing-a-blob-in-chunks`,
    testable: true,
  },
  {
    id: 'NEXT-005',
    group: 'NEXT',
    level: 'SHOULD',
    derived: false,
    category: 'push',
    party: 'both',
    summary: 'DELETE of an upload session URL cancels the upload (204); the session is then unknown.',
    anchor: `${MAIN}#cancel-a-blob-upload`,
    testable: true,
  },
] as Requirement[]);
