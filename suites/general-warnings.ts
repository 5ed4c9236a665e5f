import { absentDigest, randomImage, randomTag } from '../src/gen/oci.js';
import type { Reply } from '../src/registry/client.js';
import type { CheckContext } from '../src/runner/workflow.js';
import { WARNING_RE } from '../src/registry/grammar.js';
import { defineWorkflow } from '../src/runner/workflow.js';
import { Unsupported } from '../src/runner/verdicts.js';
import { fail } from './_lib/expect.js';
import { pushImage } from './_lib/setup.js';

/** A spread of ordinary requests, successful and not, whose Warning headers are then examined. */
async function sample({ registry, repo, rng }: CheckContext): Promise<Reply[]> {
  const image = randomImage(rng, { layers: 1 });
  await pushImage(registry, repo, image, randomTag(rng));
  return [
    await registry.ping(),
    await registry.getManifest(repo, image.manifest.digest),
    await registry.headBlob(repo, image.layers[0]!.digest),
    await registry.getBlob(repo, absentDigest(rng)),
    await registry.startUpload(repo),
    await registry.listTags(repo),
  ];
}

function warningsOf(r: Reply): string[] {
  return r.rawHeaders.filter(([k]) => k === 'warning').flatMap(([, v]) => splitWarnings(v));
}

/** One header may carry several comma-separated warnings; commas inside the quoted text do not split. */
function splitWarnings(v: string): string[] {
  return v.match(/(?:[^,"]|"(?:[^"\\]|\\.)*")+/g)?.map((s) => s.trim()).filter(Boolean) ?? [];
}

/** The `Warning` header: code 299, agent `-`, no date, at most 4096 bytes of text per response. */
export default defineWorkflow({
  id: 'general-warnings',
  title: 'Warning headers',
  category: 'general',
  needs: [],
  checks: [
    {
      id: 'general/warnings/format',
      title: 'MUST send every Warning as code 299 with agent "-" and no date',
      level: 'MUST',
      requirements: ['WARN-002', 'WARN-003', 'WARN-004'],
      async run(ctx) {
        const all = (await sample(ctx)).flatMap(warningsOf);
        if (all.length === 0) throw new Unsupported('the registry sent no Warning headers (they are optional)');
        const bad = all.find((w) => !WARNING_RE.test(w));
        if (bad !== undefined) fail('a Warning header is not of the form 299 - "text"', '299 - "<text>"', bad);
      },
    },
    {
      id: 'general/warnings/size',
      title: 'MUST NOT send more than 4096 bytes of warning text in one response',
      level: 'MUST NOT',
      requirements: ['WARN-005'],
      async run(ctx) {
        const replies = await sample(ctx);
        if (replies.every((r) => warningsOf(r).length === 0)) throw new Unsupported('the registry sent no Warning headers (they are optional)');
        for (const r of replies) {
          const text = warningsOf(r).map((w) => /"((?:[^"\\]|\\.)*)"/.exec(w)?.[1] ?? w);
          const bytes = text.reduce((n, t) => n + Buffer.byteLength(t), 0);
          if (bytes > 4096) fail(`${r.exchange.method} ${r.exchange.url}: ${bytes} bytes of warning text`, 'at most 4096 bytes', `${bytes} bytes`);
        }
      },
    },
  ],
});
