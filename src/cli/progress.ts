import type { CheckResult } from '../model/result.js';
import { renderProgressLine, terminalSafe } from '../reporters/console.js';

export interface Progress {
  onResult(r: CheckResult): void;
  done(): void;
}

/**
 * On a terminal, one line rewritten in place; elsewhere (CI, pipes) one plain
 * line per check. Verbose adds each check's HTTP exchanges (already redacted).
 */
export function progress(stream: NodeJS.WriteStream, total: number, verbose: boolean): Progress {
  let n = 0;
  const tty = stream.isTTY === true && !verbose;
  return {
    onResult(r) {
      if (r.outcome === 'disabled') return;
      const line = renderProgressLine(r, ++n, total, { color: tty });
      if (tty) stream.write(`\r\x1b[2K${line}`);
      else stream.write(`${line}\n`);
      if (verbose) for (const x of r.exchanges) stream.write(`    ${terminalSafe(`${x.method} ${x.url} -> ${x.status ?? x.error}`)}\n`);
    },
    done() {
      if (tty) stream.write('\r\x1b[2K');
    },
  };
}
