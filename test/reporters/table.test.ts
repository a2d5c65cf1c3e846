import { describe, expect, it } from 'vitest';
import { renderTable, shortResource } from '../../src/reporters/table.js';
import { reasonText } from '../../src/reporters/findings.js';
import { expectPrintsOnlyCleanedText, mixedResult } from './fixture.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/;

describe('table reporter', () => {
  // `--fail-on warning`: the fixture's SA015 warning fails the run (the gate's own tests are in gate.test.ts).
  const text = renderTable(mixedResult(), { failOn: 'warning' });

  it('shows failures and unknowns first, then waived; pass and not-applicable collapse into counts', () => {
    const rows = text.split('\n').filter((l) => l.startsWith('│') && !l.includes('Outcome'));
    const outcomes = rows.map((r) => r.split('│')[1]!.trim()).filter((c) => c !== '');
    expect(outcomes[0]).toBe('fail'); // SA001, error
    expect(outcomes[1]).toBe('unknown'); // SA002, error
    expect(outcomes[2]).toBe('fail'); // SA015, warning
    expect(outcomes[3]).toMatch(/^waived until/);
    expect(text).not.toMatch(/│ pass/);
    expect(text).toContain('Not shown: 1 pass, 1 not applicable (--all lists every evaluation).');
  });

  it('has the columns and shortened resources', () => {
    for (const column of ['Outcome', 'Severity', 'Rule', 'Integration', 'Resource', 'Message']) expect(text).toContain(column);
    expect(text).toContain('workspaces/syn-analytics');
    expect(text).toContain('bigDataPools/mlpool');
    expect(text).not.toMatch(/│[^\n]*\/subscriptions\//);
  });

  it('shows a waived entry as "waived until <date>" with its reason under the message', () => {
    const flat = text.replace(/\s*│\s*/g, ' ');
    expect(flat).toMatch(/waived until .*SA013.* 2027-01-31 /);
    expect(flat).toMatch(/Waived: migration to 3\.5 booked/);
  });

  it('lists remediation and spec location for each failing or unknown finding, not for waived ones', () => {
    const after = text.slice(text.indexOf('What to do:'));
    expect(after).toContain('1. FAIL SA001 exfiltration-protection-blocks-aml [error] in analytics-prod');
    expect(after).toContain('spec: spec.yaml:4:5');
    expect(after).toContain('     az synapse workspace create ... --prevent-exfiltration false');
    expect(after).toContain('2. UNKNOWN SA002');
    expect(after).toMatch(/why unknown: synapse\.linkedServices at \/subscriptions\/.*: HTTP 403 Forbidden: .*\(missing: Synapse Artifact User\)/);
    expect(after).toContain('spec: spec.yaml:14:5');
    expect(after).toContain('3. FAIL SA015');
    expect(after).toContain('expected: preventDataExfiltration: false; actual: preventDataExfiltration: true');
    expect(after).not.toContain('SA013');
  });

  it('says why an unknown is unknown without repeating what its message already quotes', () => {
    const result = mixedResult();
    const entry = result.results.find((e) => e.outcome === 'unknown')!;
    const reason = entry.reason!;
    // As the rule kit words an unknown: the error's message and missing permission inside the message.
    entry.message = `Could not evaluate: the linked services could not be read (HTTP 403 Forbidden: ${reason.message}; missing: ${reason.missing}).`;
    const why = renderTable(result, { failOn: 'warning' }).split('\n').find((l) => l.includes('why unknown:'))!;
    expect(why).toBe(`   why unknown: synapse.linkedServices at ${reason.scope}: HTTP 403 Forbidden`);
    expect(reasonText(reason, `(${reason.message})`)).toBe(`synapse.linkedServices at ${reason.scope}: HTTP 403 Forbidden (missing: Synapse Artifact User)`);
    expect(reasonText(reason)).toBe(`synapse.linkedServices at ${reason.scope}: HTTP 403 Forbidden: ${reason.message} (missing: Synapse Artifact User)`);
  });

  it('ends with a summary line of counts', () => {
    expect(text.trimEnd().split('\n').at(-2)).toBe('Summary: 1 pass, 2 fail, 1 not applicable, 1 unknown, 1 waived');
    expect(text.trimEnd().split('\n').at(-1)).toBe('Result: incomplete (--fail-on warning, exit 3): 1 unknown, 2 failing');
    expect(text.split('\n')[0]).toBe('spec.yaml: audit of 2026-11-23 against snapshot state.json, captured 2026-11-23T10:00:00Z');
  });

  it('lists every evaluation with all', () => {
    const all = renderTable(mixedResult(), { all: true, failOn: 'warning' });
    expect(all).toMatch(/│ pass/);
    expect(all).toMatch(/│ not-applicable/);
    expect(all).not.toContain('Not shown');
    const rows = all.split('\n').filter((l) => /^│ \S/.test(l) && !l.includes('Outcome'));
    expect(rows.at(-1)).toMatch(/not-applicable|pass/);
  });

  it('uses no ANSI colours unless asked, and colours when asked', () => {
    expect(text).not.toMatch(ANSI);
    expect(renderTable(mixedResult(), { color: true })).toMatch(ANSI);
  });

  it('wraps the message column to a terminal width', () => {
    const narrow = renderTable(mixedResult(), { width: 110 });
    const widest = Math.max(...narrow.split('\n').filter((l) => /^[┌│└├]/.test(l)).map((l) => l.length));
    expect(widest).toBeLessThanOrEqual(130);
    expect(narrow).toContain('exfiltration');
  });

  it('says so when nothing needs attention, and when nothing ran', () => {
    const clean = mixedResult();
    clean.results = clean.results.filter((e) => e.outcome === 'pass');
    clean.summary = { pass: 1, fail: 0, notApplicable: 0, unknown: 0, waived: 0 };
    const out = renderTable(clean);
    expect(out).toContain('No failures or unknowns.');
    expect(out).not.toContain('What to do');
    const empty = { ...clean, results: [], summary: { ...clean.summary, pass: 0 } };
    expect(renderTable(empty)).toContain('No rule evaluated anything.');
  });

  it('headers a spec-only (validate) result without a source', () => {
    const { source: _source, ...validate } = mixedResult();
    expect(renderTable(validate).split('\n')[0]).toBe('spec.yaml: spec checks, 2026-11-23');
  });
});

describe('shortResource', () => {
  it('keeps the last two ID segments', () => {
    expect(shortResource('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Synapse/workspaces/ws/bigDataPools/p')).toBe('bigDataPools/p');
    expect(shortResource('/subscriptions/s/')).toBe('subscriptions/s');
    expect(shortResource(undefined)).toBe('');
  });
});

describe('table: only what it prints is cleaned of control characters', () => {
  it('prints what cleaning the whole result first printed, listed entries and counted ones alike', () => {
    expectPrintsOnlyCleanedText(renderTable);
  });
});
