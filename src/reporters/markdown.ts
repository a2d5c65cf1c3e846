// `markdown`: the summary for `$GITHUB_STEP_SUMMARY`, an Azure Pipelines summary or a pull-request comment. Counts by
// status and severity, then what fails the run (most severe first), then waived and baseline-known findings, with each
// finding's remediation in a collapsible block. It stays under a PR comment's limit (65,536 characters): past the
// budget, details are dropped first, then table rows, and the report says how many were left out.
import type { AuditResult, ResultEntry, RuleMeta, Severity } from '../engine/types.js';
import { SEVERITIES } from '../engine/types.js';
import { DEFAULT_FAIL_ON, type FailOn } from '../exit-codes.js';
import { countByStatus, gateOf, gateText, locationText, reasonText, ruleIndex, scopeLine, shortResource, sortFindings, type Status, statusOf } from './findings.js';
import type { ReporterOptions, ReportFormat } from './types.js';
import { stripControls } from './text-safety.js';
import { changeHistoryNote, describeLastChange } from '../engine/last-change.js';
import { trendMarkdown } from './trend.js';

/** Below GitHub's 65,536-character limit for a PR comment, with room for a header a CI step adds. */
export const MARKDOWN_BUDGET = 60_000;

/**
 * Text from Azure or the spec, made inert: HTML-significant characters as entities, Markdown punctuation escaped,
 * `@` as an entity so a value never mentions anyone, line breaks as `<br>`, control characters dropped.
 */
export function mdEscape(text: string): string {
  return stripControls(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;')
    .replace(/([\\`*_[\]~|])/g, '\\$1')
    // A line break in a value would start a new block (a heading, a list, a fence, a table row): never raw.
    .replace(/\r\n?|\n/g, '<br>');
}

/** Like mdEscape, but `code spans` (rule remediation uses them for `az` commands) stay code, their content escaped. */
export function mdInline(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map(stripControls)
    .map((part) => (/^`[^`\n]+`$/.test(part) ? `<code>${part.slice(1, -1).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;').replace(/@/g, '&#64;')}</code>` : mdEscape(part)))
    .join('');
}

/** A table cell: inline Markdown on one line. */
export function mdCell(text: string): string {
  return mdInline(text).replace(/\r?\n/g, '<br>');
}

const STATUS_CELL: Record<Status, string> = {
  fail: '❌ fail',
  unknown: '❓ unknown',
  reported: 'reported, not failing',
  known: 'fail (known)',
  waived: 'waived',
  pass: 'pass',
  'not-applicable': 'not applicable',
};

function ruleCell(entry: ResultEntry, meta: RuleMeta | undefined): string {
  const url = meta?.docs[0]?.url;
  return url ? `[${entry.ruleId}](${url} "${mdEscape(meta.title).replace(/"/g, '&quot;')}")` : entry.ruleId;
}

/** The gate's decision with the run's `--fail-on`: what fails the run, and what is reported, not failing. */
function headline(result: AuditResult, failOn: FailOn): string {
  const gate = gateOf(result, failOn);
  const icon = { incomplete: '❓', fail: '❌', pass: '✅', 'report-only': 'ℹ️' }[gate.verdict];
  return `## ${icon} synaml audit: ${gateText(gate)}`;
}

function countsTable(result: AuditResult, failOn: FailOn): string[] {
  const { total, bySeverity } = countByStatus(result.results, failOn);
  const columns: Status[] = ['fail', 'reported', ...(result.baseline ? (['known'] as const) : []), 'unknown', 'waived', 'pass', 'not-applicable'];
  const label: Partial<Record<Status, string>> = { fail: 'failing', reported: 'reported, not failing', known: 'known (baseline)', 'not-applicable': 'not applicable' };
  const head = ['Severity', ...columns.map((c) => label[c] ?? c)];
  const row = (label: string, counts: Record<Status, number>) => `| ${label} | ${columns.map((c) => counts[c]).join(' | ')} |`;
  return [
    `| ${head.join(' | ')} |`,
    `|---|${columns.map(() => '---:').join('|')}|`,
    ...SEVERITIES.map((s: Severity) => row(s, bySeverity[s])),
    row('**total**', total),
  ];
}

function findingRow(entry: ResultEntry, meta: RuleMeta | undefined, failOn: FailOn): string {
  const message = entry.waived && entry.waiver ? `${entry.message}\nWaived until ${entry.waiver.expires}: ${entry.waiver.reason}` : entry.message;
  const cells = [
    STATUS_CELL[statusOf(entry, failOn)],
    entry.severity,
    ruleCell(entry, meta),
    mdCell(entry.integration),
    [entry.resourceId ? `<code>${mdEscape(shortResource(entry.resourceId))}</code>` : '', entry.specPath ? `<code>${mdEscape(entry.specPath)}</code>` : '']
      .filter((x) => x)
      .join('<br>'),
    mdCell(message),
  ];
  return `| ${cells.join(' | ')} |`;
}

const TABLE_HEAD = ['| Outcome | Severity | Rule | Integration | Resource | Finding |', '|---|---|---|---|---|---|'];

function findingFacts(entry: ResultEntry, failOn: FailOn): string {
  const facts: string[] = [`${STATUS_CELL[statusOf(entry, failOn)]} in ${mdEscape(entry.integration)}: ${mdInline(entry.message)}`];
  if (entry.expected !== undefined || entry.actual !== undefined) facts.push(`expected ${mdInline(entry.expected ?? '-')}; actual ${mdInline(entry.actual ?? '-')}`);
  if (entry.reason) facts.push(`why unknown: ${mdInline(reasonText(entry.reason, entry.message))}`);
  if (entry.resourceId) facts.push(`resource <code>${mdEscape(entry.resourceId)}</code>`);
  if (entry.lastChange) facts.push(`last change: ${mdEscape(describeLastChange(entry.lastChange))}`);
  const at = locationText(entry);
  if (at) facts.push(`spec <code>${mdEscape(at)}</code>`);
  return `- ${facts.join('<br>')}`;
}

/** One collapsible block per rule: its findings, then its remediation and Microsoft docs once. */
function ruleBlock(entries: readonly ResultEntry[], meta: RuleMeta | undefined, failOn: FailOn): string {
  const first = entries[0]!;
  const title = meta ? `${first.ruleId} ${first.ruleName}: ${meta.title}` : `${first.ruleId} ${first.ruleName}`;
  const remediation = (meta?.remediation ?? first.remediation).trimEnd().split('\n').map((l) => mdInline(l)).join('  \n');
  const lines = [
    `<details><summary>${mdEscape(title)} (${entries.length})</summary>`,
    '',
    ...entries.map((e) => findingFacts(e, failOn)),
    '',
    `**Remediation:** ${remediation}`,
  ];
  if (meta?.docs.length) lines.push('', `**Microsoft docs:** ${meta.docs.map((d) => `[${mdEscape(d.title)}](${d.url}) (${d.date})`).join('; ')}`);
  lines.push('', '</details>');
  return lines.join('\n');
}

/** Actionable findings grouped by rule, in the order the rules first appear (most severe first). */
function byRule(entries: readonly ResultEntry[]): ResultEntry[][] {
  return [...Map.groupBy(entries, (e) => e.ruleId).values()];
}

function section(title: string, rows: string[], open: boolean): string[] {
  if (rows.length === 0) return [];
  return ['', `<details${open ? ' open' : ''}><summary><strong>${title}</strong></summary>`, '', ...TABLE_HEAD, ...rows, '', '</details>'];
}

function baselineLines(result: AuditResult): string[] {
  const b = result.baseline;
  if (!b) return [];
  const lines = [
    '',
    `**Baseline** <code>${mdEscape(b.file)}</code>: ${b.new} new ${b.new === 1 ? 'finding' : 'findings'} (these fail the run), ${b.known} known, ${b.fixed.length} fixed since the baseline.`,
  ];
  if (b.fixed.length > 0) {
    lines.push(
      '',
      `<details><summary>Fixed since the baseline (${b.fixed.length})</summary>`,
      '',
      '| Rule | Integration | Resource | Fingerprint |',
      '|---|---|---|---|',
      ...b.fixed.map((f) => `| ${mdEscape(f.ruleId)} | ${mdCell(f.integration)} | ${f.resourceId ? `<code>${mdEscape(shortResource(f.resourceId))}</code>` : ''} | <code>${f.fingerprint}</code> |`),
      '',
      '</details>',
    );
  }
  return lines;
}

export interface MarkdownOptions extends ReporterOptions {
  /** Characters the report may take (default MARKDOWN_BUDGET). */
  budget?: number;
}

export function renderMarkdown(result: AuditResult, options: MarkdownOptions = {}): string {
  const budget = options.budget ?? MARKDOWN_BUDGET;
  const meta = ruleIndex(options.rules);
  const failOn = options.failOn ?? DEFAULT_FAIL_ON;
  const s = result.summary;
  const sorted = sortFindings(result.results, failOn);
  const actionable = sorted.filter((e) => ['fail', 'unknown', 'reported'].includes(statusOf(e, failOn)));
  const failing = actionable.filter((e) => statusOf(e, failOn) !== 'reported').length;
  const reportedOnly = actionable.length - failing;
  const waived = sorted.filter((e) => statusOf(e, failOn) === 'waived');
  const known = sorted.filter((e) => statusOf(e, failOn) === 'known');
  const rest = options.all ? sorted.filter((e) => ['pass', 'not-applicable'].includes(statusOf(e, failOn))) : [];
  const row = (e: ResultEntry) => findingRow(e, meta(e.ruleId), failOn);

  const head = [
    headline(result, failOn),
    '',
    `<code>${mdEscape(result.spec)}</code> · ${mdEscape(scopeLine(result))} · synaml ${mdEscape(result.tool.version)}`,
    '',
    ...countsTable(result, failOn),
    '',
    `Summary: ${s.pass} pass, ${s.fail} fail, ${s.notApplicable} not applicable, ${s.unknown} unknown, ${s.waived} waived.`,
    ...trendMarkdown(result, options.history),
    ...baselineLines(result),
  ];
  const changeNote = changeHistoryNote(result);

  const build = (rowLimit: number, detailLimit: number): string => {
    const out = [...head];
    const shownRows = actionable.slice(0, rowLimit);
    if (actionable.length > 0) {
      const title = [failing > 0 && `${failing} failing the run`, reportedOnly > 0 && `${reportedOnly} reported, not failing`].filter(Boolean).join(', ');
      out.push('', `### Findings (${title})`, '', ...TABLE_HEAD, ...shownRows.map(row));
      if (shownRows.length < actionable.length) out.push('', `_${actionable.length - shownRows.length} more not shown: see the full report (synaml.html or synaml.json)._`);
      if (changeNote) out.push('', `_${mdEscape(changeNote)}_`);
      const groups = byRule(actionable);
      const detailed = shownRows.length === actionable.length ? groups.slice(0, detailLimit) : [];
      if (detailed.length > 0) out.push('', '#### What to do', '', ...detailed.flatMap((g) => [ruleBlock(g, meta(g[0]!.ruleId), failOn), '']));
      if (detailed.length < groups.length && shownRows.length === actionable.length) {
        out.push(`_Remediation for ${groups.length - detailed.length} more rules: see the full report._`);
      }
    } else {
      out.push('', 'No finding fails the run.');
    }
    const cap = (rows: ResultEntry[]) => rows.slice(0, rowLimit).map(row);
    out.push(...section(`Waived (${waived.length})`, cap(waived), false));
    out.push(...section(`Known from the baseline (${known.length})`, cap(known), false));
    out.push(...section(`Pass and not applicable (${rest.length})`, cap(rest), false));
    for (const d of result.diagnostics ?? []) out.push('', `> **${d.severity}** <code>${mdEscape(`${d.file}:${d.line}:${d.column}`)}</code> ${mdInline(d.message)} [${mdEscape(d.code)}]`);
    return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
  };

  const all = Math.max(actionable.length, waived.length, known.length, rest.length);
  const ruleCount = byRule(actionable).length;
  let text = build(all, ruleCount);
  if (text.length <= budget) return text;
  // Over budget: fewer rule blocks first, then fewer rows (binary search for the most that fit).
  let lo = 0;
  let hi = ruleCount;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (build(all, mid).length <= budget) lo = mid;
    else hi = mid - 1;
  }
  text = build(all, lo);
  if (text.length <= budget) return text;
  lo = 0;
  hi = all;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (build(mid, 0).length <= budget) lo = mid;
    else hi = mid - 1;
  }
  return build(lo, 0);
}

export const markdown: ReportFormat = {
  render: renderMarkdown,
  fileName: 'synaml.md',
  description: 'a summary for $GITHUB_STEP_SUMMARY or a pull-request comment (under 60,000 characters)',
};
