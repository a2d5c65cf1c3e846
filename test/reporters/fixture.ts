// The one shared result fixture every reporter is tested against: every outcome, a waiver, an unknown with a reason.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { AuditResult } from '../../src/engine/types.js';
import { withoutControls } from '../../src/reporters/text-safety.js';
import type { ReporterOptions } from '../../src/reporters/types.js';

export function mixedResult(): AuditResult {
  return JSON.parse(readFileSync(new URL('../fixtures/results/mixed.json', import.meta.url), 'utf8')) as AuditResult;
}

export function loadResultSchema(): object {
  return JSON.parse(readFileSync(new URL('../../schema/result-v1.schema.json', import.meta.url), 'utf8')) as object;
}

/** The payload every format must show as text. */
export const XSS = '<img src=x onerror=alert(1)>';

/** The shared fixture with the payload in every string Azure or the spec controls. */
export function hostileResult(): AuditResult {
  const result = mixedResult();
  const e = result.results[1]!;
  e.resourceId = `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Synapse/workspaces/${XSS}`;
  e.message = `Workspace ${XSS} has data exfiltration protection enabled.`;
  e.expected = `"'><script>alert(2)</script>`;
  e.actual = XSS;
  result.results[2]!.waiver = { reason: `</td></tr>${XSS}`, expires: '2027-01-31' };
  result.results[3]!.reason!.message = `<svg onload=alert(3)>`;
  result.results[5]!.integration = `dev${XSS}`;
  result.spec = `specs/${XSS}.yaml`;
  return result;
}

/** The hostile fixture with terminal escape sequences, a bell and carriage returns in the strings Azure or the spec controls. */
export function escapingResult(): AuditResult {
  const result = hostileResult();
  for (const [i, e] of result.results.entries()) {
    e.message = `\u001b[2J${e.message}\r\u009b31m overwritten ${i}`;
    e.integration = `${e.integration}\u0007\u001b]0;title\u0007`;
  }
  result.spec = `specs/\u001b[31mred\u001b[0m.yaml`;
  return result;
}

/**
 * For a terminal format that cleans only what it prints of control characters: with every option set, it prints what
 * it printed for the result cleaned whole first, and no control character (a carriage return included).
 */
export function expectPrintsOnlyCleanedText(render: (result: AuditResult, options: ReporterOptions) => string): void {
  for (const result of [escapingResult(), hostileResult(), mixedResult()]) {
    for (const all of [false, true]) {
      for (const failOn of ['error', 'warning', 'never'] as const) {
        const options = { all, failOn, width: 100, terminal: true };
        const text = render(result, options);
        expect(text).toBe(render(withoutControls(result, { terminal: true }), options));
        // eslint-disable-next-line no-control-regex
        expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
      }
    }
  }
}
