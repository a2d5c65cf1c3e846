// End-to-end: `synaml diff old.json new.json` through the built CLI — new, resolved and unchanged findings in table,
// Markdown and JSON, exit codes (report-only, --fail-on-new), and invalid inputs located at file:line:column.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, synaml } from './run.js';

const dir = mkdtempSync(path.join(tmpdir(), 'synaml-diff-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => path.join(dir, name);

beforeAll(() => {
  for (const [name, snapshot, day] of [
    ['clean', 'clean', '2026-11-22'],
    ['exfiltration', 'exfiltration', '2026-11-23'],
    ['forbidden', 'forbidden', '2026-11-24'],
  ] as const) {
    const run = synaml(['audit', fixture('spec.yaml'), '--snapshot', fixture(`${snapshot}.snapshot.json`), '--now', day, '--format', 'json', '--fail-on', 'never']);
    expect(run.code, run.stderr).toBe(0);
    writeFileSync(file(`${name}.json`), run.stdout);
  }
});

describe('synaml diff', () => {
  it('lists a new failing finding (JSON), report-only by default', () => {
    const run = synaml(['diff', file('clean.json'), file('exfiltration.json'), '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const diff = JSON.parse(run.stdout);
    expect(diff.summary).toEqual({ new: 1, resolved: 0, unchanged: 0, unknown: 0, waived: 0 });
    expect(diff.new[0]).toMatchObject({ ruleId: 'SA001', outcome: 'fail', severity: 'error', integration: 'analytics-prod' });
    expect(diff.from).toEqual({ file: file('clean.json'), spec: fixture('spec.yaml'), auditedAt: '2026-11-22T00:00:00.000Z' });
  });

  it('exits 1 with --fail-on-new when there are new findings, 0 when there are none', () => {
    expect(synaml(['diff', file('clean.json'), file('exfiltration.json'), '--fail-on-new', '--format', 'json']).code).toBe(1);
    expect(synaml(['diff', file('exfiltration.json'), file('clean.json'), '--fail-on-new', '--format', 'json']).code).toBe(0);
    expect(synaml(['diff', file('exfiltration.json'), file('exfiltration.json'), '--fail-on-new', '--format', 'json']).code).toBe(0);
  });

  it('lists resolved findings as a table, and unchanged ones when nothing changed', () => {
    const resolved = synaml(['diff', file('exfiltration.json'), file('clean.json'), '--format', 'table']);
    expect(resolved.stdout).toMatch(/│ resolved\s+│ fail\s+│ error\s+│ SA001 │ analytics-prod/);
    expect(resolved.stdout.trimEnd().split('\n').at(-1)).toBe('Diff: 0 new, 1 resolved, 0 unchanged (now: 0 unknown, 0 waived)');
    const same = synaml(['diff', file('exfiltration.json'), file('exfiltration.json'), '--format', 'table']);
    expect(same.stdout).toMatch(/│ unchanged\s+│ fail\s+│ error\s+│ SA001 │/);
  });

  it('marks unknowns in Markdown, for the nightly job to post', () => {
    const run = synaml(['diff', file('exfiltration.json'), file('forbidden.json'), '--format', 'markdown']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^## 🔺 synaml: 8 new, 1 resolved, 0 unchanged\n/);
    expect(run.stdout).toMatch(/\| unknown \| error \| \[SA002\]\(https:\/\/learn\.microsoft\.com/);
    expect(run.stdout).toMatch(/Resolved findings \(1\)[\s\S]*\| fail \| error \| \[SA001\]/);
    const json = JSON.parse(synaml(['diff', file('exfiltration.json'), file('forbidden.json'), '--format', 'json']).stdout);
    expect(json.summary.unknown).toBe(8);
  });

  it('defaults to JSON when stdout is not a terminal', () => {
    expect(JSON.parse(synaml(['diff', file('clean.json'), file('clean.json')]).stdout).synamlDiff).toBe(1);
  });

  it('exits 2 with file:line:column for a result that is not valid JSON or not a synaml result', () => {
    writeFileSync(file('broken.json'), '{\n  "synamlResult": 1,\n  "tool": ,\n}\n');
    const broken = synaml(['diff', file('broken.json'), file('clean.json')]);
    expect(broken.code).toBe(2);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toMatch(/broken\.json:3:11: not valid JSON \(ValueExpected\)$/m);

    writeFileSync(file('snapshot.json'), '{\n  "synamlSnapshot": 1\n}\n');
    const wrongKind = synaml(['diff', file('clean.json'), file('snapshot.json')]);
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toMatch(/snapshot\.json:1:1: invalid result: the result is missing "synamlResult"$/m);

    const result = JSON.parse(synaml(['audit', fixture('spec.yaml'), '--snapshot', fixture('clean.snapshot.json'), '--now', '2026-11-23', '--format', 'json']).stdout);
    result.results[2].outcome = 'failed';
    writeFileSync(file('bad-outcome.json'), JSON.stringify(result, null, 2));
    const badOutcome = synaml(['diff', file('clean.json'), file('bad-outcome.json')]);
    expect(badOutcome.code).toBe(2);
    expect(badOutcome.stderr).toMatch(/bad-outcome\.json:\d+:\d+: invalid result: results\.2\.outcome must be one of pass, fail, not-applicable, unknown$/m);
  });

  it('exits 2 for a missing file, a missing argument or an unknown format', () => {
    const missing = synaml(['diff', file('nope.json'), file('clean.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: cannot read the result: no such file/);
    expect(synaml(['diff', file('clean.json')]).code).toBe(2);
    expect(synaml(['diff', file('clean.json'), file('clean.json'), '--format', 'html']).code).toBe(2);
  });

  it('has --help with examples and the exit codes', () => {
    const help = synaml(['diff', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('--fail-on-new');
    expect(help.stdout).toMatch(/report-only/);
  });
});
