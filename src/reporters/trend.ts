// The trend across runs (`audit --history <dir>`): earlier JSON results and this one, oldest first, counted as fail /
// unknown / waived per run (the result's own summary). Drawn as an inline SVG in the HTML report (static markup: it
// reads without JavaScript, prints, and needs nothing the page's Content-Security-Policy forbids: no script, no
// style attribute, presentation attributes only) and as a table in Markdown.
import type { AuditResult } from '../engine/types.js';

/** One run of the trend. */
export interface TrendRun {
  auditedAt: string;
  fail: number;
  unknown: number;
  waived: number;
  /** Where the run came from (its file name), for the table; the current run has none. */
  source?: string;
}

/** The trend: `history` (any order) and the current result, oldest first, the current run last. */
export function trendOf(result: AuditResult, history: readonly TrendRun[]): TrendRun[] {
  const earlier = [...history].sort((a, b) => (a.auditedAt < b.auditedAt ? -1 : a.auditedAt > b.auditedAt ? 1 : 0));
  const s = result.summary;
  return [...earlier, { auditedAt: result.auditedAt, fail: s.fail, unknown: s.unknown, waived: s.waived }];
}

/** The run's label: its date, with the time when two runs share a day. */
function labels(runs: readonly TrendRun[]): string[] {
  const days = runs.map((r) => r.auditedAt.slice(0, 10));
  return runs.map((r, i) => (days.filter((d) => d === days[i]).length > 1 ? `${days[i]} ${r.auditedAt.slice(11, 16)}` : days[i]!));
}

const SERIES = [
  { key: 'fail', label: 'fail', colour: '#cf222e' },
  { key: 'unknown', label: 'unknown', colour: '#9a6700' },
  { key: 'waived', label: 'waived', colour: '#0969da' },
] as const;

type Escape = (text: string) => string;

/**
 * The trend as an SVG chart: one line per count, a point per run (with a <title> for its value), the runs' dates on
 * the x axis, the newest run last. `escape` is the HTML reporter's escaper.
 */
export function trendSvg(runs: readonly TrendRun[], escape: Escape): string {
  const width = 720;
  const height = 240;
  const left = 44;
  const right = 16;
  const top = 28;
  const bottom = 52;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...runs.flatMap((r) => [r.fail, r.unknown, r.waived]));
  // A round top for the y axis: 1, 2, 5, 10, 20, 50, ...
  const steps = [1, 2, 5];
  let ceiling = 1;
  for (let p = 1; ceiling < max; p *= 10) for (const s of steps) if (ceiling < max) ceiling = s * p;
  const x = (i: number) => left + (runs.length === 1 ? plotW / 2 : (plotW * i) / (runs.length - 1));
  const y = (v: number) => top + plotH - (plotH * v) / ceiling;
  const names = labels(runs);
  const grid = [0, ceiling / 2, ceiling]
    .map((v) => `<line x1="${left}" y1="${y(v).toFixed(1)}" x2="${width - right}" y2="${y(v).toFixed(1)}" stroke="#d0d7de" stroke-width="1"/><text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#57606a">${Number.isInteger(v) ? v : v.toFixed(1)}</text>`)
    .join('');
  // The first and last dates are anchored inwards so they stay inside the chart; the current run is named below its date.
  const anchor = (i: number) => (runs.length === 1 ? 'middle' : i === 0 ? 'start' : i === runs.length - 1 ? 'end' : 'middle');
  const ticks = runs
    .map((_, i) => {
      const at = `x="${x(i).toFixed(1)}" text-anchor="${anchor(i)}" font-size="11" fill="#57606a"`;
      const current = i === runs.length - 1 ? `<text ${at} y="${height - bottom + 30}">(this run)</text>` : '';
      return `<text ${at} y="${height - bottom + 16}">${escape(names[i]!)}</text>${current}`;
    })
    .join('');
  const lines = SERIES.map((s) => {
    const points = runs.map((r, i) => `${x(i).toFixed(1)},${y(r[s.key]).toFixed(1)}`).join(' ');
    const dots = runs
      .map((r, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(r[s.key]).toFixed(1)}" r="3.5" fill="${s.colour}"><title>${escape(`${names[i]}: ${r[s.key]} ${s.label}`)}</title></circle>`)
      .join('');
    return `<g data-series="${s.key}"><polyline points="${points}" fill="none" stroke="${s.colour}" stroke-width="2"/>${dots}</g>`;
  }).join('');
  const legend = SERIES.map((s, i) => `<rect x="${left + i * 110}" y="8" width="12" height="12" fill="${s.colour}"/><text x="${left + i * 110 + 18}" y="18" font-size="12" fill="#1f2328">${s.label}</text>`).join('');
  const summary = runs.map((r, i) => `${names[i]}: ${r.fail} fail, ${r.unknown} unknown, ${r.waived} waived`).join('; ');
  return (
    `<svg id="trend-chart" xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="trend-title trend-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui,-apple-system,Segoe UI,sans-serif">` +
    `<title id="trend-title">Findings per run: fail, unknown and waived, newest run last</title><desc id="trend-desc">${escape(summary)}</desc>` +
    `${legend}${grid}<line x1="${left}" y1="${top + plotH}" x2="${width - right}" y2="${top + plotH}" stroke="#57606a" stroke-width="1"/>${ticks}${lines}</svg>`
  );
}

/** The HTML section: the chart and the same numbers as a table. Empty without earlier runs. */
export function trendSectionHtml(result: AuditResult, history: readonly TrendRun[] | undefined, escape: Escape): string {
  if (!history || history.length === 0) return '';
  const runs = trendOf(result, history);
  const names = labels(runs);
  const rows = runs
    .map((r, i) => `<tr><td>${escape(names[i]!)}${i === runs.length - 1 ? ' (this run)' : ''}</td><td class="num">${r.fail}</td><td class="num">${r.unknown}</td><td class="num">${r.waived}</td></tr>`)
    .join('');
  return `<section id="trend"><h2>Trend</h2><p>This run and ${history.length} earlier ${history.length === 1 ? 'run' : 'runs'} (oldest first).</p>${trendSvg(runs, escape)}<table class="counts" id="trend-table"><thead><tr><th>Run</th><th class="num">fail</th><th class="num">unknown</th><th class="num">waived</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** The Markdown table, newest run last. Empty without earlier runs. */
export function trendMarkdown(result: AuditResult, history: readonly TrendRun[] | undefined): string[] {
  if (!history || history.length === 0) return [];
  const runs = trendOf(result, history);
  const names = labels(runs);
  const arrow = (now: number, before: number | undefined) => (before === undefined || now === before ? '' : now > before ? ' ▲' : ' ▼');
  return [
    '',
    `### Trend (${runs.length} runs, newest last)`,
    '',
    '| Run | fail | unknown | waived |',
    '|---|---:|---:|---:|',
    ...runs.map((r, i) => {
      const prev = i > 0 ? runs[i - 1] : undefined;
      return `| ${names[i]}${i === runs.length - 1 ? ' (this run)' : ''} | ${r.fail}${arrow(r.fail, prev?.fail)} | ${r.unknown}${arrow(r.unknown, prev?.unknown)} | ${r.waived}${arrow(r.waived, prev?.waived)} |`;
    }),
  ];
}
