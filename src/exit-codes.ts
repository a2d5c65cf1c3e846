// Exit codes: the only place they are defined. CI gates branch on them, so their meaning never changes.
import type { ResultEntry, Severity } from './engine/types.js';

export const ExitCode = {
  /** Nothing at or above `--fail-on`, nothing unknown. */
  Ok: 0,
  /** Findings at or above `--fail-on`. */
  Findings: 1,
  /** Usage error, invalid spec or unreadable input file. */
  Usage: 2,
  /** The audit could not complete: some outcomes are unknown, or an internal error. */
  Incomplete: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** `--fail-on`: the lowest severity that fails the run, or `never` (report-only). */
export type FailOn = Severity | 'never';
export const FAIL_ON_VALUES: readonly FailOn[] = ['error', 'warning', 'note', 'never'];
export const DEFAULT_FAIL_ON: FailOn = 'error';

const SEVERITY_RANK: Record<Severity, number> = { note: 1, warning: 2, error: 3 };

/** True when `severity` is at or above `threshold` (error > warning > note). */
export function severityAtOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

/**
 * The exit code of a finished evaluation. `never` is report-only and always 0. Otherwise an unknown outcome
 * (the audit could not complete) wins over findings, because a gate must not pass on data it could not read.
 * Waived entries never count, nor do failures a baseline already knows (`baseline: 'known'`, from `--baseline`):
 * only new findings fail the run. A baseline never hides an unknown — it records only failures.
 */
export function exitCodeForResults(results: readonly ResultEntry[], failOn: FailOn): ExitCode {
  if (failOn === 'never') return ExitCode.Ok;
  // One pass, no intermediate arrays: validate of the bench's large spec asks this of 12,128 entries.
  let findings = false;
  for (const r of results) {
    if (r.waived) continue;
    if (r.outcome === 'unknown') return ExitCode.Incomplete;
    if (!findings && r.outcome === 'fail' && r.baseline !== 'known' && severityAtOrAbove(r.severity, failOn)) findings = true;
  }
  return findings ? ExitCode.Findings : ExitCode.Ok;
}

/**
 * The exit code of `synaml diff`: report-only (0) unless `--fail-on-new` is given, then 1 when the new result has
 * findings the old one did not (a new failure that is not waived, or a new unknown).
 */
export function exitCodeForDiff(newFindings: ReadonlyArray<Pick<ResultEntry, 'outcome' | 'waived'>>, failOnNew: boolean): ExitCode {
  if (!failOnNew) return ExitCode.Ok;
  return newFindings.some((f) => !f.waived) ? ExitCode.Findings : ExitCode.Ok;
}

const PRECEDENCE: readonly ExitCode[] = [ExitCode.Usage, ExitCode.Incomplete, ExitCode.Findings, ExitCode.Ok];

/** Combines the exit codes of several specs (`validate a.yaml b.yaml`): usage > incomplete > findings > ok. */
export function combineExitCodes(codes: readonly ExitCode[]): ExitCode {
  return PRECEDENCE.find((c) => codes.includes(c)) ?? ExitCode.Ok;
}

/** The exit-code table printed by every `--help`. */
export const EXIT_CODE_HELP = `Exit codes:
  0  no finding at or above --fail-on (default: error), nothing unknown
  1  findings at or above --fail-on
  2  usage error, invalid spec or unreadable input file (e.g. the snapshot)
  3  the audit could not complete: some outcomes are unknown (auth, network,
     throttling, missing permissions), or an internal error
  With --fail-on never (report-only mode) the exit code is 0 whatever the
  findings and unknowns; exit code 2 still applies.`;
