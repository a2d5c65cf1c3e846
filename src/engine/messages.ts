// Message templates: a rule names a message by ID and supplies `data`; `{{name}}` placeholders are filled here.
import type { RuleMeta } from './types.js';

/** A rule asked for a message that does not exist or left a placeholder without data: a bug in the rule. */
export class MessageTemplateError extends Error {
  override readonly name = 'MessageTemplateError';
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

/**
 * A placeholder of a compiled template. `inherited`: the name is also a property of every object (`toString`,
 * `constructor`, `__proto__`...), so a value found under it must be checked to be the data's own; any other name
 * found on a plain data object is its own.
 */
interface Placeholder {
  name: string;
  inherited: boolean;
}

/** A template split once into literal text (strings) and placeholders, in order. */
type CompiledTemplate = ReadonlyArray<string | Placeholder>;
const compiled = new Map<string, CompiledTemplate>();
const OBJECT_PROPERTIES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

function compile(template: string): CompiledTemplate {
  let parts = compiled.get(template);
  if (parts) return parts;
  const out: Array<string | Placeholder> = [];
  let at = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (match.index > at) out.push(template.slice(at, match.index));
    out.push({ name: match[1]!, inherited: OBJECT_PROPERTIES.has(match[1]!) });
    at = match.index + match[0].length;
  }
  if (at < template.length) out.push(template.slice(at));
  parts = out;
  compiled.set(template, parts);
  return parts;
}

/** Replaces every `{{name}}` in `template` from `data`. Throws `MessageTemplateError` for a missing value. */
export function renderMessage(template: string, data: Readonly<Record<string, string | number>> = {}): string {
  return renderParts(compile(template), data);
}

function renderParts(parts: CompiledTemplate, data: Readonly<Record<string, string | number>> = {}): string {
  // Joined rather than concatenated: one flat string, not a tree of concatenations (a result keeps every message).
  // Each value is read once (this runs once per result entry, with the data objects of every rule).
  const out = new Array<string>(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (typeof part === 'string') {
      out[i] = part;
      continue;
    }
    const value = data[part.name];
    if (value === undefined || value === null || (part.inherited && !Object.prototype.hasOwnProperty.call(data, part.name))) {
      throw new MessageTemplateError(`message placeholder {{${part.name}}} has no value in the check's data`);
    }
    out[i] = typeof value === 'string' ? value : String(value);
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
  return ruleMessages(meta)(messageId, data);
}

/**
 * `renderRuleMessage` for one rule, its templates looked up and compiled once each (the engine makes one per rule and
 * run: a rule's messages are rendered for every one of its result entries).
 */
export function ruleMessages(meta: RuleMeta): (messageId: string, data?: Readonly<Record<string, string | number>>) => string {
  const templates = new Map<string, CompiledTemplate>();
  return (messageId, data) => {
    let parts = templates.get(messageId);
    if (parts === undefined) {
      const template = Object.prototype.hasOwnProperty.call(meta.messages, messageId) ? meta.messages[messageId] : undefined;
      if (template === undefined) {
        throw new MessageTemplateError(`rule ${meta.id} has no message "${messageId}"`);
      }
      parts = compile(template);
      templates.set(messageId, parts);
    }
    try {
      return renderParts(parts, data);
    } catch (error) {
      if (error instanceof MessageTemplateError) {
        throw new MessageTemplateError(`rule ${meta.id}, message "${messageId}": ${error.message}`);
      }
      throw error;
    }
  };
}
