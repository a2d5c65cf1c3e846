// The rule contract and the result model. Rules are pure: (integration, estate, now) => checks. The engine adds
// rule ID, severity, spec location and waiver state.
import type { Estate, SnapshotError } from '../estate/model.js';
import type { DataSource } from '../estate/snapshot.js';
import type { IntegrationSpec, SourcePosition, SpecPath } from '../spec/types.js';

export type Severity = 'error' | 'warning' | 'note';
export type RuleJudges = 'spec' | 'estate';
export type Outcome = 'pass' | 'fail' | 'not-applicable' | 'unknown';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];
export const OUTCOMES: readonly Outcome[] = ['pass', 'fail', 'not-applicable', 'unknown'];

/**
 * A finding: an evaluation that needs someone's attention, a `fail` or an `unknown` (waived or not). Findings are what
 * baselines, `synaml diff` and SARIF's alerts track, and the only entries with a fingerprint.
 */
export function isFinding<E extends { outcome: Outcome }>(entry: E): entry is E & { outcome: 'fail' | 'unknown' } {
  return entry.outcome === 'fail' || entry.outcome === 'unknown';
}

export interface DocReference {
  title: string;
  url: string;
  /** The article's `ms.date`, YYYY-MM-DD. */
  date: string;
}

export interface RuleMeta {
  /** Stable opaque ID, e.g. `SA001`. */
  id: string;
  /** Stable kebab-case name, e.g. `exfiltration-protection-blocks-aml`. */
  name: string;
  title: string;
  severity: Severity;
  /** Lower-case Azure resource types the rule reads. */
  resourceTypes: string[];
  /** Where its facts come from: `spec` and/or collector sources. */
  dataSources: Array<DataSource | 'spec'>;
  /**
   * What the rule judges. `spec`: the spec document itself (an inline secret, a client ID that is not a GUID): what
   * `validate` finds from the spec holds in an audit too, pass included, beside what the rule reads live. `estate`: the
   * deployed (or about to be deployed) resources: in an audit only what was read can pass; from the spec alone it can
   * only fail, when a declared value is wrong whatever Azure says, and not twice for a problem the estate shows too.
   */
  judges: RuleJudges;
  rationale: string;
  /** Portal steps and/or `az` commands. */
  remediation: string;
  docs: DocReference[];
  /** Message templates by ID; `{{name}}` is replaced from a check's `data`. */
  messages: Record<string, string>;
}

/** One evaluation a rule returns. */
export interface Check {
  outcome: Outcome;
  messageId: string;
  data?: Record<string, string | number>;
  /** The Azure resource the evaluation is about. */
  resourceId?: string;
  /** Path inside the integration (e.g. ['synapse', 'sparkPools', 0]); the engine prefixes ['integrations', i]. */
  path?: SpecPath;
  expected?: string;
  actual?: string;
  /** Overrides the rule's default severity for this check (e.g. SA003 without a declared mlflowTracking). */
  severity?: Severity;
  /** Why the outcome is `unknown`. */
  error?: SnapshotError;
  /**
   * What to do about this finding, when it is more precise than the rule's remediation (SA100: the command for the
   * one property that differs). Default: the rule's `remediation`.
   */
  remediation?: string;
  /**
   * The Resource Manager property of `resourceId` the check compares (`properties.publicNetworkAccess`): a finding
   * on it carries the last change Resource Graph recorded to that property (`lastChange`).
   */
  property?: string;
  /**
   * Tells apart checks of one rule that share resource, message and spec path (SA101: one per principal). It feeds
   * the finding's fingerprint, so it must be stable across runs: an ID or a name, never a live value or a date.
   */
  key?: string;
}

export interface RuleContext {
  integration: IntegrationSpec;
  estate: Estate;
  /** The audit date (start of day UTC unless given with a time). */
  now: Date;
}

export interface SpecRuleContext {
  integration: IntegrationSpec;
  now: Date;
  /**
   * Set in an audit for a rule that judges the estate: the engine keeps only the failures of its spec checks
   * (`declaredFindings`), so the rule may leave the other outcomes out rather than build them.
   */
  failuresOnly?: boolean;
}

export interface Rule {
  meta: RuleMeta;
  /**
   * Checks that need only the spec; run by `validate` and by `audit`. In an audit, a rule that judges the estate keeps
   * only their failures, and not one the estate checks report on the same resource (`meta.judges`).
   */
  checkSpec?(ctx: SpecRuleContext): Check[];
  /** Checks against the estate; run by `audit`. */
  checkEstate?(ctx: RuleContext): Check[];
}

export interface WaiverState {
  reason: string;
  expires: string;
}

/** One evaluation in the result: the contract of the `json` format. */
export interface ResultEntry {
  ruleId: string;
  ruleName: string;
  severity: Severity;
  outcome: Outcome;
  waived: boolean;
  waiver?: WaiverState;
  integration: string;
  resourceId?: string;
  message: string;
  expected?: string;
  actual?: string;
  remediation: string;
  location?: SourcePosition;
  /** check-template: where the input's own source declares the resource (a `.tf` resource block). */
  relatedLocations?: SourcePosition[];
  /** For `unknown`: what could not be read and why. */
  reason?: { source: string; scope: string; status?: number; code?: string; message: string; missing?: string };
  /** The rule's message ID (its `messages` key; `rule-bug` when the rule threw): what kind of finding this is. */
  messageId?: string;
  /**
   * The spec element the evaluation is about, inside its integration (`synapse.sparkPools[mlpool].sparkVersion`):
   * array items are named by their `name`, their value, or their fields, so reordering a list does not change it.
   */
  specPath?: string;
  /**
   * Identifies the finding across runs (`src/engine/fingerprint.ts`): SARIF partialFingerprints, baselines, `diff`. Set
   * on findings (`fail`, `unknown`) only: nothing matches a pass, and a pass's fingerprint would not equal the same
   * check's once it fails (the two have different message IDs).
   */
  fingerprint?: string;
  /** Set on non-waived `fail` entries when the audit ran with `--baseline`: `known` ones do not fail the run. */
  baseline?: BaselineMark;
  /** On a finding: the last change Resource Graph recorded (14 days) to the property the finding is about. */
  lastChange?: LastChange;
}

/**
 * Who changed a finding's property, when and how: Resource Graph's `resourcechanges` (`properties.changeAttributes`),
 * plus the property's previous and new value as Resource Graph records them (strings).
 */
export interface LastChange {
  timestamp: string;
  changedBy?: string;
  changedByType?: string;
  clientType?: string;
  operation?: string;
  /** `Create`, `Update` or `Delete`. */
  changeType: string;
  /** The changed property path (an Update); absent for a Create. */
  property?: string;
  previousValue?: string;
  newValue?: string;
}

export type BaselineMark = 'new' | 'known';

/** A failing finding as a baseline records it. */
export interface BaselineFinding {
  fingerprint: string;
  ruleId: string;
  integration: string;
  resourceId?: string;
}

/** What a `--baseline` run found: counts of new and known failures, and the baseline entries no longer failing. */
export interface BaselineSummary {
  /** The baseline file, as given on the command line. */
  file: string;
  new: number;
  known: number;
  fixed: BaselineFinding[];
}

export interface ResultSummary {
  pass: number;
  fail: number;
  notApplicable: number;
  unknown: number;
  waived: number;
}

export interface ResultDiagnostic extends SourcePosition {
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

export interface AuditResult {
  synamlResult: 1;
  tool: { name: 'synaml'; version: string };
  auditedAt: string;
  spec: string;
  /** `snapshot` (from a file) or `live`. */
  /** `template`: `check-template` judged a deployment template (`file`) instead of a deployed estate. */
  source?: { kind: 'snapshot' | 'live' | 'template'; file?: string; capturedAt?: string };
  summary: ResultSummary;
  results: ResultEntry[];
  /** Spec warnings (e.g. an expired waiver) that did not stop the audit. */
  diagnostics?: ResultDiagnostic[];
  /** Present when the audit compared its findings with a baseline (`--baseline`). */
  baseline?: BaselineSummary;
}
