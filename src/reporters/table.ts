// `table`: the human report — a cli-table3 table (failures and unknowns first), then what to do about each finding.
import type { AuditResult, Outcome, ResultEntry, Severity } from '../engine/types.js';
import { failsRun, gateOf, gateText, locationText, reasonText, shortResource } from './findings.js';
import { DEFAULT_FAIL_ON, type FailOn } from '../exit-codes.js';
import { tableClass } from './load-table.js';
import type { ReporterOptions, ReportFormat } from './types.js';
import { withoutControls, withTerminalSafeFrame } from './text-safety.js';
import { visibleLength, wrapLines } from './wrap.js';

const SGR = { reset: 0, bold: 1, dim: 2, red: 31, green: 32, yellow: 33, blue: 34, cyan: 36 } as const;
type Style = keyof typeof SGR;

function paint(text: string, style: Style, color: boolean): string {
  return color ? `\u001b[${SGR[style]}m${text}\u001b[0m` : text;
}

const OUTCOME_STYLE: Record<Outcome, Style> = { fail: 'red', unknown: 'yellow', pass: 'green', 'not-applicable': 'dim' };
const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', note: 'blue' };
const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

export { shortResource };

/**
 * Failures that fail the run and unknowns first (most severe first), then failures reported below `--fail-on`, then
 * waived and baseline-known, then the rest in evaluation order.
 */
function group(entry: ResultEntry, failOn: FailOn): number {
  if (entry.waived || entry.baseline === 'known') return 2;
  if (entry.outcome === 'unknown' || failsRun(entry, failOn)) return 0;
  return entry.outcome === 'fail' ? 1 : 3;
}

/** What the "What to do" section lists: what fails the run, what is unknown, and what is reported, not failing. */
function isActionable(entry: ResultEntry, failOn: FailOn): boolean {
  return group(entry, failOn) <= 1;
}

function outcomeCell(entry: ResultEntry, color: boolean, failOn: FailOn): string {
  if (entry.waived && entry.waiver) {
    return paint(`waived until\n${entry.waiver.expires}`, 'cyan', color);
  }
  if (entry.baseline === 'known') return paint('fail\n(known)', 'dim', color);
  if (group(entry, failOn) === 1) return paint('reported\n(not failing)', 'yellow', color);
  return paint(entry.outcome, OUTCOME_STYLE[entry.outcome], color);
}

function outcomeWord(entry: ResultEntry, failOn: FailOn): string {
  return group(entry, failOn) === 1 ? 'REPORTED (not failing)' : entry.outcome.toUpperCase();
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : `${prefix}${line}`))
    .join('\n');
}

function visibleWidth(text: string): number {
  return Math.max(...text.split('\n').map(visibleLength));
}

function header(result: AuditResult): string {
  const day = result.auditedAt.slice(0, 10);
  const src = result.source;
  if (!src) return `${result.spec}: spec checks, ${day}`;
  if (src.kind === 'snapshot') {
    const captured = src.capturedAt ? `, captured ${src.capturedAt}` : '';
    return `${result.spec}: audit of ${day} against snapshot ${src.file ?? ''}${captured}`.replace(/ {2,}/g, ' ');
  }
  if (src.kind === 'template') return `${result.spec}: check of deployment template ${src.file ?? ''}, audit date ${day}`;
  return `${result.spec}: live audit, ${day}`;
}

function baselineLines(b: NonNullable<AuditResult['baseline']>): string[] {
  const lines = [`Baseline ${b.file}: ${b.new} new (these fail the run), ${b.known} known, ${b.fixed.length} fixed since the baseline`];
  for (const f of b.fixed) lines.push(`  fixed: ${f.ruleId} in ${f.integration}${f.resourceId ? ` on ${shortResource(f.resourceId)}` : ''} (${f.fingerprint})`);
  return lines;
}

export function summaryLine(result: AuditResult): string {
  const s = result.summary;
  return `Summary: ${s.pass} pass, ${s.fail} fail, ${s.notApplicable} not applicable, ${s.unknown} unknown, ${s.waived} waived`;
}

/** The gate's decision, as every format words it: `Result: fails the run (--fail-on error): 2 failing`. */
export function gateLine(result: AuditResult, failOn: FailOn = DEFAULT_FAIL_ON): string {
  return `Result: ${gateText(gateOf(result, failOn))}`;
}

/**
 * Most text one table cell shows: cli-table3 wraps a cell in time that grows much faster than its length, and a
 * long Azure string would drown the table anyway. The full text is in the "What to do" section and in --format json.
 */
const MAX_CELL = 300;
const MAX_CELL_LINES = 6;

/** `below`: the entry is repeated in full under "What to do", so the shortened cell can point there. */
function cell(text: string, below = false): string {
  const lines = text.split('\n');
  const kept = lines.slice(0, MAX_CELL_LINES).join('\n');
  if (kept.length <= MAX_CELL && lines.length <= MAX_CELL_LINES) return text;
  return `${kept.slice(0, MAX_CELL)}… (shortened: ${below ? 'see below, or ' : 'in full in '}--format json)`;
}

export function renderTable(unsafe: AuditResult, options: ReporterOptions = {}): string {
  // Strings from Azure or the spec never reach the terminal with their control characters (escape sequences): the
  // frame is cleaned here, each listed entry below.
  const result = withTerminalSafeFrame(unsafe);
  const entries = unsafe.results;
  const color = options.color ?? false;
  const failOn = options.failOn ?? DEFAULT_FAIL_ON;
  const lineWidth = options.terminal ? options.width : undefined;
  const groupOf = (entry: ResultEntry) => group(entry, failOn);
  const sortedUnsafe = entries
    .map((entry, index) => ({ entry, index }))
    .sort(
      (a, b) =>
        groupOf(a.entry) - groupOf(b.entry) ||
        (groupOf(a.entry) < 3 ? SEVERITY_RANK[a.entry.severity] - SEVERITY_RANK[b.entry.severity] : 0) ||
        a.index - b.index,
    )
    .map((x) => x.entry);
  const shown = (options.all ? sortedUnsafe : sortedUnsafe.filter((e) => groupOf(e) < 3)).map((e) => withoutControls(e, { terminal: true }));
  const hidden = sortedUnsafe.length - shown.length;

  const out: string[] = [paint(header(result), 'bold', color), ''];
  let tableText: string | undefined;
  if (result.results.length === 0) {
    out.push('No rule evaluated anything.');
  } else if (shown.length === 0) {
    out.push(paint('No failures or unknowns.', 'green', color));
  } else {
    const fullHead = ['Outcome', 'Severity', 'Rule', 'Integration', 'Resource', 'Message'];
    const fullRows = shown.map((e) => [
      outcomeCell(e, color, failOn),
      paint(e.severity, SEVERITY_STYLE[e.severity], color),
      e.ruleId,
      cell(e.integration),
      cell(shortResource(e.resourceId)),
      cell(e.waived && e.waiver ? `${e.message}\nWaived: ${e.waiver.reason}` : e.message, isActionable(e, failOn)),
    ]);
    const fitted = options.width !== undefined ? fitColumns(fullHead, fullRows, options.width, options.terminal === true) : undefined;
    const keep = fitted?.columns ?? fullHead.map((_, c) => c);
    const head = keep.map((c) => fullHead[c]!);
    const rows = fullRows.map((r) => keep.map((c) => r[c]!));
    const table = new (tableClass())({
      head,
      style: { head: color ? ['bold'] : [], border: color ? ['grey'] : [] },
      wordWrap: true,
      wrapOnWordBoundary: true,
      ...(fitted && { colWidths: fitted.widths }),
    });
    table.push(...rows);
    tableText = table.toString();
    out.push(tableText);
  }
  if (hidden > 0) {
    const s = result.summary;
    out.push(`Not shown: ${s.pass} pass, ${s.notApplicable} not applicable (--all lists every evaluation).`);
  }

  // Actionable entries are listed ones (group 0 or 1), so `shown` holds them all, in the same order.
  const actionable = shown.filter((e) => isActionable(e, failOn));
  if (actionable.length > 0) {
    out.push('', paint('What to do:', 'bold', color));
    actionable.forEach((e, i) => {
      const lines = [
        '',
        `${i + 1}. ${paint(outcomeWord(e, failOn), groupOf(e) === 1 ? 'yellow' : OUTCOME_STYLE[e.outcome], color)} ${e.ruleId} ${e.ruleName} [${e.severity}] in ${e.integration}`,
        `   ${e.message}`,
      ];
      if (e.expected !== undefined || e.actual !== undefined) {
        lines.push(`   expected: ${e.expected ?? '-'}; actual: ${e.actual ?? '-'}`);
      }
      if (e.reason) lines.push(`   why unknown: ${reasonText(e.reason, e.message)}`);
      if (e.resourceId) lines.push(`   resource: ${e.resourceId}`);
      const at = locationText(e);
      if (at) lines.push(`   spec: ${at}`);
      lines.push('   remediation:', indent(e.remediation.trimEnd(), '     '));
      out.push(...lines.map((l) => wrapLines(l, lineWidth, 2)));
    });
  }
  out.push('', summaryLine(result), gateLine(result, failOn));
  if (result.baseline) out.push(...baselineLines(result.baseline));
  // Lines outside the table (header, summary, notes) wrap to the width too; the table's own lines already fit it.
  return `${out.map((l) => (l === tableText ? l : wrapLines(l, lineWidth, 2))).join('\n')}\n`;
}

/** Widest each of the first five columns may get before it wraps (Outcome holds long waiver reasons). */
const MAX_WIDTHS = [26, 10, 7, 24, 40];

/** The narrowest the Message column may get before another column is dropped to make room. */
const MIN_MESSAGE = 28;

/**
 * Column sets, widest first, for narrower and narrower terminals: first the Resource column goes (the full ID is
 * under "What to do"), then Integration (likewise), then Severity (also in "What to do").
 */
const COLUMN_SETS: ReadonlyArray<readonly number[]> = [
  [0, 1, 2, 3, 4, 5],
  [0, 1, 2, 3, 5],
  [0, 1, 2, 5],
  [0, 2, 5],
];

/**
 * The columns and their widths that fit `width`: the short columns keep their natural width up to a cap, the Message
 * column takes the rest and wraps; when it would get less than MIN_MESSAGE, the next narrower column set is tried.
 */
function fitColumns(head: string[], rows: string[][], width: number, dropColumns: boolean): { columns: readonly number[]; widths: number[] } {
  const natural = head.map((h, c) => Math.max(visibleWidth(h), ...rows.map((r) => visibleWidth(r[c] ?? ''))) + 2);
  let last: { columns: readonly number[]; widths: number[] } | undefined;
  for (const columns of dropColumns ? COLUMN_SETS : COLUMN_SETS.slice(0, 1)) {
    const widths = columns.slice(0, -1).map((c) => Math.min(natural[c]!, MAX_WIDTHS[c]!));
    const used = widths.reduce((a, b) => a + b, 0) + columns.length + 1;
    const message = Math.min(natural[5]!, width - used);
    last = { columns, widths: [...widths, Math.max(12, message)] };
    if (message >= MIN_MESSAGE || natural[5]! <= width - used) return last;
  }
  return last!;
}

export const table: ReportFormat = {
  render: renderTable,
  fileName: 'synaml.txt',
  description: 'a readable table, then remediation for each finding (default on a terminal)',
};
