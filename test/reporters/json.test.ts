import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { buildAuditResult } from '../../src/engine/result.js';
import type { AuditResult, ResultEntry } from '../../src/engine/types.js';
import { renderJson } from '../../src/reporters/json.js';
import { escapeJsonControls } from '../../src/reporters/text-safety.js';
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

/** The json reporter before entries already in contract order were written as they are: a copy of every object. */
function copyingRenderJson(result: AuditResult): string {
  const pick = (value: object, keys: readonly string[]) => {
    const out: Record<string, unknown> = {};
    for (const key of keys) if ((value as Record<string, unknown>)[key] !== undefined) out[key] = (value as Record<string, unknown>)[key];
    return out;
  };
  const entryKeys = ['ruleId', 'ruleName', 'severity', 'outcome', 'waived', 'waiver', 'baseline', 'integration', 'resourceId', 'message', 'expected', 'actual', 'remediation', 'location', 'reason', 'messageId', 'specPath', 'fingerprint'];
  const results = result.results.map((entry) => {
    const out = pick(entry, entryKeys);
    if (entry.waiver) out.waiver = pick(entry.waiver, ['reason', 'expires']);
    if (entry.location) out.location = pick(entry.location, ['file', 'line', 'column']);
    if (entry.reason) out.reason = pick(entry.reason, ['source', 'scope', 'status', 'code', 'message', 'missing']);
    return out;
  });
  const text = renderJson({ ...result, results: [] });
  const written = results.length === 0 ? '[]' : JSON.stringify(results, null, 2).replace(/\n/g, '\n  ');
  return text.replace('"results": []', () => `"results": ${escapeJsonControls(written)}`);
}

describe('json reporter, entries written without copying', () => {
  const key = fc.constantFrom('ruleId', 'ruleName', 'severity', 'outcome', 'waived', 'waiver', 'baseline', 'integration', 'resourceId', 'message', 'expected', 'actual', 'remediation', 'location', 'reason', 'messageId', 'specPath', 'fingerprint', 'extra', 'file', 'line', 'column', 'expires', 'source', 'toJSON');
  const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(undefined), fc.constant(null));
  // Objects with keys in any order, some undefined, some unknown; `kind` 0: no prototype, 1: an enumerable toJSON key
  // may be set, 2: some keys not enumerable, 3: a toJSON method that is not enumerable.
  const object = (value: fc.Arbitrary<unknown>) =>
    fc.tuple(fc.array(fc.tuple(key, value), { maxLength: 12 }), fc.array(fc.tuple(key, leaf), { maxLength: 2 }), fc.integer({ min: 0, max: 9 })).map(([entries, hidden, kind]) => {
      const out: Record<string, unknown> = kind === 0 ? Object.create(null) : {};
      for (const [k, v] of entries) if (k !== 'toJSON' || kind === 1) out[k] = v;
      if (kind === 2) for (const [k, v] of hidden) if (!Object.hasOwn(out, k)) Object.defineProperty(out, k, { value: v, enumerable: false });
      if (kind === 3 && !Object.hasOwn(out, 'toJSON')) Object.defineProperty(out, 'toJSON', { value: () => 'replaced', enumerable: false });
      return out;
    });
  const nested = object(leaf);
  const entry = object(fc.oneof(leaf, nested, leaf, nested));

  it('is the same text as copying every entry into contract order, whatever the entries hold', () => {
    const base = mixedResult();
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), (entries) => {
        const result = { ...base, results: [...base.results, ...(entries as unknown as ResultEntry[])] };
        expect(renderJson(result)).toBe(copyingRenderJson(result));
      }),
      { numRuns: 500 },
    );
  });

  it('is the same text for strings and numbers that need escaping or have no JSON form, long or short, repeated or not', () => {
    const base = mixedResult();
    // Any UTF-16 code unit (quotes, backslashes, C0 and C1 controls, lone surrogates), lengths around the 64 units
    // above which a string's escaped text is kept for the entries after it, and numbers JSON writes as null.
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'binary', minLength: 60, maxLength: 70 }), fc.constantFrom('"\\', '\u0085\u009b\u007f', 'a'.repeat(65), `${'b'.repeat(70)}\u0080`));
    const scalar = fc.oneof(text, fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e21), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const flat = fc.record(
      { ruleId: text, message: scalar, remediation: text, waived: scalar, location: fc.oneof(fc.record({ file: text, line: scalar, column: scalar }), scalar) },
      { requiredKeys: ['ruleId'] },
    );
    fc.assert(
      fc.property(fc.array(flat, { maxLength: 6 }), fc.nat(5), (entries, repeat) => {
        const repeated = entries.flatMap((e) => Array.from({ length: repeat % 3 }, () => ({ ...e })));
        const result = { ...base, results: [...entries, ...repeated] as unknown as ResultEntry[] };
        expect(renderJson(result)).toBe(copyingRenderJson(result));
      }),
      { numRuns: 500 },
    );
  });

  it('is the same text for entries already in contract order, as the engine builds them', () => {
    const result = mixedResult();
    const inOrder = JSON.parse(copyingRenderJson(result)) as AuditResult;
    expect(renderJson(inOrder)).toBe(copyingRenderJson(result));
    expect(renderJson(result)).toBe(copyingRenderJson(result));
  });
});
