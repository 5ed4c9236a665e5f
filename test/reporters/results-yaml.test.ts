import { describe, expect, it } from 'vitest';
import { OUTCOMES } from '../../src/model/outcome.js';
import type { CheckResult } from '../../src/model/result.js';
import { OFFICIAL_APIS, OFFICIAL_DATA, OFFICIAL_UNTESTED, officialNames } from '../../src/reporters/official-names.js';
import { OFFICIAL_API_NAMES } from './vocabulary.js';
import {
  OFFICIAL_STATUS,
  officialApis,
  raiseStatus,
  renderProductYaml,
  renderResultsYaml,
  yamlScalar,
} from '../../src/reporters/results-yaml.js';
import { expectGolden, loadSample } from './helpers.js';

const check = (id: string, workflow: string, requirements: string[]): Pick<CheckResult, 'id' | 'workflow' | 'requirements'> => ({ id, workflow, requirements });

describe('official name mapping', () => {
  it('uses the official API names in the suite order, each name once', () => {
    expect(OFFICIAL_APIS.map((r) => r.name)).toEqual(OFFICIAL_API_NAMES.filter((n) => OFFICIAL_APIS.some((r) => r.name === n)));
    const all = [...OFFICIAL_APIS, ...OFFICIAL_DATA, ...OFFICIAL_UNTESTED].map((r) => r.name);
    expect(new Set(all).size).toBe(all.length);
  });

  it.each([
    ['pull/blob/get', 'pull-blobs', ['PULL-011', 'PULL-014'], ['Blob get'], ['Blobs sha256']],
    ['pull/blob/head', 'pull-blobs', ['PULL-017', 'PULL-021'], ['Blob head'], ['Blobs sha256']],
    ['pull/blob/range', 'pull-blobs', ['PULL-016'], ['Blob get range'], ['Blobs sha256']],
    ['pull/manifest/get-by-tag', 'pull-manifests', ['PULL-001'], ['Manifest get by tag'], ['Image']],
    ['pull/manifest/get-by-digest', 'pull-manifests', ['PULL-001', 'PULL-009'], ['Manifest get by digest'], ['Image']],
    ['pull/manifest/content-type', 'pull-manifests', ['PULL-003'], ['Manifest get by digest', 'Manifest get by tag'], ['Image']],
    ['pull/manifest/head', 'pull-manifests', ['PULL-017'], ['Manifest head by digest', 'Manifest head by tag'], ['Image']],
    ['push/blob/mount/anonymous', 'push-blob-mount', ['MOUNT-005', 'MOUNT-001'], ['Blob push', 'Blob anonymous mount'], ['Blobs sha256']],
    ['push/blob/mount/from', 'push-blob-mount', ['MOUNT-001'], ['Blob push', 'Blob mount'], ['Blobs sha256']],
    ['push/manifest/put-by-tag', 'push-manifests', ['MAN-006', 'MAN-009'], ['Manifest put by tag'], ['Image']],
    ['push/manifest/digest-mismatch', 'push-manifests', ['MAN-011'], ['Manifest put by digest'], ['Bad Digest Image']],
    ['push/manifest/malformed-digest', 'push-manifests', ['MAN-011', 'NAME-003'], ['Manifest put by digest'], ['Invalid Manifest Digest']],
    ['push/manifest/artifact', 'push-manifest-data', ['IMG-004', 'IMG-015'], [], ['Artifact without Layers']],
    ['push/manifest/unknown-artifact-type', 'push-manifest-data', ['IMG-004'], [], ['Artifact']],
    ['push/manifest/index-nested', 'push-manifest-kinds', ['MAN-017'], [], ['Nested Index']],
    ['push/manifest/subject-absent', 'discovery-referrers', ['PUSH-001'], ['Manifest put with subject'], ['Missing Subject']],
    ['discovery/referrers/index-subject', 'discovery-referrers', ['REF-023'], ['Referrers'], ['Index with Subject']],
    ['discovery/referrers/complete', 'discovery-referrers', ['REF-007'], ['Referrers'], ['Artifacts with Subject']],
    ['content-management/delete/blob-gone', 'management-deletes', ['DEL-013'], ['Blob delete atomic'], ['Blobs sha256']],
    ['content-management/delete/disabled-status', 'management-deletes', ['DEL-003', 'DEL-007', 'DEL-012'], [], []],
    ['ping/api-version', 'ping', ['GEN-004'], ['Ping'], []],
    ['push/sha512/blob-head', 'push-sha512', ['PULL-017', 'PULL-019', 'NAME-007'], ['Blob head'], ['Blobs sha512']],
    ['push/sha512/manifest-head', 'push-sha512', ['PULL-017', 'NAME-007'], ['Manifest head by digest'], ['Digest Algorithm sha512']],
    ['pull/given/blob-head', 'pull-given', ['PULL-017', 'PULL-021'], ['Blob head'], []],
    ['pull/given/manifest-head', 'pull-given', ['PULL-017', 'PULL-021'], ['Manifest head by digest', 'Manifest head by tag'], []],
    ['pull/given/manifest-by-tag', 'pull-given', ['PULL-001'], ['Manifest get by tag'], []],
    ['push/blob/large/resume', 'push-blob-large', ['CHUNK-016', 'CHUNK-014'], ['Blob push', 'Blob chunked'], ['Blobs sha256']],
    ['pull/blob/large/range', 'push-blob-large', ['PULL-016'], ['Blob get range'], ['Blobs sha256']],
    ['dev/next/upload-cancel', 'dev-next', ['NEXT-005'], ['Blob upload cancel'], []],
  ])('%s maps to its official API and data names', (id, workflow, reqs, apis, data) => {
    expect(officialNames(OFFICIAL_APIS, check(id, workflow, reqs))).toEqual(apis);
    expect(officialNames(OFFICIAL_DATA, check(id, workflow, reqs))).toEqual(data);
  });
});

describe('official statuses', () => {
  it('maps every outcome', () => {
    expect(OUTCOMES.map((o) => OFFICIAL_STATUS[o])).toEqual(['Pass', 'Skip', 'Disabled', 'Pass', 'FAIL', 'Error']);
  });

  it('aggregates like the suite: Disabled < Skip < Pass < FAIL < Error', () => {
    expect(raiseStatus('Skip', 'Pass')).toBe('Pass');
    expect(raiseStatus('Pass', 'Skip')).toBe('Pass');
    expect(raiseStatus('Disabled', 'Skip')).toBe('Skip');
    expect(raiseStatus('FAIL', 'Pass')).toBe('FAIL');
    expect(raiseStatus('FAIL', 'Error')).toBe('Error');
  });

  it('raises an API to FAIL when any of its checks fails, and warn stays Pass', () => {
    const run = loadSample();
    const rows = Object.fromEntries(officialApis(run).map((r) => [r.name, r.status]));
    expect(rows['Manifest get by tag']).toBe('FAIL');
    expect(rows['Blob get range']).toBe('Pass'); // the fixture's range check is a warn
    expect(rows['Blob chunked']).toBe('Error');
    expect(rows['Referrers']).toBe('Disabled');
    expect(rows['Blob post only']).toBe('Skip');
    expect(rows['Blob push']).toBe('Error');
    expect(rows['Tag delete']).toBeUndefined(); // no check of the fixture covers it: left out
  });
});

describe('renderResultsYaml / renderProductYaml', () => {
  const run = loadSample();
  const yaml = renderResultsYaml(run);

  it('matches the golden files', () => {
    expectGolden('results.yaml', yaml);
    expectGolden('PRODUCT.yaml', renderProductYaml(run));
  });

  it('has config, apis and data with sorted official names and official statuses', () => {
    const lines = yaml.split('\n');
    const block = (key: string): string[] => {
      const start = lines.indexOf(`${key}:`);
      expect(start).toBeGreaterThan(-1);
      const out: string[] = [];
      for (const l of lines.slice(start + 1)) {
        if (!l.startsWith('  ')) break;
        out.push(l);
      }
      return out;
    };
    const apis = block('apis').map((l) => /^ {2}(.+): (Pass|Skip|Disabled|FAIL|Error)$/.exec(l));
    expect(apis.every((m) => m !== null)).toBe(true);
    const names = apis.map((m) => m![1]);
    expect(names).toEqual([...names].sort());
    for (const n of names) expect(OFFICIAL_API_NAMES).toContain(n);
    expect(block('data').length).toBeGreaterThan(0);
    expect(block('config')).toContain('  registry: "127.0.0.1:5000"');
    expect(block('config')).toContain('  version: "1.1"');
  });

  it('quotes scalars that YAML would misread', () => {
    expect(yamlScalar('Blob get')).toBe('Blob get');
    expect(yamlScalar('1.1')).toBe('"1.1"');
    expect(yamlScalar('yes')).toBe('"yes"');
    expect(yamlScalar('a: b')).toBe('"a: b"');
    expect(yamlScalar('x #y')).toBe('"x #y"');
    expect(yamlScalar("it's \"q\"\n")).toBe('"it\'s \\"q\\"\\n"');
    expect(yamlScalar('')).toBe('""');
    expect(yamlScalar(42)).toBe('42');
  });

  it('gives a PRODUCT.yaml with every field of a submission', () => {
    const p = renderProductYaml(run);
    for (const k of ['vendor', 'name', 'version', 'website_url', 'repo_url', 'documentation_url', 'product_logo_url', 'type', 'description']) {
      expect(p).toMatch(new RegExp(`^${k}: `, 'm'));
    }
    expect(p).toMatch(/^type: distribution$/m);
  });
});

describe('YAML comments', () => {
  it('cannot be broken out of by a newline in a run field', () => {
    const run = loadSample();
    run.run.registry.url = 'http://r\nevil: injected';
    run.run.profile = '1.1\nvendor: evil';
    const y = renderResultsYaml(run);
    const p = renderProductYaml(run);
    expect(y).not.toMatch(/^evil:/m);
    expect(p).not.toMatch(/^vendor: evil/m);
    expect(y).toContain('version: "1.1\\nvendor: evil"');
  });
});
