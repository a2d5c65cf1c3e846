// Rendering `synaml diff`: a terminal table, Markdown for the nightly job to post, and JSON.
import type { DiffItem, ResultDiff } from './compare.js';
import type { RuleMeta } from '../engine/types.js';
import { ruleIndex, shortResource } from '../reporters/findings.js';
import { tableClass } from '../reporters/load-table.js';
import { MARKDOWN_BUDGET, mdCell, mdEscape } from '../reporters/markdown.js';

export const DIFF_FORMATS = ['table', 'markdown', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export interface DiffRenderOptions {
  rules?: readonly RuleMeta[];
  /** Terminal width for the table's message column. */
  width?: number;
  /** Characters the Markdown may take (default MARKDOWN_BUDGET). */
  budget?: number;
}

type Change = 'new' | 'resolved' | 'unchanged';

function state(item: DiffItem, change: Change): string {
  const parts: string[] = [item.outcome];
  if (item.waived && item.waiver) parts.push(`waived until ${item.waiver.expires}`);
  if (change === 'resolved' && item.unverified) parts.push('unverified: now unknown');
  return parts.join(', ');
}

/** The resource, and the spec field when there is one: what tells apart findings of one rule on one resource. */
function where(item: DiffItem): string {
  return [shortResource(item.resourceId), item.specPath].filter((x) => x).join('\n');
}

function sideLine(diff: ResultDiff): string {
  return `${diff.from.file} (${diff.from.auditedAt.slice(0, 10)}) -> ${diff.to.file} (${diff.to.auditedAt.slice(0, 10)})`;
}

export function diffSummaryLine(diff: ResultDiff): string {
  const s = diff.summary;
  return `Diff: ${s.new} new, ${s.resolved} resolved, ${s.unchanged} unchanged (now: ${s.unknown} unknown, ${s.waived} waived)`;
}

export function renderDiffTable(diff: ResultDiff, options: DiffRenderOptions = {}): string {
  const out = [sideLine(diff), ''];
  const groups: Array<[Change, DiffItem[]]> = [
    ['new', diff.new],
    ['resolved', diff.resolved],
    ['unchanged', diff.unchanged],
  ];
  const rows = groups.flatMap(([change, items]) =>
    items.map((i) => [change, state(i, change), i.severity, i.ruleId, i.integration, where(i), i.message]),
  );
  if (rows.length === 0) {
    out.push('No failing or unknown findings in either result.');
  } else {
    const messageWidth = Math.max(30, (options.width ?? 160) - 110);
    const table = new (tableClass())({
      head: ['Change', 'State', 'Severity', 'Rule', 'Integration', 'Resource', 'Message'],
      style: { head: [], border: [] },
      wordWrap: true,
      wrapOnWordBoundary: true,
      colWidths: [11, 16, 10, 7, 18, 40, messageWidth],
    });
    table.push(...rows);
    out.push(table.toString());
  }
  out.push('', diffSummaryLine(diff));
  return `${out.join('\n')}\n`;
}

const MD_HEAD = ['| State | Severity | Rule | Integration | Resource | Finding |', '|---|---|---|---|---|---|'];

function mdRow(item: DiffItem, change: Change, meta: RuleMeta | undefined): string {
  const url = meta?.docs[0]?.url;
  const rule = url ? `[${item.ruleId}](${url})` : mdEscape(item.ruleId);
  const resource = [
    item.resourceId ? `<code>${mdEscape(shortResource(item.resourceId))}</code>` : '',
    item.specPath ? `<code>${mdEscape(item.specPath)}</code>` : '',
  ].filter((x) => x).join('<br>');
  const message = item.waived && item.waiver ? `${item.message}\nWaived until ${item.waiver.expires}: ${item.waiver.reason}` : item.message;
  return `| ${mdEscape(state(item, change))} | ${item.severity} | ${rule} | ${mdCell(item.integration)} | ${resource} | ${mdCell(message)} |`;
}

export function renderDiffMarkdown(diff: ResultDiff, options: DiffRenderOptions = {}): string {
  const budget = options.budget ?? MARKDOWN_BUDGET;
  const meta = ruleIndex(options.rules);
  const s = diff.summary;
  const icon = s.new > 0 ? '🔺' : s.resolved > 0 ? '✅' : '➖';
  const head = [
    `## ${icon} synaml: ${s.new} new, ${s.resolved} resolved, ${s.unchanged} unchanged`,
    '',
    `<code>${mdEscape(diff.from.file)}</code> (${mdEscape(diff.from.auditedAt.slice(0, 10))}) → <code>${mdEscape(diff.to.file)}</code> (${mdEscape(diff.to.auditedAt.slice(0, 10))}), spec <code>${mdEscape(diff.to.spec)}</code>. Now ${s.unknown} unknown and ${s.waived} waived among the current findings.`,
  ];
  const build = (limit: number): string => {
    const out = [...head];
    const block = (title: string, change: Change, items: DiffItem[], open: boolean) => {
      if (items.length === 0) return;
      const shown = items.slice(0, limit);
      out.push('', `<details${open ? ' open' : ''}><summary><strong>${title} (${items.length})</strong></summary>`, '', ...MD_HEAD, ...shown.map((i) => mdRow(i, change, meta(i.ruleId))));
      if (shown.length < items.length) out.push('', `_${items.length - shown.length} more not shown: see \`synaml diff --format json\`._`);
      out.push('', '</details>');
    };
    block('New findings', 'new', diff.new, true);
    block('Resolved findings', 'resolved', diff.resolved, true);
    block('Unchanged findings', 'unchanged', diff.unchanged, false);
    if (s.new + s.resolved + s.unchanged === 0) out.push('', 'No failing or unknown findings in either result.');
    return `${out.join('\n')}\n`;
  };
  const most = Math.max(diff.new.length, diff.resolved.length, diff.unchanged.length);
  let lo = 0;
  let hi = most;
  if (build(hi).length <= budget) return build(hi);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (build(mid).length <= budget) lo = mid;
    else hi = mid - 1;
  }
  return build(lo);
}

export function renderDiffJson(diff: ResultDiff): string {
  return `${JSON.stringify(diff, null, 2)}\n`;
}

export function renderDiff(diff: ResultDiff, format: DiffFormat, options: DiffRenderOptions = {}): string {
  if (format === 'json') return renderDiffJson(diff);
  if (format === 'markdown') return renderDiffMarkdown(diff, options);
  return renderDiffTable(diff, options);
}
