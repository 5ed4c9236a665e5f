import { FAULTS, startReferenceRegistry, type FaultName } from '../refreg/index.js';
import { UsageError } from './config.js';

/** Runs the reference registry until SIGINT/SIGTERM. */
export async function serveCommand(o: { port: number; faults: string[]; chunkMinLength?: number; deletes: boolean; verbose: boolean }): Promise<number> {
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new UsageError('--port must be an integer from 0 to 65535');
  for (const f of o.faults) if (!(f in FAULTS)) throw new UsageError(`--fault "${f}" is not a fault of the embedded registry (see oci-conform list --faults)`);
  let reg;
  try {
    reg = await startReferenceRegistry({
      port: o.port,
      faults: o.faults as FaultName[],
      deletes: o.deletes,
      ...(o.verbose ? { log: (line: string) => process.stdout.write(`${line}\n`) } : {}),
      ...(o.chunkMinLength !== undefined ? { chunkMinLength: o.chunkMinLength } : {}),
    });
  } catch (e) {
    throw new UsageError(`cannot listen on 127.0.0.1:${o.port}: ${(e as Error).message}`);
  }
  process.stdout.write(`oci-conform reference registry (distribution-spec v1.1.1) listening on ${reg.url}${o.faults.length ? ` with faults: ${o.faults.join(', ')}` : ''}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await reg.close();
  return 0;
}
