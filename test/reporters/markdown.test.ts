import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/engine/types.js';
import { mdCell, mdEscape, mdInline, renderMarkdown } from '../../src/reporters/markdown.js';
import { rules } from '../../rules/index.js';
import { mixedResult } from './fixture.js';

const metas = rules.map((r) => r.meta);

describe('markdown reporter', () => {
  // `--fail-on warning`: the fixture's SA015 warning fails the run (the gate's own tests are in gate.test.ts).
  const text = renderMarkdown(mixedResult(), { rules: metas, failOn: 'warning' });

  it('opens with a headline, the scope and the tool version', () => {
    expect(text.split('\n')[0]).toBe('## ❓ synaml audit: incomplete (--fail-on warning, exit 3): 1 unknown, 2 failing');
    expect(text).toContain('<code>spec.yaml</code> · snapshot state.json captured 2026-11-23T10:00:00Z, audit date 2026-11-23 · synaml 0.1.0');
  });

  it('counts by outcome and severity, and repeats the JSON summary', () => {
    expect(text).toContain('| Severity | failing | reported, not failing | unknown | waived | pass | not applicable |');
    expect(text).toContain('| error | 1 | 0 | 1 | 0 | 1 | 0 |');
    expect(text).toContain('| warning | 1 | 0 | 0 | 1 | 0 | 0 |');
    expect(text).toContain('| note | 0 | 0 | 0 | 0 | 0 | 1 |');
    expect(text).toContain('| **total** | 2 | 0 | 1 | 1 | 1 | 1 |');
    expect(text).toContain('Summary: 1 pass, 2 fail, 1 not applicable, 1 unknown, 1 waived.');
  });

  it('lists what fails the run first, most severe first, then waived ones with reason and expiry', () => {
    const findings = text.slice(text.indexOf('### Findings (3 failing the run)'));
    const rows = findings.split('\n').filter((l) => /^\| (❌|❓)/.test(l));
    expect(rows.map((r) => r.split(' | ')[2]!.slice(1, 6))).toEqual(['SA001', 'SA002', 'SA015']);
    expect(rows[1]).toMatch(/^\| ❓ unknown \| error \| \[SA002\]\(https:\/\/learn\.microsoft\.com\//);
    expect(text.indexOf('### Findings (3 failing the run)')).toBeLessThan(text.indexOf('Waived (1)'));
    expect(text).toMatch(/\| waived \| warning \| \[SA013\].*Waived until 2027-01-31: migration to 3\.5 booked \|/);
  });

  it('puts remediation, facts and docs in one collapsible block per rule', () => {
    expect(text).toContain('#### What to do');
    const block = text.slice(text.indexOf('<details><summary>SA002'), text.indexOf('</details>', text.indexOf('<details><summary>SA002')));
    expect(block).toContain('self-hosted-runtime-unsupported');
    expect(block).toMatch(/why unknown: synapse\.linkedServices at .*403 Forbidden/);
    expect(block).toContain('spec <code>spec.yaml:14:5</code>');
    expect(block).toMatch(/\*\*Remediation:\*\* /);
    expect(block).toMatch(/\*\*Microsoft docs:\*\* \[Quickstart/);
    expect(text).toMatch(/> \*\*warning\*\* <code>spec\.yaml:40:5<\/code> waiver for SA009 expired on 2026-01-31 \[waiver-expired\]/);
  });

  it('shows the baseline: new, known and fixed', () => {
    const result: AuditResult = mixedResult();
    result.results[1]!.baseline = 'known';
    result.results[5]!.baseline = 'new';
    result.baseline = { file: '.synaml/baseline.json', new: 1, known: 1, fixed: [{ fingerprint: 'f'.repeat(32), ruleId: 'SA009', integration: 'analytics-prod' }] };
    const md = renderMarkdown(result, { rules: metas, failOn: 'warning' });
    expect(md).toContain('**Baseline** <code>.synaml/baseline.json</code>: 1 new finding (these fail the run), 1 known, 1 fixed since the baseline.');
    expect(md).toContain('| Severity | failing | reported, not failing | known (baseline) | unknown |');
    expect(md).toContain('Known from the baseline (1)');
    expect(md).toMatch(/Fixed since the baseline \(1\)[\s\S]*\| SA009 \| analytics-prod \|/);
    expect(md).toContain('### Findings (2 failing the run)');
  });

  it('stays within the budget, dropping details before rows and saying so', () => {
    const big = mixedResult();
    const template = big.results[1]!;
    big.results = Array.from({ length: 400 }, (_, i) => ({ ...template, ruleId: `SA${String(100 + (i % 50)).padStart(3, '0')}`, message: `${template.message} #${i}` }));
    const md = renderMarkdown(big, { budget: 60_000 });
    expect(md.length).toBeLessThanOrEqual(60_000);
    expect(md).toMatch(/more not shown: see the full report/);
    const medium = { ...big, results: big.results.slice(0, 150) };
    const mediumText = renderMarkdown(medium, { budget: 60_000 });
    expect(mediumText.length).toBeLessThanOrEqual(60_000);
    expect(mediumText).toMatch(/Remediation for \d+ more rules: see the full report/);
  });

  it('names the spec field under the resource, telling apart findings of one rule on one resource', () => {
    const result = mixedResult();
    result.results[1]!.specPath = 'synapse.preventDataExfiltration';
    expect(renderMarkdown(result)).toContain('| <code>workspaces/syn-analytics</code><br><code>synapse.preventDataExfiltration</code> |');
  });

  it('escapes text from Azure and the spec: no HTML, no Markdown, no @mentions, no broken tables', () => {
    const result = mixedResult();
    result.results[1]!.message = '<img src=x onerror=alert(1)> *bold* [link](http://x) a|b @team `tick`';
    result.results[1]!.integration = '<script>alert(1)</script>';
    const md = renderMarkdown(result, { rules: metas, failOn: 'warning' });
    expect(md).not.toContain('<img');
    expect(md).not.toContain('<script');
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt; \\*bold\\* \\[link\\](http://x) a\\|b &#64;team \\`tick\\`'.replace('\\`tick\\`', '<code>tick</code>'));
    expect(mdEscape('a_b')).toBe('a\\_b');
    expect(mdInline('run `az x --a <b>|c`')).toBe('run <code>az x --a &lt;b&gt;&#124;c</code>');
    expect(mdCell('one\ntwo')).toBe('one<br>two');
  });

  it('says so when nothing fails', () => {
    const clean = mixedResult();
    clean.results = clean.results.filter((e) => e.outcome === 'pass');
    clean.summary = { pass: 1, fail: 0, notApplicable: 0, unknown: 0, waived: 0 };
    const md = renderMarkdown(clean);
    expect(md.split('\n')[0]).toBe('## ✅ synaml audit: passes (--fail-on error): nothing failing, nothing unknown');
    expect(md).toContain('No finding fails the run.');
  });
});
