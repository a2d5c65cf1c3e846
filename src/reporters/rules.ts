// Rendering rule metadata for `synaml rules` and `synaml explain`.
import type { Rule, RuleJudges } from '../engine/types.js';
import { tableClass } from './load-table.js';

/** What a rule judges, in words, for `synaml explain` (`synaml rules` has a short legend). */
export const JUDGES_TEXT: Record<RuleJudges, string> = {
  spec:
    'the spec itself: what `synaml validate` finds from the spec alone holds in an audit too, pass included; an audit also judges the live resources',
  estate:
    'the Azure estate: in an audit only what was read can pass, and what could not be read is unknown; from the spec alone it can only fail (a declared value that is wrong whatever Azure says)',
};

export function renderRulesTable(rules: readonly Rule[]): string {
  const table = new (tableClass())({ head: ['ID', 'Name', 'Severity', 'Judges', 'Title'], style: { head: [], border: [] } });
  table.push(...rules.map((r) => [r.meta.id, r.meta.name, r.meta.severity, r.meta.judges, r.meta.title]));
  const legend = 'Judges: spec = the spec itself (what `validate` finds holds in an audit, pass included); estate = Azure (only what was read can pass).';
  return `${table.toString()}\n${rules.length} rules. ${legend}\n\`synaml explain <ID>\` shows one in full.\n`;
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
  ].join('\n');
}
