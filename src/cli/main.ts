#!/usr/bin/env node
// Only what every command needs is imported here; each handler loads its command with a dynamic
// import, so `--version` and `list` never load the HTTP client, the suites or the reporters.
import { EXIT, UsageError, resolveSettings, type RunFlags } from './config.js';
import { harnessVersion } from './version.js';

const RUN_EPILOG = `Environment (flags win): OCI_ROOT_URL, OCI_REGISTRY + OCI_TLS, OCI_NAMESPACE / OCI_REPO1,
OCI_CROSSMOUNT_NAMESPACE / OCI_REPO2, OCI_USERNAME, OCI_PASSWORD, OCI_TEST_PULL, OCI_TEST_PUSH,
OCI_TEST_CONTENT_DISCOVERY, OCI_TEST_CONTENT_MANAGEMENT, OCI_DEBUG, OCI_REPORT_DIR / OCI_RESULTS_DIR, OCI_VERSION,
OCI_TAG_NAME, OCI_MANIFEST_DIGEST, OCI_BLOB_DIGEST, OCI_TAG_LIST, OCI_RO_DATA_TAGS / _MANIFESTS / _BLOBS / _REFERRERS.
Exit codes: 0 no fail and no error in a claimed category (--claims); 1 at least one fail or error there (or warn, with
--strict); 2 bad usage, registry unreachable, credentials rejected, or no check reached a verdict; 130/143 stopped by
SIGINT/SIGTERM (reports written).`;

/** `--version` and a plain `list` are answered without loading the argument parser, with the same output. */
async function fastPath(argv: string[]): Promise<boolean> {
  if (argv.length === 1 && argv[0] === '--version') {
    process.stdout.write(`${harnessVersion()}\n`);
    return true;
  }
  const listFlag = argv[1];
  if (argv[0] === 'list' && argv.length <= 2 && (listFlag === undefined || listFlag === '--requirements' || listFlag === '--faults')) {
    const { listCommand } = await import('./list.js');
    process.stdout.write(await listCommand({ requirements: listFlag === '--requirements', faults: listFlag === '--faults' }));
    return true;
  }
  return false;
}

/** The run flags yargs parsed, under their camelCase names only (yargs also adds kebab-case and positional keys). */
function runFlags(a: Record<string, unknown>): RunFlags {
  return Object.fromEntries(Object.entries(a).filter(([k]) => !k.includes('-') && k !== '_' && k !== '$0' && k !== 'config')) as RunFlags;
}

async function main(argv: string[]): Promise<number> {
  if (await fastPath(argv)) return EXIT.ok;
  const { default: yargs } = await import('yargs');
  let code: number = EXIT.ok;
  await yargs(argv)
    .scriptName('oci-conform')
    .version(harnessVersion())
    .strict()
    .recommendCommands()
    .demandCommand(1, 'name a command: run, list, serve, report, diff, merge, compare or submission')
    .command(
      'run',
      'Run the conformance checks against a registry (default: the embedded reference registry)',
      (y) =>
        y
          .option('config', { type: 'string', describe: 'A YAML or JSON file holding any of these options under their flag names (flags win over it)' })
          .option('registry', { type: 'string', describe: 'Registry base URL, e.g. https://registry.example.com' })
          .option('namespace', { type: 'string', describe: 'Repository namespace the run creates its repositories under' })
          .option('repositories', { type: 'string', describe: 'per-workflow (default: a new repository per workflow under --namespace) or given (--namespace is the one repository to use)' })
          .option('crossmount-namespace', { type: 'string', describe: 'Namespace of the second repository used for cross-repository mounts' })
          .option('username', { type: 'string', describe: 'User for Basic auth or the token endpoint' })
          .option('password', { type: 'string', describe: 'Password (prefer OCI_PASSWORD: flags show up in process lists)' })
          .option('token', { type: 'string', describe: 'A ready bearer token' })
          .option('insecure', { type: 'boolean', describe: 'Accept TLS certificates that do not verify' })
          .option('seed', { type: 'number', describe: 'Seed of all generated data; printed by every run so it can be replayed' })
          .option('concurrency', { type: 'number', describe: 'Workflows run at once (default 8)' })
          .option('only', { type: 'array', string: true, describe: 'Run only checks whose ID, workflow or requirement ID matches a glob' })
          .option('skip', { type: 'array', string: true, describe: 'Do not run checks matching a glob' })
          .option('report-dir', { type: 'string', describe: 'Where reports go (default reports/)' })
          .option('format', { type: 'array', string: true, describe: 'json, junit, html, yaml, badge (default all)' })
          .option('timeout', { type: 'number', describe: 'Seconds one HTTP request may take (default 30)' })
          .option('check-timeout', { type: 'number', describe: 'Seconds one check may take (default 120)' })
          .option('profile', { type: 'string', describe: 'Spec profile: 1.1 (default), 1.0, dev, read-only (alias pull-only: no write request)' })
          .option('tag', { type: 'array', string: true, describe: 'read-only: a tag already in the repository (--namespace) to pull' })
          .option('manifest-digest', { type: 'array', string: true, describe: 'read-only: a manifest digest already in the repository' })
          .option('blob-digest', { type: 'array', string: true, describe: 'read-only: a blob digest already in the repository' })
          .option('index', { type: 'array', string: true, describe: 'read-only: a tag or digest of an image index already in the repository' })
          .option('subject', { type: 'array', string: true, describe: 'read-only: a digest whose referrers are listed' })
          .option('expect', { type: 'string', describe: 'Expected outcomes (YAML or JSON): exit 0 when the run matches them, 1 on a new failure or an unexpected pass' })
          .option('shard', { type: 'string', describe: 'Run part i of n (i/n), balanced by recorded cost; combine the parts with oci-conform merge (needs --seed)' })
          .option('write-expect', { type: 'string', describe: "Write this run's findings as an expectations file" })
          .option('fault', { type: 'array', string: true, describe: 'Self-test: start the embedded registry with this fault switch' })
          .option('chunk-min-length', { type: 'number', describe: 'Chunk size to use when the registry enforces a minimum it does not advertise (default 1024)' })
          .option('consistency-window', { type: 'number', describe: 'Seconds reads after writes (tag lists, referrers, deletes) poll before judging (default 3)' })
          .option('large-blob', { type: 'string', describe: 'Also push and pull blobs of this size, streamed (e.g. 100MiB, 5GiB; default off)' })
          .option('strict', { type: 'boolean', describe: 'Exit 1 on warnings (SHOULD not met) too' })
          .option('verbose', { type: 'boolean', describe: 'Print every HTTP exchange (redacted)' })
          .option('ca-file', { type: 'string', describe: 'PEM file of CA certificates to trust besides the system ones (a private CA)' })
          .option('run-timeout', { type: 'number', describe: 'Seconds the whole run may take; then the reports of what ran are written (default none)' })
          .option('max-body', { type: 'number', describe: 'MiB one response body may have (default 64); a larger one makes the check skip' })
          .option('claims', { type: 'array', string: true, describe: 'Categories claimed: pull (always), push, content-discovery, content-management (default all)' })
          .epilog(RUN_EPILOG),
      async (a) => {
        const { loadConfigFile, overFile } = await import('./config-file.js');
        const flags = runFlags(a);
        const merged = a.config ? overFile(flags, await loadConfigFile(a.config)) : flags;
        const { runCommand } = await import('./run.js');
        code = await runCommand(resolveSettings(merged, process.env), process.stdout, process.stderr);
      },
    )
    .command(
      'list',
      'List checks, requirements with their coverage, or fault switches',
      (y) =>
        y
          .option('requirements', { type: 'boolean', describe: 'Each requirement with the checks covering it, and totals by level' })
          .option('faults', { type: 'boolean', describe: 'Fault switches of the embedded registry' })
          .conflicts('requirements', 'faults'),
      async (a) => {
        const { listCommand } = await import('./list.js');
        process.stdout.write(await listCommand({ requirements: a.requirements === true, faults: a.faults === true }));
      },
    )
    .command(
      'serve',
      'Run the embedded reference registry on its own (127.0.0.1)',
      (y) =>
        y
          .option('port', { type: 'number', default: 5000, describe: 'Port on 127.0.0.1' })
          .option('fault', { type: 'array', string: true, describe: 'Fault switches to turn on' })
          .option('chunk-min-length', { type: 'number', describe: 'Minimum PATCH chunk size to enforce and advertise' })
          .option('deletes', { type: 'boolean', default: true, describe: 'Allow DELETE; --no-deletes refuses every DELETE with 405' })
          .option('verbose', { type: 'boolean', describe: 'Print one line per request' }),
      async (a) => {
        const { serveCommand } = await import('./serve.js');
        code = await serveCommand({
          port: a.port,
          faults: a.fault ?? [],
          ...(a['chunk-min-length'] !== undefined ? { chunkMinLength: a['chunk-min-length'] } : {}),
          deletes: a.deletes,
          verbose: a.verbose === true,
        });
      },
    )
    .command(
      'report <results>',
      'Render every report format again from a saved results.json',
      (y) =>
        y
          .positional('results', { type: 'string', demandOption: true })
          .option('report-dir', { type: 'string', describe: 'Where to write (default: beside results.json)' })
          .option('format', { type: 'array', string: true, describe: 'json, junit, html, yaml, badge (default all)' }),
      async (a) => {
        const { reportCommand } = await import('./report.js');
        code = await reportCommand(a.results, a['report-dir'], a.format);
      },
    )
    .command(
      'diff <before> <after>',
      'List checks whose outcome changed between two results.json files',
      (y) => y.positional('before', { type: 'string', demandOption: true }).positional('after', { type: 'string', demandOption: true }),
      async (a) => {
        const { diffCommand } = await import('./report.js');
        code = await diffCommand(a.before, a.after);
      },
    )
    .command(
      'compare <results..>',
      'Compare several runs side by side: compare.html and compare.md',
      (y) =>
        y
          .positional('results', { type: 'string', array: true, demandOption: true, describe: 'results.json files, in column order' })
          .option('report-dir', { type: 'string', default: 'reports', describe: 'Where compare.html and compare.md go' })
          .option('label', { type: 'array', string: true, describe: 'KEY=NAME: a column label (KEY: position, path, file or directory name)' })
          .option('fail-on-regression', { type: 'string', describe: 'Exit 1 when a check that passed in the run labelled BASE does not pass in a later one' })
          .option('all', { type: 'boolean', describe: 'compare.md lists every check, not only those that differ' }),
      async (a) => {
        const { compareCommand } = await import('./compare.js');
        code = await compareCommand(
          { files: a.results, reportDir: a['report-dir'], labels: a.label ?? [], all: a.all === true, ...(a['fail-on-regression'] !== undefined ? { failOnRegression: a['fail-on-regression'] } : {}) },
          process.stdout,
        );
        },
      )
      .command(
      'merge <results..>',
      'Combine the results.json of every --shard of one run into one results.json and every report',
      (y) =>
        y
          .positional('results', { type: 'string', array: true, demandOption: true })
          .option('report-dir', { type: 'string', describe: 'Where to write (default reports/)' })
          .option('format', { type: 'array', string: true, describe: 'json, junit, html, yaml, badge (default all)' }),
      async (a) => {
        const { mergeCommand } = await import('./merge.js');
        code = await mergeCommand(a.results as string[], a['report-dir'], a.format);
      },
    )
    .command(
      'submission',
      'Assemble the folder for a results pull request to opencontainers/oci-conformance',
      (y) =>
        y
          .option('report-dir', { type: 'string', default: 'reports', describe: 'The run\'s report directory (holding results.json)' })
          .option('out', { type: 'string', describe: 'Where the submission goes (default <report-dir>/submission)' })
          .option('product', { type: 'string', describe: 'A PRODUCT.yaml to start from (default <report-dir>/PRODUCT.yaml); flags win' })
          .option('vendor', { type: 'string' })
          .option('name', { type: 'string', describe: 'Product name' })
          .option('product-version', { type: 'string', describe: 'Product version (not the spec version)' })
          .option('website-url', { type: 'string' })
          .option('repo-url', { type: 'string' })
          .option('documentation-url', { type: 'string' })
          .option('product-logo-url', { type: 'string', describe: 'SVG, AI or EPS' })
          .option('type', { type: 'string', describe: 'distribution, hosted, platform or installer' })
          .option('description', { type: 'string', describe: 'One sentence' }),
      async (a) => {
        const { submissionCommand } = await import('./submission.js');
        const fields = {
          vendor: a.vendor,
          name: a.name,
          version: a['product-version'],
          website_url: a['website-url'],
          repo_url: a['repo-url'],
          documentation_url: a['documentation-url'],
          product_logo_url: a['product-logo-url'],
          type: a.type,
          description: a.description,
        };
        code = await submissionCommand(
          { reportDir: a['report-dir'], fields, ...(a.out !== undefined ? { out: a.out } : {}), ...(a.product !== undefined ? { product: a.product } : {}) },
          process.stdout,
        );
      },
    )
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    })
    .help()
    // yargs renders the help text of every command it runs (to have it at hand); wrapping it costs
    // tens of milliseconds, so it is wrapped only when help is what was asked for.
    .wrap(argv.includes('--help') ? Math.min(110, process.stdout.columns ?? 110) : null)
    .parseAsync();
  return code;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const usage = e instanceof UsageError || (e instanceof Error && e.name === 'YError');
    process.stderr.write(`oci-conform: ${e instanceof Error ? e.message : String(e)}\n${usage ? 'Try oci-conform --help.\n' : ''}`);
    process.exitCode = usage ? EXIT.usage : EXIT.findings;
  },
);
