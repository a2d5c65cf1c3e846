// Which rules a run reports, and at what severity: `--rules`, `--skip-rules`, `--severity RULE=SEVERITY` and the
// configuration file's `rules`, `skipRules`, `severity`. Applied to the result, so waivers and fingerprints are the
// same as in a full run and a skipped rule's waiver is not an unknown rule.
import { findRule, suggestRules } from '../engine/rule-lookup.js';
import { summarise } from '../engine/evaluate.js';
import { type AuditResult, type Rule, type Severity, SEVERITIES } from '../engine/types.js';
import { UsageError } from '../errors.js';

export interface RuleSelection {
  /** Rule IDs to keep (all when absent). */
  only?: ReadonlySet<string>;
  /** Rule IDs to drop. */
  skip: ReadonlySet<string>;
  /** Severity by rule ID. */
  severity: ReadonlyMap<string, Severity>;
}

/** What a person asked for, by rule ID or name; `where` names the flag or file in messages. */
export interface RuleSelectionInput {
  rules?: readonly string[];
  skipRules?: readonly string[];
  severity?: Readonly<Record<string, string>>;
}

function ruleId(rules: readonly Rule[], typed: string, where: string): string {
  const rule = findRule(rules, typed);
  if (rule) return rule.meta.id;
  const hint = suggestRules(rules, typed).map((r) => `${r.meta.id} (${r.meta.name})`);
  throw new UsageError(`${where}: unknown rule "${typed}"${hint.length > 0 ? `; did you mean ${hint.join(', ')}?` : ''} (\`synaml rules\` lists them)`);
}

/** `a,b c` and repeated flags: every name, trimmed. */
export function ruleNames(values: readonly string[] | undefined): string[] | undefined {
  return values?.flatMap((v) => v.split(/[\s,]+/)).filter((v) => v !== '');
}

/** Parses `--severity SA013=error` values into a record. */
export function severityFlags(values: readonly string[] | undefined): Record<string, string> | undefined {
  if (!values) return undefined;
  const out: Record<string, string> = {};
  for (const value of values.flatMap((v) => v.split(','))) {
    const m = /^\s*([^=\s]+)\s*=\s*(\S+)\s*$/.exec(value);
    if (!m) throw new UsageError(`--severity takes RULE=SEVERITY (e.g. SA013=error), got "${value}"`);
    out[m[1]!] = m[2]!;
  }
  return out;
}

/** Resolves names to rule IDs and checks severities; an unknown rule or severity is a usage error naming `where`. */
export function resolveSelection(rules: readonly Rule[], input: RuleSelectionInput, where: { rules: string; skipRules: string; severity: string }): RuleSelection {
  const severity = new Map<string, Severity>();
  for (const [typed, value] of Object.entries(input.severity ?? {})) {
    if (!(SEVERITIES as readonly string[]).includes(value)) {
      throw new UsageError(`${where.severity}: severity "${value}" for ${typed} must be one of ${SEVERITIES.join(', ')}`);
    }
    severity.set(ruleId(rules, typed, where.severity), value as Severity);
  }
  return {
    ...(input.rules && { only: new Set(input.rules.map((r) => ruleId(rules, r, where.rules))) }),
    skip: new Set((input.skipRules ?? []).map((r) => ruleId(rules, r, where.skipRules))),
    severity,
  };
}

export function isEmptySelection(selection: RuleSelection): boolean {
  return selection.only === undefined && selection.skip.size === 0 && selection.severity.size === 0;
}

/** The result with only the selected rules' entries, their severities overridden, and the summary counted again. */
export function applySelection(result: AuditResult, selection: RuleSelection): AuditResult {
  if (isEmptySelection(selection)) return result;
  const results = result.results
    .filter((e) => (selection.only === undefined || selection.only.has(e.ruleId)) && !selection.skip.has(e.ruleId))
    .map((e) => {
      const severity = selection.severity.get(e.ruleId);
      return severity === undefined || severity === e.severity ? e : { ...e, severity };
    });
  return { ...result, results, summary: summarise(results) };
}
