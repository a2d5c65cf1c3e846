// The engine: runs every rule over every integration and turns the rules' checks into located, waived result entries.
import type { Estate } from '../estate/model.js';
import type { IntegrationSpec, LoadedSpec, SpecPath } from '../spec/types.js';
import { disambiguate, fingerprintOf, stableSpecPath } from './fingerprint.js';
import { renderRuleMessage } from './messages.js';
import type { Check, ResultEntry, ResultSummary, Rule } from './types.js';
import { OUTCOMES, SEVERITIES } from './types.js';
import { applyWaivers } from './waivers.js';

export type EvaluationMode = 'audit' | 'validate';

export interface EvaluateInput {
  loaded: LoadedSpec;
  /** In registry order; the result follows it. */
  rules: readonly Rule[];
  /** Required in `audit` mode. */
  estate?: Estate;
  /** The audit date, passed to the rules and used for waiver expiry. */
  now: Date;
  /** `validate` runs only `checkSpec`; `audit` runs `checkSpec` then `checkEstate`. */
  mode: EvaluationMode;
  /**
   * A check naming a missing message or placeholder, or an invalid outcome or severity, is a bug in the rule. Strict: throw it (the default under
   * vitest, so rule tests catch it). Otherwise the check becomes `unknown`, naming the bug.
   */
  strictMessages?: boolean;
}

function isTestRun(): boolean {
  return typeof process !== 'undefined' && (process.env.VITEST === 'true' || process.env.NODE_ENV === 'test');
}

/**
 * Evaluates `rules` over the integrations of a loaded spec: integrations in spec order, rules in registry order,
 * each rule's spec checks before its estate checks, checks in the order the rule returns them. A rule that throws
 * yields one `unknown` entry for that integration — never a pass, never a crash. Waivers from the spec are applied.
 */
export function evaluateRules(input: EvaluateInput): ResultEntry[] {
  const { loaded, rules, estate, now, mode } = input;
  if (mode === 'audit' && !estate) throw new Error('evaluateRules: audit mode needs an estate');
  const strict = input.strictMessages ?? isTestRun();
  const entries: ResultEntry[] = [];

  loaded.spec.integrations.forEach((integration, index) => {
    const base = ['integrations', index] as const;
    // Many checks of one integration point at the same node: locate each path (and name it) once. Their entries share
    // the location object, which nothing modifies.
    const places = new Map<string, Place>();
    const place = (path: SpecPath | undefined): Place => {
      let key = '';
      if (path) for (const s of path) key += typeof s === 'number' ? `#${s}` : `.${s}`;
      let found = places.get(key);
      if (!found) {
        found = { location: loaded.locate(path?.length ? [...base, ...path] : base), specPath: stableSpecPath(integration, path ?? []) };
        places.set(key, found);
      }
      return found;
    };
    for (const rule of rules) {
      let checks: Check[];
      try {
        checks = [...(rule.checkSpec?.({ integration, now }) ?? [])];
        if (mode === 'audit' && rule.checkEstate) checks.push(...rule.checkEstate({ integration, estate: estate!, now }));
      } catch (error) {
        entries.push(ruleBugEntry(rule, integration.name, place(undefined).location, error));
        continue;
      }
      for (const check of checks) {
        const at = place(check.path);
        try {
          entries.push(toEntry(rule, integration, check, at.location, at.specPath));
        } catch (error) {
          if (strict) throw error;
          entries.push(ruleBugEntry(rule, integration.name, at.location, error, check.resourceId));
        }
      }
    }
  });
  const fingerprints = disambiguate(entries.map((e) => e.fingerprint!));
  entries.forEach((e, i) => (e.fingerprint = fingerprints[i]!));
  return applyWaivers(entries, loaded.spec.waivers ?? [], now);
}

interface Place {
  location: ResultEntry['location'];
  specPath: string | undefined;
}

function toEntry(rule: Rule, integrationSpec: IntegrationSpec, check: Check, location: ResultEntry['location'], specPath: string | undefined): ResultEntry {
  const integration = integrationSpec.name;
  const { meta } = rule;
  if (!OUTCOMES.includes(check.outcome)) {
    throw new Error(`rule ${meta.id} returned an invalid outcome "${String(check.outcome)}"`);
  }
  const severity = check.severity ?? meta.severity;
  if (!SEVERITIES.includes(severity)) {
    throw new Error(`rule ${meta.id} returned an invalid severity "${String(severity)}"`);
  }
  // Built field by field (no object spreads: this runs once per result entry), in the order the keys always had.
  const message = renderRuleMessage(meta, check.messageId, check.data);
  const entry = { ruleId: meta.id, ruleName: meta.name, severity, outcome: check.outcome, waived: false, integration } as ResultEntry;
  if (check.resourceId !== undefined) entry.resourceId = check.resourceId;
  entry.message = message;
  if (check.expected !== undefined) entry.expected = check.expected;
  if (check.actual !== undefined) entry.actual = check.actual;
  entry.remediation = meta.remediation;
  if (location) entry.location = location;
  entry.messageId = check.messageId;
  if (specPath !== undefined) entry.specPath = specPath;
  entry.fingerprint = fingerprintOf({ ruleId: entry.ruleId, integration, resourceId: entry.resourceId, messageId: check.messageId, specPath, key: check.key });
  if (check.outcome === 'unknown') {
    const error = check.error;
    entry.reason = error
      ? {
          source: error.source,
          scope: error.scope,
          ...(error.status !== undefined && { status: error.status }),
          ...(error.code !== undefined && { code: error.code }),
          message: error.message,
          ...(error.missing !== undefined && { missing: error.missing }),
        }
      : { source: 'rule', scope: meta.id, message: `rule ${meta.id} could not decide and gave no reason` };
  }
  return entry;
}

/** The entry recorded when a rule throws: `unknown`, blaming the rule, so the run still ends with exit 3. */
function ruleBugEntry(rule: Rule, integration: string, location: ResultEntry['location'], error: unknown, resourceId?: string): ResultEntry {
  const { meta } = rule;
  const detail = error instanceof Error ? error.message : String(error);
  return {
    ruleId: meta.id,
    ruleName: meta.name,
    severity: meta.severity,
    outcome: 'unknown',
    waived: false,
    integration,
    ...(resourceId !== undefined && { resourceId }),
    message: `Rule ${meta.id} (${meta.name}) could not be evaluated because of a bug in the rule: ${detail}`,
    remediation: `This is a bug in synaml, not in your estate. Please report it with the output of --verbose. Until it is fixed, check "${meta.title}" by hand.`,
    ...(location && { location }),
    reason: { source: 'rule', scope: meta.id, message: `rule ${meta.id} threw: ${detail}` },
    messageId: 'rule-bug',
    fingerprint: fingerprintOf({ ruleId: meta.id, integration, resourceId, messageId: 'rule-bug' }),
  };
}

/** Counts outcomes of entries that are not waived; waived entries are counted once, under `waived`. */
export function summarise(entries: readonly ResultEntry[]): ResultSummary {
  const summary: ResultSummary = { pass: 0, fail: 0, notApplicable: 0, unknown: 0, waived: 0 };
  for (const entry of entries) {
    if (entry.waived) summary.waived += 1;
    else if (entry.outcome === 'pass') summary.pass += 1;
    else if (entry.outcome === 'fail') summary.fail += 1;
    else if (entry.outcome === 'not-applicable') summary.notApplicable += 1;
    else summary.unknown += 1;
  }
  return summary;
}
