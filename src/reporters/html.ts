// `html`: the nightly report, one self-contained page a person reads or prints. No network fetch at all: the style
// and the small sort/filter script are inline, and a Content-Security-Policy allows exactly those two (by hash) and
// nothing else. Every value that comes from Azure or the spec is HTML-escaped; the script never builds markup.
import { createHash } from 'node:crypto';
import type { AuditResult, ResultEntry, RuleMeta } from '../engine/types.js';
import { SEVERITIES } from '../engine/types.js';
import { DEFAULT_FAIL_ON, type FailOn } from '../exit-codes.js';
import {
  countByIntegration,
  countByStatus,
  gateOf,
  gateText,
  emptyCounts,
  locationText,
  reasonText,
  ruleIndex,
  scopeLine,
  shortResource,
  sortFindings,
  STATUS_LABEL,
  STATUSES,
  type Status,
  type StatusCounts,
  statusOf,
} from './findings.js';
import type { ReporterOptions, ReportFormat } from './types.js';
import { CONTROL_CHARACTERS } from './text-safety.js';
import { changeHistoryNote, describeLastChange } from '../engine/last-change.js';
import { trendSectionHtml } from './trend.js';

/** Escapes text for HTML content and double- or single-quoted attributes; drops characters HTML forbids (NUL, controls). */
export function escapeHtml(value: string): string {
  return value
    .replace(CONTROL_CHARACTERS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const h = escapeHtml;

/** Text with `code spans` (remediation commands) as <code>, everything escaped, line breaks kept. */
function richText(text: string): string {
  return text
    .trimEnd()
    .split(/(`[^`\n]+`)/)
    .map((part) => (/^`[^`\n]+`$/.test(part) ? `<code>${h(part.slice(1, -1))}</code>` : h(part)))
    .join('')
    .replace(/\r?\n/g, '<br>');
}

const STYLE = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--fail:#cf222e;--unknown:#9a6700;--known:#8250df;--waived:#0969da;--pass:#1a7f37;--na:#6e7781}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
header,main{max-width:1400px;margin:0 auto;padding:0 24px}
header{padding-top:20px}
h1{font-size:24px;margin:0 0 8px}
h2{font-size:19px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:18px 0 8px}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0 0 12px}
.meta dt{color:var(--muted)}
.meta dd{margin:0;overflow-wrap:anywhere}
.verdict{display:inline-block;padding:6px 12px;border-radius:6px;font-weight:600;margin:4px 0 0}
.verdict.fail{background:#ffebe9;color:var(--fail)}
.verdict.unknown{background:#fff8c5;color:var(--unknown)}
.verdict.ok{background:#dafbe1;color:var(--pass)}
.verdict.report-only{background:#ddf4ff;color:var(--waived)}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}
th,td{border:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
thead th{background:var(--soft);position:sticky;top:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.counts{width:auto;min-width:480px}
.badge{display:inline-block;padding:1px 7px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap;border:1px solid currentColor}
.s-fail{color:var(--fail)}.s-unknown{color:var(--unknown)}.s-reported{color:var(--unknown)}.s-known{color:var(--known)}.s-waived{color:var(--waived)}.s-pass{color:var(--pass)}.s-not-applicable{color:var(--na)}
.sev-error{color:var(--fail);font-weight:600}.sev-warning{color:var(--unknown);font-weight:600}.sev-note{color:var(--muted)}
.filters{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:end;padding:10px 12px;background:var(--soft);border:1px solid var(--line);border-radius:6px}
.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:2px}
.filters select,.filters input{font:inherit;padding:3px 6px;min-width:150px}
#findings-count{margin-left:auto;color:var(--muted)}
th button{all:unset;cursor:pointer;font-weight:600;display:inline-flex;gap:4px}
th button:focus-visible{outline:2px solid var(--waived)}
th[aria-sort=ascending] button::after{content:"\\25B2";font-size:10px}
th[aria-sort=descending] button::after{content:"\\25BC";font-size:10px}
.finding p{margin:0 0 4px}
.finding .facts{color:var(--muted);font-size:13px;margin:0 0 4px}
.finding .facts b{color:var(--fg);font-weight:600}
details summary{cursor:pointer;color:var(--waived)}
details .remediation{margin:4px 0 0;padding:6px 8px;background:var(--soft);border-left:3px solid var(--line)}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:0 3px;border-radius:3px;overflow-wrap:anywhere}
#findings{table-layout:fixed}
#findings th:nth-child(1){width:10.5em}
#findings th:nth-child(2){width:6.5em}
#findings th:nth-child(3){width:10em}
#findings th:nth-child(4){width:9em}
#findings th:nth-child(5){width:15em}
#findings td{overflow-wrap:break-word}
.resource{word-break:break-all}
.rule-name{color:var(--muted);font-size:12px}
.rules dt{font-weight:600;margin-top:10px}
.rules dd{margin:2px 0 0 0}
.note{color:var(--muted);font-size:13px}
#trend-chart{max-width:100%;height:auto;display:block;margin:6px 0}
footer{max-width:1400px;margin:24px auto;padding:0 24px;color:var(--muted);font-size:12px}
@media print{
  @page{margin:12mm}
  body{font-size:11px}
  header,main,footer{max-width:none;padding:0}
  .filters{display:none}
  thead th{position:static}
  tr{break-inside:avoid}
  h2{break-after:avoid}
  a{color:inherit;text-decoration:none}
  details summary{display:none}
  .badge{border-width:1px}
}
`.trim();

// Sorting and filtering of #findings. Reads data-* attributes and writes only `hidden`, aria-sort and textContent.
const SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('findings');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filters = ['severity', 'status', 'rule', 'integration'].map(function (name) {
    return { name: name, el: document.getElementById('filter-' + name) };
  });
  var text = document.getElementById('filter-text');
  var count = document.getElementById('findings-count');
  function apply() {
    var shown = 0;
    var needle = text.value.trim().toLowerCase();
    rows.forEach(function (row) {
      var ok = filters.every(function (f) { return f.el.value === '' || row.getAttribute('data-' + f.name) === f.el.value; });
      if (ok && needle !== '') ok = row.textContent.toLowerCase().indexOf(needle) !== -1;
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = shown + ' of ' + rows.length + ' ' + (count.getAttribute('data-noun') || 'evaluations') + ' shown';
  }
  filters.forEach(function (f) { f.el.addEventListener('change', apply); });
  text.addEventListener('input', apply);
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (th, column) {
    var button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', function () {
      var ascending = th.getAttribute('aria-sort') !== 'ascending';
      headers.forEach(function (other) { other.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      var key = function (row) {
        var cell = row.cells[column];
        var value = cell.getAttribute('data-sort');
        return value !== null ? value : cell.textContent.trim().toLowerCase();
      };
      rows.sort(function (a, b) {
        var ka = key(a), kb = key(b);
        var order = ka < kb ? -1 : ka > kb ? 1 : 0;
        if (order === 0) order = Number(a.getAttribute('data-order')) - Number(b.getAttribute('data-order'));
        else if (!ascending) order = -order;
        return order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.setAttribute('data-was-open', d.open ? '1' : '0'); d.open = true; });
  });
  window.addEventListener('afterprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details[data-was-open]'), function (d) { d.open = d.getAttribute('data-was-open') === '1'; d.removeAttribute('data-was-open'); });
  });
  apply();
})();
`.trim();

function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

/** The page's Content-Security-Policy: nothing may load; only the inline style and script above may run. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${cspHash(STYLE)}`,
  `script-src ${cspHash(SCRIPT)}`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const COLUMNS: Status[] = ['fail', 'reported', 'unknown', 'known', 'waived', 'pass', 'not-applicable'];

function countCells(counts: StatusCounts, columns: readonly Status[]): string {
  return columns.map((c) => `<td class="num${counts[c] > 0 ? ` s-${c}` : ''}">${counts[c]}</td>`).join('');
}

/** One integration's verdict under the run's `--fail-on`: what fails it, what is unknown, what is only reported. */
function verdict(counts: StatusCounts): { css: string; text: string } {
  const parts: string[] = [];
  if (counts.fail > 0) parts.push(`${counts.fail} failing`);
  if (counts.unknown > 0) parts.push(`${counts.unknown} unknown`);
  if (counts.reported > 0) parts.push(`${counts.reported} reported, not failing`);
  if (counts.fail + counts.unknown === 0) return { css: 'ok', text: parts.length > 0 ? parts.join(', ') : 'No failures, nothing unknown' };
  return { css: counts.unknown > 0 ? 'unknown' : 'fail', text: parts.join(', ') };
}

/** The page's verdict: the gate's decision with the run's `--fail-on`. */
function gateVerdict(result: AuditResult, failOn: FailOn): { css: string; text: string } {
  const gate = gateOf(result, failOn);
  const css = { pass: 'ok', fail: 'fail', incomplete: 'unknown', 'report-only': 'report-only' }[gate.verdict];
  const text = gateText(gate);
  return { css, text: `${text.charAt(0).toUpperCase()}${text.slice(1)}` };
}

function statusBadge(entry: ResultEntry, failOn: FailOn): string {
  const status = statusOf(entry, failOn);
  const label = status === 'waived' && entry.waiver ? `waived until ${entry.waiver.expires}` : STATUS_LABEL[status];
  return `<span class="badge s-${status}">${h(label)}</span>`;
}

function findingCell(entry: ResultEntry, meta: RuleMeta | undefined): string {
  const facts: string[] = [];
  if (entry.expected !== undefined || entry.actual !== undefined) {
    facts.push(`<b>Expected</b> ${h(entry.expected ?? '-')}; <b>actual</b> ${h(entry.actual ?? '-')}`);
  }
  if (entry.reason) facts.push(`<b>Why unknown</b> ${h(reasonText(entry.reason, entry.message))}`);
  if (entry.waived && entry.waiver) facts.push(`<b>Waived</b> until ${h(entry.waiver.expires)}: ${h(entry.waiver.reason)}`);
  if (entry.baseline === 'known') facts.push('<b>Known</b> from the baseline');
  if (entry.lastChange) facts.push(`<b>Last change</b> ${h(describeLastChange(entry.lastChange))}`);
  const at = locationText(entry);
  if (at) facts.push(`<b>Spec</b> <code>${h(at)}</code>${entry.specPath ? ` <code>${h(entry.specPath)}</code>` : ''}`);
  const docs = meta?.docs.length
    ? `<p>Microsoft docs: ${meta.docs.map((d) => `<a href="${h(d.url)}" rel="noopener noreferrer">${h(d.title)}</a> (${h(d.date)})`).join('; ')}</p>`
    : '';
  const actionable = entry.outcome === 'fail' || entry.outcome === 'unknown';
  return [
    '<td class="finding">',
    `<p>${h(entry.message)}</p>`,
    facts.length > 0 ? `<p class="facts">${facts.join(' · ')}</p>` : '',
    actionable ? `<details><summary>Remediation</summary><div class="remediation">${richText(entry.remediation)}${docs}</div></details>` : '',
    '</td>',
  ].join('');
}

const SEVERITY_ORDER: Record<string, number> = { error: 0, warning: 1, note: 2 };

function findingRow(entry: ResultEntry, order: number, meta: RuleMeta | undefined, failOn: FailOn): string {
  const status = statusOf(entry, failOn);
  const rule = meta?.docs[0]
    ? `<a href="${h(meta.docs[0].url)}" rel="noopener noreferrer" title="${h(meta.title)}">${h(entry.ruleId)}</a>`
    : h(entry.ruleId);
  return [
    `<tr data-order="${order}" data-status="${h(status)}" data-severity="${h(entry.severity)}" data-rule="${h(entry.ruleId)}" data-integration="${h(entry.integration)}">`,
    `<td data-sort="${STATUSES.indexOf(status)}">${statusBadge(entry, failOn)}</td>`,
    `<td data-sort="${SEVERITY_ORDER[entry.severity] ?? 9}" class="sev-${h(entry.severity)}">${h(entry.severity)}</td>`,
    `<td data-sort="${h(entry.ruleId.toLowerCase())}">${rule}<div class="rule-name">${h(entry.ruleName)}</div></td>`,
    `<td>${h(entry.integration)}</td>`,
    `<td class="resource">${entry.resourceId ? `<span title="${h(entry.resourceId)}">${h(shortResource(entry.resourceId))}</span>` : ''}</td>`,
    findingCell(entry, meta),
    '</tr>',
  ].join('');
}

function select(id: string, label: string, values: ReadonlyArray<{ value: string; text: string }>): string {
  const options = [`<option value="">all</option>`, ...values.map((v) => `<option value="${h(v.value)}">${h(v.text)}</option>`)];
  return `<label for="${id}">${h(label)}<select id="${id}">${options.join('')}</select></label>`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function subscriptionsOf(result: AuditResult): string[] {
  const ids = result.results.flatMap((e) => {
    const m = /^\/subscriptions\/([^/]+)/i.exec(e.resourceId ?? '');
    return m ? [m[1]!.toLowerCase()] : [];
  });
  return unique(ids).sort();
}

function baselineSection(result: AuditResult): string {
  const b = result.baseline;
  if (!b) return '';
  const fixed = b.fixed.length
    ? `<table><thead><tr><th>Rule</th><th>Integration</th><th>Resource</th><th>Fingerprint</th></tr></thead><tbody>${b.fixed
        .map((f) => `<tr><td>${h(f.ruleId)}</td><td>${h(f.integration)}</td><td class="resource">${h(f.resourceId ?? '')}</td><td><code>${h(f.fingerprint)}</code></td></tr>`)
        .join('')}</tbody></table>`
    : '<p>No baseline finding has been fixed.</p>';
  return `<section id="baseline"><h2>Baseline</h2><p>Compared with <code>${h(b.file)}</code>: <strong>${b.new}</strong> new ${b.new === 1 ? 'finding' : 'findings'} (these fail the run), ${b.known} known, ${b.fixed.length} fixed since the baseline.</p><h3>Fixed since the baseline (${b.fixed.length})</h3>${fixed}</section>`;
}

function rulesSection(result: AuditResult, meta: (id: string) => RuleMeta | undefined): string {
  const ids = unique(sortFindings(result.results).filter((e) => e.outcome === 'fail' || e.outcome === 'unknown').map((e) => e.ruleId));
  if (ids.length === 0) return '';
  const items = ids.map((id) => {
    const entry = result.results.find((e) => e.ruleId === id)!;
    const m = meta(id);
    const title = m ? `${id} ${m.name}: ${m.title}` : `${id} ${entry.ruleName}`;
    const docs = m?.docs.length ? `<br>Microsoft docs: ${m.docs.map((d) => `<a href="${h(d.url)}" rel="noopener noreferrer">${h(d.title)}</a> (${h(d.date)})`).join('; ')}` : '';
    return `<dt id="rule-${h(id)}">${h(title)}</dt><dd>${richText(m?.remediation ?? entry.remediation)}${docs}</dd>`;
  });
  return `<section id="remediation"><h2>Remediation by rule</h2><dl class="rules">${items.join('')}</dl></section>`;
}

/** The note on where `lastChange` comes from and what Azure does not record (see changeHistoryNote). */
function changeNoteHtml(result: AuditResult): string {
  const note = changeHistoryNote(result);
  return note ? `\n<p class="note" id="change-note">${h(note)}</p>` : '';
}

/** Rules in ID order, with their counts: what the page says about passes and not-applicable entries it does not list. */
function countByRule(results: readonly ResultEntry[], failOn: FailOn): Array<{ ruleId: string; ruleName: string; counts: StatusCounts }> {
  const map = new Map<string, { ruleId: string; ruleName: string; counts: StatusCounts }>();
  for (const entry of results) {
    let row = map.get(entry.ruleId);
    if (!row) map.set(entry.ruleId, (row = { ruleId: entry.ruleId, ruleName: entry.ruleName, counts: emptyCounts() }));
    row.counts[statusOf(entry, failOn)] += 1;
  }
  return [...map.values()].sort((a, b) => a.ruleId.localeCompare(b.ruleId));
}

/**
 * The HTML report. It lists every finding (fail and unknown, waived and known ones included) and counts everything
 * per severity, integration and rule; passes and not-applicable entries are counted, not listed (with `all`, they
 * are listed too). A nightly audit of 2,000 integrations has 86,000 entries, nearly all passes: listed, they made a
 * 78 MiB page no browser opens comfortably (issue #20). The JSON result has the full list.
 */
export function renderHtml(result: AuditResult, options: ReporterOptions = {}): string {
  const meta = ruleIndex(options.rules);
  const failOn = options.failOn ?? DEFAULT_FAIL_ON;
  const sorted = sortFindings(options.all ? result.results : result.results.filter((e) => e.outcome === 'fail' || e.outcome === 'unknown'), failOn);
  const unlisted = result.results.length - sorted.length;
  const { total, bySeverity } = countByStatus(result.results, failOn);
  const columns = result.baseline ? COLUMNS : COLUMNS.filter((c) => c !== 'known');
  const head = columns.map((c) => `<th class="num">${h(STATUS_LABEL[c] === 'fail (known, in baseline)' ? 'known' : STATUS_LABEL[c])}</th>`).join('');
  const v = gateVerdict(result, failOn);
  const day = result.auditedAt.slice(0, 10);
  // `--now 2026-11-23` audits "as of" that day: its midnight is not a time anyone audited at, so only a real time shows.
  const at = /T00:00:00(\.0+)?Z$/.test(result.auditedAt) ? '' : ` (audited at ${result.auditedAt.slice(11, 19)} UTC)`;
  const integrations = countByIntegration(result.results, failOn);
  const subscriptions = subscriptionsOf(result);
  const s = result.summary;

  const severityRows = SEVERITIES.map((sev) => `<tr><th scope="row" class="sev-${sev}">${sev}</th>${countCells(bySeverity[sev], columns)}</tr>`).join('');
  const integrationRows = integrations
    .map(({ integration, counts }) => {
      const iv = verdict(counts);
      return `<tr><th scope="row">${h(integration)}</th>${countCells(counts, columns)}<td><span class="badge s-${iv.css === 'ok' ? 'pass' : iv.css}">${h(iv.text)}</span></td></tr>`;
    })
    .join('');
  const statusValues = STATUSES.filter((st) => sorted.some((e) => statusOf(e, failOn) === st)).map((st) => ({ value: st, text: STATUS_LABEL[st] }));
  const rules = countByRule(result.results, failOn);
  const ruleRows = rules
    .map(({ ruleId, ruleName, counts }) => `<tr><th scope="row">${h(ruleId)} <span class="rule-name">${h(ruleName)}</span></th>${countCells(counts, columns)}</tr>`)
    .join('');
  const ruleValues = rules.filter((r) => sorted.some((e) => e.ruleId === r.ruleId)).map((r) => ({ value: r.ruleId, text: `${r.ruleId} ${r.ruleName}` }));
  const noun = options.all ? 'evaluations' : 'findings';
  const unlistedNote =
    unlisted > 0
      ? `<p id="unlisted">${unlisted} passing and not-applicable ${unlisted === 1 ? 'evaluation is' : 'evaluations are'} counted above, not listed here: the JSON result (<code>--format json</code>) has every evaluation.</p>`
      : '';
  const diagnostics = (result.diagnostics ?? []).length
    ? `<section id="diagnostics"><h2>Spec warnings</h2><ul>${result.diagnostics!.map((d) => `<li><code>${h(`${d.file}:${d.line}:${d.column}`)}</code> ${h(d.message)} [${h(d.code)}]</li>`).join('')}</ul></section>`
    : '';

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${h(CONTENT_SECURITY_POLICY)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="synaml ${h(result.tool.version)}">
<title>synaml audit ${h(day)}: ${h(result.spec)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>synaml audit report</h1>
<dl class="meta">
<dt>Spec</dt><dd><code>${h(result.spec)}</code></dd>
<dt>Audit date</dt><dd>${h(day)}${h(at)}</dd>
<dt>Scope</dt><dd>${h(scopeLine(result))}; ${integrations.length} ${integrations.length === 1 ? 'integration' : 'integrations'} (${h(integrations.map((i) => i.integration).join(', '))})${subscriptions.length ? `; ${subscriptions.length} ${subscriptions.length === 1 ? 'subscription' : 'subscriptions'} (${h(subscriptions.join(', '))})` : ''}</dd>
<dt>Tool</dt><dd>${h(result.tool.name)} ${h(result.tool.version)}</dd>
</dl>
<p class="verdict ${v.css}" id="verdict">${h(v.text)}</p>
</header>
<main>
<section id="summary">
<h2>Summary</h2>
<p>${s.pass} pass, ${s.fail} fail, ${s.notApplicable} not applicable, ${s.unknown} unknown, ${s.waived} waived. An <em>unknown</em> means synaml could not read what the rule needs; it is never a pass.</p>
<table class="counts"><thead><tr><th>Severity</th>${head}</tr></thead><tbody>${severityRows}</tbody><tfoot><tr><th scope="row">total</th>${countCells(total, columns)}</tr></tfoot></table>
<h3>By integration</h3>
<table class="counts" id="integrations"><thead><tr><th>Integration</th>${head}<th>Verdict</th></tr></thead><tbody>${integrationRows}</tbody></table>
<h3>By rule</h3>
<table class="counts" id="rules"><thead><tr><th>Rule</th>${head}</tr></thead><tbody>${ruleRows}</tbody></table>
</section>
${trendSectionHtml(result, options.history, h)}
${baselineSection(result)}
<section id="findings-section">
<h2>Findings</h2>${changeNoteHtml(result)}
${unlistedNote}
<div class="filters">
${select('filter-severity', 'Severity', SEVERITIES.map((sev) => ({ value: sev, text: sev })))}
${select('filter-status', 'Outcome', statusValues)}
${select('filter-rule', 'Rule', ruleValues)}
${select('filter-integration', 'Integration', integrations.map((i) => ({ value: i.integration, text: i.integration })))}
<label for="filter-text">Search<input id="filter-text" type="search" autocomplete="off"></label>
<output id="findings-count" data-noun="${noun}">${sorted.length} ${noun}</output>
</div>
<table id="findings">
<thead><tr><th><button type="button">Outcome</button></th><th><button type="button">Severity</button></th><th><button type="button">Rule</button></th><th><button type="button">Integration</button></th><th><button type="button">Resource</button></th><th>Finding</th></tr></thead>
<tbody>
${sorted.map((e, i) => findingRow(e, i, meta(e.ruleId), failOn)).join('\n')}
</tbody>
</table>
</section>
${rulesSection(result, meta)}
${diagnostics}
</main>
<footer>Generated by synaml ${h(result.tool.version)} from the audit of ${h(day)}${h(at)}. Self-contained: this page loads nothing from the network.</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

export const html: ReportFormat = {
  render: renderHtml,
  fileName: 'synaml.html',
  description: 'a self-contained HTML report for people: summary per integration, sortable and filterable findings',
};
