import { describe, expect, it } from 'vitest';
import { disabledReason, globToRegExp } from '../../src/runner/select.js';
import type { CheckMeta } from '../../src/runner/check-meta.js';

const meta: CheckMeta = {
  id: 'pull/blob/get',
  title: 'MUST …',
  workflow: 'pull-blobs',
  category: 'pull',
  level: 'MUST',
  requirements: ['PULL-011'],
  needs: [],
};

describe('check selection', () => {
  it('treats * as one segment and ** as any depth', () => {
    expect(globToRegExp('pull/*').test('pull/blob/get')).toBe(false);
    expect(globToRegExp('pull/**').test('pull/blob/get')).toBe(true);
    expect(globToRegExp('pull/*/get').test('pull/blob/get')).toBe(true);
  });

  it('selects by check ID, workflow or requirement ID', () => {
    const sel = (only: string[], skip: string[] = []) => disabledReason(meta, { only, skip, disabledCategories: [] });
    expect(sel([])).toBeUndefined();
    expect(sel(['pull/blob/get'])).toBeUndefined();
    expect(sel(['PULL-0*'])).toBeUndefined();
    expect(sel(['pull-blobs'])).toBeUndefined();
    expect(sel(['push/**'])).toBe('not selected by --only');
    expect(sel([], ['**'])).toBe('excluded by --skip');
  });

  it('disables checks of a category that is turned off', () => {
    expect(disabledReason(meta, { only: [], skip: [], disabledCategories: ['pull'] })).toBe('category pull is turned off');
    expect(disabledReason({ ...meta, needs: ['push'] }, { only: [], skip: [], disabledCategories: ['push'] })).toBe('category push is turned off');
  });
});
