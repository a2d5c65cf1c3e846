import { describe, expect, it } from 'vitest';
import { evaluateRules, summarise } from '../../src/engine/evaluate.js';
import { fingerprintOf } from '../../src/engine/fingerprint.js';
import { buildAuditResult } from '../../src/engine/result.js';
import type { Rule } from '../../src/engine/types.js';
import { VERSION } from '../../src/version.js';
import { AML_ID, estateRule, fakeEstate, fakeLoaded, integration, meta, SYN_ID, specRule } from './fakes.js';

const now = new Date('2026-11-23T00:00:00Z');

describe('evaluateRules', () => {
  it('renders message templates from data and copies rule metadata into the entry', () => {
    const rule = estateRule('SA901', (i) => [
      { outcome: 'fail', messageId: 'bad', data: { name: i.name, count: 3 }, resourceId: SYN_ID, expected: 'false', actual: 'true' },
    ]);
    const [entry] = evaluateRules({ loaded: fakeLoaded([integration('prod')]), rules: [rule], estate: fakeEstate(), now, mode: 'audit' });
    expect(entry).toEqual({
      ruleId: 'SA901',
      ruleName: 'rule-sa901',
      severity: 'error',
      outcome: 'fail',
      waived: false,
      integration: 'prod',
      resourceId: SYN_ID,
      message: 'Bad thing on prod: 3 problems.',
      expected: 'false',
      actual: 'true',
      remediation: rule.meta.remediation,
      location: { file: 'spec.yaml', line: 2, column: 3 },
      messageId: 'bad',
      fingerprint: fingerprintOf({ ruleId: 'SA901', integration: 'prod', resourceId: SYN_ID, messageId: 'bad' }),
    });
    expect(entry).not.toHaveProperty('reason');
    expect(entry).not.toHaveProperty('specPath'); // no path: the finding is about the integration itself
  });

  it('locates an entry at the integration node by default and at the check path when given', () => {
    const loaded = fakeLoaded([integration('a'), integration('b')]);
    const rule = specRule('SA902', () => [
      { outcome: 'pass', messageId: 'plain' },
      { outcome: 'pass', messageId: 'plain', path: ['synapse', 'sparkPools', 1, 'sparkVersion'] },
    ]);
    const entries = evaluateRules({ loaded, rules: [rule], now, mode: 'validate' });
    expect(loaded.located).toEqual([
      ['integrations', 0],
      ['integrations', 0, 'synapse', 'sparkPools', 1, 'sparkVersion'],
      ['integrations', 1],
      ['integrations', 1, 'synapse', 'sparkPools', 1, 'sparkVersion'],
    ]);
    expect(entries.map((e) => e.location?.line)).toEqual([2, 6, 12, 16]);
  });

  it('lets a check override the rule severity', () => {
    const rule = specRule('SA903', () => [
      { outcome: 'fail', messageId: 'plain' },
      { outcome: 'fail', messageId: 'plain', severity: 'warning' },
    ]);
    const entries = evaluateRules({ loaded: fakeLoaded([integration('a')]), rules: [rule], now, mode: 'validate' });
    expect(entries.map((e) => e.severity)).toEqual(['error', 'warning']);
  });

  it('orders entries by integration (spec order), then rule (registry order), spec checks before estate checks', () => {
    const order: string[] = [];
    const mk = (id: string): Rule => ({
      meta: meta(id),
      checkSpec: ({ integration: i }) => (order.push(`${i.name}/${id}/spec`), [{ outcome: 'pass', messageId: 'ok', data: { name: `${i.name}-spec` } }]),
      checkEstate: ({ integration: i }) => (order.push(`${i.name}/${id}/estate`), [{ outcome: 'pass', messageId: 'ok', data: { name: `${i.name}-estate` } }]),
    });
    const entries = evaluateRules({
      loaded: fakeLoaded([integration('first'), integration('second')]),
      rules: [mk('SA920'), mk('SA910')],
      estate: fakeEstate(),
      now,
      mode: 'audit',
    });
    expect(entries.map((e) => `${e.integration}/${e.ruleId}/${e.message}`)).toEqual([
      'first/SA920/All good for first-spec.',
      'first/SA920/All good for first-estate.',
      'first/SA910/All good for first-spec.',
      'first/SA910/All good for first-estate.',
      'second/SA920/All good for second-spec.',
      'second/SA920/All good for second-estate.',
      'second/SA910/All good for second-spec.',
      'second/SA910/All good for second-estate.',
    ]);
    expect(order[0]).toBe('first/SA920/spec');
  });

  it('runs only spec checks in validate mode, and needs an estate in audit mode', () => {
    let estateCalls = 0;
    const rule: Rule = {
      meta: meta('SA904'),
      checkSpec: () => [{ outcome: 'pass', messageId: 'plain' }],
      checkEstate: () => (estateCalls++, [{ outcome: 'fail', messageId: 'plain' }]),
    };
    const loaded = fakeLoaded([integration('a')]);
    expect(evaluateRules({ loaded, rules: [rule], now, mode: 'validate' }).map((e) => e.outcome)).toEqual(['pass']);
    expect(estateCalls).toBe(0);
    expect(() => evaluateRules({ loaded, rules: [rule], now, mode: 'audit' })).toThrow(/needs an estate/);
  });

  it('passes the integration, estate and audit date to the rule', () => {
    let seen: unknown[] = [];
    const estate = fakeEstate();
    const rule: Rule = { meta: meta('SA905'), checkEstate: (ctx) => ((seen = [ctx.integration.name, ctx.estate, ctx.now]), []) };
    evaluateRules({ loaded: fakeLoaded([integration('x')]), rules: [rule], estate, now, mode: 'audit' });
    expect(seen).toEqual(['x', estate, now]);
  });

  it('turns a throwing rule into one unknown entry that names the rule bug, and carries on', () => {
    const broken = estateRule('SA906', () => {
      throw new TypeError("Cannot read properties of undefined (reading 'name')");
    });
    const fine = estateRule('SA907', () => [{ outcome: 'pass', messageId: 'plain' }]);
    const entries = evaluateRules({ loaded: fakeLoaded([integration('a')]), rules: [broken, fine], estate: fakeEstate(), now, mode: 'audit' });
    expect(entries.map((e) => [e.ruleId, e.outcome])).toEqual([
      ['SA906', 'unknown'],
      ['SA907', 'pass'],
    ]);
    const bug = entries[0]!;
    expect(bug.message).toMatch(/SA906.*bug in the rule.*reading 'name'/);
    expect(bug.reason).toEqual({ source: 'rule', scope: 'SA906', message: "rule SA906 threw: Cannot read properties of undefined (reading 'name')" });
    expect(bug.location).toEqual({ file: 'spec.yaml', line: 2, column: 3 });
    expect(bug.waived).toBe(false);
  });

  it('copies the snapshot error of an unknown check into reason', () => {
    const rule = estateRule('SA908', () => [
      {
        outcome: 'unknown',
        messageId: 'plain',
        resourceId: SYN_ID,
        error: { source: 'synapse.linkedServices', scope: SYN_ID, status: 403, code: 'Forbidden', message: 'denied', missing: 'Synapse Artifact User' },
      },
      { outcome: 'unknown', messageId: 'plain' },
    ]);
    const [withError, withoutError] = evaluateRules({ loaded: fakeLoaded([integration('a')]), rules: [rule], estate: fakeEstate(), now, mode: 'audit' });
    expect(withError!.reason).toEqual({
      source: 'synapse.linkedServices',
      scope: SYN_ID,
      status: 403,
      code: 'Forbidden',
      message: 'denied',
      missing: 'Synapse Artifact User',
    });
    expect(withoutError!.reason?.message).toMatch(/no reason/);
  });

  describe('message bugs', () => {
    const missingPlaceholder = specRule('SA909', () => [{ outcome: 'fail', messageId: 'bad', data: { name: 'x' } }]);
    const missingMessage = specRule('SA909', () => [{ outcome: 'fail', messageId: 'nope' }]);
    const loaded = fakeLoaded([integration('a')]);

    it('throw in strict mode (the default under vitest)', () => {
      expect(() => evaluateRules({ loaded, rules: [missingPlaceholder], now, mode: 'validate' })).toThrow(/\{\{count\}\}/);
      expect(() => evaluateRules({ loaded, rules: [missingMessage], now, mode: 'validate', strictMessages: true })).toThrow(/no message "nope"/);
    });

    it('include an invalid outcome or severity', () => {
      const badOutcome = specRule('SA909', () => [{ outcome: 'failed' as never, messageId: 'plain' }]);
      const badSeverity = specRule('SA909', () => [{ outcome: 'fail', messageId: 'plain', severity: 'critical' as never }]);
      expect(() => evaluateRules({ loaded, rules: [badOutcome], now, mode: 'validate' })).toThrow(/invalid outcome "failed"/);
      const [entry] = evaluateRules({ loaded, rules: [badSeverity], now, mode: 'validate', strictMessages: false });
      expect(entry).toMatchObject({ outcome: 'unknown', severity: 'error' });
      expect(entry!.reason?.message).toMatch(/invalid severity "critical"/);
    });

    it('become unknown entries naming the bug otherwise', () => {
      const [entry] = evaluateRules({ loaded, rules: [missingPlaceholder], now, mode: 'validate', strictMessages: false });
      expect(entry!.outcome).toBe('unknown');
      expect(entry!.reason?.message).toMatch(/SA909.*\{\{count\}\}/);
    });
  });

  it('applies the spec waivers', () => {
    const rule = estateRule('SA910', () => [{ outcome: 'fail', messageId: 'plain', resourceId: AML_ID }]);
    const loaded = fakeLoaded([integration('a')], [{ rule: 'SA910', reason: 'booked', expires: '2026-12-01' }]);
    const [entry] = evaluateRules({ loaded, rules: [rule], estate: fakeEstate(), now, mode: 'audit' });
    expect(entry).toMatchObject({ waived: true, waiver: { reason: 'booked', expires: '2026-12-01' } });
  });
});

describe('summarise and buildAuditResult', () => {
  const rule = specRule('SA911', () => [
    { outcome: 'pass', messageId: 'plain' },
    { outcome: 'fail', messageId: 'plain' },
    { outcome: 'fail', messageId: 'plain', resourceId: SYN_ID },
    { outcome: 'not-applicable', messageId: 'plain' },
    { outcome: 'unknown', messageId: 'plain' },
  ]);
  const loaded = fakeLoaded([integration('a')], [{ rule: 'SA911', resource: SYN_ID.toUpperCase(), reason: 'r', expires: '2030-01-01' }]);
  const entries = evaluateRules({ loaded, rules: [rule], now, mode: 'validate' });

  it('counts entries that are not waived by outcome, and waived ones separately', () => {
    expect(summarise(entries)).toEqual({ pass: 1, fail: 1, notApplicable: 1, unknown: 1, waived: 1 });
  });

  it('builds the versioned result with warnings only', () => {
    const result = buildAuditResult({
      spec: 'spec.yaml',
      entries,
      auditedAt: now,
      diagnostics: [
        { file: 'spec.yaml', line: 30, column: 5, severity: 'warning', code: 'waiver-expired', message: 'expired' },
        { file: 'spec.yaml', line: 31, column: 5, severity: 'error', code: 'x', message: 'not carried' },
      ],
    });
    expect(result).toMatchObject({ synamlResult: 1, tool: { name: 'synaml', version: VERSION }, auditedAt: '2026-11-23T00:00:00.000Z', spec: 'spec.yaml' });
    expect(result.diagnostics).toEqual([{ file: 'spec.yaml', line: 30, column: 5, severity: 'warning', code: 'waiver-expired', message: 'expired' }]);
    expect(result).not.toHaveProperty('source');
    expect(buildAuditResult({ spec: 's', entries: [], auditedAt: now })).not.toHaveProperty('diagnostics');
  });
});
