import { AuthSession } from '../http/auth.js';
import { LimitExceeded, type ExchangeSink, type HttpResponse } from '../http/client.js';
import { redactUrl } from '../http/redact.js';
import { StreamTransport, type StreamBody, type StreamOptions } from '../http/stream.js';
import { digestOf } from './digest.js';
import { MEDIA } from './grammar.js';

/** What a registry operation observed. Operations report; they never judge. */
export interface Reply extends HttpResponse {
  /** The `Location` header resolved against the request URL, when present. */
  location?: string;
}

/** Everything a run pushed, so it can be deleted at the end. */
export class Ledger {
  /** `tag` when the manifest was pushed under a tag. */
  readonly manifests: Array<{ repo: string; digest: string; tag?: string }> = [];
  readonly blobs: Array<{ repo: string; digest: string }> = [];
}

/** Which write requests (POST, PUT, PATCH, DELETE) the run may send; anything else is refused before it leaves. */
export interface WritePolicy {
  /** Why a write to this URL is not allowed, or undefined when it is. */
  refuse(method: string, url: URL): string | undefined;
}

/** A write the run's policy forbids: a fault of the harness, never sent to the registry. */
export class WriteRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriteRefused';
  }
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const DEFAULT_ACCEPT = [MEDIA.manifest, MEDIA.index, MEDIA.dockerManifest, MEDIA.dockerList].join(', ');

/** Typed operations of the distribution API, one HTTP exchange each (plus auth and redirects). */
export class Registry {
  constructor(
    private readonly session: AuthSession,
    readonly baseUrl: string,
    private readonly sink?: ExchangeSink,
    readonly ledger: Ledger = new Ledger(),
    /** Aborts every request of this registry view (a check's timeout, the run's end). */
    readonly signal?: AbortSignal,
    private readonly writes?: WritePolicy,
  ) {
    session.trust(baseUrl);
  }

  /** The same registry, recording exchanges somewhere else (and stopped by `signal`). */
  withSink(sink: ExchangeSink | undefined, ledger: Ledger = this.ledger, signal: AbortSignal | undefined = this.signal): Registry {
    return new Registry(this.session, this.baseUrl, sink, ledger, signal, this.writes);
  }

  /** The same registry under a write policy (read-only runs, the namespace fence). */
  withWrites(policy: WritePolicy | undefined): Registry {
    return new Registry(this.session, this.baseUrl, this.sink, this.ledger, this.signal, policy);
  }

  /** The same registry without credentials, to see what it tells a client that has none. */
  anonymous(): Registry {
    return new Registry(new AuthSession(this.session.http, {}, false), this.baseUrl, this.sink, this.ledger, this.signal, this.writes);
  }

  /** Text bound for a report: secrets this session knows and secret URL parameters removed. */
  scrub(text: string): string {
    return this.session.http.scrubText(text);
  }

  url(path: string): string {
    return new URL(path, this.baseUrl).toString();
  }

  /** `stream` sends the body from a stream and/or hands a 2xx answer's body on as it arrives (blobs of any size). */
  async send(method: string, url: string, opts: { headers?: Record<string, string>; body?: Buffer; scopes?: string[]; stream?: StreamOptions } = {}): Promise<Reply> {
    const refused = this.writes && !READS.has(method) ? this.writes.refuse(method, new URL(url)) : undefined;
    if (refused) throw new WriteRefused(`${method} ${redactUrl(url)} was not sent: ${refused}`);
    const via = opts.stream ? new StreamTransport(this.session.http, opts.stream) : undefined;
    const res = await this.session.send(
      { method, url, headers: opts.headers ?? {}, ...(opts.body ? { body: opts.body } : {}), ...(this.signal ? { signal: this.signal } : {}) },
      this.sink,
      opts.scopes,
      via,
    );
    if (res.truncated) {
      const cap = this.session.http.options.maxBodyBytes;
      const size = cap >= 1 << 20 ? `${Math.round(cap / (1 << 20))} MiB` : `${cap} bytes`;
      throw new LimitExceeded(`the body of ${method} ${redactUrl(url)} is larger than our cap of ${size} (raise it with --max-body)`);
    }
    const loc = res.headers['location'];
    let location: string | undefined;
    if (loc) {
      try {
        location = new URL(loc, res.url).toString();
      } catch {
        location = undefined;
      }
    }
    return { ...res, ...(location ? { location } : {}) };
  }

  ping(): Promise<Reply> {
    return this.send('GET', this.url('/v2/'));
  }

  headBlob(repo: string, digest: string): Promise<Reply> {
    return this.send('HEAD', this.url(`/v2/${repo}/blobs/${digest}`));
  }

  getBlob(repo: string, digest: string, range?: string): Promise<Reply> {
    return this.send('GET', this.url(`/v2/${repo}/blobs/${digest}`), range ? { headers: { range } } : {});
  }

  deleteBlob(repo: string, digest: string): Promise<Reply> {
    return this.send('DELETE', this.url(`/v2/${repo}/blobs/${digest}`));
  }

  /** Opens an upload session (POST with an empty body). */
  startUpload(repo: string): Promise<Reply> {
    return this.send('POST', this.url(`/v2/${repo}/blobs/uploads/`), { headers: { 'content-length': '0' } });
  }

  /** Single POST: the whole blob in the session-opening request. */
  async postBlob(repo: string, data: Buffer, digest = digestOf(data)): Promise<Reply> {
    const r = await this.send('POST', this.url(`/v2/${repo}/blobs/uploads/?digest=${encodeURIComponent(digest)}`), {
      headers: { 'content-type': MEDIA.octet },
      body: data,
    });
    if (r.status === 201) this.ledger.blobs.push({ repo, digest });
    return r;
  }

  /** A PATCH; `range` is the spec's `start-end` form, omitted for a streamed upload. */
  patchUpload(location: string, data: Buffer, range?: { start: number; end: number }): Promise<Reply> {
    const headers: Record<string, string> = { 'content-type': MEDIA.octet };
    if (range) headers['content-range'] = `${range.start}-${range.end}`;
    return this.send('PATCH', location, { headers, body: data });
  }

  /** Closes a session with PUT; `digest` undefined sends no digest parameter. */
  async putUpload(location: string, repo: string, digest: string | undefined, data?: Buffer, range?: { start: number; end: number }): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (data && data.length > 0) headers['content-type'] = MEDIA.octet;
    if (range) headers['content-range'] = `${range.start}-${range.end}`;
    const url = digest ? withQuery(location, 'digest', digest) : location;
    const r = await this.send('PUT', url, { headers, body: data ?? Buffer.alloc(0) });
    if (r.status === 201 && digest) this.ledger.blobs.push({ repo, digest });
    return r;
  }

  /** GET of a blob (or a Range of it) whose 2xx body goes to `onBody` piece by piece instead of into the reply. */
  getBlobStream(repo: string, digest: string, onBody: (piece: Buffer) => void, range?: string): Promise<Reply> {
    return this.send('GET', this.url(`/v2/${repo}/blobs/${digest}`), { ...(range ? { headers: { range } } : {}), stream: { onBody } });
  }

  /** A PATCH streamed from `body`; `dropAfter` cuts the connection after that many bytes on purpose. */
  patchUploadStream(location: string, body: StreamBody, range: { start: number; end: number }, dropAfter?: number): Promise<Reply> {
    const headers = { 'content-type': MEDIA.octet, 'content-range': `${range.start}-${range.end}` };
    return this.send('PATCH', location, { headers, stream: { body, ...(dropAfter !== undefined ? { dropAfter } : {}) } });
  }

  /** A closing PUT that streams the whole blob (monolithic upload) from `body`. */
  async putUploadStream(location: string, repo: string, digest: string, body: StreamBody): Promise<Reply> {
    const r = await this.send('PUT', withQuery(location, 'digest', digest), { headers: { 'content-type': MEDIA.octet }, stream: { body } });
    if (r.status === 201) this.ledger.blobs.push({ repo, digest });
    return r;
  }

  uploadStatus(location: string): Promise<Reply> {
    return this.send('GET', location);
  }

  cancelUpload(location: string): Promise<Reply> {
    return this.send('DELETE', location);
  }

  async mountBlob(repo: string, digest: string, from?: string): Promise<Reply> {
    const q = `mount=${encodeURIComponent(digest)}${from ? `&from=${encodeURIComponent(from)}` : ''}`;
    const r = await this.send('POST', this.url(`/v2/${repo}/blobs/uploads/?${q}`), {
      headers: { 'content-length': '0' },
      ...(from ? { scopes: [`repository:${from}:pull`] } : {}),
    });
    if (r.status === 201) this.ledger.blobs.push({ repo, digest });
    return r;
  }

  headManifest(repo: string, ref: string, accept = DEFAULT_ACCEPT): Promise<Reply> {
    return this.send('HEAD', this.url(`/v2/${repo}/manifests/${ref}`), { headers: { accept } });
  }

  getManifest(repo: string, ref: string, accept = DEFAULT_ACCEPT): Promise<Reply> {
    return this.send('GET', this.url(`/v2/${repo}/manifests/${ref}`), { headers: { accept } });
  }

  async putManifest(repo: string, ref: string, body: Buffer, contentType: string): Promise<Reply> {
    const r = await this.send('PUT', this.url(`/v2/${repo}/manifests/${ref}`), { headers: { 'content-type': contentType }, body });
    if (r.status === 201) {
      const digest = digestOf(body, ref.startsWith('sha512:') ? 'sha512' : 'sha256');
      this.ledger.manifests.push({ repo, digest, ...(ref.includes(':') ? {} : { tag: ref }) });
    }
    return r;
  }

  deleteManifest(repo: string, ref: string): Promise<Reply> {
    return this.send('DELETE', this.url(`/v2/${repo}/manifests/${ref}`));
  }

  listTags(repo: string, params: { n?: number | string; last?: string } = {}): Promise<Reply> {
    const q = new URLSearchParams();
    if (params.n !== undefined) q.set('n', String(params.n));
    if (params.last !== undefined) q.set('last', params.last);
    const qs = q.toString();
    return this.send('GET', this.url(`/v2/${repo}/tags/list${qs ? `?${qs}` : ''}`));
  }

  referrers(repo: string, digest: string, artifactType?: string): Promise<Reply> {
    const qs = artifactType ? `?artifactType=${encodeURIComponent(artifactType)}` : '';
    return this.send('GET', this.url(`/v2/${repo}/referrers/${digest}${qs}`));
  }

  discoverExtensions(repo?: string): Promise<Reply> {
    return this.send('GET', this.url(repo ? `/v2/${repo}/_oci/ext/discover` : '/v2/_oci/ext/discover'));
  }

  /** GET of an opaque URL the registry handed out (a `Link` or `Location`). */
  get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
    return this.send('GET', new URL(url, this.baseUrl).toString(), { headers });
  }

  /** POST then PUT, the most widely supported way to push a blob. */
  async pushBlob(repo: string, data: Buffer, digest = digestOf(data)): Promise<{ post: Reply; put?: Reply }> {
    const post = await this.startUpload(repo);
    if (post.status !== 202 || !post.location) return { post };
    const put = await this.putUpload(post.location, repo, digest, data);
    return { post, put };
  }
}

/** Adds a query parameter, keeping whatever query the registry put in the URL. */
export function withQuery(url: string, key: string, value: string): string {
  const u = new URL(url);
  u.searchParams.append(key, value);
  return u.toString();
}
