// What the report formats share: one status per entry (what a reader acts on), one ordering (what needs attention
// first), counts by status and severity, and rule metadata by ID.
import { withoutTrailingSlashes } from '../azure/ids.js';
import type { AuditResult, ResultEntry, RuleMeta, Severity } from '../engine/types.js';
import { SEVERITIES } from '../engine/types.js';
import { describeReadError, readStatusText } from '../estate/snapshot.js';
import { DEFAULT_FAIL_ON, type ExitCode, exitCodeForResults, type FailOn, severityAtOrAbove } from '../exit-codes.js';

/**
 * What an entry means for a reader: its outcome, except that a waived failure is `waived`, a failure a baseline
 * already knows is `known`, and a failure below `--fail-on` is `reported` ("reported, not failing": the gate let it
 * through). An `unknown` is never anything but `unknown`.
 */
export type Status = 'fail' | 'unknown' | 'reported' | 'known' | 'waived' | 'pass' | 'not-applicable';

/** In reading order: what fails the run first, what is reported or accepted next, what is fine last. */
export const STATUSES: readonly Status[] = ['fail', 'unknown', 'reported', 'known', 'waived', 'pass', 'not-applicable'];

export const STATUS_LABEL: Record<Status, string> = {
  fail: 'fail',
  unknown: 'unknown',
  reported: 'reported, not failing',
  known: 'fail (known, in baseline)',
  waived: 'waived',
  pass: 'pass',
  'not-applicable': 'not applicable',
};

/** True when a failed entry fails the run under `failOn`: not waived, not known to a baseline, at or above the threshold. */
export function failsRun(entry: ResultEntry, failOn: FailOn = DEFAULT_FAIL_ON): boolean {
  if (entry.outcome !== 'fail' || entry.waived || entry.baseline === 'known') return false;
  return failOn !== 'never' && severityAtOrAbove(entry.severity, failOn);
}

/** The entry's status under `failOn` (the same `--fail-on` the run's exit code used; default `error`). */
export function statusOf(entry: ResultEntry, failOn: FailOn = DEFAULT_FAIL_ON): Status {
  if (entry.waived) return 'waived';
  if (entry.outcome === 'fail' && entry.baseline === 'known') return 'known';
  if (entry.outcome === 'fail' && !failsRun(entry, failOn)) return 'reported';
  return entry.outcome;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/** What fails the run (failures and unknowns alike), then what is reported or accepted, then what is fine. */
const READING_RANK: Record<Status, number> = { fail: 0, unknown: 0, reported: 1, known: 1, waived: 2, pass: 3, 'not-applicable': 4 };

/** Entries in reading order: by READING_RANK, then severity (error first), then evaluation order. */
export function sortFindings(results: readonly ResultEntry[], failOn: FailOn = DEFAULT_FAIL_ON): ResultEntry[] {
  return results
    .map((entry, index) => ({ entry, index, status: READING_RANK[statusOf(entry, failOn)] }))
    .sort((a, b) => a.status - b.status || SEVERITY_RANK[a.entry.severity] - SEVERITY_RANK[b.entry.severity] || a.index - b.index)
    .map((x) => x.entry);
}

export type StatusCounts = Record<Status, number>;

export function emptyCounts(): StatusCounts {
  return { fail: 0, unknown: 0, reported: 0, known: 0, waived: 0, pass: 0, 'not-applicable': 0 };
}

/**
 * Counts by status, overall and per severity. Without a baseline, `known` is 0, and `fail` + `reported` is the
 * summary's `fail`.
 */
export function countByStatus(
  results: readonly ResultEntry[],
  failOn: FailOn = DEFAULT_FAIL_ON,
): { total: StatusCounts; bySeverity: Record<Severity, StatusCounts> } {
  const total = emptyCounts();
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, emptyCounts()])) as Record<Severity, StatusCounts>;
  for (const entry of results) {
    const status = statusOf(entry, failOn);
    total[status] += 1;
    bySeverity[entry.severity][status] += 1;
  }
  return { total, bySeverity };
}

/** Integrations in the order the result first names them, with their counts. */
export function countByIntegration(results: readonly ResultEntry[], failOn: FailOn = DEFAULT_FAIL_ON): Array<{ integration: string; counts: StatusCounts }> {
  const map = new Map<string, StatusCounts>();
  for (const entry of results) {
    const counts = map.get(entry.integration) ?? emptyCounts();
    counts[statusOf(entry, failOn)] += 1;
    map.set(entry.integration, counts);
  }
  return [...map].map(([integration, counts]) => ({ integration, counts }));
}

/** Rule metadata by ID (case-insensitive), from the reporter options. */
export function ruleIndex(rules: readonly RuleMeta[] | undefined): (ruleId: string) => RuleMeta | undefined {
  const byId = new Map((rules ?? []).map((r) => [r.id.toUpperCase(), r]));
  return (ruleId) => byId.get(ruleId.toUpperCase());
}

/** `spec.yaml:7:5`, or undefined when the entry has no location. */
export function locationText(entry: ResultEntry): string | undefined {
  const l = entry.location;
  return l ? `${l.file}:${l.line}:${l.column}` : undefined;
}

/**
 * Why an `unknown` is unknown, in one line: source, scope, HTTP status and code, message, missing permission. Given
 * the entry's message (`said`), the error's message and missing permission are left out when it already quotes them,
 * as the rules' unknown messages do: the line then adds only which read failed, where, and its status.
 */
export function reasonText(reason: NonNullable<ResultEntry['reason']>, said = ''): string {
  const where = `${reason.source} at ${reason.scope}`;
  if (reason.message === '' || !said.includes(reason.message)) return describeReadError(reason, where);
  const status = readStatusText(reason);
  const missing = reason.missing && !said.includes(reason.missing) ? ` (missing: ${reason.missing})` : '';
  return `${where}${status ? `: ${status}` : ''}${missing}`;
}

/** The last two segments of an ARM ID (`workspaces/ws1`): what tells rows apart in a table. */
export function shortResource(resourceId: string | undefined): string {
  if (!resourceId) return '';
  const parts = withoutTrailingSlashes(resourceId).split('/').filter((p) => p !== '');
  return parts.length <= 2 ? parts.join('/') : parts.slice(-2).join('/');
}

/** One line on where the estate came from and when. */
export function scopeLine(result: AuditResult): string {
  const day = result.auditedAt.slice(0, 10);
  const src = result.source;
  if (!src) return `spec checks only (no estate), audit date ${day}`;
  if (src.kind === 'snapshot') {
    return `snapshot ${src.file ?? ''}${src.capturedAt ? ` captured ${src.capturedAt}` : ''}, audit date ${day}`.replace(/ {2,}/g, ' ');
  }
  if (src.kind === 'template') return `deployment template ${src.file ?? ''} (before deployment), audit date ${day}`;
  return `live Azure estate, audit date ${day}`;
}

/** What the gate decided: the exit code the same `--fail-on` gives, and what fails the run against what is only reported. */
export interface Gate {
  failOn: FailOn;
  /** 0 passes, 1 fails on findings, 3 incomplete (something unknown); always 0 with `--fail-on never`. */
  exitCode: ExitCode;
  verdict: 'pass' | 'fail' | 'incomplete' | 'report-only';
  /** Failures that fail the run. */
  failing: number;
  /** Unknown outcomes (not waived). */
  unknown: number;
  /** Failures below `--fail-on` (or any, with `never`): reported, not failing. */
  reported: number;
}

export function gateOf(result: Pick<AuditResult, 'results'>, failOn: FailOn = DEFAULT_FAIL_ON): Gate {
  const { total } = countByStatus(result.results, failOn);
  const exitCode = exitCodeForResults(result.results, failOn);
  const verdict = failOn === 'never' ? 'report-only' : exitCode === 3 ? 'incomplete' : exitCode === 1 ? 'fail' : 'pass';
  return { failOn, exitCode, verdict, failing: total.fail, unknown: total.unknown, reported: total.reported };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The gate's decision in one line, the same words in every format: "fails the run (--fail-on error): 2 failing;
 * 1 reported, not failing", "passes (--fail-on error): nothing failing; 1 reported, not failing", "incomplete
 * (--fail-on error, exit 3): 3 unknown; ...", "report only (--fail-on never): 2 failures, 1 unknown reported, not failing".
 */
export function gateText(gate: Gate): string {
  const reported = gate.reported > 0 ? `; ${gate.reported} reported, not failing` : '';
  switch (gate.verdict) {
    case 'report-only': {
      const parts = [gate.reported > 0 && plural(gate.reported, 'failure'), gate.unknown > 0 && `${gate.unknown} unknown`].filter(Boolean);
      return `report only (--fail-on never): ${parts.length > 0 ? `${parts.join(', ')} reported, not failing` : 'no failures, nothing unknown'}`;
    }
    case 'incomplete':
      return `incomplete (--fail-on ${gate.failOn}, exit 3): ${gate.unknown} unknown${gate.failing > 0 ? `, ${gate.failing} failing` : ''}${reported}`;
    case 'fail':
      return `fails the run (--fail-on ${gate.failOn}): ${gate.failing} failing${reported}`;
    case 'pass':
      return `passes (--fail-on ${gate.failOn}): nothing failing, nothing unknown${reported}`;
  }
}
