/** Extension discovery (`_oci/ext/discover`) at registry and repository level. */
import { RegistryError } from './errors.js';
import { type Ctx, send } from './context.js';

interface ExtensionEntry {
  name: string;
  url: string;
  description?: string;
  endpoints?: string[];
}

export function handleDiscover(ctx: Ctx, repositoryLevel = false): void {
  if (ctx.method !== 'GET') throw new RegistryError(405, 'UNSUPPORTED', `${ctx.method} not allowed on discovery`);
  if (ctx.faults.has('ext-discover-not-found') || (repositoryLevel && ctx.faults.has('ext-discover-repo-not-found'))) {
    throw new RegistryError(404, 'UNSUPPORTED', 'extensions are not supported');
  }
  const entry: ExtensionEntry = {
    name: ctx.faults.has('ext-discover-bad-name') ? 'OCI' : '_oci',
    url: 'https://github.com/opencontainers/distribution-spec/blob/v1.1.1/extensions/_oci.md',
    description: 'Base OCI extension namespace; lists the extensions this registry offers.',
  };
  if (!ctx.faults.has('ext-discover-missing-endpoints')) entry.endpoints = [ctx.faults.has('ext-discover-bad-endpoint') ? 'oci-discover' : '_oci/ext/discover'];
  const extensions = ctx.faults.has('ext-discover-duplicate-names') ? [entry, { ...entry }] : [entry];
  const contentType = ctx.faults.has('ext-discover-wrong-content-type') ? 'text/plain' : 'application/json';
  send(ctx, 200, { 'Content-Type': contentType }, JSON.stringify({ extensions }));
}
