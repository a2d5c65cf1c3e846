// The programmatic API (src/index.ts) with hand-made rules and a fake estate source: no registry, no normaliser.
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/engine/types.js';
import { calendarDay } from '../../src/dates.js';
import { audit, type EstateSource, parseAuditDate, SpecInvalidError, startOfUtcDay, UsageError, validateSpec } from '../../src/index.js';
import { fakeEstate, meta } from '../engine/fakes.js';
import { fixture } from './run.js';

const now = new Date('2026-11-23T00:00:00Z');

const rule: Rule = {
  meta: meta('SA001', { name: 'exfiltration-protection-blocks-aml' }),
  checkSpec: ({ integration }) => [{ outcome: 'pass', messageId: 'ok', data: { name: integration.name } }],
  checkEstate: ({ integration }) => [{ outcome: 'fail', messageId: 'ok', data: { name: integration.name }, path: ['synapse', 'workspaceId'] }],
};

const fakeSource: EstateSource = {
  async load() {
    return { estate: fakeEstate(), source: { kind: 'snapshot', file: 'fake.json', capturedAt: '2026-11-23T10:00:00Z' } };
  },
};

describe('parseAuditDate', () => {
  it('reads YYYY-MM-DD as midnight UTC and accepts a zoned ISO date-time', () => {
    expect(parseAuditDate('2026-11-23').toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(parseAuditDate('2026-11-23T10:30:00Z').toISOString()).toBe('2026-11-23T10:30:00.000Z');
    expect(parseAuditDate('2026-11-23T10:30:00+02:00').toISOString()).toBe('2026-11-23T08:30:00.000Z');
  });

  it('rejects anything else as a usage error', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '23/11/2026', 'today', '', '2026-11-23T10:30:00', '2026-11-23 10:30']) {
      expect(() => parseAuditDate(bad), bad).toThrow(UsageError);
    }
  });

  it('takes any real day, leap days and years before 100 included, as the spec\'s waiver expiry does', () => {
    expect(parseAuditDate('2028-02-29').toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(parseAuditDate('0050-01-01').toISOString()).toBe('0050-01-01T00:00:00.000Z');
    expect(calendarDay('2027-02-29')).toBeUndefined();
    expect(calendarDay('0099-12-31')?.getUTCFullYear()).toBe(99);
  });

  it('has today at midnight UTC as the default date', () => {
    expect(startOfUtcDay(new Date('2026-11-23T23:59:59.999Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(startOfUtcDay(new Date('0050-06-01T13:00:00Z')).toISOString()).toBe('0050-06-01T00:00:00.000Z');
  });
});

describe('audit()', () => {
  it('loads the spec, the estate from its source, evaluates and applies waivers', async () => {
    const result = await audit(fixture('waived.yaml'), { rules: [rule], now, estateSource: fakeSource });
    expect(result.source).toEqual({ kind: 'snapshot', file: 'fake.json', capturedAt: '2026-11-23T10:00:00Z' });
    expect(result.results.map((e) => [e.outcome, e.waived])).toEqual([
      ['pass', false],
      ['fail', true],
    ]);
    expect(result.results[1]!.location).toEqual({ file: fixture('waived.yaml'), line: 6, column: 7 });
    expect(result.summary).toEqual({ pass: 1, fail: 0, notApplicable: 0, unknown: 0, waived: 1 });
    expect(result.auditedAt).toBe(now.toISOString());
  });

  it('throws SpecInvalidError with every diagnostic, before loading the estate', async () => {
    let loaded = false;
    const source: EstateSource = { load: async () => ((loaded = true), fakeSource.load({} as never)) };
    const error = await audit(fixture('invalid.yaml'), { rules: [rule], now, estateSource: source }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecInvalidError);
    expect((error as SpecInvalidError).diagnostics.filter((d) => d.severity === 'error').length).toBeGreaterThanOrEqual(2);
    expect(loaded).toBe(false);
  });

  it('carries spec warnings (an expired waiver) into the result', async () => {
    const result = await audit(fixture('waiver-expired.yaml'), { rules: [rule], now, estateSource: fakeSource });
    expect(result.diagnostics?.[0]).toMatchObject({ severity: 'warning', file: fixture('waiver-expired.yaml') });
    expect(result.results[1]!.waived).toBe(false);
  });
});

describe('validateSpec()', () => {
  it('runs only the spec checks', async () => {
    const validation = await validateSpec(fixture('spec.yaml'), { rules: [rule], now });
    expect(validation.ok).toBe(true);
    expect(validation.result?.results.map((e) => e.outcome)).toEqual(['pass']);
    expect(validation.result).not.toHaveProperty('source');
  });

  it('reports an invalid spec without throwing', async () => {
    const validation = await validateSpec(fixture('invalid.yaml'), { rules: [rule], now });
    expect(validation.ok).toBe(false);
    expect(validation.result).toBeUndefined();
    expect(validation.diagnostics.some((d) => d.line === 11)).toBe(true);
  });
});
