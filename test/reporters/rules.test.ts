import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/engine/types.js';
import { formatDiagnostic } from '../../src/reporters/diagnostics.js';
import { renderExplain, renderRulesJson, renderRulesTable, wrapText } from '../../src/reporters/rules.js';
import { meta } from '../engine/fakes.js';

const rules: Rule[] = [
  { meta: meta('SA001', { name: 'exfiltration-protection-blocks-aml', rationale: 'word '.repeat(60).trim() }) },
  { meta: meta('SA013', { name: 'spark-runtime-end-of-support', severity: 'warning', judges: 'estate' }) },
];

describe('rule listings', () => {
  it('lists ID, name, severity and title as a table and as JSON', () => {
    const table = renderRulesTable(rules);
    expect(table).toMatch(/│ SA013 │ spark-runtime-end-of-support\s+│ warning\s+│ estate\s+│ Title of SA013/);
    expect(table).toMatch(/│ SA001 │ exfiltration-protection-blocks-aml\s+│ error\s+│ spec\s+│/);
    expect(table).toContain('Judges: spec = the spec itself (what `validate` finds holds in an audit, pass included); estate = Azure (only what was read can pass).');
    expect(table).toContain('2 rules.');
    const json = JSON.parse(renderRulesJson(rules)) as Array<Record<string, unknown>>;
    expect(json.map((r) => r.id)).toEqual(['SA001', 'SA013']);
    expect(Object.keys(json[0]!)).toEqual(['id', 'name', 'severity', 'judges', 'title', 'resourceTypes', 'dataSources', 'docs']);
    expect(json.map((r) => r.judges)).toEqual(['spec', 'estate']);
  });

  it('explains a rule: title, severity, rationale, remediation, sources, types and dated docs, wrapped', () => {
    const text = renderExplain(rules[0]!, 60);
    expect(text.split('\n').slice(0, 2)).toEqual(['SA001 exfiltration-protection-blocks-aml', 'Title of SA001']);
    expect(text).toContain('Severity:       error');
    expect(text).toMatch(/Judges: {9}the spec itself: what `synaml validate`/);
    expect(renderExplain(rules[1]!, 200)).toContain('Judges:         the Azure estate: in an audit only what was read can pass');
    expect(text).toContain('Data sources:   resourceGraph.resources');
    expect(text).toContain('Resource types: microsoft.synapse/workspaces');
    expect(text).toContain('Remediation:\n  Fix SA001 like this:\n  az synapse workspace update --name x');
    expect(text).toContain('  - A doc (2024-02-29)\n    https://learn.microsoft.com/x');
    const rationale = text.slice(text.indexOf('Rationale:'), text.indexOf('Remediation:')).trim().split('\n').slice(1);
    expect(rationale.length).toBeGreaterThan(4);
    for (const line of rationale) expect(line.length).toBeLessThanOrEqual(60);
  });

  it('wraps words without breaking them', () => {
    expect(wrapText('aaa bbb ccc', 7)).toBe('aaa bbb\nccc');
    expect(wrapText('averyveryverylongword x', 5, '  ')).toBe('  averyveryverylongword\n  x');
    expect(wrapText('one\n\ntwo', 80)).toBe('one\n\ntwo');
  });
});

describe('formatDiagnostic', () => {
  it('prints file:line:column: severity: message [code]', () => {
    expect(formatDiagnostic({ file: 'spec.yaml', line: 3, column: 9, severity: 'warning', code: 'waiver-expired', message: 'expired' })).toBe(
      'spec.yaml:3:9: warning: expired [waiver-expired]',
    );
  });
});
