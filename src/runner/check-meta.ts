import type { Category, Level } from '../catalog/types.js';

/** Optional registry features a check may depend on; config can turn each category off. */
/** `large-blob` checks run only when a large-blob size is given (--large-blob). */
export type Capability = 'push' | 'content-discovery' | 'content-management' | 'large-blob';

/** What a check declares about itself: everything but its body. */
export interface CheckMeta {
  /** Path-like, stable, e.g. `pull/blob/get-existing`. */
  id: string;
  /** In the spec's voice, level first: `MUST return 200 and the bytes for an existing blob`. */
  title: string;
  /** Workflow (suite file) it belongs to, e.g. `pull-blobs`. */
  workflow: string;
  category: Category;
  level: Level;
  /** Catalog IDs (e.g. `PULL-011`) this check proves. */
  requirements: string[];
  /** Categories the registry must offer for this check to run. */
  needs: Capability[];
}
