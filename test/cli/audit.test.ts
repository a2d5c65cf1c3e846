// End-to-end: `synaml audit` over the CLI fixtures (spec + recorded snapshots), asserting output and exit codes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/engine/types.js';
import { auditJson, fixture, ROOT, synaml } from './run.js';

const schema = JSON.parse(readFileSync(path.join(ROOT, 'schema/result-v1.schema.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats.default(ajv);
const validateResult = ajv.compile(schema);

function parse(stdout: string): AuditResult {
  const result = JSON.parse(stdout) as AuditResult;
  expect(validateResult(result), JSON.stringify(validateResult.errors)).toBe(true);
  return result;
}

const SYN_PROD = '/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg-analytics/providers/Microsoft.Synapse/workspaces/syn-prod';

describe('synaml audit --snapshot', () => {
  it('exits 0 on a clean estate, with a schema-valid JSON result on stdout', () => {
    const run = auditJson('spec.yaml', 'clean.snapshot.json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = parse(run.stdout);
    expect(result.spec).toBe(fixture('spec.yaml'));
    expect(result.auditedAt).toBe('2026-11-23T00:00:00.000Z');
    expect(result.source).toEqual({ kind: 'snapshot', file: fixture('clean.snapshot.json'), capturedAt: '2026-11-23T10:00:00Z' });
    expect(result.summary.unknown).toBe(0);
    expect(result.results.filter((e) => e.outcome === 'fail' && e.severity === 'error')).toEqual([]);
    expect(result.results.some((e) => e.ruleId === 'SA001' && e.outcome === 'pass')).toBe(true);
    for (const entry of result.results) expect(entry.location?.file).toBe(fixture('spec.yaml'));
  });

  it('exits 1 when the Synapse workspace has data exfiltration protection (SA001 fails)', () => {
    const run = auditJson('spec.yaml', 'exfiltration.snapshot.json', '--fail-on', 'error');
    expect(run.code).toBe(1);
    const result = parse(run.stdout);
    const sa001 = result.results.filter((e) => e.ruleId === 'SA001' && e.outcome === 'fail');
    expect(sa001).toHaveLength(1);
    expect(sa001[0]).toMatchObject({ severity: 'error', waived: false, integration: 'analytics-prod' });
    expect(sa001[0]!.resourceId?.toLowerCase()).toBe(SYN_PROD.toLowerCase());
    expect(sa001[0]!.location).toMatchObject({ file: fixture('spec.yaml') });
    expect(result.summary.fail).toBeGreaterThanOrEqual(1);
  });

  it('exits 0 for the same findings with --fail-on never (report-only)', () => {
    expect(auditJson('spec.yaml', 'exfiltration.snapshot.json', '--fail-on', 'never').code).toBe(0);
    expect(auditJson('spec.yaml', 'forbidden.snapshot.json', '--fail-on', 'never').code).toBe(0);
  });

  it('exits 3 with unknown outcomes when the snapshot records a 403 on the Synapse data plane', () => {
    const run = auditJson('spec.yaml', 'forbidden.snapshot.json');
    expect(run.code).toBe(3);
    const result = parse(run.stdout);
    const unknowns = result.results.filter((e) => e.outcome === 'unknown');
    expect(unknowns.length).toBeGreaterThan(0);
    expect(result.summary.unknown).toBe(unknowns.length);
    for (const entry of unknowns) {
      expect(entry.reason).toMatchObject({ source: 'synapse.linkedServices', status: 403 });
      expect(entry.reason!.scope.toLowerCase()).toBe(SYN_PROD.toLowerCase());
    }
    expect(result.results.every((e) => !(e.outcome === 'pass' && e.ruleId === 'SA002'))).toBe(true);
  });

  it('waives a matching failure (exit 0, waived in the JSON) and does not with an expired waiver', () => {
    const waived = auditJson('waived.yaml', 'exfiltration.snapshot.json');
    expect(waived.code).toBe(0);
    const result = parse(waived.stdout);
    const sa001 = result.results.find((e) => e.ruleId === 'SA001' && e.outcome === 'fail');
    expect(sa001).toMatchObject({ waived: true, waiver: { reason: expect.stringContaining('CHG-1234'), expires: '2026-12-31' } });
    expect(result.summary.waived).toBe(1);

    const expired = auditJson('waiver-expired.yaml', 'exfiltration.snapshot.json');
    expect(expired.code).toBe(1);
    expect(expired.stderr).toMatch(/waiver-expired\.yaml:\d+:\d+: warning: /);
    const expiredResult = parse(expired.stdout);
    expect(expiredResult.results.find((e) => e.ruleId === 'SA001' && e.outcome === 'fail')?.waived).toBe(false);
    expect(expiredResult.diagnostics?.some((d) => d.severity === 'warning')).toBe(true);
  });

  it('prints a table with remediation and spec locations when asked', () => {
    const run = synaml(['audit', fixture('spec.yaml'), '--snapshot', fixture('exfiltration.snapshot.json'), '--now', '2026-11-23', '--format', 'table']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/│ fail\s+│ error\s+│ SA001 │ analytics-prod │ workspaces\/syn-prod/);
    expect(run.stdout).toContain('What to do:');
    expect(run.stdout).toMatch(/spec: test\/fixtures\/cli\/spec\.yaml:\d+:\d+/);
    expect(run.stdout).toMatch(/remediation:\n {5}\S/);
    expect(run.stdout).toMatch(/^Summary: \d+ pass, \d+ fail, \d+ not applicable, 0 unknown, 0 waived$/m);
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });

  it('defaults to json when stdout is not a terminal', () => {
    const run = synaml(['audit', fixture('spec.yaml'), '--snapshot', fixture('clean.snapshot.json'), '--now', '2026-11-23']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).synamlResult).toBe(1);
  });

  describe('--output-dir', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'synaml-reports-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('writes one file per format and nothing to stdout', () => {
      const out = path.join(dir, 'nested', 'reports');
      const run = synaml([
        'audit', fixture('spec.yaml'), '--snapshot', fixture('exfiltration.snapshot.json'), '--now', '2026-11-23',
        '--format', 'json,table', '--output-dir', out,
      ]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`wrote ${path.join(out, 'synaml.json')}`);
      const result = parse(readFileSync(path.join(out, 'synaml.json'), 'utf8'));
      expect(result.summary.fail).toBeGreaterThanOrEqual(1);
      expect(readFileSync(path.join(out, 'synaml.txt'), 'utf8')).toContain('SA001');
    });
  });
});

describe('synaml audit: errors', () => {
  it('exits 2 with file:line:column on stderr for an invalid spec, before reading the snapshot', () => {
    const run = synaml(['audit', fixture('invalid.yaml'), '--snapshot', fixture('does-not-exist.json'), '--now', '2026-11-23']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/test\/fixtures\/cli\/invalid\.yaml:11:\d+: error: .*\[[a-z-]+\]/);
    expect(run.stderr).toMatch(/invalid\.yaml:\d+:\d+: error: .*machineLearning/);
    expect(run.stderr).toMatch(/^synaml: test\/fixtures\/cli\/invalid\.yaml: invalid spec \(\d+ errors?\)$/m);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 2 with file:line:column for a malformed snapshot', () => {
    const run = synaml(['audit', fixture('spec.yaml'), '--snapshot', fixture('broken.snapshot.json'), '--now', '2026-11-23']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^synaml: test\/fixtures\/cli\/broken\.snapshot\.json:4:\d+: /m);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 for a missing snapshot file', () => {
    const run = synaml(['audit', fixture('spec.yaml'), '--snapshot', fixture('missing.snapshot.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/missing\.snapshot\.json: .*no such file/);
  });


  it('exits 2 for an invalid --now, format or format combination', () => {
    const base = ['audit', fixture('spec.yaml'), '--snapshot', fixture('clean.snapshot.json')];
    const badDate = synaml([...base, '--now', '2026-02-30']);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/invalid date "2026-02-30" for --now/);
    const badFormat = synaml([...base, '--format', 'xml']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/unknown format "xml"; available: table, json, sarif, junit, markdown, html/);
    const two = synaml([...base, '--format', 'table,json']);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/--output-dir/);
    const badFailOn = synaml([...base, '--fail-on', 'critical']);
    expect(badFailOn.code).toBe(2);
    expect(badFailOn.stderr).toMatch(/critical/);
  });
});
