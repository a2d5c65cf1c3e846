// `json`: the AuditResult exactly as DESIGN.md's contract, keys in a fixed order, 2-space indent.
import type { AuditResult, ResultEntry } from '../engine/types.js';
import { gateOf } from './findings.js';
import type { ReporterOptions, ReportFormat } from './types.js';
import { escapeJsonControls } from './text-safety.js';

/** Copies `value` keeping only `keys`, in that order, and dropping undefined values. */
function pick<T extends object>(value: T, keys: ReadonlyArray<keyof T>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

const ENTRY_KEYS: ReadonlyArray<keyof ResultEntry> = [
  'ruleId', 'ruleName', 'severity', 'outcome', 'waived', 'waiver', 'baseline', 'integration', 'resourceId',
  'message', 'expected', 'actual', 'remediation', 'location', 'relatedLocations', 'reason', 'messageId', 'specPath', 'fingerprint', 'lastChange',
];
const WAIVER_KEYS: ReadonlyArray<keyof NonNullable<ResultEntry['waiver']>> = ['reason', 'expires'];
const LOCATION_KEYS: ReadonlyArray<keyof NonNullable<ResultEntry['location']>> = ['file', 'line', 'column'];
const REASON_KEYS: ReadonlyArray<keyof NonNullable<ResultEntry['reason']>> = ['source', 'scope', 'status', 'code', 'message', 'missing'];

/** Each key list as key -> position. */
const positions = (keys: readonly string[]): ReadonlyMap<string, number> => {
  if (keys.length > 31) throw new Error('writesAsPicked keeps a key list\'s positions in 31 bits');
  return new Map(keys.map((key, i) => [key, i]));
};
const ENTRY_ORDER = positions(ENTRY_KEYS);
const WAIVER_ORDER = positions(WAIVER_KEYS);
const LOCATION_ORDER = positions(LOCATION_KEYS);
const REASON_ORDER = positions(REASON_KEYS);

/**
 * True when `JSON.stringify(value)` already writes what `JSON.stringify(pick(value, keys))` writes: a plain object
 * without a `toJSON`, whose own enumerable keys (what JSON.stringify writes) are listed ones in list order, and where
 * every listed key pick would copy (any defined value, own or not) is one of them.
 */
function writesAsPicked(value: object, order: ReadonlyMap<string, number>): boolean {
  if (Object.getPrototypeOf(value) !== Object.prototype || 'toJSON' in value) return false;
  let last = -1;
  // The listed keys seen as own enumerable ones, one bit per position (no key list is longer than 31).
  let own = 0;
  for (const key of Object.keys(value)) {
    const at = order.get(key);
    if (at === undefined || at < last) return false;
    last = at;
    own |= 1 << at;
  }
  // Only the listed keys that are not own enumerable ones can still have a value pick would copy.
  let at = 0;
  for (const key of order.keys()) {
    if ((own & (1 << at++)) === 0 && (value as Record<string, unknown>)[key] !== undefined) return false;
  }
  return true;
}

/** True when `orderEntry` would copy `entry` into the very JSON text `entry` itself makes. */
function inContractOrder(entry: ResultEntry): boolean {
  return (
    writesAsPicked(entry, ENTRY_ORDER) &&
    (!entry.waiver || writesAsPicked(entry.waiver, WAIVER_ORDER)) &&
    (!entry.location || writesAsPicked(entry.location, LOCATION_ORDER)) &&
    (!entry.reason || writesAsPicked(entry.reason, REASON_ORDER))
  );
}

/**
 * The entry with its keys in contract order. The engine builds entries in that order, so most are written as they
 * are: copying the 12,000 entries of a large validate took longer than writing them, in a heap still full of the
 * spec's parse.
 */
function orderEntry(entry: ResultEntry): Partial<ResultEntry> {
  if (inContractOrder(entry)) return entry;
  const out = pick(entry, ENTRY_KEYS);
  if (entry.waiver) out.waiver = pick(entry.waiver, WAIVER_KEYS) as ResultEntry['waiver'];
  if (entry.location) out.location = pick(entry.location, LOCATION_KEYS) as ResultEntry['location'];
  if (entry.reason) out.reason = pick(entry.reason, REASON_KEYS) as ResultEntry['reason'];
  return out;
}

/**
 * The result with every object's keys in contract order, ready for `JSON.stringify` (entries already so are not
 * copied). With `options.failOn` (the CLI always gives the run's), it carries `gate`: what that `--fail-on` decided.
 */
export function orderResult(
  result: AuditResult,
  options: Pick<ReporterOptions, 'failOn'> = {},
  gateFrom: Pick<AuditResult, 'results'> = result,
): Record<string, unknown> {
  return {
    synamlResult: result.synamlResult,
    tool: pick(result.tool, ['name', 'version']),
    auditedAt: result.auditedAt,
    spec: result.spec,
    ...(result.source && { source: pick(result.source, ['kind', 'file', 'capturedAt']) }),
    summary: pick(result.summary, ['pass', 'fail', 'notApplicable', 'unknown', 'waived']),
    ...(options.failOn !== undefined && { gate: pick(gateOf(gateFrom, options.failOn), ['failOn', 'verdict', 'exitCode', 'failing', 'unknown', 'reported']) }),
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

export function renderJson(result: AuditResult, options: ReporterOptions = {}): string {
  return `${renderJsonBody(result, options)}\n`;
}

/**
 * `renderJson`'s text without its final line feed: for a large result, writing the two apart spares copying the whole
 * text once more to append one character (`validate --format json` of the bench's large spec: 18 MB).
 */
export function renderJsonBody(result: AuditResult, options: ReporterOptions = {}): string {
  return escapeJsonControls(JSON.stringify(orderResult(result, options), null, 2));
}

/**
 * `renderJson`'s text, byte for byte, in pieces: everything around `results`, then one piece per entry (each entry
 * stringified alone, at the depth it has inside `results`).
 */
export function* renderJsonChunks(result: AuditResult, options: ReporterOptions = {}): Generator<string> {
  // The frame has no results, but its gate is decided on all of them.
  const frame = escapeJsonControls(`${JSON.stringify(orderResult({ ...result, results: [] }, options, result), null, 2)}\n`);
  const marker = '\n  "results": []';
  const at = frame.indexOf(marker);
  if (result.results.length === 0 || at < 0) {
    yield renderJson(result, options);
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
