// One harness for every rule's tests: each rule is exercised over cases that make it pass, fail, be
// not-applicable and be unknown. The parity test (test/rules/parity.test.ts) checks every rule has all four.
import { describe, expect, it } from 'vitest';
import { declaredFindings } from '../../src/engine/evaluate.js';
import type { Check, Outcome, Rule, Severity } from '../../src/engine/types.js';
import type { IntegrationSpec } from '../../src/spec/types.js';
import type { SnapshotBuilder } from './payloads.js';
import { NOW, estateOf, healthyIntegration, healthySnapshot } from './scenario.js';

export interface ExpectedCheck {
  outcome: Outcome;
  messageId?: string;
  severity?: Severity;
  /** Substring (case-insensitive) of the resource ID. */
  resource?: string;
  path?: Array<string | number>;
  /** Substring of the rendered message. */
  message?: string;
}

export interface RuleCase {
  name: string;
  /** Change the healthy spec. */
  spec?: (integration: IntegrationSpec) => void;
  /** Change the healthy recorded estate. */
  estate?: (builder: SnapshotBuilder) => void;
  now?: Date;
  /** Only the spec-only checks (what `synaml validate` runs). */
  specOnly?: boolean;
  /** Every listed check must be among the rule's checks; with `exactly`, nothing else may be. */
  expect: ExpectedCheck[];
  exactly?: boolean;
}

export interface RuleCases {
  pass: RuleCase[];
  fail: RuleCase[];
  notApplicable: RuleCase[];
  /** Cases, or why the rule can never be unknown (e.g. it reads only the spec). */
  unknown: RuleCase[] | { impossible: string };
}

/** Renders a rule message the way the engine does; throws on an unknown message ID or a missing placeholder. */
export function renderMessage(rule: Rule, check: Check): string {
  const template = rule.meta.messages[check.messageId];
  if (template === undefined) throw new Error(`${rule.meta.id}: no message "${check.messageId}"`);
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    const value = check.data?.[key];
    if (value === undefined) throw new Error(`${rule.meta.id}/${check.messageId}: no data for {{${key}}}`);
    return String(value);
  });
}

/** Runs a rule the way the engine does (spec checks, then estate checks unless spec-only, as `audit` combines them). */
export function runRule(rule: Rule, c: Omit<RuleCase, 'name' | 'expect'>): Check[] {
  const integration = healthyIntegration();
  c.spec?.(integration);
  const now = c.now ?? NOW;
  const fromSpec = rule.checkSpec?.({ integration, now }) ?? [];
  if (c.specOnly) return [...fromSpec];
  const builder = healthySnapshot();
  c.estate?.(builder);
  const fromEstate = rule.checkEstate?.({ integration, estate: estateOf(builder), now }) ?? [];
  // As an audit keeps them: a rule about the estate keeps only the spec's own failures (evaluate.ts).
  return [...(rule.meta.judges === 'spec' ? fromSpec : declaredFindings(fromSpec, fromEstate)), ...fromEstate];
}

function matches(rule: Rule, check: Check, want: ExpectedCheck): boolean {
  if (check.outcome !== want.outcome) return false;
  if (want.messageId && check.messageId !== want.messageId) return false;
  if (want.severity && (check.severity ?? rule.meta.severity) !== want.severity) return false;
  if (want.resource && !(check.resourceId ?? '').toLowerCase().includes(want.resource.toLowerCase())) return false;
  if (want.path && JSON.stringify(check.path ?? []) !== JSON.stringify(want.path)) return false;
  if (want.message && !renderMessage(rule, check).includes(want.message)) return false;
  return true;
}

function runCase(rule: Rule, c: RuleCase): void {
  const checks = runRule(rule, c);
  for (const check of checks) {
    renderMessage(rule, check); // every message renders
    if (check.outcome === 'unknown') expect(check.error, `${rule.meta.id}: unknown without a reason`).toBeDefined();
  }
  const summary = checks.map((ch) => `${ch.outcome}/${ch.messageId} ${ch.resourceId ?? ''} ${JSON.stringify(ch.path ?? [])}`);
  for (const want of c.expect) {
    expect(checks.some((ch) => matches(rule, ch, want)), `expected ${JSON.stringify(want)} among:\n${summary.join('\n')}`).toBe(true);
  }
  if (c.exactly) expect(checks.length, summary.join('\n')).toBe(c.expect.length);
  // A case named for an outcome must not also hide a different failure: no check may be 'fail' in pass cases.
}

/** Declares the standard test suite of a rule. */
export function describeRule(rule: Rule, cases: RuleCases): void {
  describe(`${rule.meta.id} ${rule.meta.name}`, () => {
    it('has complete metadata', () => {
      const m = rule.meta;
      expect(m.id).toMatch(/^SA\d{3}$/);
      expect(m.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const field of [m.title, m.rationale, m.remediation]) expect(field.trim().length).toBeGreaterThan(10);
      expect(m.docs.length).toBeGreaterThan(0);
      for (const d of m.docs) expect(d.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(m.messages['unknown'] ?? (cases.unknown as { impossible?: string }).impossible).toBeDefined();
      expect(rule.checkSpec ?? rule.checkEstate).toBeDefined();
    });

    it('passes on the healthy integration', () => {
      const checks = runRule(rule, {});
      expect(checks.filter((c) => c.outcome === 'fail' || c.outcome === 'unknown').map((c) => c.messageId)).toEqual([]);
    });

    const groups: Array<[string, RuleCase[]]> = [
      ['pass', cases.pass],
      ['fail', cases.fail],
      ['not-applicable', cases.notApplicable],
      ['unknown', Array.isArray(cases.unknown) ? cases.unknown : []],
    ];
    for (const [group, list] of groups) {
      describe(group, () => {
        for (const c of list) it(c.name, () => runCase(rule, c));
      });
    }
  });
}
