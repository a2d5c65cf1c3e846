import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/engine/types.js';
import { renderCompact } from '../../src/reporters/compact.js';
import { withoutControls } from '../../src/reporters/text-safety.js';
import { hostileResult, mixedResult } from './fixture.js';

/** The shared fixture with terminal escape sequences and carriage returns in the strings Azure or the spec controls. */
function withEscapes(): AuditResult {
  const result = hostileResult();
  for (const [i, e] of result.results.entries()) {
    e.message = `\u001b[2J${e.message}\r\u009b31m overwritten ${i}`;
    e.integration = `${e.integration}\u0007\u001b]0;title\u0007`;
  }
  result.spec = `specs/\u001b[31mred\u001b[0m.yaml`;
  return result;
}

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
    for (const result of [withEscapes(), mixedResult()]) {
      for (const all of [false, true]) {
        for (const failOn of ['error', 'warning', 'never'] as const) {
          const options = { all, failOn, width: 100, terminal: true };
          const text = renderCompact(result, options);
          expect(text).toBe(renderCompact(withoutControls(result, { terminal: true }), options));
          // eslint-disable-next-line no-control-regex
          expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
        }
      }
    }
  });

  it('cleans the listed entries and the header, and leaves the caller\'s result as it was', () => {
    const result = withEscapes();
    const before = JSON.stringify(result);
    const text = renderCompact(result, { failOn: 'error', all: true });
    expect(text).toContain('specs/[31mred[0m.yaml');
    expect(text).toContain(' overwritten 1');
    expect(JSON.stringify(result)).toBe(before);
  });
});
