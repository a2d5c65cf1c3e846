// Every report says what the gate decided with the run's --fail-on (issue 20, item 4). A warning-only run under
// `--fail-on error` exits 0, so no format may call that warning failing: each says it passed and names the warning
// "reported, not failing", and JUnit's counts match the gate (the warning is no <failure>).
// The run: the CLI fixture's clean estate on 2029-01-01, when its Spark 3.5 pool is past end of support (SA013, a
// warning) and nothing else fails.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJunit } from '../support/junit.js';
import { fixture, synaml } from './run.js';

const WARNING_ONLY = ['audit', fixture('spec.yaml'), '--snapshot', fixture('clean.snapshot.json'), '--now', '2029-01-01'];

/** "failing" anywhere but in "not failing" / "nothing failing". */
const CALLED_FAILING = /(?<!not |nothing )failing/i;

describe('a warning-only run under --fail-on error, in every format', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'synaml-gate-'));
  const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
  let code: number | null;

  beforeAll(() => {
    const run = synaml([...WARNING_ONLY, '--fail-on', 'error', '--format', 'table,json,sarif,junit,markdown,html', '--output-dir', dir]);
    code = run.code;
    expect(run.stderr.trimEnd().split('\n').at(-1)).toMatch(/^synaml: .*: passes \(--fail-on error\): nothing failing, nothing unknown; 1 reported, not failing \[/);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0, and the JSON result holds exactly one failed warning', () => {
    expect(code).toBe(0);
    const result = JSON.parse(read('synaml.json'));
    const failed = result.results.filter((e: { outcome: string }) => e.outcome === 'fail');
    expect(failed.map((e: { ruleId: string; severity: string }) => `${e.ruleId}:${e.severity}`)).toEqual(['SA013:warning']);
  });

  it('json: the gate passed, with the warning reported, not failing', () => {
    expect(JSON.parse(read('synaml.json')).gate).toEqual({ failOn: 'error', verdict: 'pass', exitCode: 0, failing: 0, unknown: 0, reported: 1 });
  });

  it('table: says the run passes and shows the warning as reported, not failing', () => {
    const text = read('synaml.txt');
    expect(text).toContain('Result: passes (--fail-on error): nothing failing, nothing unknown; 1 reported, not failing');
    expect(text).toContain('1. REPORTED (not failing) SA013');
    expect(text).toMatch(/│ reported\s+│ warning/);
    expect(text).not.toMatch(CALLED_FAILING);
    expect(text).not.toMatch(/│ fail\s/);
  });

  it('markdown: a passing headline, the warning under "reported, not failing"', () => {
    const md = read('synaml.md');
    expect(md.split('\n')[0]).toBe('## ✅ synaml audit: passes (--fail-on error): nothing failing, nothing unknown; 1 reported, not failing');
    expect(md).not.toContain('❌');
    expect(md).toContain('### Findings (1 reported, not failing)');
    expect(md).toMatch(/^\| reported, not failing \| warning \| \[SA013\]/m);
    // The counts table has a "failing" column: it holds 0 in every row.
    expect(md).toMatch(/^\| \*\*total\*\* \| 0 \| 1 \| 0 \|/m);
    expect(md.replace(/^\| Severity \| failing \|/m, '')).not.toMatch(CALLED_FAILING);
  });

  it('html: a passing verdict, the warning badged "reported, not failing"', () => {
    const html = read('synaml.html');
    expect(html).toContain('<p class="verdict ok" id="verdict">Passes (--fail-on error): nothing failing, nothing unknown; 1 reported, not failing</p>');
    expect(html).toMatch(/data-status="reported" data-severity="warning" data-rule="SA013"/);
    expect(html).toContain('<span class="badge s-reported">reported, not failing</span>');
    expect(html).not.toContain('badge s-fail');
    expect(html.replace(/<script>[\s\S]*?<\/script>|<style>[\s\S]*?<\/style>/g, '')).not.toMatch(CALLED_FAILING);
  });

  it('junit: no <failure> and no <error>: counts match the gate', () => {
    const xml = read('synaml.junit.xml');
    const { suites, cases } = parseJunit(xml);
    expect(xml).not.toContain('<failure');
    expect(suites.failures).toBe('0');
    expect(suites.errors).toBe('0');
    const sa013 = cases.find((c) => (c.classname as string).endsWith('.SA013') && 'skipped' in c);
    expect(sa013?.skipped.message).toMatch(/^Reported, not failing \(warning, --fail-on error\): /);
  });

  it('sarif: the invocation exits 0, and the warning does not fail the run', () => {
    const log = JSON.parse(read('synaml.sarif'));
    const run = log.runs[0];
    expect(run.invocations[0].exitCode).toBe(0);
    expect(run.invocations[0].exitCodeDescription).toBe('synaml audit passes (--fail-on error): nothing failing, nothing unknown; 1 reported, not failing.');
    expect(run.properties.gate).toMatchObject({ verdict: 'pass', failing: 0, reported: 1 });
    expect(run.results.map((r: { ruleId: string; properties: { failsRun: boolean } }) => `${r.ruleId}:${r.properties.failsRun}`)).toEqual(['SA013:false']);
  });

  it('with --fail-on warning the same run fails, and every format says so', () => {
    const strict = mkdtempSync(path.join(tmpdir(), 'synaml-gate-strict-'));
    try {
      const run = synaml([...WARNING_ONLY, '--fail-on', 'warning', '--format', 'json,junit,markdown', '--output-dir', strict]);
      expect(run.code).toBe(1);
      expect(JSON.parse(readFileSync(path.join(strict, 'synaml.json'), 'utf8')).gate).toMatchObject({ verdict: 'fail', exitCode: 1, failing: 1, reported: 0 });
      expect(parseJunit(readFileSync(path.join(strict, 'synaml.junit.xml'), 'utf8')).suites.failures).toBe('1');
      expect(readFileSync(path.join(strict, 'synaml.md'), 'utf8').split('\n')[0]).toBe('## ❌ synaml audit: fails the run (--fail-on warning): 1 failing');
    } finally {
      rmSync(strict, { recursive: true, force: true });
    }
  });

  it('with --fail-on never, everything is reported, not failing', () => {
    const run = synaml([...WARNING_ONLY, '--fail-on', 'never', '--format', 'markdown']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('## ℹ️ synaml audit: report only (--fail-on never): 1 failure reported, not failing');
  });
});
