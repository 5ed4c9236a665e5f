import fc from 'fast-check';
import { manifestDoc, randomImage, type Image, type ManifestDoc } from '../src/gen/oci.js';
import type { Registry, Reply } from '../src/registry/client.js';
import { digestOf } from '../src/registry/digest.js';
import { MEDIA } from '../src/registry/grammar.js';
import { Unsupported } from '../src/runner/verdicts.js';
import { defineWorkflow, type CheckContext } from '../src/runner/workflow.js';
import { fail, need } from './_lib/expect.js';
import { needOwnRepositories, pushBlobs } from './_lib/setup.js';
import { eventually } from './_lib/eventually.js';
import { property } from './_lib/property.js';
import { walkTags } from './_lib/tag-list.js';

/**
 * A model-based test of one repository as a state machine: random sequences of
 * pushes, re-tags and deletes, after each of which the registry must agree with
 * a model of tag ⇒ digest pointers and stored manifests.
 */

/** What the registry should hold. */
interface Model {
  tags: Map<string, string>;
  manifests: Set<string>;
  /** Whether the registry deletes tags at all (the spec lets it allow deletion by digest only). */
  tagDeletes: boolean;
}

/** The system under test, plus what the harness needs to talk to it. */
interface Real {
  registry: Registry;
  /** The run's consistency window, for the reads that follow each command. */
  settings: CheckContext['settings'];
  repo: string;
  /** Manifest documents by nonce: the same nonce always gives the same bytes. */
  manifest(nonce: number): ManifestDoc;
  /** Every tag and digest this run ever pushed, so deleted ones are probed too. */
  seenTags: Set<string>;
  seenDigests: Map<string, ManifestDoc>;
}

type Cmd = fc.AsyncCommand<Model, Real>;

/** Statuses by which a registry says deletion is disabled. */
const DISABLED = [400, 405];

async function put(r: Real, ref: string, m: ManifestDoc): Promise<void> {
  const res = await r.registry.putManifest(r.repo, ref, m.bytes, m.mediaType);
  // A refused push is not a verdict of this check (the push workflows judge it): stop, don't shrink.
  need(res.status === 201, `pushing a manifest under ${ref} failed (status ${res.status})`);
  r.seenDigests.set(m.digest, m);
}

async function del(r: Real, ref: string): Promise<void> {
  const res = await r.registry.deleteManifest(r.repo, ref);
  // The delete workflow judges delete statuses; this check judges what the registry holds afterwards.
  need(res.status >= 200 && res.status < 300, `DELETE of ${ref} failed (status ${res.status})`);
}

function nth<T>(items: Iterable<T>, i: number): T {
  const all = [...items].sort();
  return all[i % all.length]!;
}

class Push implements Cmd {
  constructor(
    readonly tag: string | undefined,
    readonly nonce: number,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: Model, r: Real): Promise<void> {
    const doc = r.manifest(this.nonce);
    await put(r, this.tag ?? doc.digest, doc);
    m.manifests.add(doc.digest);
    if (this.tag) {
      r.seenTags.add(this.tag);
      m.tags.set(this.tag, doc.digest);
    }
    await verify(m, r);
  }
  toString(): string {
    return `Push(${this.tag ?? 'by digest'}, manifest ${this.nonce})`;
  }
}

/** Moves a tag to another manifest the repository holds (MAN-015), by pushing its bytes again under the tag. */
class Retag implements Cmd {
  constructor(
    readonly tag: string,
    readonly pick: number,
  ) {}
  check(m: Readonly<Model>): boolean {
    return m.manifests.size > 0;
  }
  async run(m: Model, r: Real): Promise<void> {
    // Prefer a manifest the tag does not point at yet, so that the tag really moves.
    const others = [...m.manifests].filter((d) => d !== m.tags.get(this.tag));
    const digest = nth(others.length > 0 ? others : m.manifests, this.pick);
    await put(r, this.tag, r.seenDigests.get(digest)!);
    r.seenTags.add(this.tag);
    m.tags.set(this.tag, digest);
    await verify(m, r);
  }
  toString(): string {
    return `Retag(${this.tag}, stored manifest #${this.pick})`;
  }
}

class DeleteTag implements Cmd {
  constructor(readonly pick: number) {}
  check(m: Readonly<Model>): boolean {
    return m.tagDeletes && m.tags.size > 0;
  }
  async run(m: Model, r: Real): Promise<void> {
    const tag = nth(m.tags.keys(), this.pick);
    await del(r, tag);
    m.tags.delete(tag);
    await verify(m, r);
  }
  toString(): string {
    return `DeleteTag(tag #${this.pick})`;
  }
}

class DeleteManifest implements Cmd {
  constructor(readonly pick: number) {}
  check(m: Readonly<Model>): boolean {
    return m.manifests.size > 0;
  }
  async run(m: Model, r: Real): Promise<void> {
    const digest = nth(m.manifests, this.pick);
    await del(r, digest);
    m.manifests.delete(digest);
    // Deleting a manifest takes every tag pointing at it along (DEL-008).
    for (const [t, d] of m.tags) if (d === digest) m.tags.delete(t);
    await verify(m, r);
  }
  toString(): string {
    return `DeleteManifest(stored manifest #${this.pick})`;
  }
}

/** Compares the registry with the model, polling within the consistency window for stores that settle late (A26). */
async function verify(m: Model, r: Real): Promise<void> {
  const failure = await eventually(
    r,
    () => compare(m, r).then(() => undefined, (e: unknown) => e),
    (e) => e === undefined,
  );
  if (failure !== undefined) throw failure;
}

async function compare(m: Model, r: Real): Promise<void> {
  for (const tag of r.seenTags) {
    const want = m.tags.get(tag);
    const got = await r.registry.getManifest(r.repo, tag);
    if (want === undefined) {
      if (got.status !== 404) fail(`GET of tag ${tag}, which was deleted or whose manifest was deleted, did not answer 404`, 'status 404', observed(got));
    } else if (got.status !== 200 || digestOf(got.body) !== want) {
      fail(`GET of tag ${tag} does not give the manifest it was last pointed at`, `status 200, ${want}`, observed(got));
    }
  }
  for (const digest of r.seenDigests.keys()) {
    const want = m.manifests.has(digest) ? 200 : 404;
    const got = await r.registry.getManifest(r.repo, digest);
    if (got.status !== want) fail(`GET by digest of a ${want === 200 ? 'stored' : 'deleted'} manifest answered ${got.status}`, `status ${want}`, observed(got));
  }
  const first = await r.registry.listTags(r.repo);
  // An emptied repository may be gone altogether.
  if (first.status === 404 && m.tags.size === 0) return;
  const walk = await walkTags(r.registry, first, 20);
  need(!walk.problem, `the tag list could not be read: ${walk.problem}`);
  const want = [...m.tags.keys()].sort();
  const got = [...new Set(walk.tags)].sort();
  if (want.join(',') !== got.join(',')) fail('the tag list does not match the tags pushed and not deleted', `[${want.join(', ')}]`, `[${got.join(', ')}]`);
}

function observed(r: Reply): string {
  return r.status === 200 ? `status 200, ${digestOf(r.body)}` : `status ${r.status}`;
}

/** Probes, in a repository of its own, whether manifests and tags can be deleted (two manifests: a tag delete must not touch the other). */
async function probeDeletes(registry: Registry, repo: string, image: Image, tagged: ManifestDoc, untagged: ManifestDoc): Promise<{ tagDeletes: boolean }> {
  await pushBlobs(registry, repo, [image.config, ...image.layers]);
  for (const [ref, doc] of [['probe', tagged], [untagged.digest, untagged]] as const) {
    const res = await registry.putManifest(repo, ref, doc.bytes, doc.mediaType);
    need(res.status === 201, `pushing a manifest failed (status ${res.status})`);
  }
  const byTag = await registry.deleteManifest(repo, 'probe');
  need(byTag.status < 300 || DISABLED.includes(byTag.status), `DELETE of a tag failed (status ${byTag.status})`);
  const byDigest = await registry.deleteManifest(repo, untagged.digest);
  if (DISABLED.includes(byDigest.status)) throw new Unsupported(`manifest deletion is disabled (status ${byDigest.status}), which the spec allows`);
  need(byDigest.status < 300, `DELETE of a manifest by digest failed (status ${byDigest.status})`);
  return { tagDeletes: byTag.status < 300 };
}

export default defineWorkflow({
  id: 'management-model',
  title: 'A repository as a state machine: pushes, tag moves and deletes',
  category: 'content-management',
  needs: ['push', 'content-management'],
  checks: [
    {
      id: 'content-management/model/tags-and-deletes',
      title: 'MUST keep tags, manifests and the tag list consistent through any sequence of pushes, tag moves and deletes',
      level: 'MUST',
      requirements: ['MAN-015', 'TAGS-019', 'DEL-004', 'DEL-008'],
      timeoutMs: 110_000,
      async run(ctx) {
        const { registry, repo, rng } = ctx;
        // Each example starts from an empty repository of its own, compared whole with the model.
        needOwnRepositories(ctx, 'the model');
        const image = randomImage(rng, { layers: 1 });
        const salt = rng.hex(16);
        const manifest = (nonce: number): ManifestDoc =>
          manifestDoc(
            { schemaVersion: 2, mediaType: MEDIA.manifest, config: image.config.descriptor, layers: image.layers.map((l) => l.descriptor), annotations: { 'org.example.nonce': `${salt}-${nonce}` } },
            MEDIA.manifest,
          );
        const { tagDeletes } = await probeDeletes(registry, `${repo}/probe`, image, manifest(-1), manifest(-2));
        // Few tags, so that pushes and re-tags often move an existing tag (MAN-015).
        const prefix = rng.word(4);
        const tag = fc.constantFrom(`${prefix}-0`, `${prefix}-1`);
        const nonce = fc.integer({ min: 0, max: 3 });
        const pick = fc.nat({ max: 7 });
        const cmds = fc.commands<Model, Real, false>(
          [
            fc.tuple(fc.option(tag, { nil: undefined }), nonce).map(([t, n]) => new Push(t, n)),
            fc.tuple(tag, pick).map(([t, p]) => new Retag(t, p)),
            pick.map((p) => new DeleteTag(p)),
            pick.map((p) => new DeleteManifest(p)),
          ],
          // Full-length sequences (fast-check's default size keeps them to a few commands).
          { maxCommands: 12, size: 'max' },
        );
        let runs = 0;
        await property(
          ctx,
          cmds,
          async (sequence) => {
            // Every example, shrunk ones included, starts from an empty repository of its own.
            const real: Real = { registry, settings: ctx.settings, repo: `${repo}/run${++runs}`, manifest, seenTags: new Set(), seenDigests: new Map() };
            await pushBlobs(registry, real.repo, [image.config, ...image.layers]);
            await fc.asyncModelRun(() => ({ model: { tags: new Map<string, string>(), manifests: new Set<string>(), tagDeletes }, real }), sequence);
          },
          { numRuns: 5 },
        );
      },
    },
  ],
});
