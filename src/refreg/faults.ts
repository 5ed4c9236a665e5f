/**
 * Fault switches for the reference registry. Each switch makes the registry
 * violate one requirement (or a tight group of related ones) so the harness can
 * prove that the check covering that requirement is able to fail.
 * `breaks` lists requirement IDs from the project's requirement inventory.
 */

const FAULT_TABLE = {
  // --- base / ping ---
  'ping-not-found': {
    description: 'GET /v2/ answers 404, as a server without the distribution API would.',
    breaks: ['GEN-004'],
  },
  'ping-unauthorized-no-challenge': {
    description: 'GET /v2/ answers 401 UNAUTHORIZED without any WWW-Authenticate header, even when no auth is configured.',
    breaks: ['GEN-004'],
  },

  // --- blob pulls ---
  'blob-get-corrupt': {
    description: 'Blob GET bodies have their first byte flipped, so the bytes no longer match the digest.',
    breaks: ['PULL-011', 'PULL-014'],
  },
  'blob-missing-not-404': {
    description: 'GET/HEAD of a blob that does not exist answers 200 with an empty body instead of 404.',
    breaks: ['PULL-015', 'PULL-020'],
  },
  'blob-head-wrong-length': {
    description: 'Blob HEAD reports a Content-Length one larger than the blob size.',
    breaks: ['PULL-019'],
  },
  'blob-head-unsupported': {
    description: 'HEAD on a blob answers 405 UNSUPPORTED; only GET works.',
    breaks: ['PULL-017'],
  },
  'blob-range-ignored': {
    description: 'Range requests on blob GET are ignored: always 200 with the full body, never 206/416, and no Accept-Ranges.',
    breaks: ['PULL-016'],
  },
  'digest-header-missing': {
    description: 'No Docker-Content-Digest header on any blob or manifest GET/HEAD.',
    breaks: ['PULL-007', 'PULL-012', 'PULL-018'],
  },
  'digest-header-wrong': {
    description: 'Docker-Content-Digest on blob/manifest GET/HEAD is a well-formed digest that does not match the content (last hex digit changed).',
    breaks: ['PULL-008', 'PULL-013'],
  },

  // --- names / references ---
  'digest-uppercase-accepted': {
    description: 'Digests with upper-case hex are folded to lower case and served instead of being rejected.',
    breaks: ['NAME-006'],
  },
  'digest-malformed-200': {
    description: 'Blob GET/HEAD with a malformed digest (e.g. sha256:xyz) answers 200 with an empty body instead of 400/404.',
    breaks: ['NAME-005'],
  },
  'name-uppercase-accepted': {
    description: 'Repository names are folded to lower case, so names with upper-case letters are accepted.',
    breaks: ['NAME-001'],
  },
  'tag-long-rejected': {
    description: 'Tags longer than 64 characters are rejected with 400 TAG_INVALID although up to 128 are valid.',
    breaks: ['NAME-004'],
  },
  'sha512-unsupported': {
    description: 'sha512 digests are refused with 400 DIGEST_INVALID everywhere (uploads, manifest PUT/GET by digest).',
    // Allowed behaviour (sha512 is optional (NAME-007)): checks must skip, never fail.
    breaks: [],
    allowed: true,
  },
  'digest-unregistered-rejected': {
    description: 'Digests of unregistered algorithms that satisfy the grammar are refused with 400 DIGEST_INVALID instead of being looked up (404).',
    breaks: ['NAME-008'],
  },
  'tag-schema-rejected': {
    description: 'Tags of the referrers tag schema (sha256-<64 hex>, sha512-<64 hex>) are refused with 400 TAG_INVALID.',
    breaks: ['REFTAG-003'],
  },

  // --- manifest pulls ---
  'manifest-missing-not-404': {
    description: 'GET/HEAD of an unknown manifest in an existing repository answers 400 MANIFEST_INVALID instead of 404.',
    breaks: ['PULL-010', 'PULL-020'],
  },
  'repo-missing-not-404': {
    description: 'Unknown repositories are not reported as 404: manifest GET/HEAD give 200 with an empty body, tag lists give 200 with no tags, other endpoints give 403 DENIED.',
    breaks: ['PULL-022', 'TAGS-016', 'DEL-006'],
  },
  'manifest-rewrite': {
    description: 'Manifests are parsed and re-serialized (3-space indentation) before being stored, so pulled bytes differ from pushed bytes and no longer hash to their digest.',
    breaks: ['MAN-008', 'PULL-001', 'PULL-009', 'IMG-025', 'IMG-031'],
  },
  'manifest-content-type-param': {
    description: 'Manifest GET/HEAD Content-Type carries an added "; charset=utf-8" parameter.',
    breaks: ['PULL-004'],
  },
  'manifest-content-type-generic': {
    description: 'Manifest GET/HEAD Content-Type is always application/json instead of the pushed media type.',
    breaks: ['PULL-003'],
  },
  'manifest-head-content-type': {
    description: 'Manifest HEAD answers Content-Type application/octet-stream, unlike the GET for the same reference.',
    breaks: ['PULL-021', 'GEN-009'],
  },
  'manifest-head-unsupported': {
    description: 'HEAD on a manifest (by tag or digest) answers 405 UNSUPPORTED; only GET works.',
    breaks: ['PULL-017'],
  },
  'manifest-tag-resolves-child': {
    description: 'Resolving a tag that points at an image index returns the first child manifest instead of the index.',
    breaks: ['PULL-023'],
  },

  // --- errors ---
  'error-code-lowercase': {
    description: 'Error codes in JSON error bodies are lower-case.',
    breaks: ['ERR-003'],
  },
  'error-code-unknown': {
    description: 'Every JSON error body uses the code NOT_FOUND_ERROR, which is not in the spec list.',
    breaks: ['ERR-006'],
  },
  'error-body-not-errors': {
    description: 'JSON error bodies have the shape {"error":"..."} instead of {"errors":[...]}.',
    breaks: ['ERR-002'],
  },
  'error-code-mismatch': {
    description: 'A missing blob is reported as MANIFEST_UNKNOWN and a missing manifest as BLOB_UNKNOWN.',
    breaks: ['ERR-007'],
  },
  'error-message-not-string': {
    description: 'The message field of JSON errors is a number instead of a string.',
    breaks: ['ERR-004'],
  },
  'error-unauthorized-code-wrong': {
    description: '401 responses carry the code DENIED instead of UNAUTHORIZED (only visible with auth configured).',
    breaks: ['ERR-008'],
  },

  // --- every response (judged by general/responses/*) ---
  'server-error-malformed-digest': {
    description: 'Blob GET/HEAD with a malformed digest answers 500 instead of 400/404.',
    breaks: ['GEN-011'],
  },
  'connection-drop-unregistered-digest': {
    description: 'Blob GET/HEAD with a digest of an unregistered algorithm closes the connection without a response.',
    breaks: ['GEN-012'],
  },
  'error-code-range-invalid': {
    description: 'An unsatisfiable blob Range is answered 416 with the non-spec error code RANGE_INVALID.',
    breaks: ['ERR-006'],
  },
  'content-length-overstated-404': {
    description: 'Every 404 declares a Content-Length 16 bytes longer than its body, then closes the connection.',
    breaks: ['GEN-013'],
  },
  'ping-json-not-json': {
    description: 'GET /v2/ answers Content-Type application/json with the body "ok", which is not JSON.',
    breaks: ['GEN-013'],
  },
  'digest-header-wrong-large-manifest': {
    description: 'Manifest GET/HEAD of manifests over 64 KiB carries a Docker-Content-Digest that does not match the content.',
    breaks: ['PULL-008'],
  },

  // --- bad input (judged by general/bad-input/*) ---
  'upload-digest-unregistered-accepted': {
    description: 'A closing PUT or single POST whose digest uses an unregistered algorithm stores the blob under that digest, unverified (201).',
    breaks: ['NAME-009'],
  },
  'mount-malformed-accepted': {
    description: 'A mount whose mount= digest is malformed or whose from= name breaks the grammar answers 201, as if mounted.',
    breaks: ['MOUNT-004'],
  },
  'tag-overlong-accepted': {
    description: 'Tags longer than 128 characters (otherwise of the tag alphabet) are accepted and stored.',
    breaks: ['NAME-004'],
  },
  'tags-n-invalid-500': {
    description: 'A tag list whose n is not a non-negative integer answers 500.',
    breaks: ['GEN-011'],
  },
  'tags-mounted-repository-404': {
    description: 'A repository that came into existence by a mount has no tag list: 404 NAME_UNKNOWN, whatever was pushed to it later.',
    breaks: ['TAGS-001'],
  },
  'upload-status-latest-only': {
    description: 'Every upload answer hands out a new Location (?gen=N); a status GET answers 404 at any but the newest.',
    breaks: ['CHUNK-016'],
  },
  'upload-unknown-session-accepted': {
    description: 'A status GET at an upload URL whose session is unknown answers 204 with Range 0-0, as for a fresh session.',
    breaks: ['CHUNK-018', 'PUSHM-009'],
  },

  // --- warnings ---
  'warning-bad-format': {
    description: 'Every response carries a Warning header with code 199, a named agent and a date.',
    breaks: ['WARN-002', 'WARN-003', 'WARN-004'],
  },
  'warning-too-long': {
    description: 'Every response carries well-formed 299 warnings totalling more than 4096 bytes.',
    breaks: ['WARN-005'],
  },

  // --- POST/PUT uploads ---
  'upload-post-not-202': {
    description: 'Opening an upload session answers 200 instead of 202.',
    breaks: ['PUSHM-001'],
  },
  'upload-post-no-location': {
    description: 'Opening an upload session answers 202 without a Location header.',
    breaks: ['PUSHM-001'],
  },
  'upload-location-not-unique': {
    description: 'Every upload session in a repository gets the same Location; opening a new one discards the previous session.',
    breaks: ['PUSHM-002'],
  },
  'upload-put-no-verify': {
    description: 'Closing PUT and single POST store the content under the client-supplied digest without checking it.',
    breaks: ['PUSHM-008', 'NAME-009', 'PUSHS-005', 'CHUNK-015'],
  },
  'upload-put-not-201': {
    description: 'A successful closing PUT answers 200 instead of 201.',
    breaks: ['PUSHM-007', 'CHUNK-014'],
  },
  'upload-put-no-location': {
    description: 'A successful closing PUT answers 201 without a Location header.',
    breaks: ['PUSHM-007'],
  },
  'upload-put-needs-no-digest': {
    description: 'A closing PUT without the digest parameter is accepted; the blob is stored under its sha256.',
    breaks: ['PUSHM-010'],
  },
  'upload-cancel-ignored': {
    description: 'DELETE of an upload session answers 204 but the session stays alive (spec main: cancel an upload).',
    breaks: ['NEXT-005'],
  },
  'upload-session-reusable': {
    description: 'Finished upload sessions stay alive and keep accepting PATCH/PUT/GET.',
    breaks: ['PUSHM-009', 'CHUNK-018'],
  },
  'single-post-refused': {
    description: 'POST with ?digest= (single-request upload) answers 405 instead of 201 or a 202 session.',
    breaks: ['PUSHS-003'],
  },
  'single-post-location-wrong': {
    description: 'A successful single POST answers 201 with a Location naming a blob that does not exist.',
    breaks: ['PUSHS-004'],
  },

  // --- chunked uploads ---
  'patch-no-range': {
    description: 'PATCH answers 202 without the Range header.',
    breaks: ['CHUNK-006'],
  },
  'patch-range-per-chunk': {
    description: 'PATCH Range reports 0-(chunk length - 1) instead of the cumulative end offset.',
    breaks: ['CHUNK-007'],
  },
  'patch-out-of-order-accepted': {
    description: 'A PATCH whose Content-Range does not start at the current offset is appended and answered 202 instead of 416.',
    breaks: ['CHUNK-010'],
  },
  'patch-416-resets-session': {
    description: 'An out-of-order PATCH is refused with 416, but the session loses all data received so far.',
    breaks: ['CHUNK-010'],
  },
  'upload-status-not-204': {
    description: 'GET on an upload session answers 200 instead of 204.',
    breaks: ['CHUNK-016'],
  },
  'upload-status-no-range': {
    description: 'GET on an upload session answers 204 without the Range header.',
    breaks: ['CHUNK-016'],
  },
  'chunk-min-unadvertised': {
    description: 'A minimum chunk size is enforced (chunkMinLength, or 1024 when unset) but OCI-Chunk-Min-Length is never sent.',
    breaks: ['CHUNK-002'],
  },
  'chunk-min-malformed': {
    description: 'A minimum chunk size is enforced (chunkMinLength, or 1024 when unset) and announced as OCI-Chunk-Min-Length: <n> bytes, not a bare integer.',
    breaks: ['CHUNK-002'],
  },
  'streamed-patch-broken': {
    description: 'A PATCH without Content-Range (de-facto streamed upload) is refused with 400 BLOB_UPLOAD_INVALID.',
    // Allowed behaviour (streamed PATCH is de-facto, not in the spec (A8)): checks must skip, never fail.
    breaks: [],
    allowed: true,
  },
  'upload-put-final-chunk-dropped': {
    description: 'A closing PUT that carries the final chunk of a PATCHed upload drops it: only the PATCHed bytes are digested and stored.',
    breaks: ['CHUNK-014'],
  },

  // --- mounts ---
  'mount-claims-unknown': {
    description: 'Mounting a digest that is not available answers 201 with a Location, although nothing was mounted.',
    breaks: ['MOUNT-004'],
  },
  'mount-no-fallback': {
    description: 'A mount that cannot be done answers 404 BLOB_UNKNOWN instead of opening a normal session with 202.',
    breaks: ['MOUNT-003', 'MOUNT-007'],
  },
  'mount-not-linked': {
    description: 'A mount answers 201 but the blob is not made available in the target repository.',
    breaks: ['MOUNT-001'],
  },
  'mount-digest-header-wrong': {
    description: 'A successful mount answers 201 with a Docker-Content-Digest that does not match the blob (last hex digit changed).',
    breaks: ['MOUNT-002'],
  },

  // --- manifest pushes ---
  'manifest-put-no-verify': {
    description: 'PUT by digest stores the manifest under that digest even when the body hashes differently.',
    breaks: ['MAN-011'],
  },
  'manifest-put-malformed-digest-accepted': {
    description: 'A manifest PUT to a malformed digest reference (e.g. sha256:baddigeststring) is stored under that string and answered 201.',
    breaks: ['MAN-011', 'NAME-003'],
  },
  'manifest-put-not-201': {
    description: 'A successful manifest PUT answers 200 instead of 201.',
    breaks: ['MAN-009'],
  },
  'manifest-put-no-location': {
    description: 'A successful manifest PUT answers 201 without a Location header.',
    breaks: ['MAN-009'],
  },
  'manifest-put-digest-header-wrong': {
    description: 'The manifest PUT response carries a Docker-Content-Digest that differs from the digest of the body.',
    breaks: ['MAN-010'],
  },
  'manifest-put-by-digest-tags': {
    description: 'A PUT by digest also records the digest string as a tag, so it shows up in the tag list.',
    breaks: ['MAN-006'],
  },
  'manifest-put-content-type-param-rejected': {
    description: 'A manifest PUT whose Content-Type carries parameters is refused with 400 MANIFEST_INVALID.',
    breaks: ['MAN-003'],
  },
  'manifest-too-large-400': {
    description: 'An over-size manifest PUT is refused with 400 instead of 413.',
    breaks: ['MAN-013'],
  },
  'manifest-limit-small': {
    description: 'Manifests above 1 MiB are refused with 413, although at least 4 MB should be accepted.',
    breaks: ['MAN-014'],
  },
  'manifest-size-unlimited': {
    description: 'No manifest size limit besides the 64 MiB request cap, so a 64 MiB manifest is accepted.',
    breaks: ['MAN-012'],
  },
  'manifest-unknown-fields-rejected': {
    description: 'Manifests with top-level properties this registry does not know are refused with 400 MANIFEST_INVALID.',
    breaks: ['IMG-031'],
  },
  'manifest-nondistributable-rejected': {
    description: 'Image manifests with non-distributable layer types are refused with 400 MANIFEST_INVALID.',
    breaks: ['IMG-008'],
  },
  'manifest-repush-rejected': {
    description: 'Pushing a manifest whose digest already exists in the repository is refused with 400 MANIFEST_INVALID instead of being idempotent.',
    breaks: ['MAN-016'],
  },
  'manifest-docker-types-rejected': {
    description: 'Docker v2 manifests and manifest lists are refused with 400 MANIFEST_INVALID.',
    breaks: ['MAN-018'],
  },
  'manifest-tag-immutable': {
    description: 'Re-pushing an existing tag with different content answers 201 but the tag keeps pointing at the old manifest.',
    breaks: ['MAN-015'],
  },
  'manifest-index-rejected': {
    description: 'Image indexes (OCI and Docker list) are refused with 400 MANIFEST_INVALID.',
    breaks: ['MAN-017', 'IMG-019'],
  },
  'manifest-blob-unknown-wrong-code': {
    description: 'A manifest that references missing blobs is refused with MANIFEST_INVALID instead of MANIFEST_BLOB_UNKNOWN.',
    breaks: ['PUSH-003'],
  },
  'manifest-unknown-artifacttype-rejected': {
    description: 'Manifests whose artifactType is not an OCI-defined media type are refused with 400 MANIFEST_INVALID.',
    breaks: ['IMG-004'],
  },
  'manifest-unknown-config-rejected': {
    description: 'Image manifests whose config.mediaType is not an OCI/Docker config or the empty type are refused with 400 MANIFEST_INVALID.',
    breaks: ['IMG-005'],
  },
  'manifest-unknown-layer-rejected': {
    description: 'Image manifests with a layer media type outside the OCI/Docker layer types and the empty type are refused with 400 MANIFEST_INVALID.',
    breaks: ['IMG-010'],
  },
  'manifest-zstd-rejected': {
    description: 'Image manifests with tar+zstd layers are refused with 400 MANIFEST_INVALID.',
    breaks: ['IMG-009'],
  },
  'manifest-unknown-annotations-rejected': {
    description: 'Manifests with annotation keys outside the org.opencontainers.* namespace are refused with 400 MANIFEST_INVALID.',
    breaks: ['IMG-014'],
  },
  'manifest-empty-index-rejected': {
    description: 'Image indexes with an empty manifests list are refused with 400 MANIFEST_INVALID.',
    breaks: ['IMG-018'],
  },
  'index-duplicate-platform-rejected': {
    description: 'Image indexes with two entries for the same platform are refused with 400 MANIFEST_INVALID.',
    breaks: ['MAN-017'],
  },
  'manifest-data-populated': {
    description: 'Stored image manifests get a base64 data field added to their config descriptor (when it has none), so pulled bytes differ from pushed bytes.',
    breaks: ['IMG-025', 'MAN-008'],
  },
  'index-unknown-child-type-rejected': {
    description: 'Image indexes listing an entry whose mediaType is not a known manifest type are refused with 400 MANIFEST_INVALID.',
    breaks: ['IMG-020'],
  },
  'subject-required': {
    description: 'A manifest whose subject does not exist in the repository is refused with 400 MANIFEST_BLOB_UNKNOWN.',
    breaks: ['PUSH-001', 'REF-018'],
  },
  'subject-header-missing': {
    description: 'No OCI-Subject header on the PUT response of a manifest with a subject.',
    breaks: ['SUBJ-001'],
  },
  'subject-header-wrong': {
    description: 'OCI-Subject on a manifest PUT response names the pushed manifest instead of its subject.',
    breaks: ['SUBJ-001'],
  },

  // --- tags ---
  'tags-unsorted': {
    description: 'Tag lists are returned in reverse byte order.',
    breaks: ['TAGS-004', 'TAGS-013'],
  },
  'tags-first-page-skips': {
    description: 'Without last, the first tag page starts at the second tag.',
    breaks: ['TAGS-010'],
  },
  'tags-list-not-found': {
    description: 'The tag list endpoint answers 404 for every repository.',
    breaks: ['TAGS-001'],
  },
  'tags-n-ignored': {
    description: 'The n parameter is ignored: the whole tag list is returned without a Link header.',
    breaks: ['TAGS-005'],
  },
  'tags-last-inclusive': {
    description: 'The tag named by last is included at the start of the page.',
    breaks: ['TAGS-012'],
  },
  'tags-link-on-n0': {
    description: 'n=0 answers an empty list but still sends a Link header.',
    breaks: ['TAGS-009'],
  },
  'tags-n0-not-empty': {
    description: 'n=0 is treated like a missing n, so tags are returned.',
    breaks: ['TAGS-008'],
  },
  'tags-truncated-no-link': {
    description: 'Pages cut short by n or by the server page size carry no Link header (more tags exist but cannot be found).',
    breaks: ['TAGS-005', 'TAGS-007'],
  },
  'tags-link-malformed': {
    description: 'The tag pagination Link header lacks rel="next" and angle brackets.',
    breaks: ['TAGS-007'],
  },
  'tags-name-wrong': {
    description: 'The tag list "name" field is the last path component instead of the full repository name.',
    breaks: ['TAGS-002'],
  },
  'tags-null-when-empty': {
    description: 'A repository without tags answers "tags": null instead of an empty array.',
    breaks: ['TAGS-003'],
  },
  'tags-stale-after-delete': {
    description: 'Deleted tags (and tags of deleted manifests) keep appearing in the tag list.',
    breaks: ['TAGS-019', 'DEL-008'],
  },

  // --- referrers ---
  'referrers-not-found': {
    description: 'The referrers endpoint answers 404 for everything, like a registry without the API (OCI-Subject is still sent on pushes).',
    breaks: ['REF-001', 'REF-002', 'SUBJ-002'],
  },
  'referrers-unknown-subject-404': {
    description: 'Referrers of a subject that has none answer 404 MANIFEST_UNKNOWN instead of an empty index.',
    breaks: ['REF-002', 'REF-013'],
  },
  'referrers-bad-digest-200': {
    description: 'A malformed digest on the referrers endpoint answers 200 with an empty index instead of 400.',
    breaks: ['REF-003'],
  },
  'referrers-not-index': {
    description: 'The referrers body is {"referrers":[...]} without schemaVersion, mediaType or manifests.',
    breaks: ['REF-004'],
  },
  'referrers-wrong-content-type': {
    description: 'The referrers response Content-Type is application/json.',
    breaks: ['REF-005'],
  },
  'referrers-wrong-subject': {
    description: 'Referrers lists every manifest in the repository that has any subject, not only those pointing at the requested digest.',
    breaks: ['REF-006'],
  },
  'referrers-skip-indexes': {
    description: 'Referrers that are image indexes are left out of referrer lists.',
    breaks: ['REF-007'],
  },
  'referrers-index-subject-ignored': {
    description: 'Referrers whose subject descriptor names an image index are left out of referrer lists.',
    breaks: ['REF-023'],
  },
  'referrers-artifacttype-missing': {
    description: 'Referrer descriptors never carry artifactType.',
    breaks: ['REF-008', 'REF-009'],
  },
  'referrers-index-artifacttype-invented': {
    description: 'An index referrer without artifactType gets artifactType application/vnd.oci.image.index.v1+json in its descriptor.',
    breaks: ['REF-010'],
  },
  'referrers-annotations-dropped': {
    description: 'Referrer descriptors never carry annotations.',
    breaks: ['REF-011'],
  },
  'referrers-size-wrong': {
    description: 'Referrer descriptors report a size one larger than the stored manifest.',
    breaks: ['REF-012'],
  },
  'referrers-no-pagination-link': {
    description: 'Referrer lists are cut at the page size without a Link header, so the rest is unreachable.',
    breaks: ['REF-014'],
  },
  'referrers-filter-no-header': {
    description: 'The artifactType filter is applied but OCI-Filters-Applied is not sent.',
    breaks: ['REF-016'],
  },
  'referrers-filter-header-unfiltered': {
    description: 'OCI-Filters-Applied: artifactType is sent but the list is not filtered.',
    breaks: ['REF-016'],
  },
  'referrers-filter-ignored': {
    description: 'The artifactType filter is ignored (the full list is returned, without OCI-Filters-Applied): allowed, but filtering is recommended.',
    breaks: ['REF-015'],
  },
  'referrers-not-acceptable': {
    description: 'The referrers endpoint answers 406 UNSUPPORTED for everything: a non-conformant way to say the API is absent (404 is the only sanctioned one).',
    breaks: ['REF-001'],
  },
  'referrers-orphans-dropped': {
    description: 'Manifests pushed while their subject was not in the repository are never listed as referrers, not even after the subject is pushed.',
    breaks: ['REF-018'],
  },
  'referrers-stale-after-delete': {
    description: 'Deleted referrers keep appearing in referrer lists.',
    breaks: ['REF-019'],
  },

  // --- large blobs (kept in files; offsets shrink with the blob so small blobs show them too) ---
  'blob-large-truncated': {
    description: 'GET of a large blob breaks off at 4 GiB, or at half the blob when it is smaller, after announcing the full Content-Length.',
    breaks: ['PULL-011', 'PULL-014'],
  },
  'blob-large-range-wrong': {
    description: 'Range requests on a large blob starting past 2 GiB (or past half the blob when it is smaller) are served from an offset that wrapped around to the start.',
    breaks: ['PULL-016'],
  },
  'upload-drop-counts-declared': {
    description: 'When a PATCH of a large upload breaks off, the session counts the whole declared chunk as received though only part of it arrived.',
    breaks: ['CHUNK-016', 'CHUNK-014'],
  },

  // --- deletes ---
  'delete-manifest-200': {
    description: 'A successful manifest delete (by digest or tag) answers 200 instead of 202.',
    breaks: ['DEL-002', 'DEL-005'],
  },
  'delete-blob-200': {
    description: 'A successful blob delete answers 200 instead of 202.',
    breaks: ['DEL-010'],
  },
  'delete-manifest-keeps-content': {
    description: 'A manifest delete by digest answers 202 but the manifest and its tags stay retrievable.',
    breaks: ['DEL-008'],
  },
  'delete-tag-keeps-tag': {
    description: 'A tag delete answers 202 but the tag keeps resolving.',
    breaks: ['DEL-004'],
  },
  'delete-blob-keeps-content': {
    description: 'A blob delete answers 202 but the blob stays retrievable.',
    breaks: ['DEL-013'],
  },
  'delete-unknown-202': {
    description: 'Deleting an unknown manifest or blob in an existing repository answers 202 instead of 404.',
    breaks: ['DEL-009', 'DEL-011'],
  },
  'delete-tag-refused-403': {
    description: 'Tag deletion is refused with 403 DENIED while deletion by digest works.',
    breaks: ['DEL-003', 'DEL-016'],
  },
  'delete-tag-deletes-manifest': {
    description: 'A tag delete also deletes the manifest it pointed at, and so every other tag of that manifest.',
    breaks: ['DEL-004', 'MAN-015'],
  },
  'delete-disabled-403': {
    description: 'When deletion is disabled (deletes: false) DELETE answers 403 DENIED instead of 405 UNSUPPORTED.',
    breaks: ['DEL-003', 'DEL-007', 'DEL-012', 'DEL-016'],
  },

  // --- extensions ---
  'ext-discover-not-found': {
    description: 'Both discovery endpoints answer 404 (no extension support).',
    // Allowed behaviour (extensions are optional): checks must skip, never fail.
    breaks: [],
    allowed: true,
  },
  'ext-discover-repo-not-found': {
    description: 'Repository-level discovery answers 404 while registry-level discovery works.',
    // Allowed behaviour (repository-level extensions are optional): checks must skip, never fail.
    breaks: [],
    allowed: true,
  },
  'ext-discover-missing-endpoints': {
    description: 'Discovery entries lack the required "endpoints" array.',
    breaks: ['EXT-010', 'EXT-011'],
  },
  'ext-discover-wrong-content-type': {
    description: 'Discovery answers with Content-Type text/plain.',
    breaks: ['EXT-010', 'EXT-011'],
  },
  'ext-discover-bad-name': {
    description: 'The discovered extension is named "OCI" (no leading underscore, upper case).',
    breaks: ['EXT-003'],
  },
  'ext-discover-bad-endpoint': {
    description: 'The discovered extension lists its endpoint as "oci-discover" instead of _oci/ext/discover.',
    breaks: ['EXT-004'],
  },
  'ext-discover-duplicate-names': {
    description: 'The discovered extension list contains the same name twice.',
    breaks: ['EXT-002'],
  },
} as const satisfies Record<string, { description: string; breaks: readonly string[]; allowed?: true }>;

export type FaultName = keyof typeof FAULT_TABLE;

/** A switch breaks requirements, or (`allowed`) shows behaviour the spec allows, under which checks must skip. */
export interface Fault {
  description: string;
  breaks: string[];
  allowed?: true;
}

/** Public, mutable-typed copy of the table (the literal above only exists to derive FaultName). */
export const FAULTS: Record<FaultName, Fault> = Object.fromEntries(
  Object.entries(FAULT_TABLE).map(([name, f]) => [name, { description: f.description, breaks: [...f.breaks], ...('allowed' in f ? { allowed: true } : {}) }]),
) as Record<FaultName, Fault>;

/** All fault names, handy for iteration and validation. */
export const FAULT_NAMES: readonly FaultName[] = Object.keys(FAULT_TABLE) as FaultName[];

/** Runtime set of active faults; lookups are cheap and typo-proof. */
export class FaultSet {
  private readonly active: ReadonlySet<FaultName>;

  constructor(names: readonly FaultName[] = []) {
    for (const n of names) {
      if (!(n in FAULTS)) throw new Error(`unknown fault: ${String(n)}`);
    }
    this.active = new Set(names);
  }

  has(name: FaultName): boolean {
    return this.active.has(name);
  }

  get size(): number {
    return this.active.size;
  }
}
