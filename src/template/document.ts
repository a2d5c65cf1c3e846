// Reads deployment templates and parameters files with a position-aware JSON parser, so every finding and every
// error can point at a line and column. Comments are allowed (ARM accepts them in templates); syntax errors and
// files that are not templates are InputFileErrors (exit 2) located in the file.
import { readFile } from 'node:fs/promises';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { InputFileError } from '../errors.js';
import type { SourcePosition } from '../spec/types.js';

/** Templates above this size are refused: a Synapse workspace template with every artifact is far smaller. */
export const MAX_TEMPLATE_BYTES = 64 * 1024 * 1024;

export interface JsonDocument {
  file: string;
  text: string;
  root: Node;
  /** 1-based line and column of a character offset. */
  position(offset: number): SourcePosition;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  // indexOf scans natively: a Terraform plan can be tens of megabytes.
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** A function from a character offset of `text` to its 1-based line and column in `file`. */
export function positionsOf(text: string, file: string): (offset: number) => SourcePosition {
  const starts = lineStarts(text);
  return (offset: number): SourcePosition => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

/** Parses JSON (with comments and trailing commas, as ARM tolerates) into a tree with offsets. */
export function parseJsonDocument(raw: string, file: string, what: string): JsonDocument {
  // A byte-order mark would shift every column on line 1.
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const position = positionsOf(text, file);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first || !root) {
    const at = position(first?.offset ?? 0);
    const why = text.trim() === '' ? 'the file is empty' : printParseErrorCode(first!.error);
    const hint = /\.bicep$/i.test(file) ? ' — compile Bicep to an ARM template first: `az bicep build --file <file>.bicep`' : '';
    throw new InputFileError(`${what} is not valid JSON (${why})${hint}`, at);
  }
  return { file, text, root, position };
}

/** Reads a text input file (template, plan, artifact); a missing, unreadable or oversized file is an InputFileError. */
export async function readInputText(file: string, what: string): Promise<string> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
    throw new InputFileError(`cannot read the ${what}: ${why}`, { file });
  }
  if (Buffer.byteLength(raw, 'utf8') > MAX_TEMPLATE_BYTES) throw new InputFileError(`the ${what} is larger than ${MAX_TEMPLATE_BYTES} bytes`, { file });
  return raw;
}

/** Reads and parses a JSON file; a missing or unreadable file is an InputFileError. */
export async function readJsonDocument(file: string, what: string): Promise<JsonDocument> {
  return parseJsonDocument(await readInputText(file, what), file, `the ${what}`);
}

// ---- tree helpers ---------------------------------------------------------------------------------------------

/** The value node of `key` in an object node; keys compare case-insensitively (ARM property names do). */
export function property(node: Node | undefined, key: string): Node | undefined {
  if (node?.type !== 'object') return undefined;
  let fallback: Node | undefined;
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (k?.type !== 'string' || v === undefined) continue;
    if (k.value === key) return v;
    if (fallback === undefined && String(k.value).toLowerCase() === key.toLowerCase()) fallback = v;
  }
  return fallback;
}

/** The key node of `key` in an object node. */
export function propertyKey(node: Node | undefined, key: string): Node | undefined {
  const value = property(node, key);
  return value?.parent?.children?.[0];
}

/** Entries of an object node as [key, value node]. */
export function entries(node: Node | undefined): Array<[string, Node]> {
  if (node?.type !== 'object') return [];
  return (node.children ?? []).flatMap((prop) => {
    const [k, v] = prop.children ?? [];
    return k?.type === 'string' && v !== undefined ? [[String(k.value), v] as [string, Node]] : [];
  });
}

export function items(node: Node | undefined): Node[] {
  return node?.type === 'array' ? (node.children ?? []) : [];
}

export function stringValue(node: Node | undefined): string | undefined {
  return node?.type === 'string' ? (node.value as string) : undefined;
}

export { findNodeAtLocation, type Node };
