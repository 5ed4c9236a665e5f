import { describe, expect, it } from 'vitest';
import { onDistribution } from '../../helpers/distribution.js';

/**
 * Listing tags against CNCF distribution 2.8.2 (Debian docker-registry, filesystem
 * storage). Its tag list handler returns the tag directory as the filesystem lists
 * it and reads neither n nor last, so the order, n and last checks fail: findings
 * about distribution, not harness faults.
 */
describe('listing tags against CNCF distribution (Debian docker-registry)', () => {
  const run = onDistribution(['discovery-tags']);
  const outcome = (id: string): string | undefined => run().results.find((r) => r.id === id)?.outcome;
  const observed = (id: string): string | undefined => run().results.find((r) => r.id === id)?.observed;


  it('has no harness or transport errors', () => {
    expect(run().by('error')).toEqual([]);
  });

  it('lists every pushed tag, a 128-character one too, names the repository, moves tags, and 404s unknown repositories', () => {
    expect(run().by('pass')).toEqual([
      'discovery/tags/complete',
      'discovery/tags/list',
      'discovery/tags/long-tag',
      'discovery/tags/missing-repository',
      // n=0 is ignored, so no page is cut and no Link is sent.
      'discovery/tags/n-zero-no-link',
      'discovery/tags/tag-moves',
    ]);
  });

  it('lists tags in directory order, neither case-insensitive nor byte order (TAGS-004)', () => {
    expect(outcome('discovery/tags/order')).toBe('fail');
  });

  it('ignores n: n=3 and n=0 return every tag (TAGS-005, TAGS-008)', () => {
    expect(outcome('discovery/tags/n')).toBe('fail');
    expect(observed('discovery/tags/n')).toMatch(/^\d+ tags$/);
    expect(outcome('discovery/tags/n-zero')).toBe('fail');
  });

  it('ignores last: the tag named by last comes back, with and without n (TAGS-012)', () => {
    expect(outcome('discovery/tags/last')).toBe('fail');
    expect(outcome('discovery/tags/last-without-n')).toBe('fail');
  });

  it('answers the tag list of a repository holding only an untagged manifest with 404, which the spec leaves open', () => {
    // Distribution only knows repositories through their tag directory (inventory ambiguity A16).
    expect(outcome('discovery/tags/untagged-repository')).toBe('skip');
  });

  it('skips what it cannot judge or what distribution does not offer', () => {
    expect(run().by('skip')).toEqual([
      // Its 404 for a repository without tags leaves no list to judge, for [] or for null.
      'discovery/tags/untagged-repository',
      'discovery/tags/empty-array',
      // 400 DIGEST_INVALID to DELETE by tag: tag deletion disabled, as the spec allows.
      'discovery/tags/after-delete',
      // With the list in no accepted order, there is no slice to compare pages with.
      'discovery/tags/last-random',
      'discovery/tags/n-random',
      // No Link header ever: pagination by Link is optional.
      'discovery/tags/link-syntax',
      'discovery/tags/link-walk',
    ].sort());
    expect(run().results.find((r) => r.id === 'discovery/tags/link-walk')!.message).toMatch(/no Link header/);
    expect(run().results.find((r) => r.id === 'discovery/tags/after-delete')!.message).toMatch(/status 400/);
  });
});
