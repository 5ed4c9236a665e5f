/** In-memory state: content-addressed blobs linked into repositories, manifests, tags, upload sessions. */
import { type BlobContent, FileBlob, removeFile, SpillDir } from './spill.js';

/** A manifest as pushed, plus the fields the referrers API needs (extracted once at push time). */
export interface StoredManifest {
  digest: string;
  bytes: Buffer;
  /** Media type without parameters (from Content-Type or the body's mediaType). */
  mediaType: string;
  subjectDigest?: string;
  /** mediaType of the subject descriptor (used by the referrers-index-subject-ignored fault). */
  subjectMediaType?: string;
  /** The subject was not in the repository when this manifest was pushed (referrers-orphans-dropped fault). */
  subjectAbsentAtPush?: boolean;
  artifactType?: string;
  /** config.mediaType for image manifests; undefined for indexes. */
  configMediaType?: string;
  annotations?: Record<string, string>;
  /** Child manifest digests for indexes (used by the manifest-tag-resolves-child fault). */
  children: string[];
  /** Insertion order, so listings are deterministic. */
  seq: number;
}

export interface Repository {
  name: string;
  /** Digests of blobs linked into this repository. */
  blobs: Set<string>;
  manifests: Map<string, StoredManifest>;
  /** tag -> manifest digest */
  tags: Map<string, string>;
  /** Deleted tags, remembered only for the tags-stale-after-delete fault. */
  ghostTags: Set<string>;
  /** Deleted manifests, remembered only for the referrers-stale-after-delete fault. */
  ghostManifests: Map<string, StoredManifest>;
  /** Came into existence through a mount, remembered only for the tags-mounted-repository-404 fault. */
  createdByMount?: boolean;
}

export interface UploadSession {
  id: string;
  repo: string;
  chunks: Buffer[];
  size: number;
  /** Set once the session outgrew the large-blob threshold: its bytes are in this file, not in `chunks`. */
  file?: string;
  /** A chunk shorter than the advertised minimum was accepted; only the closing PUT may follow. */
  shortChunkSeen: boolean;
  /** Set when finished; kept only when the upload-session-reusable fault is on. */
  finished: boolean;
}

export class Store {
  /** Blob content shared by all repositories (a blob is readable only where linked). */
  private readonly content = new Map<string, BlobContent>();
  /** Where large blobs and large upload sessions live (see spill.ts). */
  readonly spill = new SpillDir();
  readonly repos = new Map<string, Repository>();
  readonly uploads = new Map<string, UploadSession>();
  private seq = 0;

  nextSeq(): number {
    return ++this.seq;
  }

  repo(name: string): Repository | undefined {
    return this.repos.get(name);
  }

  /** Repositories come into existence on their first stored blob or manifest. */
  ensureRepo(name: string): Repository {
    let r = this.repos.get(name);
    if (!r) {
      r = { name, blobs: new Set(), manifests: new Map(), tags: new Map(), ghostTags: new Set(), ghostManifests: new Map() };
      this.repos.set(name, r);
    }
    return r;
  }

  putBlob(repo: string, digest: string, data: BlobContent): void {
    const old = this.content.get(digest);
    if (old instanceof FileBlob && !(data instanceof FileBlob && data.path === old.path)) void removeFile(old.path);
    this.content.set(digest, data);
    this.ensureRepo(repo).blobs.add(digest);
  }

  /** Links existing content into a repository (cross-repository mount). */
  linkBlob(repo: string, digest: string): boolean {
    if (!this.content.has(digest)) return false;
    const fresh = !this.repos.has(repo);
    const r = this.ensureRepo(repo);
    if (fresh) r.createdByMount = true;
    r.blobs.add(digest);
    return true;
  }

  getBlob(repo: string, digest: string): BlobContent | undefined {
    const r = this.repos.get(repo);
    if (!r || !r.blobs.has(digest)) return undefined;
    return this.content.get(digest);
  }

  hasBlobAnywhere(digest: string): boolean {
    return this.content.has(digest);
  }

  /** Unlinks a blob; content is dropped once no repository links it any more. */
  deleteBlob(repo: string, digest: string): boolean {
    const r = this.repos.get(repo);
    if (!r || !r.blobs.delete(digest)) return false;
    for (const other of this.repos.values()) if (other.blobs.has(digest)) return true;
    const c = this.content.get(digest);
    if (c instanceof FileBlob) void removeFile(c.path);
    this.content.delete(digest);
    return true;
  }

  /** Removes every file the store wrote. */
  close(): void {
    this.spill.removeAll();
  }
}
