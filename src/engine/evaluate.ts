// The engine: runs every rule over every integration and turns the rules' checks into located, waived result entries.
import { sameId } from '../azure/ids.js';
import type { Estate } from '../estate/model.js';
import type { IntegrationSpec, LoadedSpec, SpecPath } from '../spec/types.js';
import { RunFingerprints, stableSpecPathStep } from './fingerprint.js';
import { ruleMessages } from './messages.js';
import type { Check, ResultEntry, ResultSummary, Rule } from './types.js';
import { isFinding, OUTCOMES, SEVERITIES } from './types.js';
import { waiveInPlace } from './waivers.js';
import { lastChangeOf } from './last-change.js';

export type EvaluationMode = 'audit' | 'validate';

export interface EvaluateInput {
  loaded: LoadedSpec;
  /** In registry order; the result follows it. */
  rules: readonly Rule[];
  /** Required in `audit` mode. */
  estate?: Estate;
  /** The audit date, passed to the rules and used for waiver expiry. */
  now: Date;
  /**
   * `validate` runs only `checkSpec`; `audit` runs `checkSpec` then `checkEstate`, keeping of a rule about the estate
   * only the spec checks that fail on their own (see `declaredFindings`).
   */
  mode: EvaluationMode;
  /**
   * A check naming a missing message or placeholder, or an invalid outcome or severity, is a bug in the rule. Strict: throw it (the default under
   * vitest, so rule tests catch it). Otherwise the check becomes `unknown`, naming the bug.
   */
  strictMessages?: boolean;
}

/** The checks of a rule that has none of a kind (never changed: a list the engine adds to is a copy). */
const NO_CHECKS: readonly Check[] = Object.freeze([]);

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
  const fingerprints = new RunFingerprints();

  // Each rule's message templates, looked up and compiled once per run.
  const messagesOf = rules.map((rule) => ruleMessages(rule.meta));

  loaded.spec.integrations.forEach((integration, index) => {
    const places = new SpecPlaces(loaded, integration, index);
    // One context per integration for all its rules (rules are pure: they read it, never change it).
    const specContext = { integration, now };
    const estateContext = mode === 'audit' ? { integration, estate: estate!, now } : undefined;
    const failuresContext = mode === 'audit' ? { integration, now, failuresOnly: true } : undefined;
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r]!;
      const messages = messagesOf[r]!;
      let checks: readonly Check[];
      try {
        // A rule has spec checks or estate checks, seldom both: the one list is used as it is, not copied.
        checks = rule.checkSpec?.(failuresContext && rule.meta.judges !== 'spec' ? failuresContext : specContext) ?? NO_CHECKS;
        if (!Array.isArray(checks)) checks = [...checks];
        if (estateContext) {
          const fromEstate = rule.checkEstate?.(estateContext) ?? NO_CHECKS;
          if (rule.meta.judges !== 'spec' && checks.length > 0) checks = declaredFindings(checks, fromEstate);
          if (checks.length === 0 && Array.isArray(fromEstate)) checks = fromEstate;
          else {
            const both = [...checks];
            both.push(...fromEstate);
            checks = both;
          }
        }
      } catch (error) {
        entries.push(ruleBugEntry(rule, integration.name, places.of(undefined).location, fingerprints, error));
        continue;
      }
      for (const check of checks) {
        const at = places.of(check.path);
        try {
          const entry = toEntry(rule, integration, check, at, fingerprints, messages);
          if (check.property !== undefined && estate?.resourceChanges && isFinding(entry) && entry.resourceId !== undefined) {
            const change = lastChangeOf(estate.resourceChanges(entry.resourceId), check.property);
            if (change) entry.lastChange = change;
          }
          entries.push(entry);
        } catch (error) {
          if (strict) throw error;
          entries.push(ruleBugEntry(rule, integration.name, at.location, fingerprints, error, check.resourceId));
        }
      }
    }
  });
  // The entries are this run's own: waived in place.
  waiveInPlace(entries, loaded.spec.waivers ?? [], now);
  return entries;
}

/**
 * In an audit, what a rule about the estate keeps of its spec checks: the failures (a declared value that is wrong
 * whatever Azure says), except one the estate checks also fail on the same resource (one finding per problem). A pass
 * or not-applicable from the spec would stand in for data the audit may not have read: only the estate checks decide.
 */
export function declaredFindings(fromSpec: readonly Check[], fromEstate: readonly Check[]): Check[] {
  return fromSpec.filter(
    (check) => check.outcome === 'fail' && !fromEstate.some((e) => e.outcome === 'fail' && e.resourceId !== undefined && sameId(e.resourceId, check.resourceId)),
  );
}

/** Where a check points in the spec: its source position and its stable path. */
interface Place {
  location: ResultEntry['location'];
  specPath: string | undefined;
}

/** A path in the trie of one integration's places: the spec's value there, its stable path, the paths below it. */
interface PlaceNode {
  value: unknown;
  stable: string | undefined;
  children: Map<string | number, PlaceNode> | undefined;
  place: Place | undefined;
}

/**
 * The places of one integration's checks. Many checks point at the same node: each path is located (and named) once.
 * Their entries share the location object, which nothing modifies. The paths asked so far form a trie, segment by
 * segment (compared as `===` compares them), so a repeated path costs a map lookup per segment and no key to build,
 * and a stable path is its parent's plus one step (`stableSpecPathStep`), each array item named once.
 */
class SpecPlaces {
  private readonly root: PlaceNode;
  private readonly locate: (path: SpecPath) => ResultEntry['location'];

  constructor(loaded: LoadedSpec, integration: IntegrationSpec, index: number) {
    this.root = { value: integration, stable: undefined, children: undefined, place: undefined };
    const base = ['integrations', index];
    this.locate = loaded.locateUnder?.(base) ?? ((path) => loaded.locate([...base, ...path]));
  }

  of(path: SpecPath = []): Place {
    let node = this.root;
    for (const segment of path) {
      node.children ??= new Map();
      let child = node.children.get(segment);
      if (!child) {
        const { value, stable } = stableSpecPathStep(node.value, node.stable, segment);
        child = { value, stable, children: undefined, place: undefined };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.place ??= { location: this.locate(path), specPath: node.stable };
    return node.place;
  }
}

function toEntry(
  rule: Rule,
  integrationSpec: IntegrationSpec,
  check: Check,
  place: Place,
  fingerprints: RunFingerprints,
  messages: ReturnType<typeof ruleMessages>,
): ResultEntry {
  const integration = integrationSpec.name;
  const { meta } = rule;
  const { location, specPath } = place;
  if (!OUTCOMES.includes(check.outcome)) {
    throw new Error(`rule ${meta.id} returned an invalid outcome "${String(check.outcome)}"`);
  }
  const severity = check.severity ?? meta.severity;
  if (!SEVERITIES.includes(severity)) {
    throw new Error(`rule ${meta.id} returned an invalid severity "${String(severity)}"`);
  }
  const { outcome, resourceId, expected, actual, messageId } = check;
  const message = messages(messageId, check.data);
  // No object spreads: this runs once per result entry. The keys are in the order they always had. The two shapes
  // nearly every entry has, a pass or not-applicable (no fingerprint: only findings have one), are written as literals
  // (one allocation each); other entries are built field by field.
  if (resourceId !== undefined && location && specPath !== undefined && (outcome === 'pass' || outcome === 'not-applicable')) {
    const { id: ruleId, name: ruleName, remediation } = meta;
    if (expected === undefined && actual === undefined) {
      return { ruleId, ruleName, severity, outcome, waived: false, integration, resourceId, message, remediation, location, messageId, specPath };
    }
    if (expected !== undefined && actual !== undefined) {
      return { ruleId, ruleName, severity, outcome, waived: false, integration, resourceId, message, expected, actual, remediation, location, messageId, specPath };
    }
  }
  const entry = { ruleId: meta.id, ruleName: meta.name, severity, outcome, waived: false, integration } as ResultEntry;
  if (resourceId !== undefined) entry.resourceId = resourceId;
  entry.message = message;
  if (expected !== undefined) entry.expected = expected;
  if (actual !== undefined) entry.actual = actual;
  entry.remediation = check.remediation ?? meta.remediation;
  if (location) entry.location = location;
  entry.messageId = messageId;
  if (specPath !== undefined) entry.specPath = specPath;
  if (isFinding(entry)) entry.fingerprint = fingerprints.next({ ruleId: meta.id, integration, resourceId, messageId, specPath, key: check.key });
  if (outcome === 'unknown') {
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
    entry.remediation = readAccessRemediation(entry.reason, meta.id, meta.remediation);
  }
  return entry;
}

/** The entry recorded when a rule throws: `unknown`, blaming the rule, so the run still ends with exit 3. */
/** Where each source is read, for a remediation that names what to grant. */
const READ_ACCESS: Record<string, string> = {
  resourceGraph: 'Reader (or any role with */read) on the subscription or resource group, through Azure Resource Graph',
  arm: 'Reader on the workspace, through Azure Resource Manager',
  synapse: 'the Synapse RBAC role Synapse Artifact User (or higher) on the workspace, and a network path to its development endpoint',
};

/**
 * What to do about an `unknown`: get synaml the read it lacked, not the rule's own fix (which may be needless: the
 * rule could not tell whether anything is wrong). A template value known only after apply, and a rule that could
 * not decide, keep the rule's remediation: there is no read to grant.
 */
export function readAccessRemediation(reason: NonNullable<ResultEntry['reason']>, ruleId: string, ruleRemediation: string): string {
  if (reason.source === 'template' || reason.source === 'rule') return ruleRemediation;
  const then = `Then run the audit again; \`synaml explain ${ruleId}\` gives the rule's own fix should it fail.`;
  if (reason.missing) return `Give the auditing identity what this read needs: ${reason.missing}. ${then}`;
  if (reason.status === 429) return `Azure throttled the reads: run the audit again later, or with a lower --concurrency. ${then}`;
  const grant = READ_ACCESS[reason.source.split('.')[0]!];
  return grant
    ? `Make sure the auditing identity can read ${reason.scope}: ${grant}; a longer --timeout if the read timed out. ${then}`
    : `Make sure the auditing identity can read ${reason.scope}. ${then}`;
}

function ruleBugEntry(
  rule: Rule,
  integration: string,
  location: ResultEntry['location'],
  fingerprints: RunFingerprints,
  error: unknown,
  resourceId?: string,
): ResultEntry {
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
    fingerprint: fingerprints.next({ ruleId: meta.id, integration, resourceId, messageId: 'rule-bug' }),
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
