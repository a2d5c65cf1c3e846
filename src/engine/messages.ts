// Message templates: a rule names a message by ID and supplies `data`; `{{name}}` placeholders are filled here.
import type { RuleMeta } from './types.js';

/** A rule asked for a message that does not exist or left a placeholder without data: a bug in the rule. */
export class MessageTemplateError extends Error {
  override readonly name = 'MessageTemplateError';
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

/** A template split once into literal text (strings) and placeholders (`{ name }`), in order. */
type CompiledTemplate = ReadonlyArray<string | { name: string }>;
const compiled = new Map<string, CompiledTemplate>();

function compile(template: string): CompiledTemplate {
  let parts = compiled.get(template);
  if (parts) return parts;
  const out: Array<string | { name: string }> = [];
  let at = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (match.index > at) out.push(template.slice(at, match.index));
    out.push({ name: match[1]! });
    at = match.index + match[0].length;
  }
  if (at < template.length) out.push(template.slice(at));
  parts = out;
  compiled.set(template, parts);
  return parts;
}

/** Replaces every `{{name}}` in `template` from `data`. Throws `MessageTemplateError` for a missing value. */
export function renderMessage(template: string, data: Readonly<Record<string, string | number>> = {}): string {
  const parts = compile(template);
  // Joined rather than concatenated: one flat string, not a tree of concatenations (a result keeps every message).
  const out = new Array<string>(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (typeof part === 'string') {
      out[i] = part;
      continue;
    }
    const { name } = part;
    if (!Object.prototype.hasOwnProperty.call(data, name) || data[name] === undefined || data[name] === null) {
      throw new MessageTemplateError(`message placeholder {{${name}}} has no value in the check's data`);
    }
    out[i] = String(data[name]);
  }
  return out.join('');
}

/** The placeholder names a template uses, in order of first use (for rule parity tests). */
export function placeholdersOf(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (!names.includes(match[1]!)) names.push(match[1]!);
  }
  return names;
}

/** Renders the message `messageId` of a rule. Throws `MessageTemplateError` when the ID or a value is missing. */
export function renderRuleMessage(meta: RuleMeta, messageId: string, data?: Readonly<Record<string, string | number>>): string {
  const template = Object.prototype.hasOwnProperty.call(meta.messages, messageId) ? meta.messages[messageId] : undefined;
  if (template === undefined) {
    throw new MessageTemplateError(`rule ${meta.id} has no message "${messageId}"`);
  }
  try {
    return renderMessage(template, data);
  } catch (error) {
    if (error instanceof MessageTemplateError) {
      throw new MessageTemplateError(`rule ${meta.id}, message "${messageId}": ${error.message}`);
    }
    throw error;
  }
}
