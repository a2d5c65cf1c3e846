// `synaml diff` as pure functions: new, resolved and unchanged findings by fingerprint, in three renderings.
import { describe, expect, it } from 'vitest';
import { diffResults } from '../../src/diff/compare.js';
import type { AuditResult } from '../../src/engine/types.js';
import { ExitCode, exitCodeForDiff } from '../../src/exit-codes.js';
import { renderDiff, renderDiffJson, renderDiffMarkdown, renderDiffTable } from '../../src/diff/render.js';
import { rules } from '../../rules/index.js';
import { mixedResult, XSS } from '../reporters/fixture.js';

const files = { from: 'old.json', to: 'new.json' };

/** Tonight: SA001 fixed, a new SA009 finding, SA015 now waived; the SA002 unknown and SA013 waiver unchanged. */
function tonight(): AuditResult {
  const r = mixedResult();
  r.auditedAt = '2026-11-24T00:00:00.000Z';
  r.results[1] = { ...r.results[1]!, outcome: 'pass', message: 'No data exfiltration protection.' };
  r.results[5] = { ...r.results[5]!, waived: true, waiver: { reason: 'rename booked', expires: '2027-02-01' } };
  r.results.push({ ...r.results[0]!, ruleId: 'SA009', ruleName: 'unapproved-private-endpoint', severity: 'warning', outcome: 'fail', message: 'Private endpoint pe-x is not approved.' });
  return r;
}

describe('diffResults', () => {
  const diff = diffResults(mixedResult(), tonight(), files);

  it('finds new, resolved and unchanged failing and unknown findings', () => {
    expect(diff.new.map((i) => i.ruleId)).toEqual(['SA009']);
    expect(diff.resolved.map((i) => i.ruleId)).toEqual(['SA001']);
    expect(diff.unchanged.map((i) => i.ruleId)).toEqual(['SA013', 'SA002', 'SA015']);
    expect(diff.summary).toEqual({ new: 1, resolved: 1, unchanged: 3, unknown: 1, waived: 2 });
    expect(diff.from).toEqual({ file: 'old.json', spec: 'spec.yaml', auditedAt: '2026-11-23T00:00:00.000Z' });
    expect(diff.unchanged[2]).toMatchObject({ waived: true, waiver: { reason: 'rename booked', expires: '2027-02-01' } });
  });

  it('keeps findings whose message changed (the fingerprint ignores the text)', () => {
    const reworded = mixedResult();
    reworded.results[1]!.message = 'Reworded by a newer synaml.';
    expect(diffResults(mixedResult(), reworded, files).summary).toMatchObject({ new: 0, resolved: 0, unchanged: 4 });
  });

  it('flags a resolved finding as unverified when its rule is unknown in the newer result', () => {
    const blind = mixedResult();
    blind.results[1] = { ...blind.results[1]!, outcome: 'unknown', messageId: 'unknown', reason: { source: 's', scope: 'x', message: '403' } };
    const d = diffResults(mixedResult(), blind, files);
    expect(d.resolved).toEqual([expect.objectContaining({ ruleId: 'SA001', unverified: true })]);
    expect(d.new).toEqual([expect.objectContaining({ ruleId: 'SA001', outcome: 'unknown' })]);
  });

  it('exits 1 with --fail-on-new only for new findings that are not waived', () => {
    expect(exitCodeForDiff(diff.new, false)).toBe(ExitCode.Ok);
    expect(exitCodeForDiff(diff.new, true)).toBe(ExitCode.Findings);
    expect(exitCodeForDiff([{ outcome: 'fail', waived: true }], true)).toBe(ExitCode.Ok);
    expect(exitCodeForDiff([], true)).toBe(ExitCode.Ok);
  });
});

describe('diff renderings', () => {
  const diff = diffResults(mixedResult(), tonight(), files);

  it('table: each change on a row, then the summary line', () => {
    const text = renderDiffTable(diff);
    expect(text.split('\n')[0]).toBe('old.json (2026-11-23) -> new.json (2026-11-24)');
    expect(text).toMatch(/│ new\s+│ fail\s+│ warning\s+│ SA009 │/);
    expect(text).toMatch(/│ resolved\s+│ fail\s+│ error\s+│ SA001 │/);
    expect(text).toMatch(/│ unchanged\s+│ unknown\s+│ error\s+│ SA002 │/);
    expect(text).toMatch(/│ unchanged\s+│ fail, waived\s+│/);
    expect(text.trimEnd().split('\n').at(-1)).toBe('Diff: 1 new, 1 resolved, 3 unchanged (now: 1 unknown, 2 waived)');
  });

  it('markdown: a headline and a collapsible section per change, escaped', () => {
    const hostile = tonight();
    hostile.results.at(-1)!.message = `Endpoint ${XSS} is not approved.`;
    const md = renderDiffMarkdown(diffResults(mixedResult(), hostile, files), { rules: rules.map((r) => r.meta) });
    expect(md.split('\n')[0]).toBe('## 🔺 synaml: 1 new, 1 resolved, 3 unchanged');
    expect(md).toMatch(/<details open><summary><strong>New findings \(1\)<\/strong><\/summary>[\s\S]*\| fail \| warning \| \[SA009\]\(https:\/\/learn\.microsoft\.com/);
    expect(md).toContain('<details><summary><strong>Unchanged findings (3)</strong></summary>');
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(md).not.toContain('<img');
  });

  it('names the spec field of a finding under its resource', () => {
    const withPath = tonight();
    withPath.results.at(-1)!.specPath = 'network.approvedPrivateEndpoints';
    const d = diffResults(mixedResult(), withPath, files);
    expect(d.new[0]!.specPath).toBe('network.approvedPrivateEndpoints');
    expect(renderDiffMarkdown(d)).toContain('<code>workspaces/syn-analytics</code><br><code>network.approvedPrivateEndpoints</code>');
    expect(renderDiffTable(d)).toMatch(/│ workspaces\/syn-analytics\s+│[\s\S]*│ network\.approvedPrivateEndpoints/);
  });

  it('json: the diff object, stable', () => {
    const parsed = JSON.parse(renderDiffJson(diff));
    expect(Object.keys(parsed)).toEqual(['synamlDiff', 'from', 'to', 'summary', 'new', 'resolved', 'unchanged']);
    expect(parsed.new[0]).toMatchObject({ fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/), ruleId: 'SA009', outcome: 'fail', waived: false });
    expect(renderDiff(diff, 'json')).toBe(renderDiffJson(diff));
  });

  it('says so when neither result has a finding, and stays within the Markdown budget', () => {
    const clean = { ...mixedResult(), results: mixedResult().results.filter((e) => e.outcome === 'pass') };
    const none = diffResults(clean, clean, files);
    expect(renderDiffTable(none)).toContain('No failing or unknown findings in either result.');
    const many = mixedResult();
    many.results = Array.from({ length: 2000 }, (_, i) => ({ ...mixedResult().results[1]!, resourceId: `/subscriptions/s/x/${i}` }));
    const md = renderDiffMarkdown(diffResults(clean, many, files), { budget: 20_000 });
    expect(md.length).toBeLessThanOrEqual(20_000);
    expect(md).toMatch(/more not shown/);
  });
});
