// End-to-end: --write-baseline and --baseline through the built CLI — exit codes, new versus known findings, fixed
// ones, unknowns that a baseline never hides, and fingerprints that stay the same from one run to the next.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/engine/types.js';
import { fixture, synaml } from './run.js';

const dir = mkdtempSync(path.join(tmpdir(), 'synaml-baseline-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function audit(snapshot: string, ...extra: string[]) {
  const run = synaml(['audit', fixture('spec.yaml'), '--snapshot', fixture(`${snapshot}.snapshot.json`), '--now', '2026-11-23', '--format', 'json', ...extra]);
  return { ...run, result: run.stdout ? (JSON.parse(run.stdout) as AuditResult) : undefined };
}

const exfiltrationBaseline = path.join(dir, 'exfiltration.json');
const cleanBaseline = path.join(dir, 'clean.json');

describe('synaml audit --write-baseline', () => {
  it('records the failing findings by fingerprint and accepts them (exit 0)', () => {
    const run = audit('exfiltration', '--write-baseline', exfiltrationBaseline);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`synaml: wrote baseline ${exfiltrationBaseline}`);
    const baseline = JSON.parse(readFileSync(exfiltrationBaseline, 'utf8'));
    const sa001 = run.result!.results.find((e) => e.ruleId === 'SA001' && e.outcome === 'fail')!;
    expect(baseline).toEqual({
      synamlBaseline: 1,
      createdAt: '2026-11-23T00:00:00.000Z',
      spec: fixture('spec.yaml'),
      tool: { name: 'synaml', version: expect.any(String) },
      fingerprints: [{ fingerprint: sa001.fingerprint, ruleId: 'SA001', integration: 'analytics-prod', resourceId: sa001.resourceId }],
    });
    expect(sa001.baseline).toBe('known');
    expect(run.result!.baseline).toEqual({ file: exfiltrationBaseline, new: 0, known: 1, fixed: [] });
    expect(audit('clean', '--write-baseline', cleanBaseline).code).toBe(0);
  });

  it('writes the same baseline, and the same fingerprints, on every run', () => {
    const again = path.join(dir, 'again.json');
    const [first, second] = [audit('exfiltration', '--write-baseline', again), audit('exfiltration')];
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(exfiltrationBaseline, 'utf8'));
    expect(second.result!.results.map((e) => e.fingerprint)).toEqual(first.result!.results.map((e) => e.fingerprint));
    const sarif = (n: number) =>
      (JSON.parse(synaml(['audit', fixture('spec.yaml'), '--snapshot', fixture('exfiltration.snapshot.json'), '--now', `2026-11-2${n}`, '--format', 'sarif']).stdout) as {
        runs: Array<{ results: Array<{ partialFingerprints: Record<string, string> }> }>;
      }).runs[0]!.results.map((r) => r.partialFingerprints['synaml/v1']);
    expect(sarif(4)).toEqual(sarif(3)); // another day, same findings
  });
});

describe('synaml audit --baseline', () => {
  it('exits 0 when every failure is known, listing them as known', () => {
    const run = audit('exfiltration', '--baseline', exfiltrationBaseline);
    expect(run.code, run.stderr).toBe(0);
    expect(run.result!.baseline).toEqual({ file: exfiltrationBaseline, new: 0, known: 1, fixed: [] });
    expect(run.result!.summary.fail).toBe(1); // still a failure in the summary; just not a new one
  });

  it('exits 1 for a failure the baseline does not have, marking it new', () => {
    const run = audit('exfiltration', '--baseline', cleanBaseline);
    expect(run.code).toBe(1);
    expect(run.result!.results.find((e) => e.ruleId === 'SA001' && e.outcome === 'fail')!.baseline).toBe('new');
    expect(run.result!.baseline).toMatchObject({ new: 1, known: 0 });
    expect(audit('exfiltration', '--baseline', cleanBaseline, '--fail-on', 'never').code).toBe(0);
  });

  it('reports baseline findings that are fixed', () => {
    const run = audit('clean', '--baseline', exfiltrationBaseline);
    expect(run.code).toBe(0);
    expect(run.result!.baseline!.fixed).toEqual([expect.objectContaining({ ruleId: 'SA001', integration: 'analytics-prod' })]);
    const table = synaml(['audit', fixture('spec.yaml'), '--snapshot', fixture('clean.snapshot.json'), '--now', '2026-11-23', '--format', 'table', '--baseline', exfiltrationBaseline]);
    expect(table.stdout).toMatch(/^Baseline .*exfiltration\.json: 0 new \(these fail the run\), 0 known, 1 fixed since the baseline$/m);
    expect(table.stdout).toMatch(/^ {2}fixed: SA001 in analytics-prod on workspaces\/syn-prod \([0-9a-f]{32}\)$/m);
  });

  it('never hides an unknown: exit 3 whatever the baseline holds', () => {
    const run = audit('forbidden', '--baseline', exfiltrationBaseline);
    expect(run.code).toBe(3);
    expect(run.result!.summary.unknown).toBeGreaterThan(0);
    expect(run.result!.results.filter((e) => e.outcome === 'unknown').every((e) => e.baseline === undefined)).toBe(true);
  });

  it('shows known findings in the reports', () => {
    const out = path.join(dir, 'reports');
    const run = synaml([
      'audit', fixture('spec.yaml'), '--snapshot', fixture('exfiltration.snapshot.json'), '--now', '2026-11-23',
      '--baseline', exfiltrationBaseline, '--format', 'sarif,markdown,html', '--output-dir', out,
    ]);
    expect(run.code).toBe(0);
    const sarif = JSON.parse(readFileSync(path.join(out, 'synaml.sarif'), 'utf8'));
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'SA001', baselineState: 'unchanged' });
    expect(readFileSync(path.join(out, 'synaml.md'), 'utf8')).toContain('Known from the baseline (1)');
    expect(readFileSync(path.join(out, 'synaml.html'), 'utf8')).toContain('fail (known, in baseline)');
  });

  it('exits 2 with file:line:column for an invalid baseline, and for a missing one', () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{\n  "synamlBaseline": 1,\n  "createdAt": "2026-11-23T00:00:00Z",\n  "fingerprints": "all"\n}\n');
    const run = audit('exfiltration', '--baseline', bad);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^synaml: ${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:19: invalid baseline: fingerprints must be array$`, 'm'));
    const missing = audit('exfiltration', '--baseline', path.join(dir, 'missing.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing\.json: cannot read the baseline: no such file/);
  });
});
