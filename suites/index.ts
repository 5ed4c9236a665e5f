import type { AnyWorkflow } from '../src/runner/runner.js';
import ping from './ping.js';
import generalCategories from './general-categories.js';
import generalAuth from './general-auth.js';
import generalErrors from './general-errors.js';
import generalExtensions from './general-extensions.js';
import generalNames from './general-names.js';
import generalBadInput from './general-bad-input.js';
import generalResponses from './general-responses.js';
import generalWarnings from './general-warnings.js';
import pullBlobs from './pull-blobs.js';
import pullManifests from './pull-manifests.js';
import pullGiven from './pull-given.js';
import pushBlobPostPut from './push-blob-post-put.js';
import pushBlobSinglePost from './push-blob-single-post.js';
import pushBlobStreamed from './push-blob-streamed.js';
import pushBlobChunked from './push-blob-chunked.js';
import pushBlobMount from './push-blob-mount.js';
import pushBlobLarge from './push-blob-large.js';
import pushManifests from './push-manifests.js';
import pushManifestKinds from './push-manifest-kinds.js';
import pushManifestData from './push-manifest-data.js';
import pushSha512 from './push-sha512.js';
import discoveryTags from './discovery-tags.js';
import discoveryReferrers from './discovery-referrers.js';
import discoveryReferrersFallback from './discovery-referrers-fallback.js';
import discoveryGiven from './discovery-given.js';
import managementDeletes from './management-deletes.js';
import managementModel from './management-model.js';
import devNext from './dev-next.js';

/** Every workflow, in report order. */
export const WORKFLOWS: AnyWorkflow[] = [
  // general
  ping,
  generalCategories,
  generalAuth,
  generalErrors,
  generalNames,
  generalWarnings,
  generalExtensions,
  generalBadInput,
  generalResponses,
  // pull
  pullBlobs,
  pullManifests,
  pullGiven,
  // push
  pushBlobPostPut,
  pushBlobSinglePost,
  pushBlobStreamed,
  pushBlobChunked,
  pushBlobMount,
  pushBlobLarge,
  pushManifests,
  pushManifestKinds,
  pushManifestData,
  pushSha512,
  // content discovery
  discoveryTags,
  discoveryReferrers,
  discoveryReferrersFallback,
  discoveryGiven,
  // content management
  managementDeletes,
  managementModel,
  // after 1.1.1 (--profile dev)
  devNext,
];
