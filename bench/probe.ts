/**
 * Loaded with `node --import` into each process the benchmark measures: when the
 * process exits it writes its CPU time and peak resident memory to the file named
 * by OCI_CONFORM_BENCH_USAGE (wall time is taken by the benchmark itself).
 */
import { writeFileSync } from 'node:fs';

const file = process.env['OCI_CONFORM_BENCH_USAGE'];
if (file)
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKiB: u.maxRSS }));
  });
