import { describe, expect, it } from 'vitest';
import type { ResultEntry } from '../../src/engine/types.js';
import { utcDay } from '../../src/dates.js';
import { applyWaivers, findWaiver, waiverIsActive, waiverMatches } from '../../src/engine/waivers.js';
import type { WaiverSpec } from '../../src/spec/types.js';
import { SYN_ID } from './fakes.js';

function entry(overrides: Partial<ResultEntry> = {}): ResultEntry {
  return {
    ruleId: 'SA013',
    ruleName: 'spark-runtime-end-of-support',
    severity: 'error',
    outcome: 'fail',
    waived: false,
    integration: 'analytics-prod',
    resourceId: `${SYN_ID}/bigDataPools/mlpool`,
    message: 'Pool mlpool runs Spark 3.4, past end of support.',
    remediation: 'Upgrade.',
    ...overrides,
  };
}

const waiver = (overrides: Partial<WaiverSpec> = {}): WaiverSpec => ({
  rule: 'SA013',
  reason: 'migration to 3.5 booked',
  expires: '2027-01-31',
  ...overrides,
});

const day = (d: string) => new Date(`${d}T00:00:00Z`);

describe('waiverMatches', () => {
  it('matches by rule ID alone, and by rule name', () => {
    expect(waiverMatches(waiver(), entry())).toBe(true);
    expect(waiverMatches(waiver({ rule: 'sa013' }), entry())).toBe(true);
    expect(waiverMatches(waiver({ rule: 'spark-runtime-end-of-support' }), entry())).toBe(true);
    expect(waiverMatches(waiver({ rule: 'SA001' }), entry())).toBe(false);
  });

  it('narrows by integration name when given', () => {
    expect(waiverMatches(waiver({ integration: 'analytics-prod' }), entry())).toBe(true);
    expect(waiverMatches(waiver({ integration: 'analytics-dev' }), entry())).toBe(false);
  });

  it('narrows by resource ID when given, case-insensitively', () => {
    expect(waiverMatches(waiver({ resource: `${SYN_ID}/bigDataPools/mlpool`.toUpperCase() }), entry())).toBe(true);
    expect(waiverMatches(waiver({ resource: `${SYN_ID}/bigDataPools/mlpool/` }), entry())).toBe(true);
    expect(waiverMatches(waiver({ resource: `${SYN_ID}/bigDataPools/other` }), entry())).toBe(false);
    const { resourceId: _drop, ...withoutResource } = entry();
    expect(waiverMatches(waiver({ resource: SYN_ID }), withoutResource)).toBe(false);
  });
});

describe('waiverIsActive', () => {
  it('is active up to and including the expiry day (UTC), and not after', () => {
    expect(waiverIsActive(waiver(), day('2026-11-23'))).toBe(true);
    expect(waiverIsActive(waiver(), day('2027-01-31'))).toBe(true);
    expect(waiverIsActive(waiver(), new Date('2027-01-31T23:59:59.999Z'))).toBe(true);
    expect(waiverIsActive(waiver(), day('2027-02-01'))).toBe(false);
  });

  it('reads the day in UTC whatever the local zone of the Date', () => {
    expect(utcDay(new Date('2027-01-31T23:30:00-05:00'))).toBe('2027-02-01');
    expect(waiverIsActive(waiver(), new Date('2027-01-31T23:30:00-05:00'))).toBe(false);
  });

  it('tolerates an expiry YAML parsed as a Date', () => {
    expect(waiverIsActive(waiver({ expires: new Date('2027-01-31T00:00:00Z') as unknown as string }), day('2027-01-31'))).toBe(true);
  });
});

describe('applyWaivers', () => {
  it('marks a matching fail as waived with the reason and expiry', () => {
    const [waived] = applyWaivers([entry()], [waiver()], day('2026-11-23'));
    expect(waived).toMatchObject({ waived: true, waiver: { reason: 'migration to 3.5 booked', expires: '2027-01-31' }, outcome: 'fail' });
  });

  it('leaves entries alone when no waiver matches', () => {
    const original = entry();
    const [out] = applyWaivers([original], [waiver({ rule: 'SA001' })], day('2026-11-23'));
    expect(out).toBe(original);
    expect(out!.waived).toBe(false);
    expect(out).not.toHaveProperty('waiver');
  });

  it('does not waive with an expired waiver', () => {
    const [out] = applyWaivers([entry()], [waiver({ expires: '2026-11-22' })], day('2026-11-23'));
    expect(out!.waived).toBe(false);
  });

  it('never waives an unknown, a pass or a not-applicable', () => {
    const outcomes = applyWaivers(
      [entry({ outcome: 'unknown' }), entry({ outcome: 'pass' }), entry({ outcome: 'not-applicable' })],
      [waiver()],
      day('2026-11-23'),
    );
    expect(outcomes.map((e) => e.waived)).toEqual([false, false, false]);
  });

  it('uses the first active matching waiver in spec order, skipping expired ones', () => {
    const waivers = [waiver({ reason: 'old', expires: '2020-01-01' }), waiver({ reason: 'second' }), waiver({ reason: 'third' })];
    expect(findWaiver(entry(), waivers, day('2026-11-23'))?.reason).toBe('second');
  });

  it('does not mutate its input', () => {
    const original = entry();
    applyWaivers([original], [waiver()], day('2026-11-23'));
    expect(original.waived).toBe(false);
  });
});
