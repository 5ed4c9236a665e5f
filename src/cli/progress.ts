import type { CheckResult } from '../model/result.js';

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
      n++;
      const line = `[${String(n).padStart(String(total).length)}/${total}] ${r.outcome.toUpperCase().padEnd(8)} ${r.id}`;
      if (tty) stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 100) - 1)}`);
      else stream.write(`${line}\n`);
      if (verbose) for (const x of r.exchanges) stream.write(`    ${x.method} ${x.url} -> ${x.status ?? x.error}\n`);
    },
    done() {
      if (tty) stream.write('\r\x1b[2K');
    },
  };
}
