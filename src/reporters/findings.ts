// What the report formats share: one status per entry (what a reader acts on), one ordering (what needs attention
// first), counts by status and severity, and rule metadata by ID.
import type { AuditResult, ResultEntry, RuleMeta, Severity } from '../engine/types.js';
import { SEVERITIES } from '../engine/types.js';
import { describeReadError, readStatusText } from '../estate/snapshot.js';

/**
 * What an entry means for a reader: its outcome, except that a waived failure is `waived` and a failure a baseline
 * already knows is `known`. An `unknown` is never anything but `unknown`.
 */
export type Status = 'fail' | 'unknown' | 'known' | 'waived' | 'pass' | 'not-applicable';

/** In reading order: what fails the run first, what is accepted next, what is fine last. */
export const STATUSES: readonly Status[] = ['fail', 'unknown', 'known', 'waived', 'pass', 'not-applicable'];

export const STATUS_LABEL: Record<Status, string> = {
  fail: 'fail',
  unknown: 'unknown',
  known: 'fail (known, in baseline)',
  waived: 'waived',
  pass: 'pass',
  'not-applicable': 'not applicable',
};

export function statusOf(entry: ResultEntry): Status {
  if (entry.waived) return 'waived';
  if (entry.outcome === 'fail' && entry.baseline === 'known') return 'known';
  return entry.outcome;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/** What fails the run (failures and unknowns alike), then what is accepted, then what is fine. */
const READING_RANK: Record<Status, number> = { fail: 0, unknown: 0, known: 1, waived: 2, pass: 3, 'not-applicable': 4 };

/** Entries in reading order: by READING_RANK, then severity (error first), then evaluation order. */
export function sortFindings(results: readonly ResultEntry[]): ResultEntry[] {
  return results
    .map((entry, index) => ({ entry, index, status: READING_RANK[statusOf(entry)] }))
    .sort((a, b) => a.status - b.status || SEVERITY_RANK[a.entry.severity] - SEVERITY_RANK[b.entry.severity] || a.index - b.index)
    .map((x) => x.entry);
}

export type StatusCounts = Record<Status, number>;

export function emptyCounts(): StatusCounts {
  return { fail: 0, unknown: 0, known: 0, waived: 0, pass: 0, 'not-applicable': 0 };
}

/** Counts by status, overall and per severity. Without a baseline, `known` is 0 and the rest match `summary`. */
export function countByStatus(results: readonly ResultEntry[]): { total: StatusCounts; bySeverity: Record<Severity, StatusCounts> } {
  const total = emptyCounts();
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, emptyCounts()])) as Record<Severity, StatusCounts>;
  for (const entry of results) {
    const status = statusOf(entry);
    total[status] += 1;
    bySeverity[entry.severity][status] += 1;
  }
  return { total, bySeverity };
}

/** Integrations in the order the result first names them, with their counts. */
export function countByIntegration(results: readonly ResultEntry[]): Array<{ integration: string; counts: StatusCounts }> {
  const map = new Map<string, StatusCounts>();
  for (const entry of results) {
    const counts = map.get(entry.integration) ?? emptyCounts();
    counts[statusOf(entry)] += 1;
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
  const parts = resourceId.replace(/\/+$/, '').split('/').filter((p) => p !== '');
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
