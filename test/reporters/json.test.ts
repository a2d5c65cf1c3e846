import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { buildAuditResult } from '../../src/engine/result.js';
import { renderJson } from '../../src/reporters/json.js';
import { estateRule, fakeEstate, fakeLoaded, integration } from '../engine/fakes.js';
import { loadResultSchema, mixedResult } from './fixture.js';

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats.default(ajv);
  return ajv.compile(loadResultSchema());
}

describe('json reporter', () => {
  it('prints the result with 2-space indent and a trailing newline, losslessly', () => {
    const result = mixedResult();
    const text = renderJson(result);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toMatch(/^\{\n {2}"synamlResult": 1,\n {2}"tool": \{/);
    expect(JSON.parse(text)).toEqual(result);
  });

  it('orders keys as the contract does, whatever order the input has', () => {
    const result = mixedResult();
    const shuffled = JSON.parse(JSON.stringify({ ...result, results: result.results.map((e) => Object.fromEntries(Object.entries(e).reverse())) }));
    const reversedTop = Object.fromEntries(Object.entries(shuffled).reverse());
    const text = renderJson(reversedTop as unknown as typeof result);
    expect(text).toBe(renderJson(result));
    expect(Object.keys(JSON.parse(text))).toEqual(['synamlResult', 'tool', 'auditedAt', 'spec', 'source', 'summary', 'results', 'diagnostics']);
    expect(Object.keys(JSON.parse(text).results[3])).toEqual([
      'ruleId', 'ruleName', 'severity', 'outcome', 'waived', 'integration', 'resourceId', 'message', 'remediation', 'location', 'reason',
    ]);
    expect(Object.keys(JSON.parse(text).results[2])).toContain('waiver');
  });

  it('validates against schema/result-v1.schema.json (shared fixture and an engine-built result)', () => {
    const validate = validator();
    expect(validate(JSON.parse(renderJson(mixedResult()))), JSON.stringify(validate.errors)).toBe(true);

    const rule = estateRule('SA999', () => [
      { outcome: 'fail', messageId: 'plain' },
      { outcome: 'unknown', messageId: 'plain' },
      { outcome: 'pass', messageId: 'plain' },
    ]);
    const loaded = fakeLoaded([integration('prod')], [{ rule: 'SA999', reason: 'r', expires: '2030-01-01' }]);
    const now = new Date('2026-11-23T00:00:00Z');
    const entries = evaluateRules({ loaded, rules: [rule], estate: fakeEstate(), now, mode: 'audit' });
    const built = buildAuditResult({ spec: 'spec.yaml', entries, auditedAt: now, source: { kind: 'snapshot', file: 's.json', capturedAt: now.toISOString() } });
    expect(validate(JSON.parse(renderJson(built))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('has a schema that rejects broken results', () => {
    const validate = validator();
    const broken = (mutate: (r: Record<string, any>) => void) => {
      const result = JSON.parse(renderJson(mixedResult()));
      mutate(result);
      return validate(result);
    };
    expect(broken((r) => delete r.summary)).toBe(false);
    expect(broken((r) => (r.synamlResult = 2))).toBe(false);
    expect(broken((r) => (r.results[1].outcome = 'failed'))).toBe(false);
    expect(broken((r) => (r.results[1].severity = 'critical'))).toBe(false);
    expect(broken((r) => delete r.results[3].reason)).toBe(false); // an unknown must say why
    expect(broken((r) => delete r.results[2].waiver)).toBe(false); // a waived entry must name its waiver
    expect(broken((r) => (r.results[2].outcome = 'unknown'))).toBe(false); // only a fail can be waived
    expect(broken((r) => (r.results[0].location.line = 0))).toBe(false);
    expect(broken((r) => (r.summary.fail = -1))).toBe(false);
    expect(broken((r) => (r.auditedAt = 'yesterday'))).toBe(false);
    expect(broken((r) => (r.results[0].extra = true))).toBe(false);
    expect(broken(() => undefined)).toBe(true);
  });
});
