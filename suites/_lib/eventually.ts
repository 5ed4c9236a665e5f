import type { CheckContext } from '../../src/runner/workflow.js';

/**
 * Reads that follow a write (tag lists, referrers, deletes) may see the write a
 * little late on eventually consistent stores (A26). Polls `read` until `settled`
 * holds or the run's consistency window (--consistency-window) has passed, with
 * growing pauses, and returns the last value read: the check judges that.
 */
export async function eventually<T>(ctx: Pick<CheckContext, 'settings'>, read: () => Promise<T>, settled: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + ctx.settings.consistencyWindowMs;
  let pause = 100;
  let value = await read();
  while (!settled(value) && Date.now() + pause <= deadline) {
    await new Promise((res) => setTimeout(res, pause));
    pause = Math.min(pause * 2, 1000);
    value = await read();
  }
  return value;
}
