import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/reporters/junit.js';
import { stripInvalidXml, xmlAttr, xmlText } from '../../src/reporters/xml.js';
import { expectGolden, loadSample, ROOT } from './helpers.js';

const XSD = join(ROOT, 'fixtures', 'junit.xsd');

function xmllint(xml: string): { status: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'oci-conform-junit-'));
  const file = join(dir, 'junit.xml');
  writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
  if (r.error) {
    throw new Error(
      `xmllint could not be run (${r.error.message}). Install it: apt-get install -y libxml2-utils. ` +
        'This test does not skip: an unvalidated junit.xml is not proof.',
    );
  }
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('renderJunit', () => {
  const run = loadSample();
  const xml = renderJunit(run);

  it('matches the golden file', () => {
    expectGolden('junit.xml', xml);
  });

  it('validates against the JUnit XSD with xmllint', () => {
    const r = xmllint(xml);
    expect(r.out).toContain('validates');
    expect(r.status).toBe(0);
  });

  it('is rejected by the XSD when broken (the validation is real)', () => {
    const broken = xml.replace('<testsuite ', '<testsuite bogus="1" ');
    const r = xmllint(broken);
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/bogus/);
  });

  it('has one testsuite per category with counts that add up', () => {
    const suites = [...xml.matchAll(/<testsuite name="([^"]+)"[^>]*tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/g)];
    expect(suites.map((m) => m[1])).toEqual(['pull', 'push', 'content-discovery', 'content-management', 'general']);
    const sum = (i: number): number => suites.reduce((s, m) => s + Number(m[i]), 0);
    expect(sum(2)).toBe(run.checks.length);
    expect(sum(3)).toBe(run.run.totals.fail);
    expect(sum(4)).toBe(run.run.totals.error);
    expect(sum(5)).toBe(run.run.totals.skip + run.run.totals.disabled);
    expect(xml).toContain(`<testsuites name="oci-conform http://127.0.0.1:5000" tests="${run.checks.length}"`);
  });

  it('maps each outcome to the right element', () => {
    const tc = (id: string): string => {
      const m = new RegExp(`<testcase name="\\[${id.replace(/\//g, '\\/')}\\][^]*?</testcase>`).exec(xml);
      if (!m) throw new Error(`no testcase for ${id}`);
      return m[0];
    };
    expect(tc('pull/manifest/get-by-tag')).toMatch(/<failure message="[^"]+" type="MUST not met">/);
    expect(tc('push/blob/chunked-out-of-order')).toContain('<error ');
    expect(tc('push/blob/single-post')).toContain('<skipped message="skip: ');
    expect(tc('discovery/referrers/list')).toContain('<skipped message="disabled: ');
    const warn = tc('pull/blob/range');
    expect(warn).not.toMatch(/<failure|<error|<skipped/);
    expect(warn).toContain('warning: SHOULD not met: The registry ignored Range');
    const pass = tc('pull/blob/get-existing');
    expect(pass).not.toMatch(/<failure|<error|<skipped/);
    expect(pass).toContain('classname="oci-conform.pull.pull-blobs"');
    expect(pass).toContain('requirements: PULL-011, PULL-014');
    expect(pass).toContain('level: MUST');
    expect(pass).toContain(`replay: ${run.run.replay} --only pull/blob/get-existing`);
  });

  it('escapes markup and strips characters XML 1.0 forbids', () => {
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(xml).not.toContain('\u0001');
  });
});

describe('xml escaping helpers', () => {
  it('strips forbidden characters and lone surrogates but keeps astral ones', () => {
    expect(stripInvalidXml('a\u0000b\u0008c\u000bd\ud800e\uffff😀\t\n')).toBe('abcde😀\t\n');
  });
  it('escapes text and attributes', () => {
    expect(xmlText(`<a href="x">&'`)).toBe(`&lt;a href="x"&gt;&amp;'`);
    expect(xmlAttr(`"a'\n\tb<`)).toBe('&quot;a&apos;&#10;&#9;b&lt;');
  });
});
