/**
 * What a check can conclude besides passing. Suites throw these; the runner
 * turns them into outcomes. Anything else thrown inside a check is a harness
 * or transport fault and becomes `error`, never `fail`.
 */

import type { Level } from '../catalog/types.js';

/** The registry broke the check's requirement: `fail` for MUST checks, `warn` for SHOULD checks. */
export class Violation extends Error {
  constructor(
    message: string,
    readonly expected: string,
    readonly observed: string,
    /** Set when the inventory downgrades this finding (e.g. a legacy error code under a MUST: a warning). */
    readonly level?: Level,
  ) {
    super(message);
    this.name = 'Violation';
  }
}

/** The registry lacks an optional feature in a way the spec allows: `skip`. */
export class Unsupported extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Unsupported';
  }
}

/** Something the check builds on did not work (reported by another check): `skip`. */
export class PreconditionUnmet extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreconditionUnmet';
  }
}

/** The account may not do what the check needs (401 after the token exchange, refused scope, 403): `skip`. */
export { NotPermitted } from '../http/auth.js';

/** A limit of ours (body cap, chunk size) stops the check: `skip`, naming the limit and the flag. */
export { LimitExceeded } from '../http/client.js';
