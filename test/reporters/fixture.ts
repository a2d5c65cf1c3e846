// The one shared result fixture every reporter is tested against: every outcome, a waiver, an unknown with a reason.
import { readFileSync } from 'node:fs';
import type { AuditResult } from '../../src/engine/types.js';

export function mixedResult(): AuditResult {
  return JSON.parse(readFileSync(new URL('../fixtures/results/mixed.json', import.meta.url), 'utf8')) as AuditResult;
}

export function loadResultSchema(): object {
  return JSON.parse(readFileSync(new URL('../../schema/result-v1.schema.json', import.meta.url), 'utf8')) as object;
}
