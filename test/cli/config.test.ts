import { describe, expect, it } from 'vitest';
import { resolveSettings, UsageError } from '../../src/cli/config.js';

describe('settings from flags and environment', () => {
  it('defaults to the embedded registry and every format', () => {
    const s = resolveSettings({}, {});
    expect(s.registry).toBeUndefined();
    expect(s.namespace).toBe('oci-conform');
    expect(s.formats).toEqual(['json', 'junit', 'html', 'yaml', 'badge']);
    expect(s.reportDir).toBe('reports');
    expect(s.disabledCategories).toEqual([]);
  });

  it('takes --large-blob as a size with a unit, off by default', () => {
    expect(resolveSettings({}, {}).largeBlob).toBeUndefined();
    expect(resolveSettings({ largeBlob: '5GiB' }, {}).largeBlob).toBe(5 * 2 ** 30);
    expect(resolveSettings({ largeBlob: '100MiB' }, {}).largeBlob).toBe(100 * 2 ** 20);
    for (const bad of ['huge', '0', '-5MiB']) expect(() => resolveSettings({ largeBlob: bad }, {})).toThrow(/--large-blob .* is not a size/);
  });

  it('reads the legacy official variables', () => {
    const s = resolveSettings(
      {},
      { OCI_ROOT_URL: 'https://r.example/', OCI_NAMESPACE: 'a/b', OCI_CROSSMOUNT_NAMESPACE: 'a/c', OCI_USERNAME: 'u', OCI_PASSWORD: 'p', OCI_TEST_PULL: '1', OCI_TEST_PUSH: 'true', OCI_DEBUG: '1', OCI_REPORT_DIR: 'out' },
    );
    expect(s).toMatchObject({ registry: 'https://r.example', namespace: 'a/b', crossmountNamespace: 'a/c', username: 'u', password: 'p', verbose: true, reportDir: 'out' });
    expect(s.disabledCategories.sort()).toEqual(['content-discovery', 'content-management']);
  });

  it('reads the newer official variables', () => {
    const s = resolveSettings({}, { OCI_REGISTRY: 'localhost:5000', OCI_TLS: 'disabled', OCI_REPO1: 'x/one', OCI_REPO2: 'x/two', OCI_VERSION: '1.0', OCI_RESULTS_DIR: 'res' });
    expect(s).toMatchObject({ registry: 'http://localhost:5000', namespace: 'x/one', crossmountNamespace: 'x/two', profile: '1.0', reportDir: 'res' });
    expect(resolveSettings({}, { OCI_REGISTRY: 'r.example', OCI_TLS: 'insecure' })).toMatchObject({ registry: 'https://r.example', insecure: true });
  });

  it('lets flags win over the environment', () => {
    const s = resolveSettings({ registry: 'http://127.0.0.1:1', namespace: 'flag/ns' }, { OCI_ROOT_URL: 'https://env.example', OCI_NAMESPACE: 'env/ns' });
    expect(s).toMatchObject({ registry: 'http://127.0.0.1:1', namespace: 'flag/ns' });
  });

  it.each([
    [{ registry: 'not a url' }, /not a URL/],
    [{ registry: 'ftp://x' }, /http or https/],
    [{ registry: 'https://u:p@x' }, /credentials/],
    [{ namespace: 'Upper/Case' }, /not a valid repository name/],
    [{ concurrency: 0 }, /--concurrency/],
    [{ seed: -1 }, /--seed/],
    [{ format: ['pdf'] }, /--format "pdf"/],
    [{ profile: '2.0' }, /profile/],
    [{ username: 'u' }, /go together/],
    [{ registry: 'http://x', fault: ['ping-not-found'] }, /embedded registry only/],
  ])('refuses bad input %j with a clear message', (flags, msg) => {
    expect(() => resolveSettings(flags, {})).toThrow(UsageError);
    expect(() => resolveSettings(flags, {})).toThrow(msg);
  });
});

describe('the configuration file schema', () => {
  it('has a property for every option of the run command, under the flag name', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = join(import.meta.dirname, '../..');
    const main = readFileSync(join(root, 'src/cli/main.ts'), 'utf8');
    const run = main.slice(main.indexOf("'run',"), main.indexOf('.epilog(RUN_EPILOG)'));
    const options = [...run.matchAll(/\.option\('([a-z-]+)'/g)].map((m) => m[1]!).filter((o) => o !== 'config');
    const schema = JSON.parse(readFileSync(join(root, 'schemas/config.schema.json'), 'utf8')) as { properties: Record<string, unknown> };
    expect(options.length).toBeGreaterThan(30);
    expect(options.filter((o) => !(o in schema.properties))).toEqual([]);
    expect(Object.keys(schema.properties).filter((k) => !options.includes(k))).toEqual([]);
  });
});
