// `json`: the AuditResult exactly as DESIGN.md's contract, keys in a fixed order, 2-space indent.
import type { AuditResult, ResultEntry } from '../engine/types.js';
import type { ReportFormat } from './types.js';
import { escapeJsonControls } from './text-safety.js';

/** Copies `value` keeping only `keys`, in that order, and dropping undefined values. */
function pick<T extends object>(value: T, keys: ReadonlyArray<keyof T>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

const ENTRY_KEYS: ReadonlyArray<keyof ResultEntry> = [
  'ruleId', 'ruleName', 'severity', 'outcome', 'waived', 'waiver', 'baseline', 'integration', 'resourceId',
  'message', 'expected', 'actual', 'remediation', 'location', 'reason', 'messageId', 'specPath', 'fingerprint',
];

function orderEntry(entry: ResultEntry): Partial<ResultEntry> {
  const out = pick(entry, ENTRY_KEYS);
  if (entry.waiver) out.waiver = pick(entry.waiver, ['reason', 'expires']) as ResultEntry['waiver'];
  if (entry.location) out.location = pick(entry.location, ['file', 'line', 'column']) as ResultEntry['location'];
  if (entry.reason) {
    out.reason = pick(entry.reason, ['source', 'scope', 'status', 'code', 'message', 'missing']) as ResultEntry['reason'];
  }
  return out;
}

/** The result with every object's keys in contract order, ready for `JSON.stringify`. */
export function orderResult(result: AuditResult): Record<string, unknown> {
  return {
    synamlResult: result.synamlResult,
    tool: pick(result.tool, ['name', 'version']),
    auditedAt: result.auditedAt,
    spec: result.spec,
    ...(result.source && { source: pick(result.source, ['kind', 'file', 'capturedAt']) }),
    summary: pick(result.summary, ['pass', 'fail', 'notApplicable', 'unknown', 'waived']),
    ...(result.baseline && {
      baseline: {
        ...pick(result.baseline, ['file', 'new', 'known']),
        fixed: result.baseline.fixed.map((f) => pick(f, ['fingerprint', 'ruleId', 'integration', 'resourceId'])),
      },
    }),
    results: result.results.map(orderEntry),
    ...(result.diagnostics && {
      diagnostics: result.diagnostics.map((d) => pick(d, ['file', 'line', 'column', 'severity', 'code', 'message'])),
    }),
  };
}

export function renderJson(result: AuditResult): string {
  return escapeJsonControls(`${JSON.stringify(orderResult(result), null, 2)}\n`);
}

/**
 * `renderJson`'s text, byte for byte, in pieces: everything around `results`, then one piece per entry (each entry
 * stringified alone, at the depth it has inside `results`).
 */
export function* renderJsonChunks(result: AuditResult): Generator<string> {
  const frame = escapeJsonControls(`${JSON.stringify(orderResult({ ...result, results: [] }), null, 2)}\n`);
  const marker = '\n  "results": []';
  const at = frame.indexOf(marker);
  if (result.results.length === 0 || at < 0) {
    yield renderJson(result);
    return;
  }
  yield `${frame.slice(0, at)}\n  "results": [\n`;
  const last = result.results.length - 1;
  for (let i = 0; i <= last; i++) {
    // Stringified two levels deep, an entry comes out indented as it is inside `results`: cut off the two brackets.
    const nested = escapeJsonControls(JSON.stringify([[orderEntry(result.results[i]!)]], null, 2));
    yield `${nested.slice(6, nested.length - 6)}${i < last ? ',' : ''}\n`;
  }
  yield `  ]${frame.slice(at + marker.length)}`;
}

export const json: ReportFormat = {
  render: renderJson,
  chunks: renderJsonChunks,
  fileName: 'synaml.json',
  description: 'the versioned machine-readable result (schema/result-v1.schema.json)',
};
