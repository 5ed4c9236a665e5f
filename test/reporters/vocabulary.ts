import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.js';

/**
 * The official suite's results.yaml vocabulary (fixtures/official-results-vocabulary.txt,
 * copied from its main branch): `apis:` and `data:` names, one a line.
 */
function readVocabulary(): { apis: string[]; data: string[] } {
  const out: { apis: string[]; data: string[] } = { apis: [], data: [] };
  let section: 'apis' | 'data' | undefined;
  for (const line of readFileSync(join(ROOT, 'fixtures', 'official-results-vocabulary.txt'), 'utf8').split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const head = /^(apis|data):$/.exec(line);
    if (head) section = head[1] as 'apis' | 'data';
    else if (section) out[section].push(line.trim());
  }
  return out;
}

export const VOCABULARY = readVocabulary();

/** The official API names in the suite's order (its stateAPIType strings). */
export const OFFICIAL_API_NAMES = [
  'Tag listing', 'Tag delete', 'Tag delete atomic', 'Blob upload cancel', 'Blob push', 'Blob post only', 'Blob post put',
  'Blob chunked', 'Blob streaming', 'Blob mount', 'Blob anonymous mount', 'Blob get', 'Blob get range', 'Blob head',
  'Blob delete', 'Blob delete atomic', 'Manifest put by digest', 'Manifest put by tag', 'Manifest put with tag params',
  'Manifest put with subject', 'Manifest get by digest', 'Manifest get by tag', 'Manifest head by digest',
  'Manifest head by tag', 'Manifest delete', 'Manifest delete atomic', 'Referrers', 'Ping',
];
