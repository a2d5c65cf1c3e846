// Characters no report should pass through raw: C0 controls (but tab, line feed, carriage return), DEL, the C1
// controls (U+0085 and U+009B, "CSI", included: terminals act on them) and lone surrogates. Strings from Azure or the
// spec can hold them; printed raw they rewrite a terminal, break an XML parser or hide text in a page.
import type { AuditResult } from '../engine/types.js';
import { setOwn } from '../own-property.js';

/** Every such character (global). */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` without control characters (tab and line breaks kept). */
export function stripControls(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '');
}

/**
 * A deep copy of `value` with every string stripped of control characters: for formats meant for people. For a
 * terminal (`terminal: true`) a carriage return is dropped too (CR LF becomes LF): alone it moves the cursor back and
 * lets the text after it overwrite what came before.
 */
export function withoutControls<T>(value: T, options: { terminal?: boolean } = {}): T {
  if (typeof value === 'string') {
    const text = stripControls(value);
    return (options.terminal ? text.replace(/\r\n?/g, '\n') : text) as T;
  }
  if (Array.isArray(value)) return value.map((v) => withoutControls(v, options)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, withoutControls(v, options));
    return out as T;
  }
  return value;
}

/**
 * The result with everything but its entries cleaned for a terminal (`withoutControls`), the entries as they are: a
 * terminal format copies without control characters only the entries it prints, not the passes a large result only
 * counts (sorting and counting read the outcome, severity, waiver and baseline marks, which the engine sets).
 */
export function withTerminalSafeFrame(result: AuditResult): AuditResult {
  const { results, ...frame } = result;
  return { ...withoutControls(frame, { terminal: true }), results };
}

/**
 * JSON text with DEL and C1 controls written as `\u` escapes. JSON.stringify already escapes C0 controls and lone
 * surrogates but leaves these raw; escaped, the document parses to the very same strings and is safe to `cat`.
 */
export function escapeJsonControls(json: string): string {
  // All ASCII (as long in UTF-8 as in UTF-16) and no DEL: nothing to escape. Checking so takes a tenth of the time the
  // regular expression takes to find nothing in a large report (18 MB for validate of the bench's large spec).
  if (Buffer.byteLength(json, 'utf8') === json.length && !json.includes('\u007F')) return json;
  return json.replace(/[\u007F-\u009F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
