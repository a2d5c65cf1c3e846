// Rendering rule metadata for `synaml rules` and `synaml explain`.
import type { Rule, RuleJudges } from '../engine/types.js';
import { tableClass } from './load-table.js';
import { wrapLine } from './wrap.js';

/** What a rule judges, in words, for `synaml explain` (`synaml rules` has a short legend). */
export const JUDGES_TEXT: Record<RuleJudges, string> = {
  spec:
    'the spec itself: what `synaml validate` finds from the spec alone holds in an audit too, pass included; an audit also judges the live resources',
  estate:
    'the Azure estate: in an audit only what was read can pass, and what could not be read is unknown; from the spec alone it can only fail (a declared value that is wrong whatever Azure says)',
};

/**
 * `synaml rules`: ID, name, severity, what it judges, title. Given a terminal `width`, the Title column takes what the
 * others leave and wraps, and so does the legend; below 100 columns the Name column goes (`synaml explain` shows it).
 */
export function renderRulesTable(rules: readonly Rule[], width?: number): string {
  const withName = width === undefined || width >= 100;
  const head = withName ? ['ID', 'Name', 'Severity', 'Judges', 'Title'] : ['ID', 'Severity', 'Judges', 'Title'];
  const rows = rules.map((r) =>
    withName ? [r.meta.id, r.meta.name, r.meta.severity, r.meta.judges, r.meta.title] : [r.meta.id, r.meta.severity, r.meta.judges, r.meta.title],
  );
  let colWidths: number[] | undefined;
  if (width !== undefined) {
    const natural = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)) + 2);
    const fixed = natural.slice(0, -1);
    const used = fixed.reduce((a, b) => a + b, 0) + head.length + 1;
    colWidths = [...fixed, Math.max(16, Math.min(natural.at(-1)!, width - used))];
  }
  const table = new (tableClass())({ head, style: { head: [], border: [] }, wordWrap: true, wrapOnWordBoundary: true, ...(colWidths && { colWidths }) });
  table.push(...rows);
  const legend = 'Judges: spec = the spec itself (what `validate` finds holds in an audit, pass included); estate = Azure (only what was read can pass).';
  const lines = [`${rules.length} rules. ${legend}`, '`synaml explain <ID>` shows one in full.'];
  const text = width === undefined ? lines : lines.flatMap((l) => wrapLine(l, width));
  return `${table.toString()}\n${text.join('\n')}\n`;
}

export function renderRulesJson(rules: readonly Rule[]): string {
  const list = rules.map(({ meta }) => ({
    id: meta.id,
    name: meta.name,
    severity: meta.severity,
    judges: meta.judges,
    title: meta.title,
    resourceTypes: meta.resourceTypes,
    dataSources: meta.dataSources,
    docs: meta.docs.map((d) => ({ title: d.title, url: d.url, date: d.date })),
  }));
  return `${JSON.stringify(list, null, 2)}\n`;
}

/** Word-wraps each line of `text` to `width` columns (a word longer than the width stays whole), indented by `indent`. */
export function wrapText(text: string, width: number, indent = ''): string {
  const out: string[] = [];
  for (const line of text.trimEnd().split('\n')) {
    if (line.trim() === '') {
      out.push('');
      continue;
    }
    let current = indent;
    for (const word of line.trim().split(/\s+/)) {
      if (current.trim() !== '' && current.length + 1 + word.length > width) {
        out.push(current);
        current = indent + word;
      } else {
        current = current.trim() === '' ? indent + word : `${current} ${word}`;
      }
    }
    out.push(current);
  }
  return out.join('\n');
}

function block(label: string, text: string, width: number): string {
  return `${label}:\n${wrapText(text, width, '  ')}`;
}

/** `synaml explain`: everything a person needs to act on one rule. Long paragraphs wrap at `width`. */
export function renderExplain(rule: Rule, width = 100): string {
  const { meta } = rule;
  const list = (values: readonly string[]) => (values.length > 0 ? values.join(', ') : '-');
  const docs = meta.docs.map((d) => `  - ${d.title} (${d.date})\n    ${d.url}`).join('\n');
  return [
    `${meta.id} ${meta.name}`,
    meta.title,
    '',
    `Severity:       ${meta.severity}`,
    `Judges:         ${wrapText(JUDGES_TEXT[meta.judges], width, ' '.repeat(16)).trimStart()}`,
    `Data sources:   ${list(meta.dataSources)}`,
    `Resource types: ${list(meta.resourceTypes)}`,
    '',
    block('Rationale', meta.rationale, width),
    '',
    block('Remediation', meta.remediation, width),
    '',
    `Docs:\n${docs || '  -'}`,
    '',
  ]
    .join('\n')
    .split('\n')
    // Every line fits `width`, but a URL on its own line stays whole, so a terminal can still open it.
    .flatMap((line) => (/^\s*https:\/\/\S+$/.test(line) ? [line] : wrapLine(line, width, 2)))
    .join('\n');
}
