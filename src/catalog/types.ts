/** Requirement levels as RFC 2119 writes them. */
export const LEVELS = ['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY'] as const;
export type Level = (typeof LEVELS)[number];

/** The spec's conformance categories, plus `general` for cross-cutting rules. */
export const CATEGORIES = ['pull', 'push', 'content-discovery', 'content-management', 'general'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Who carries the obligation: the registry, the client (the harness itself), or both. */
export type Party = 'registry' | 'client' | 'both';

export interface Requirement {
  /** Stable ID from the spec inventory, e.g. `PULL-001`. Never renamed or reused. */
  id: string;
  /** Workflow group, the ID prefix: GEN, NAME, PULL, PUSH, PUSHM, ... */
  group: string;
  level: Level;
  /** True when the level is derived (endpoint table, content addressing) rather than written as such. */
  derived: boolean;
  category: Category;
  party: Party;
  /** The requirement in our own words. */
  summary: string;
  /** Link to the spec text at the pinned tag (v1.1.1). */
  anchor: string;
  /** Whether a black-box harness can observe it from outside the registry. */
  testable: boolean;
  /** Why it cannot, when `testable` is false (newer entries say why). */
  untestable?: string;
}
