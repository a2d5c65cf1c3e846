// The HTML report as text: self-contained, CSP-locked, escaped. test/reporters/html-browser.test.ts runs it in Chromium.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, escapeHtml, renderHtml } from '../../src/reporters/html.js';
import { rules } from '../../rules/index.js';
import { hostileResult, mixedResult } from './fixture.js';

const metas = rules.map((r) => r.meta);
function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

describe('html reporter', () => {
  // `--fail-on warning`: the fixture's SA015 warning fails the run (the gate's own tests are in gate.test.ts).
  const page = renderHtml(mixedResult(), { rules: metas, failOn: 'warning' });

  it('is one HTML document with an inline style and script whose hashes the CSP allows, and nothing else', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;
    const script = /<script>([\s\S]*?)<\/script>/.exec(page)![1]!;
    expect(CONTENT_SECURITY_POLICY).toContain(`style-src ${sha256(style)}`);
    expect(CONTENT_SECURITY_POLICY).toContain(`script-src ${sha256(script)}`);
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none'; /);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CONTENT_SECURITY_POLICY)}">`);
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page.match(/<style/g)).toHaveLength(1);
  });

  it('loads nothing: no src attributes, no stylesheets, links only to Microsoft docs', () => {
    expect(page).not.toMatch(/\ssrc=/i);
    expect(page).not.toMatch(/<link\b/i);
    expect(page).not.toMatch(/url\(/i);
    expect(page).not.toMatch(/@import/i);
    const hrefs = [...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^https:\/\/learn\.microsoft\.com\//);
  });

  it('shows the audit date, scope, tool version and a summary per integration', () => {
    // The fixture's auditedAt is midnight, as with --now: a day, not a time anyone audited at.
    expect(page).toContain('<dt>Audit date</dt><dd>2026-11-23</dd>');
    expect(page).not.toContain('T00:00:00');
    const timed = renderHtml({ ...mixedResult(), auditedAt: '2026-11-23T14:03:12.345Z' }, { rules: metas });
    expect(timed).toContain('<dt>Audit date</dt><dd>2026-11-23 (audited at 14:03:12 UTC)</dd>');
    expect(page).toMatch(/<dt>Scope<\/dt><dd>snapshot state\.json captured 2026-11-23T10:00:00Z, audit date 2026-11-23; 2 integrations \(analytics-prod, analytics-dev\); 1 subscription/);
    expect(page).toContain('<dt>Tool</dt><dd>synaml 0.1.0</dd>');
    expect(page).toContain('<p class="verdict unknown" id="verdict">Incomplete (--fail-on warning, exit 3): 1 unknown, 2 failing</p>');
    const integrations = page.slice(page.indexOf('<table class="counts" id="integrations">'), page.indexOf('</table>', page.indexOf('id="integrations"')));
    expect(integrations).toMatch(/<th scope="row">analytics-prod<\/th>.*1 failing, 1 unknown/);
    expect(integrations).toMatch(/<th scope="row">analytics-dev<\/th>.*1 failing/);
  });

  it('has a findings row per finding with the data the filters use, failures and unknowns first; passes are counted, not listed', () => {
    const rows = [...page.matchAll(/<tr data-order="(\d+)" data-status="([^"]+)" data-severity="([^"]+)" data-rule="([^"]+)"/g)];
    expect(rows.map((r) => `${r[2]}:${r[4]}`)).toEqual(['fail:SA001', 'unknown:SA002', 'fail:SA015', 'waived:SA013']);
    expect(page).toContain('<p id="unlisted">2 passing and not-applicable evaluations are counted above, not listed here: the JSON result (<code>--format json</code>) has every evaluation.</p>');
    const byRule = page.slice(page.indexOf('<table class="counts" id="rules">'), page.indexOf('</table>', page.indexOf('id="rules"')));
    expect(byRule).toMatch(/<th scope="row">SA016 <span class="rule-name">[^<]+<\/span><\/th>(<td[^>]*>\d+<\/td>)+/);
    expect([...byRule.matchAll(/<th scope="row">(SA\d+)/g)].map((m) => m[1])).toEqual(['SA001', 'SA002', 'SA012', 'SA013', 'SA015', 'SA016']);
    // --all lists every evaluation.
    const all = renderHtml(mixedResult(), { rules: metas, all: true, failOn: 'warning' });
    const allRows = [...all.matchAll(/<tr data-order="(\d+)" data-status="([^"]+)" data-severity="([^"]+)" data-rule="([^"]+)"/g)];
    expect(allRows.map((r) => `${r[2]}:${r[4]}`)).toEqual(['fail:SA001', 'unknown:SA002', 'fail:SA015', 'waived:SA013', 'pass:SA016', 'not-applicable:SA012']);
    expect(all).not.toContain('id="unlisted"');
    for (const id of ['filter-severity', 'filter-status', 'filter-rule', 'filter-integration', 'filter-text']) expect(page).toContain(`id="${id}"`);
    expect(page).toContain('<option value="SA013">SA013 spark-runtime-end-of-support</option>');
  });

  it('shows remediation (per finding and per rule), waivers with reason and expiry, and why unknowns are unknown', () => {
    expect(page).toMatch(/<details><summary>Remediation<\/summary><div class="remediation">Use a Synapse workspace without data exfiltration protection:<br>az synapse/);
    expect(page).toContain('<section id="remediation"><h2>Remediation by rule</h2>');
    expect(page).toContain('<span class="badge s-waived">waived until 2027-01-31</span>');
    expect(page).toContain('<b>Waived</b> until 2027-01-31: migration to 3.5 booked');
    expect(page).toMatch(/<b>Why unknown<\/b> synapse\.linkedServices at .*403 Forbidden/);
  });

  it('prints: a print stylesheet hides the controls', () => {
    expect(page).toMatch(/@media print\{[\s\S]*\.filters\{display:none\}/);
  });

  it('escapes everything that comes from Azure or the spec', () => {
    const hostile = renderHtml(hostileResult(), { rules: metas });
    expect(hostile).not.toMatch(/<img|<svg|<script>alert|<\/td><\/tr><img/);
    expect(hostile).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(hostile).toContain('&quot;&#39;&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(hostile).toContain(`data-integration="dev&lt;img src=x onerror=alert(1)&gt;"`);
    expect(escapeHtml('a\u0000b\u0007c')).toBe('abc');
  });

  it('is deterministic, and shows the baseline when there is one', () => {
    expect(renderHtml(mixedResult(), { rules: metas, failOn: 'warning' })).toBe(page);
    const result = mixedResult();
    result.results[1]!.baseline = 'known';
    result.baseline = { file: 'base.json', new: 0, known: 1, fixed: [{ fingerprint: 'a'.repeat(32), ruleId: 'SA009', integration: 'analytics-prod' }] };
    const withBaseline = renderHtml(result, { rules: metas, failOn: 'warning' });
    expect(withBaseline).toContain('<section id="baseline"><h2>Baseline</h2><p>Compared with <code>base.json</code>: <strong>0</strong> new findings');
    expect(withBaseline).toContain('<span class="badge s-known">fail (known, in baseline)</span>');
  });
});
