/** Manifest PUT (validation, byte-exact storage), GET/HEAD and DELETE. */
import { RegistryError } from './errors.js';
import { type Ctx, type Headers, baseMediaType, digestHeaders, readBody, send } from './context.js';
import { computeDigest, parseDigest, wrongDigest } from './digest.js';
import { type ManifestKind, isDockerType, isKnownConfigType, isKnownLayerType, manifestKind } from './mediatypes.js';
import { type ManifestRef, checkDeletesEnabled, checkReference, repoMissing, requireRepo } from './refs.js';
import type { Repository, StoredManifest } from './store.js';

export async function handleManifest(ctx: Ctx, name: string, rawRef: string): Promise<void> {
  switch (ctx.method) {
    case 'PUT':
      return putManifest(ctx, name, rawRef);
    case 'GET':
    case 'HEAD':
      return getManifest(ctx, name, rawRef);
    case 'DELETE':
      return deleteManifest(ctx, name, rawRef);
    default:
      throw new RegistryError(405, 'UNSUPPORTED', `${ctx.method} not allowed on manifests`);
  }
}

// ---------------------------------------------------------------- PUT

function invalid(message: string, detail?: unknown): RegistryError {
  return new RegistryError(400, 'MANIFEST_INVALID', message, detail);
}

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkAnnotations(v: unknown, where: string): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v) || !Object.values(v).every((x) => typeof x === 'string')) {
    throw invalid(`${where}.annotations must map strings to strings`);
  }
  return v as Record<string, string>;
}

/** Structural check of one descriptor (required fields, digest grammar, non-negative size). */
function checkDescriptor(v: unknown, where: string): Descriptor {
  if (!isObject(v)) throw invalid(`${where} must be a descriptor object`);
  const { mediaType, digest, size } = v;
  if (typeof mediaType !== 'string' || mediaType === '') throw invalid(`${where}.mediaType must be a non-empty string`);
  if (typeof digest !== 'string' || parseDigest(digest).kind === 'invalid') throw invalid(`${where}.digest is not a valid digest`, { digest });
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw invalid(`${where}.size must be a non-negative integer`);
  if (v['artifactType'] !== undefined && typeof v['artifactType'] !== 'string') throw invalid(`${where}.artifactType must be a string`);
  checkAnnotations(v['annotations'], where);
  return { mediaType, digest, size };
}

function checkDescriptorList(v: unknown, where: string): Descriptor[] {
  if (!Array.isArray(v)) throw invalid(`${where} must be an array`);
  return v.map((d, i) => checkDescriptor(d, `${where}[${i}]`));
}

/** Top-level properties of OCI/Docker manifests and indexes (only used by a fault). */
const KNOWN_FIELDS: ReadonlySet<string> = new Set(['schemaVersion', 'mediaType', 'artifactType', 'config', 'layers', 'manifests', 'subject', 'annotations']);

interface ParsedManifest {
  kind: ManifestKind;
  mediaType: string;
  subject?: Descriptor;
  subjectMediaType?: string;
  artifactType?: string;
  configMediaType?: string;
  annotations?: Record<string, string>;
  /** Blobs that must exist in the repository. */
  blobRefs: string[];
  /** Index entries of a manifest type: must exist in the repository as manifests. */
  manifestRefs: string[];
  /** Index entries of other types: must exist as a manifest or a blob. */
  otherRefs: string[];
  /** All index entry digests, in order. */
  children: string[];
}

/** Parses and validates a manifest body against the request Content-Type. */
function parseManifest(ctx: Ctx, body: Buffer): ParsedManifest {
  const rawType = ctx.req.headers['content-type'];
  if (rawType !== undefined && rawType.includes(';') && ctx.faults.has('manifest-put-content-type-param-rejected')) {
    throw invalid('Content-Type parameters are not accepted');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    throw invalid('manifest is not valid JSON');
  }
  if (!isObject(doc)) throw invalid('manifest must be a JSON object');
  if (doc['schemaVersion'] !== 2) throw invalid('schemaVersion must be 2');
  if (doc['mediaType'] !== undefined && typeof doc['mediaType'] !== 'string') throw invalid('mediaType must be a string');
  const bodyType = doc['mediaType'] as string | undefined;
  const headerType = baseMediaType(rawType);
  // Content-Type parameters are ignored; the bare type must agree with the body's mediaType.
  if (bodyType !== undefined && headerType !== undefined && bodyType.toLowerCase() !== headerType.toLowerCase()) {
    throw invalid('Content-Type does not match the manifest mediaType', { contentType: headerType, mediaType: bodyType });
  }
  const mediaType = bodyType ?? headerType;
  if (mediaType === undefined) throw invalid('manifest media type unknown: send Content-Type or set mediaType');
  const kind = manifestKind(mediaType.toLowerCase());
  if (kind === undefined) throw invalid('unsupported manifest media type', { mediaType });
  if (kind === 'index' && ctx.faults.has('manifest-index-rejected')) throw invalid('image indexes are not accepted');
  if (isDockerType(mediaType.toLowerCase()) && ctx.faults.has('manifest-docker-types-rejected')) throw invalid('Docker manifest types are not accepted');

  if (ctx.faults.has('manifest-unknown-fields-rejected') && Object.keys(doc).some((k) => !KNOWN_FIELDS.has(k))) {
    throw invalid('unknown manifest properties');
  }
  const artifactType = doc['artifactType'];
  if (artifactType !== undefined && typeof artifactType !== 'string') throw invalid('artifactType must be a string');
  if (typeof artifactType === 'string' && ctx.faults.has('manifest-unknown-artifacttype-rejected') && !artifactType.startsWith('application/vnd.oci.')) {
    throw invalid('unknown artifactType', { artifactType });
  }
  const annotations = checkAnnotations(doc['annotations'], 'manifest');
  if (annotations && ctx.faults.has('manifest-unknown-annotations-rejected') && Object.keys(annotations).some((k) => !k.startsWith('org.opencontainers.'))) {
    throw invalid('unknown annotation keys');
  }
  const subject = doc['subject'] === undefined ? undefined : checkDescriptor(doc['subject'], 'subject');

  // The media type is served back exactly as it was pushed.
  const parsed: ParsedManifest = { kind, mediaType, blobRefs: [], manifestRefs: [], otherRefs: [], children: [] };
  if (subject) parsed.subject = subject;
  if (typeof artifactType === 'string' && artifactType !== '') parsed.artifactType = artifactType;
  if (annotations) parsed.annotations = annotations;
  if (kind === 'manifest') {
    const config = checkDescriptor(doc['config'], 'config');
    const layers = checkDescriptorList(doc['layers'], 'layers');
    checkTypePolicy(ctx, config, layers);
    parsed.configMediaType = config.mediaType;
    parsed.blobRefs.push(config.digest);
    // Non-distributable layers are by design not uploaded, so they need not exist.
    for (const l of layers) if (!l.mediaType.includes('nondistributable')) parsed.blobRefs.push(l.digest);
  } else {
    const children = checkDescriptorList(doc['manifests'], 'manifests');
    if (children.length === 0 && ctx.faults.has('manifest-empty-index-rejected')) throw invalid('empty indexes are not accepted');
    if (ctx.faults.has('index-duplicate-platform-rejected') && hasDuplicatePlatform(doc['manifests'] as unknown[])) {
      throw invalid('two index entries for the same platform');
    }
    if (ctx.faults.has('index-unknown-child-type-rejected') && children.some((c) => manifestKind(c.mediaType.toLowerCase()) === undefined)) {
      throw invalid('index entry with an unknown media type');
    }
    for (const c of children) {
      (manifestKind(c.mediaType.toLowerCase()) !== undefined ? parsed.manifestRefs : parsed.otherRefs).push(c.digest);
      parsed.children.push(c.digest);
    }
  }
  return parsed;
}

/** Two entries naming the same platform (index-duplicate-platform-rejected fault only; the spec allows it). */
function hasDuplicatePlatform(entries: unknown[]): boolean {
  const seen = new Set<string>();
  for (const e of entries) {
    const p = isObject(e) ? e['platform'] : undefined;
    if (!isObject(p)) continue;
    const key = JSON.stringify([p['architecture'], p['os'], p['variant']]);
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

/** Adds `data` to the config descriptor of an image manifest (manifest-data-populated fault). */
function populateData(ctx: Ctx, name: string, body: Buffer): Buffer {
  const doc = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  const config = doc['config'];
  if (!isObject(config) || config['data'] !== undefined || typeof config['digest'] !== 'string') return body;
  const content = ctx.store.getBlob(name, config['digest']);
  if (!Buffer.isBuffer(content)) return body;
  config['data'] = content.toString('base64');
  return Buffer.from(JSON.stringify(doc, null, 2), 'utf8');
}

/** Media-type faults only; the registry itself accepts any config and layer types. */
function checkTypePolicy(ctx: Ctx, config: Descriptor, layers: Descriptor[]): void {
  if (ctx.faults.has('manifest-unknown-config-rejected') && !isKnownConfigType(config.mediaType)) {
    throw invalid('unknown config media type', { mediaType: config.mediaType });
  }
  if (ctx.faults.has('manifest-unknown-layer-rejected') && layers.some((l) => !isKnownLayerType(l.mediaType))) {
    throw invalid('unknown layer media type');
  }
  if (ctx.faults.has('manifest-zstd-rejected') && layers.some((l) => l.mediaType.endsWith('+zstd'))) {
    throw invalid('zstd layers are not accepted');
  }
  if (ctx.faults.has('manifest-nondistributable-rejected') && layers.some((l) => l.mediaType.includes('nondistributable'))) {
    throw invalid('non-distributable layers are not accepted');
  }
}

/** Every referenced blob/child manifest must already be in the repository; the subject need not be. */
function checkReferences(ctx: Ctx, repo: Repository | undefined, m: ParsedManifest): void {
  const missing: string[] = [];
  for (const d of m.blobRefs) if (!repo?.blobs.has(d)) missing.push(d);
  for (const d of m.manifestRefs) if (!repo?.manifests.has(d)) missing.push(d);
  // Index entries of unknown types may point at plain blobs as well as manifests.
  for (const d of m.otherRefs) if (!repo?.manifests.has(d) && !repo?.blobs.has(d)) missing.push(d);
  if (m.subject && ctx.faults.has('subject-required') && !repo?.manifests.has(m.subject.digest)) missing.push(m.subject.digest);
  if (missing.length === 0) return;
  const code = ctx.faults.has('manifest-blob-unknown-wrong-code') ? 'MANIFEST_INVALID' : 'MANIFEST_BLOB_UNKNOWN';
  throw new RegistryError(400, code, 'manifest references content that is not in the repository', { missing: [...new Set(missing)] });
}

/** Produces bytes that are guaranteed to differ from the pushed ones (manifest-rewrite fault). */
function rewrite(body: Buffer): Buffer {
  let out = JSON.stringify(JSON.parse(body.toString('utf8')), null, 3);
  if (out === body.toString('utf8')) out += '\n';
  return Buffer.from(out, 'utf8');
}

/** Under manifest-put-malformed-digest-accepted a broken digest reference is kept as an opaque tag. */
function putReference(ctx: Ctx, rawRef: string): ManifestRef {
  try {
    return checkReference(ctx, rawRef);
  } catch (e) {
    if (ctx.faults.has('manifest-put-malformed-digest-accepted') && rawRef.includes(':')) return { kind: 'tag', tag: rawRef };
    throw e;
  }
}

async function putManifest(ctx: Ctx, name: string, rawRef: string): Promise<void> {
  const ref = putReference(ctx, rawRef);
  if (ref.kind === 'digest' && ref.ref.kind === 'unregistered') {
    throw new RegistryError(400, 'DIGEST_INVALID', 'unsupported digest algorithm', { digest: rawRef });
  }
  let limit = ctx.opts.maxManifestBytes;
  if (ctx.faults.has('manifest-limit-small')) limit = Math.min(limit, 1024 * 1024);
  if (ctx.faults.has('manifest-size-unlimited')) limit = ctx.opts.maxBodyBytes;
  const tooLarge = (): RegistryError =>
    ctx.faults.has('manifest-too-large-400')
      ? invalid(`manifest exceeds ${limit} bytes`)
      : new RegistryError(413, 'MANIFEST_INVALID', `manifest exceeds ${limit} bytes`, { limit });
  const body = await readBody(ctx, limit, tooLarge);
  const m = parseManifest(ctx, body);
  const existing = ctx.store.repo(name);
  checkReferences(ctx, existing, m);

  let digest: string;
  if (ref.kind === 'digest' && ref.ref.kind === 'ok') {
    digest = ref.ref.digest;
    const actual = computeDigest(ref.ref.algorithm, body);
    if (actual !== digest && !ctx.faults.has('manifest-put-no-verify')) {
      throw new RegistryError(400, 'DIGEST_INVALID', 'manifest digest does not match the reference', { expected: digest, actual });
    }
  } else {
    digest = computeDigest('sha256', body);
  }

  if (ctx.faults.has('manifest-repush-rejected') && existing?.manifests.has(digest)) {
    throw invalid('manifest already exists', { digest });
  }
  const repo = ctx.store.ensureRepo(name);
  const previous = repo.manifests.get(digest);
  const record: StoredManifest = {
    digest,
    bytes: ctx.faults.has('manifest-rewrite') ? rewrite(body) : ctx.faults.has('manifest-data-populated') && m.kind === 'manifest' ? populateData(ctx, name, body) : body,
    mediaType: m.mediaType,
    children: m.children,
    seq: previous?.seq ?? ctx.store.nextSeq(),
  };
  if (m.subject) {
    record.subjectDigest = m.subject.digest;
    record.subjectMediaType = m.subject.mediaType;
    if (!existing?.manifests.has(m.subject.digest)) record.subjectAbsentAtPush = true;
  }
  if (m.artifactType !== undefined) record.artifactType = m.artifactType;
  if (m.configMediaType !== undefined) record.configMediaType = m.configMediaType;
  if (m.annotations) record.annotations = m.annotations;
  repo.manifests.set(digest, record);
  repo.ghostManifests.delete(digest);

  if (ref.kind === 'tag') {
    const current = repo.tags.get(ref.tag);
    const frozen = ctx.faults.has('manifest-tag-immutable') && current !== undefined;
    if (!frozen) repo.tags.set(ref.tag, digest);
  } else if (ctx.faults.has('manifest-put-by-digest-tags')) {
    repo.tags.set(digest, digest);
  }

  const headers: Headers = {
    'Docker-Content-Digest': ctx.faults.has('manifest-put-digest-header-wrong') ? wrongDigest(digest) : digest,
  };
  if (!ctx.faults.has('manifest-put-no-location')) headers['Location'] = `/v2/${name}/manifests/${digest}`;
  if (m.subject && !ctx.faults.has('subject-header-missing')) {
    headers['OCI-Subject'] = ctx.faults.has('subject-header-wrong') ? digest : m.subject.digest;
  }
  send(ctx, ctx.faults.has('manifest-put-not-201') ? 200 : 201, headers);
}

// ---------------------------------------------------------------- GET / HEAD

function resolve(ctx: Ctx, repo: Repository, rawRef: string): StoredManifest | undefined {
  const ref = checkReference(ctx, rawRef);
  if (ref.kind === 'digest') return ref.ref.kind === 'ok' ? repo.manifests.get(ref.ref.digest) : undefined;
  const digest = repo.tags.get(ref.tag);
  const record = digest === undefined ? undefined : repo.manifests.get(digest);
  if (record && ctx.faults.has('manifest-tag-resolves-child') && record.children.length > 0) {
    return repo.manifests.get(record.children[0]!) ?? record;
  }
  return record;
}

function getManifest(ctx: Ctx, name: string, rawRef: string): void {
  if (ctx.method === 'HEAD' && ctx.faults.has('manifest-head-unsupported')) throw new RegistryError(405, 'UNSUPPORTED', 'HEAD not supported on manifests');
  checkReference(ctx, rawRef);
  const repo = ctx.store.repo(name);
  if (!repo) {
    if (ctx.faults.has('repo-missing-not-404')) return send(ctx, 200, { 'Content-Type': 'application/json' });
    throw repoMissing(ctx, name);
  }
  const record = resolve(ctx, repo, rawRef);
  if (!record) {
    if (ctx.faults.has('manifest-missing-not-404')) throw invalid('manifest could not be read', { reference: rawRef });
    throw new RegistryError(404, 'MANIFEST_UNKNOWN', 'manifest unknown to repository', { reference: rawRef });
  }
  let contentType = record.mediaType;
  if (ctx.faults.has('manifest-content-type-generic')) contentType = 'application/json';
  if (ctx.faults.has('manifest-content-type-param')) contentType += '; charset=utf-8';
  if (ctx.method === 'HEAD' && ctx.faults.has('manifest-head-content-type')) contentType = 'application/octet-stream';
  const large = record.bytes.length > 64 * 1024 && ctx.faults.has('digest-header-wrong-large-manifest');
  send(ctx, 200, { 'Content-Type': contentType, ...digestHeaders(ctx, large ? wrongDigest(record.digest) : record.digest) }, record.bytes);
}

// ---------------------------------------------------------------- DELETE

function deleteManifest(ctx: Ctx, name: string, rawRef: string): void {
  checkDeletesEnabled(ctx);
  const ref = checkReference(ctx, rawRef);
  const repo = requireRepo(ctx, name);
  const status = ctx.faults.has('delete-manifest-200') ? 200 : 202;
  const unknown = (): void => {
    if (ctx.faults.has('delete-unknown-202')) return send(ctx, 202, {});
    throw new RegistryError(404, 'MANIFEST_UNKNOWN', 'manifest unknown to repository', { reference: rawRef });
  };
  if (ref.kind === 'tag') {
    if (!repo.tags.has(ref.tag)) return unknown();
    if (ctx.faults.has('delete-tag-refused-403')) throw new RegistryError(403, 'DENIED', 'tag deletion is not allowed');
    const target = repo.tags.get(ref.tag)!;
    if (!ctx.faults.has('delete-tag-keeps-tag')) untag(ctx, repo, ref.tag);
    if (ctx.faults.has('delete-tag-deletes-manifest')) {
      repo.manifests.delete(target);
      for (const [tag, d] of repo.tags) if (d === target) untag(ctx, repo, tag);
    }
    return send(ctx, status, {});
  }
  const record = ref.ref.kind === 'ok' ? repo.manifests.get(ref.ref.digest) : undefined;
  if (!record) return unknown();
  if (!ctx.faults.has('delete-manifest-keeps-content')) {
    repo.manifests.delete(record.digest);
    if (ctx.faults.has('referrers-stale-after-delete')) repo.ghostManifests.set(record.digest, record);
    // Deleting a manifest removes every tag that pointed at it.
    for (const [tag, d] of repo.tags) if (d === record.digest) untag(ctx, repo, tag);
  }
  send(ctx, status, {});
}

function untag(ctx: Ctx, repo: Repository, tag: string): void {
  repo.tags.delete(tag);
  if (ctx.faults.has('tags-stale-after-delete')) repo.ghostTags.add(tag);
}
