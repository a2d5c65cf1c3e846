// Rendering rule metadata for `synaml rules` and `synaml explain`.
import type { Rule } from '../engine/types.js';
import { tableClass } from './load-table.js';

export function renderRulesTable(rules: readonly Rule[]): string {
  const table = new (tableClass())({ head: ['ID', 'Name', 'Severity', 'Title'], style: { head: [], border: [] } });
  table.push(...rules.map((r) => [r.meta.id, r.meta.name, r.meta.severity, r.meta.title]));
  return `${table.toString()}\n${rules.length} rules. \`synaml explain <ID>\` shows one in full.\n`;
}

export function renderRulesJson(rules: readonly Rule[]): string {
  const list = rules.map(({ meta }) => ({
    id: meta.id,
    name: meta.name,
    severity: meta.severity,
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
    `Data sources:   ${list(meta.dataSources)}`,
    `Resource types: ${list(meta.resourceTypes)}`,
    '',
    block('Rationale', meta.rationale, width),
    '',
    block('Remediation', meta.remediation, width),
    '',
    `Docs:\n${docs || '  -'}`,
    '',
  ].join('\n');
}
