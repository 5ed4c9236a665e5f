import { describe, expect, it } from 'vitest';
import { parseClaims, resolveSettings } from '../../src/cli/config.js';

describe('--claims', () => {
  it('claims every category by default, and always Pull', () => {
    expect(resolveSettings({}, {}).claims).toEqual(['pull', 'push', 'content-discovery', 'content-management']);
    expect(parseClaims(['push'])).toEqual(['pull', 'push']);
  });

  it('takes commas, repeats, short names and any case, in the spec order', () => {
    expect(parseClaims(['Management,push', 'discovery'])).toEqual(['pull', 'push', 'content-discovery', 'content-management']);
    expect(parseClaims(['content-discovery'])).toEqual(['pull', 'content-discovery']);
  });

  it('refuses an unknown category', () => {
    expect(() => parseClaims(['pull', 'deletes'])).toThrow('--claims "deletes" is not one of pull, push, content-discovery, content-management');
  });
});
