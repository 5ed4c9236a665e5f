import type { CheckMeta } from './check-meta.js';
import type { Workflow } from './workflow.js';

/** `*` matches within one path segment, `**` across segments; a pattern may also name a requirement ID. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function matchesAny(meta: CheckMeta, patterns: readonly string[]): boolean {
  return patterns.some((p) => {
    const re = globToRegExp(p);
    return re.test(meta.id) || meta.requirements.some((r) => re.test(r)) || re.test(meta.workflow);
  });
}

/** Why a check does not run, or undefined when it runs. */
export function disabledReason(
  meta: CheckMeta,
  sel: { only: readonly string[]; skip: readonly string[]; disabledCategories: readonly string[]; largeBlob?: number | undefined },
): string | undefined {
  if (meta.needs.includes('large-blob') && !sel.largeBlob) return 'large blobs are off (give --large-blob SIZE)';
  const off = meta.needs.find((n) => sel.disabledCategories.includes(n)) ?? (sel.disabledCategories.includes(meta.category) ? meta.category : undefined);
  if (off) return `category ${off} is turned off`;
  if (sel.only.length > 0 && !matchesAny(meta, sel.only)) return 'not selected by --only';
  if (matchesAny(meta, sel.skip)) return 'excluded by --skip';
  return undefined;
}

/** Why a whole workflow does not run under the profile, or undefined when it may. */
export function profileReason(w: Pick<Workflow<unknown>, 'readOnly' | 'devOnly'>, readOnly: boolean, dev = false): string | undefined {
  if (readOnly && w.readOnly === undefined) return 'profile read-only: this workflow writes to the registry';
  if (!dev && w.devOnly) return 'runs under --profile dev only (additions on the spec main branch after 1.1.1)';
  if (!readOnly && w.readOnly === 'given') return 'runs under --profile read-only only (it reads content already in the registry)';
  return undefined;
}
