// End-to-end: every report format from the demo (fixtures/demo, audit date 2026-11-23) through the built CLI —
// file names, SARIF validity (Microsoft's validator), JUnit counts, the same rule IDs and waivers everywhere, and
// byte-identical output from two runs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/engine/types.js';
import { expectCountsMatch, parseJunit } from '../support/junit.js';
import { ACCEPTED_NOTES, validateSarif } from '../support/sarif-validator.js';
import { synaml } from './run.js';

const DEMO = ['fixtures/demo/spec.yaml', '--snapshot', 'fixtures/demo/snapshot.json', '--now', '2026-11-23'];
const FILES = ['synaml.sarif', 'synaml.junit.xml', 'synaml.md', 'synaml.html', 'synaml.json'];

describe('synaml audit --format sarif,junit,markdown,html,json --output-dir (the demo)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'synaml-demo-reports-'));
  const read = (run: string, file: string) => readFileSync(path.join(dir, run, file), 'utf8');
  let result: AuditResult;
  let sarif: { runs: Array<{ results: Array<Record<string, any>>; tool: { driver: { rules: Array<{ id: string }> } } }> };

  beforeAll(() => {
    for (const run of ['a', 'b']) {
      // --fail-on note: every failure fails the run, so each format's failures are the JSON's (the gate: gate.test.ts).
      const out = synaml(['audit', ...DEMO, '--format', 'sarif,junit,markdown,html,json', '--fail-on', 'note', '--output-dir', path.join(dir, run)]);
      expect(out.code, out.stderr).toBe(3); // marketing-ml's Synapse data plane refused the reads: unknown
      expect(out.stdout).toBe('');
      for (const file of FILES) expect(out.stderr).toContain(`synaml: wrote ${path.join(dir, run, file)}`);
    }
    result = JSON.parse(read('a', 'synaml.json')) as AuditResult;
    sarif = JSON.parse(read('a', 'synaml.sarif'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes byte-identical reports on a second run', () => {
    for (const file of FILES) expect(read('b', file), file).toBe(read('a', file));
  });

  it('writes SARIF that Microsoft\'s validator accepts: no error, no warning', () => {
    const findings = validateSarif(path.join(dir, 'a', 'synaml.sarif'));
    expect(findings.filter((f) => f.level !== 'note'), JSON.stringify(findings.slice(0, 5), null, 2)).toEqual([]);
    expect([...new Set(findings.map((f) => f.ruleId))].filter((id) => !ACCEPTED_NOTES.includes(id))).toEqual([]);
  }, 120_000); // the validator is a .NET tool: seconds a run, several times that on a loaded machine

  it('locates every SARIF result in the spec, names its resource and fingerprints it like the JSON', () => {
    const results = sarif.runs[0]!.results;
    expect(results).toHaveLength(result.summary.fail + result.summary.unknown + result.summary.waived);
    for (const r of results) {
      expect(r.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'fixtures/demo/spec.yaml', uriBaseId: '%SRCROOT%' });
      expect(r.locations[0].physicalLocation.region.startLine).toBeGreaterThan(5);
      expect(r.locations[0].logicalLocations[0].fullyQualifiedName).toMatch(/^\/subscriptions\//);
    }
    const jsonFingerprints = result.results.filter((e) => e.outcome === 'fail' || e.outcome === 'unknown').map((e) => e.fingerprint);
    expect(results.map((r) => r.partialFingerprints['synaml/v1'])).toEqual(jsonFingerprints);
    expect(results.filter((r) => r.kind === 'open')).toHaveLength(result.summary.unknown);
    expect(sarif.runs[0]!.tool.driver.rules).toHaveLength(25);
  });

  it('writes JUnit XML whose counts match the JSON summary', () => {
    expectCountsMatch(read('a', 'synaml.junit.xml'), result);
    expect(parseJunit(read('a', 'synaml.junit.xml')).suite.map((s) => s.name)).toEqual(['analytics-prod', 'research-dev', 'marketing-ml']);
  });

  it('uses the same rule IDs for the same findings in every format', () => {
    const failing = (ids: string[]) => [...new Set(ids)].sort();
    const expected = failing(result.results.filter((e) => e.outcome === 'fail' || e.outcome === 'unknown').map((e) => e.ruleId));
    expect(failing(sarif.runs[0]!.results.map((r) => r.ruleId))).toEqual(expected);
    const junitCases = parseJunit(read('a', 'synaml.junit.xml')).cases.filter((c) => 'failure' in c || 'error' in c || ('skipped' in c && /^Waived/.test(c.skipped.message)));
    expect(failing(junitCases.map((c) => (c.classname as string).split('.').at(-1)!))).toEqual(expected);
    const md = read('a', 'synaml.md');
    const mdRules = [...md.matchAll(/^\| (?:❌ fail|❓ unknown|waived) \| \w+ \| \[(SA\d{3})\]/gm)].map((m) => m[1]!);
    expect(failing(mdRules)).toEqual(expected);
    const html = read('a', 'synaml.html');
    const htmlRules = [...html.matchAll(/data-status="(?:fail|unknown|waived)" data-severity="\w+" data-rule="(SA\d{3})"/g)].map((m) => m[1]!);
    expect(failing(htmlRules)).toEqual(expected);
  });

  it('shows waivers as waived, with reason and expiry, in every format, counted separately', () => {
    const waived = result.results.filter((e) => e.waived);
    expect(waived.length).toBe(result.summary.waived);
    expect(waived.length).toBeGreaterThan(0);
    const { reason, expires } = waived[0]!.waiver!;
    expect(sarif.runs[0]!.results.filter((r) => r.suppressions?.[0]?.justification === `${reason} (waiver expires ${expires})`)).toHaveLength(waived.length);
    expect(parseJunit(read('a', 'synaml.junit.xml')).cases.filter((c) => c.skipped?.message === `Waived until ${expires}: ${reason}`)).toHaveLength(waived.length);
    expect(read('a', 'synaml.md')).toContain(`Waived (${waived.length})`);
    expect(read('a', 'synaml.md')).toContain(`Waived until ${expires}: ${reason}`);
    expect(read('a', 'synaml.md')).toContain('| Severity | failing | reported, not failing | unknown | waived | pass | not applicable |');
    expect(read('a', 'synaml.html')).toContain(`<b>Waived</b> until ${expires}: ${reason}`);
  });

  it('writes Markdown that fits a pull-request comment', () => {
    const md = read('a', 'synaml.md');
    expect(md.length).toBeLessThan(65_536);
    expect(md).toMatch(/^## ❓ synaml audit: incomplete \(--fail-on note, exit 3\): \d+ unknown, \d+ failing\n/);
  });
});

describe('synaml audit --format <report> to stdout', () => {
  it('prints one report format to stdout', () => {
    const run = synaml(['audit', ...DEMO, '--format', 'sarif']);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout).version).toBe('2.1.0');
    const html = synaml(['audit', ...DEMO, '--format', 'html', '--fail-on', 'never']);
    expect(html.code).toBe(0);
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/);
  });

  it('adds pass and not-applicable evaluations to SARIF with --all', () => {
    const run = synaml(['audit', ...DEMO, '--format', 'sarif', '--all']);
    const json = JSON.parse(synaml(['audit', ...DEMO, '--format', 'json']).stdout) as AuditResult;
    expect(JSON.parse(run.stdout).runs[0].results).toHaveLength(json.results.length);
  });

  it('lists every format and its file in audit --help', () => {
    const help = synaml(['audit', '--help']).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('table | json | sarif | junit | markdown | html');
    for (const file of ['synaml.txt', ...FILES]) expect(help).toContain(file);
    expect(help).toContain('--baseline <file>');
    expect(help).toContain('--write-baseline <file>');
  });

  it('keeps validate to table, compact, json and sarif', () => {
    const run = synaml(['validate', 'fixtures/demo/spec.yaml', '--format', 'html']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/validate prints table, compact, json or sarif/);
  });
});
