// The one shared result fixture every reporter is tested against: every outcome, a waiver, an unknown with a reason.
import { readFileSync } from 'node:fs';
import type { AuditResult } from '../../src/engine/types.js';

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
