// `synaml diff`: what changed between two audit results (e.g. last night's and tonight's), by finding fingerprint.
// A finding is a `fail` or an `unknown` — waived ones included, marked — so an estate that stops being readable shows
// up as new unknowns rather than as silently resolved failures.
import { fingerprintsOf } from '../engine/fingerprint.js';
import { isFinding, type AuditResult, type ResultEntry } from '../engine/types.js';
import type { JsonFileKind } from '../json-file.js';

export interface DiffItem {
  fingerprint: string;
  ruleId: string;
  ruleName: string;
  severity: ResultEntry['severity'];
  outcome: 'fail' | 'unknown';
  waived: boolean;
  waiver?: ResultEntry['waiver'];
  integration: string;
  resourceId?: string;
  /** The spec element the finding is about (ResultEntry.specPath). */
  specPath?: string;
  message: string;
  location?: ResultEntry['location'];
  /**
   * On a resolved finding: the newer result has an `unknown` for the same rule and integration, so synaml could not
   * see whether it is really fixed.
   */
  unverified?: boolean;
}

export interface DiffSide {
  file: string;
  spec: string;
  auditedAt: string;
}

export interface ResultDiff {
  synamlDiff: 1;
  from: DiffSide;
  to: DiffSide;
  summary: {
    new: number;
    resolved: number;
    unchanged: number;
    /** Of the newer result's findings (new + unchanged): how many are unknown, and how many are waived. */
    unknown: number;
    waived: number;
  };
  /** In the newer result, not in the older one. */
  new: DiffItem[];
  /** In the older result, no longer in the newer one. */
  resolved: DiffItem[];
  /** In both; as the newer result has them. */
  unchanged: DiffItem[];
}

function item(entry: ResultEntry & { outcome: 'fail' | 'unknown' }, fingerprint: string): DiffItem {
  return {
    fingerprint,
    ruleId: entry.ruleId,
    ruleName: entry.ruleName,
    severity: entry.severity,
    outcome: entry.outcome,
    waived: entry.waived,
    ...(entry.waiver && { waiver: { reason: entry.waiver.reason, expires: entry.waiver.expires } }),
    integration: entry.integration,
    ...(entry.resourceId !== undefined && { resourceId: entry.resourceId }),
    ...(entry.specPath !== undefined && { specPath: entry.specPath }),
    message: entry.message,
    ...(entry.location && { location: { file: entry.location.file, line: entry.location.line, column: entry.location.column } }),
  };
}

function findings(result: AuditResult): Map<string, DiffItem> {
  const fingerprints = fingerprintsOf(result.results);
  const map = new Map<string, DiffItem>();
  result.results.forEach((entry, i) => {
    if (isFinding(entry) && !map.has(fingerprints[i]!)) map.set(fingerprints[i]!, item(entry, fingerprints[i]!));
  });
  return map;
}

/** Compares two results by fingerprint. Items keep each result's order (evaluation order). */
export function diffResults(older: AuditResult, newer: AuditResult, files: { from: string; to: string }): ResultDiff {
  const before = findings(older);
  const after = findings(newer);
  const unknownNow = new Set([...after.values()].filter((f) => f.outcome === 'unknown').map((f) => `${f.ruleId}\u0000${f.integration}`));
  const added = [...after.values()].filter((f) => !before.has(f.fingerprint));
  const unchanged = [...after.values()].filter((f) => before.has(f.fingerprint));
  const resolved = [...before.values()]
    .filter((f) => !after.has(f.fingerprint))
    .map((f) => (unknownNow.has(`${f.ruleId}\u0000${f.integration}`) ? { ...f, unverified: true } : f));
  const current = [...added, ...unchanged];
  return {
    synamlDiff: 1,
    from: { file: files.from, spec: older.spec, auditedAt: older.auditedAt },
    to: { file: files.to, spec: newer.spec, auditedAt: newer.auditedAt },
    summary: {
      new: added.length,
      resolved: resolved.length,
      unchanged: unchanged.length,
      unknown: current.filter((f) => f.outcome === 'unknown').length,
      waived: current.filter((f) => f.waived).length,
    },
    new: added,
    resolved,
    unchanged,
  };
}

const RESULT: JsonFileKind = {
  noun: 'result',
  schema: 'result-v1.schema.json',
  versionHint: 'this is not a synaml result of version 1 (synaml audit --format json)',
  maxBytes: 256 * 1024 * 1024,
};

/** Reads a JSON result (`synaml audit --format json`); malformed ones are InputFileErrors at file:line:column (exit 2). */
export async function loadResultFile(file: string): Promise<AuditResult> {
  // Loaded on use: the JSON reader (jsonc-parser, ajv-formats) stays out of start-up for the other commands.
  const { loadJsonFile } = await import('../json-file.js');
  return loadJsonFile<AuditResult>(file, RESULT);
}
