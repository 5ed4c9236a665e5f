import { CLAIMABLE, type ClaimCategory } from '../model/verdict.js';
import { DIGEST_RE, NAME_RE, TAG_RE } from '../registry/grammar.js';
import type { GivenContent } from '../runner/workflow.js';
import { parseShard, type Shard } from '../runner/shard.js';
import { parseSize } from '../gen/stream.js';

export type { GivenContent };

export const EXIT = { ok: 0, findings: 1, usage: 2, sigint: 130, sigterm: 143 } as const;

/** A problem with what the user asked for: one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Profile = '1.0' | '1.1' | 'dev' | 'read-only';
export const PROFILES: readonly Profile[] = ['1.1', '1.0', 'dev', 'read-only'];
export const FORMATS = ['json', 'junit', 'html', 'yaml', 'badge'] as const;
export type FormatName = (typeof FORMATS)[number];

/** Flags as yargs hands them over; every field optional because the environment may fill it. */
export interface RunFlags {
  registry?: string;
  namespace?: string;
  crossmountNamespace?: string;
  username?: string;
  password?: string;
  token?: string;
  insecure?: boolean;
  seed?: number;
  concurrency?: number;
  only?: string[];
  skip?: string[];
  reportDir?: string;
  format?: string[];
  timeout?: number;
  checkTimeout?: number;
  profile?: string;
  fault?: string[];
  chunkMinLength?: number;
  consistencyWindow?: number;
  largeBlob?: string;
  strict?: boolean;
  verbose?: boolean;
  caFile?: string;
  runTimeout?: number;
  maxBody?: number;
  tag?: string[];
  manifestDigest?: string[];
  blobDigest?: string[];
  index?: string[];
  subject?: string[];
  expect?: string;
  writeExpect?: string;
  shard?: string;
  repositories?: string;
  claims?: string[];
}

export interface RunSettings {
  /** Undefined: start the embedded reference registry. */
  registry?: string;
  namespace: string;
  crossmountNamespace?: string;
  username?: string;
  password?: string;
  token?: string;
  insecure: boolean;
  seed?: number;
  concurrency: number;
  only: string[];
  skip: string[];
  disabledCategories: string[];
  reportDir: string;
  formats: FormatName[];
  timeoutMs: number;
  checkTimeoutMs: number;
  profile: Profile;
  /** Fault switches for the embedded registry (self-test). */
  faults: string[];
  /** Chunk size used when a registry enforces a minimum it does not advertise. */
  chunkMinLength: number;
  /** How long reads after writes (tag lists, referrers, deletes) poll before they judge. */
  consistencyWindowMs: number;
  /** Bytes of the large blobs of push-blob-large (--large-blob); undefined: that workflow is off. */
  largeBlob?: number;
  /** Warnings (SHOULD not met) also make the exit code 1. */
  strict: boolean;
  verbose: boolean;
  /** A PEM file of CA certificates trusted besides the system's (a private CA). */
  caFile?: string;
  /** Whole-run deadline; undefined: none. */
  runTimeoutMs?: number;
  /** Largest response body read; beyond it a check skips, naming the limit. */
  maxBodyBytes: number;
  /** Content already in the registry that read-only checks pull (--tag, OCI_TAG_NAME, OCI_RO_DATA_*). */
  given: GivenContent;
  /** --expect: expected outcomes; the exit code then says whether the run matches them. */
  expect?: string;
  /** --write-expect: where to write the run's findings as expectations. */
  writeExpect?: string;
  /** 'given': every workflow uses the repository --namespace names (and the cross-mount one) instead of one each. */
  repositories: 'per-workflow' | 'given';
  /** --shard i/n: this job runs the i-th of n balanced parts of the workflows. */
  shard?: Shard;
  /** Categories the run claims conformance for: they alone decide the verdict and the exit code. */
  claims: ClaimCategory[];
}


type Env = Record<string, string | undefined>;

const truthy = (v: string | undefined): boolean => v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());

/**
 * Merges flags and the environment variables of both official OCI
 * conformance suites (legacy OCI_ROOT_URL… and the newer OCI_REGISTRY…).
 * Flags win over the environment.
 */
export function resolveSettings(flags: RunFlags, env: Env): RunSettings {
  const registry = flags.registry ?? registryFromEnv(env);
  if (registry !== undefined) checkRegistryUrl(registry);

  const namedNamespace = flags.namespace ?? env['OCI_NAMESPACE'] ?? env['OCI_REPO1'];
  const namespace = namedNamespace ?? 'oci-conform';
  const crossmountNamespace = flags.crossmountNamespace ?? env['OCI_CROSSMOUNT_NAMESPACE'] ?? env['OCI_REPO2'];
  for (const [what, v] of [['--namespace', namespace], ['--crossmount-namespace', crossmountNamespace]] as const)
    if (v !== undefined && !NAME_RE.test(v)) throw new UsageError(`${what} "${v}" is not a valid repository name (lower-case components separated by /)`);

  const profile = (flags.profile ?? env['OCI_VERSION'] ?? '1.1').replace(/^stable$/, '1.1').replace(/^1\.1\+dev$/, 'dev').replace(/^pull-only$/, 'read-only') as Profile;
  if (!PROFILES.includes(profile)) throw new UsageError(`profile "${profile}" is not one of ${PROFILES.join(', ')} (or pull-only)`);
  const given = givenContent(flags, env, namedNamespace);
  const repositories = flags.repositories ?? 'per-workflow';
  if (repositories !== 'per-workflow' && repositories !== 'given') throw new UsageError(`--repositories "${repositories}" is not one of per-workflow, given`);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  if (typeof shard === 'string') throw new UsageError(`--shard ${shard}`);
  if (shard && flags.seed === undefined) throw new UsageError('--shard needs --seed N, so that every shard generates the same data (e.g. --seed $CI_PIPELINE_ID)');

  const formats = (flags.format ?? ['json', 'junit', 'html', 'yaml', 'badge']).flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean);
  for (const f of formats) if (!FORMATS.includes(f as FormatName)) throw new UsageError(`--format "${f}" is not one of ${FORMATS.join(', ')}`);

  const concurrency = flags.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError('--concurrency must be an integer from 1 to 64');
  if (flags.seed !== undefined && (!Number.isInteger(flags.seed) || flags.seed < 0 || flags.seed > 0xffffffff))
    throw new UsageError('--seed must be an integer from 0 to 4294967295');
  const timeoutMs = Math.round((flags.timeout ?? 30) * 1000);
  const checkTimeoutMs = Math.round((flags.checkTimeout ?? 120) * 1000);
  if (!(timeoutMs > 0) || !(checkTimeoutMs > 0)) throw new UsageError('--timeout and --check-timeout must be positive numbers of seconds');
  const chunkMinLength = flags.chunkMinLength ?? 1024;
  if (!Number.isInteger(chunkMinLength) || chunkMinLength < 1 || chunkMinLength > 64 * 1024 * 1024) throw new UsageError('--chunk-min-length must be an integer from 1 to 67108864');
  const runTimeoutMs = flags.runTimeout !== undefined ? Math.round(flags.runTimeout * 1000) : undefined;
  if (runTimeoutMs !== undefined && !(runTimeoutMs > 0)) throw new UsageError('--run-timeout must be a positive number of seconds');
  const maxBody = flags.maxBody ?? 64;
  if (!(maxBody >= 1 && maxBody <= 16 * 1024)) throw new UsageError('--max-body must be a number of MiB from 1 to 16384');
  const consistencyWindowMs = Math.round((flags.consistencyWindow ?? 3) * 1000);
  if (!(consistencyWindowMs >= 0) || consistencyWindowMs > 600_000) throw new UsageError('--consistency-window must be a number of seconds from 0 to 600');
  const largeBlob = flags.largeBlob === undefined ? undefined : parseSize(flags.largeBlob);
  if (flags.largeBlob !== undefined && !(largeBlob !== undefined && largeBlob > 0))
    throw new UsageError(`--large-blob "${flags.largeBlob}" is not a size (e.g. 100MiB, 5GiB, 1073741824)`);
  if (flags.fault?.length && registry !== undefined) throw new UsageError('--fault applies to the embedded registry only; drop --registry to use it');

  const username = flags.username ?? env['OCI_USERNAME'];
  const password = flags.password ?? env['OCI_PASSWORD'];
  if ((username === undefined) !== (password === undefined)) throw new UsageError('--username and --password go together');

  return {
    ...(registry !== undefined ? { registry: registry.replace(/\/+$/, '') } : {}),
    namespace,
    ...(crossmountNamespace !== undefined ? { crossmountNamespace } : {}),
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...((flags.token ?? env['OCI_TOKEN']) !== undefined ? { token: flags.token ?? env['OCI_TOKEN'] } : {}),
    insecure: flags.insecure ?? env['OCI_TLS'] === 'insecure',
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    concurrency,
    only: flags.only ?? (env['OCI_FILTER_TEST'] ? [env['OCI_FILTER_TEST']] : []),
    skip: flags.skip ?? [],
    disabledCategories: disabledCategories(env),
    reportDir: flags.reportDir ?? env['OCI_RESULTS_DIR'] ?? env['OCI_REPORT_DIR'] ?? 'reports',
    formats: formats as FormatName[],
    timeoutMs,
    checkTimeoutMs,
    profile,
    faults: flags.fault ?? [],
    chunkMinLength,
    consistencyWindowMs,
    ...(largeBlob !== undefined ? { largeBlob } : {}),
    strict: flags.strict ?? false,
    verbose: flags.verbose ?? truthy(env['OCI_DEBUG']),
    ...(flags.caFile !== undefined ? { caFile: flags.caFile } : {}),
    ...(runTimeoutMs !== undefined ? { runTimeoutMs } : {}),
    maxBodyBytes: Math.round(maxBody * 1024 * 1024),
    given,
    ...(flags.expect !== undefined ? { expect: flags.expect } : {}),
    ...(flags.writeExpect !== undefined ? { writeExpect: flags.writeExpect } : {}),
    ...(shard ? { shard } : {}),
    repositories,
    claims: parseClaims(flags.claims),
  };
}

/** Space- or comma-separated lists, as the official suites' variables hold them. */
const words = (v: string | undefined): string[] => (v ?? '').split(/[\s,]+/).filter(Boolean);

/**
 * Content named by flags, else by the legacy (OCI_TAG_NAME, OCI_MANIFEST_DIGEST,
 * OCI_BLOB_DIGEST, OCI_TAG_LIST) and newer (OCI_RO_DATA_*) variables.
 */
function givenContent(flags: RunFlags, env: Env, repository: string | undefined): GivenContent {
  const pick = (flag: string[] | undefined, ...vars: string[]): string[] => [...new Set(flag?.length ? flag.flatMap(words) : vars.flatMap((k) => words(env[k])))];
  const g: GivenContent = {
    ...(repository !== undefined ? { repository } : {}),
    tags: pick(flags.tag, 'OCI_TAG_NAME', 'OCI_TAG_LIST', 'OCI_RO_DATA_TAGS'),
    manifests: pick(flags.manifestDigest, 'OCI_MANIFEST_DIGEST', 'OCI_RO_DATA_MANIFESTS'),
    blobs: pick(flags.blobDigest, 'OCI_BLOB_DIGEST', 'OCI_RO_DATA_BLOBS'),
    indexes: pick(flags.index),
    subjects: pick(flags.subject, 'OCI_RO_DATA_REFERRERS'),
  };
  for (const [what, list] of [['--manifest-digest', g.manifests], ['--blob-digest', g.blobs], ['--subject', g.subjects]] as const)
    for (const d of list) if (!DIGEST_RE.test(d)) throw new UsageError(`${what} "${d}" is not a digest (algorithm:encoded, e.g. sha256:…)`);
  for (const t of g.tags) if (!TAG_RE.test(t)) throw new UsageError(`--tag "${t}" is not a valid tag`);
  for (const i of g.indexes) if (!TAG_RE.test(i) && !DIGEST_RE.test(i)) throw new UsageError(`--index "${i}" is neither a tag nor a digest`);
  return g;
}

const CLAIM_ALIASES: Record<string, ClaimCategory> = { discovery: 'content-discovery', management: 'content-management' };

/** `--claims pull,push,…`: which categories the run claims. Pull is always claimed; none given claims all. */
export function parseClaims(given: readonly string[] | undefined): ClaimCategory[] {
  const names = (given ?? []).flatMap((x) => x.split(',')).map((x) => x.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0) return [...CLAIMABLE];
  const out = new Set<ClaimCategory>(['pull']);
  for (const n of names) {
    const c = CLAIM_ALIASES[n] ?? n;
    if (!(CLAIMABLE as readonly string[]).includes(c)) throw new UsageError(`--claims "${n}" is not one of ${CLAIMABLE.join(', ')}`);
    out.add(c as ClaimCategory);
  }
  return CLAIMABLE.filter((c) => out.has(c));
}

/** OCI_REGISTRY is a host[:port]; OCI_TLS says how to reach it. OCI_ROOT_URL is a whole URL. */
function registryFromEnv(env: Env): string | undefined {
  if (env['OCI_ROOT_URL']) return env['OCI_ROOT_URL'];
  const host = env['OCI_REGISTRY'];
  if (!host) return undefined;
  if (/^https?:\/\//.test(host)) return host;
  return `${env['OCI_TLS'] === 'disabled' ? 'http' : 'https'}://${host}`;
}

function checkRegistryUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`registry "${url}" is not a URL (expected e.g. https://registry.example.com)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`registry "${url}" must use http or https`);
  if (u.username || u.password) throw new UsageError('put credentials in --username/--password, not in the registry URL');
}

/**
 * The legacy suite runs a category only when its OCI_TEST_* variable is set.
 * We run everything by default, but once any of them is set, only those set run.
 */
function disabledCategories(env: Env): string[] {
  const vars: Array<[string, string[]]> = [
    ['OCI_TEST_PULL', ['pull']],
    ['OCI_TEST_PUSH', ['push']],
    ['OCI_TEST_CONTENT_DISCOVERY', ['content-discovery']],
    ['OCI_TEST_CONTENT_MANAGEMENT', ['content-management']],
  ];
  const newer: Array<[string, string[]]> = [
    ['OCI_API_PULL', ['pull']],
    ['OCI_API_PUSH', ['push']],
  ];
  const off = new Set<string>();
  if (vars.some(([k]) => env[k] !== undefined)) for (const [k, cats] of vars) if (!truthy(env[k])) cats.forEach((c) => off.add(c));
  for (const [k, cats] of newer) if (env[k] !== undefined && !truthy(env[k])) cats.forEach((c) => off.add(c));
  return [...off];
}
