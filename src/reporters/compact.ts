// `compact`: one line per finding, grouped by integration, as ESLint's `stylish` formatter: spec location, status,
// severity, message and rule ID, then the gate's decision. For a terminal that wants the findings, not the details.
import type { AuditResult } from '../engine/types.js';
import { DEFAULT_FAIL_ON } from '../exit-codes.js';
import { gateOf, gateText, sortFindings, statusOf, type Status } from './findings.js';
import { withoutControls, withTerminalSafeFrame } from './text-safety.js';
import type { ReporterOptions, ReportFormat } from './types.js';
import { visibleLength, wrapLines } from './wrap.js';

const STATUS_WORD: Record<Status, string> = {
  fail: 'fail',
  unknown: 'unknown',
  reported: 'reported',
  known: 'known',
  waived: 'waived',
  pass: 'pass',
  'not-applicable': 'n/a',
};
const STATUS_COLOR: Record<Status, number> = { fail: 31, unknown: 33, reported: 33, known: 2, waived: 36, pass: 32, 'not-applicable': 2 };

/** A cell padded to `width` columns (colour codes do not count). */
function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleLength(text)));
}

export function renderCompact(unsafe: AuditResult, options: ReporterOptions = {}): string {
  // As the table: the frame cleaned of control characters here, each printed entry below.
  const result = withTerminalSafeFrame(unsafe);
  const entries = unsafe.results;
  const failOn = options.failOn ?? DEFAULT_FAIL_ON;
  const color = options.color ?? false;
  const paint = (text: string, code: number) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const shown = sortFindings(entries, failOn)
    .filter((e) => options.all || !['pass', 'not-applicable'].includes(statusOf(e, failOn)))
    .map((e) => withoutControls(e, { terminal: true }));
  const byIntegration = Map.groupBy(shown, (e) => e.integration);

  const out: string[] = [];
  for (const [integration, entries] of byIntegration) {
    out.push('', paint(`${result.spec} · ${integration}`, 4));
    const at = entries.map((e) => (e.location ? `${e.location.line}:${e.location.column}` : ''));
    const atWidth = Math.max(...at.map((a) => a.length));
    entries.forEach((e, i) => {
      const status = statusOf(e, failOn);
      const prefix = `  ${pad(at[i]!, atWidth)}  ${pad(paint(STATUS_WORD[status], STATUS_COLOR[status]), 8)}  ${pad(e.severity, 7)}  `;
      const suffix = `  ${paint(e.ruleId, 2)}`;
      let message = e.message.replace(/\s+/g, ' ');
      if (options.terminal && options.width !== undefined) {
        const room = options.width - visibleLength(prefix) - visibleLength(suffix);
        if (message.length > room) message = `${message.slice(0, Math.max(1, room - 1))}…`;
      }
      out.push(`${prefix}${message}${suffix}`);
    });
  }
  if (shown.length === 0) out.push('', 'No failures or unknowns.');
  const s = result.summary;
  out.push('', `${s.pass} pass, ${s.fail} fail, ${s.notApplicable} not applicable, ${s.unknown} unknown, ${s.waived} waived`);
  // The gate's line can outgrow a narrow terminal: it wraps, the finding lines were cut to fit.
  out.push(wrapLines(`Result: ${gateText(gateOf(result, failOn))}`, options.terminal ? options.width : undefined, 2));
  return `${out.join('\n').replace(/^\n/, '')}\n`;
}

export const compact: ReportFormat = {
  render: renderCompact,
  fileName: 'synaml.compact.txt',
  description: 'one line per finding, grouped by integration (like ESLint\'s stylish); --format table has the details',
};
