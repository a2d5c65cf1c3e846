import { describe, expect, it } from 'vitest';
import { renderCompact } from '../../src/reporters/compact.js';
import { escapingResult, expectPrintsOnlyCleanedText, mixedResult } from './fixture.js';

describe('compact', () => {
  it('lists the findings, grouped by integration, and counts the rest', () => {
    const result = mixedResult();
    const text = renderCompact(result, { failOn: 'error' });
    const findings = result.results.filter((e) => e.outcome !== 'pass' && e.outcome !== 'not-applicable');
    for (const e of findings) expect(text).toContain(e.ruleId);
    for (const integration of new Set(findings.map((e) => e.integration))) expect(text).toContain(`${result.spec} · ${integration}`);
    const s = result.summary;
    expect(text).toContain(`${s.pass} pass, ${s.fail} fail, ${s.notApplicable} not applicable, ${s.unknown} unknown, ${s.waived} waived`);
    // --all lists the passes too: more lines than without.
    expect(renderCompact(result, { failOn: 'error', all: true }).split('\n').length).toBeGreaterThan(text.split('\n').length);
  });

  it('prints only what cleaning the whole result first printed, without control characters', () => {
    expectPrintsOnlyCleanedText(renderCompact);
  });

  it('cleans the listed entries and the header, and leaves the caller\'s result as it was', () => {
    const result = escapingResult();
    const before = JSON.stringify(result);
    const text = renderCompact(result, { failOn: 'error', all: true });
    expect(text).toContain('specs/[31mred[0m.yaml');
    expect(text).toContain(' overwritten 1');
    expect(JSON.stringify(result)).toBe(before);
  });
});
