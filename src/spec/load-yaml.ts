// Reads a spec through yaml's syntax tree: any YAML — syntax errors (all of them), anchors, aliases and merges, tags,
// duplicate keys — within the limits of load.ts (nesting, list sizes, alias expansion). load.ts reads plain YAML
// without yaml and imports this module only for anything else, so that `validate` of a plain spec does not load yaml.
import {
  Composer,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  Parser,
  YAMLParseError,
  type CST,
  type Document,
  type DocumentOptions,
  type Node,
  type ParseOptions,
  type SchemaOptions,
  type YAMLError,
} from 'yaml';
import { lineColumn } from '../input-file.js';
import {
  loadSpecSource,
  MAX_SPEC_COLLECTION_ITEMS,
  MAX_SPEC_DEPTH,
  MAX_YAML_ALIAS_EXPANSION,
  MAX_YAML_ALIASES,
  type LoadSpecOptions,
  type ReadYaml,
} from './load.js';
import { keyName, SpecSourceMap } from './source-map.js';
import { aliasesOf, resolveAlias, yamlNodes } from './yaml-nodes.js';
import type { DiagnosticSeverity, SpecDiagnostic, SpecLoadResult } from './types.js';

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * yaml's message without the text of the file it sometimes quotes (a block scalar header, a tag, an escape): the
 * position says where, and what is written there may be a secret someone pasted into the wrong place.
 */
function withoutSource(error: YAMLError): string {
  switch (error.code) {
    case 'TAG_RESOLVE_FAILED':
      return 'unknown tag (a "!" word before a value): remove it, or quote the value';
    case 'BAD_DQ_ESCAPE':
      return 'invalid escape sequence in a double-quoted string: write a backslash as \\\\';
    default:
      return /^Block scalar header includes extra characters/.test(error.message)
        ? 'a block scalar header (| or >) can only be followed by an indentation digit, - or +, and a comment'
        : error.message.length > 200 ? `${error.message.slice(0, 197)}...` : error.message;
  }
}

/** yaml's error, in words, with synaml's code. */
function yamlDiagnostic(error: YAMLError, map: SpecSourceMap, severity: DiagnosticSeverity): SpecDiagnostic {
  const offset = error.pos[0];
  const at = map.position(offset);
  const make = (code: string, message: string): SpecDiagnostic => ({ ...at, severity, code, message });
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return make('yaml-tab-indent', 'a tab is used for indentation: YAML indents with spaces only — replace the tab with spaces');
    case 'MULTIPLE_DOCS':
      return make('yaml-syntax', 'the file holds more than one YAML document (a second "---"): a spec is a single document');
    case 'BAD_INDENT':
      return make('yaml-syntax', `bad indentation: ${lowerFirst(error.message)}`);
    case 'BLOCK_AS_IMPLICIT_KEY':
      return make('yaml-syntax', 'a nested mapping cannot start on the same line as its key (as in "a: b: c"): put it on the next lines, indented, or quote the value');
    default:
      return make(severity === 'error' ? 'yaml-syntax' : 'yaml-warning', `YAML ${severity === 'error' ? 'syntax error' : 'warning'}: ${lowerFirst(withoutSource(error))}`);
  }
}

/** Lexer tokens that mark structure without being source text. */
const CONTROL_TOKENS = new Set(['\u0002', '\u0018', '\u001f']);

/**
 * The lexer's tokens for the whole file, or the offset of the first flow collection nested past MAX_SPEC_DEPTH. Flow
 * collections (`[[[[...`) are the one way to nest deeply in few bytes, and yaml's parser slows down on them: the
 * tokens are scanned first, and the scan stops at the first collection past the limit, before anything is parsed.
 */
function lexWithinDepth(source: string): { tokens: string[] } | { tooDeepAt: number } {
  const tokens: string[] = [];
  let offset = 0;
  let depth = 0;
  for (const token of new Lexer().lex(source)) {
    tokens.push(token);
    if (CONTROL_TOKENS.has(token)) continue;
    if (token === '[' || token === '{') {
      depth++;
      if (depth > MAX_SPEC_DEPTH) return { tooDeepAt: offset };
    } else if (token === ']' || token === '}') {
      depth = Math.max(0, depth - 1);
    }
    offset += token.length;
  }
  return { tokens };
}

/** parseDocument's options, with the LineCounter the positions come from. */
type LoaderParseOptions = ParseOptions & DocumentOptions & SchemaOptions & { lineCounter: LineCounter };

/**
 * yaml's `parseDocument`, step for step (Parser, then Composer; a second document is an error), from the tokens
 * lexWithinDepth kept: a large tenant's 3.5 MiB spec is lexed once, not once for the depth scan and again to parse.
 */
function parseTokens(source: string, tokens: readonly string[], options: LoaderParseOptions): Document {
  const parser = new Parser(options.lineCounter.addNewLine);
  function* parsed(): Generator<CST.Token> {
    // What Parser.parse does before its first token.
    options.lineCounter.addNewLine(0);
    for (const token of tokens) yield* parser.next(token);
    yield* parser.end();
  }
  let doc: Document | undefined;
  // Composer.end(forceDoc) always yields a document, so `doc` is set when the loop ends.
  for (const composed of new Composer(options).compose(parsed(), true, source.length)) {
    if (!doc) doc = composed;
    else {
      doc.errors.push(new YAMLParseError([composed.range[0], composed.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  return doc!;
}

/** The document, or where flow collections nest too deep; the tokens live only as long as parsing needs them. */
function parseWithinDepth(source: string, options: LoaderParseOptions): { doc: Document } | { tooDeepAt: number } {
  const lexed = lexWithinDepth(source);
  return 'tooDeepAt' in lexed ? lexed : { doc: parseTokens(source, lexed.tokens, options) };
}

/** `<<` with `merge: true` is a merge, not a key. */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' ? key.value.description === '<<' : key.value === '<<');
}

function startOffset(node: unknown): number {
  return (node as Node | null | undefined)?.range?.[0] ?? 0;
}

interface StructureCheck {
  /** Nesting deeper than MAX_SPEC_DEPTH, or a collection larger than MAX_SPEC_COLLECTION_ITEMS: checking stops. */
  limit?: SpecDiagnostic;
  /** Keys repeated within one mapping (compared as the property names they become), and keys that are not text. */
  duplicates: SpecDiagnostic[];
  /** The first alias in the document, where an alias-expansion error is reported; and how many there are. */
  firstAlias?: number;
  aliases: number;
}

/**
 * One iterative walk over the document: nesting depth, collection sizes, duplicate keys and the first alias.
 * Linear in the size of the document (yaml's own duplicate-key check is quadratic in a mapping's size).
 */
function checkStructure(doc: Document, map: SpecSourceMap): StructureCheck {
  const out: StructureCheck = { duplicates: [], aliases: 0 };
  const at = (offset: number, severity: DiagnosticSeverity, code: string, message: string): SpecDiagnostic => ({
    ...map.position(offset),
    severity,
    code,
    message,
  });
  // Depth-first, as a stack of nodes and one of their depths; scalars are not stacked (nothing to check in them).
  const nodes: unknown[] = [doc.contents];
  const depths: number[] = [1];
  const visit = (node: unknown, depth: number): void => {
    if (isMap(node) || isSeq(node) || isAlias(node)) {
      nodes.push(node);
      depths.push(depth);
    }
  };
  while (nodes.length > 0) {
    const node = nodes.pop();
    const depth = depths.pop()!;
    if (isAlias(node)) {
      const offset = startOffset(node);
      if (out.firstAlias === undefined || offset < out.firstAlias) out.firstAlias = offset;
      out.aliases += 1;
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    const offset = startOffset(node);
    if (depth > MAX_SPEC_DEPTH) {
      out.limit = at(offset, 'error', 'yaml-too-deep', `the spec nests mappings and lists more than ${MAX_SPEC_DEPTH} levels deep here; a spec needs fewer than 10`);
      return out;
    }
    if (node.items.length > MAX_SPEC_COLLECTION_ITEMS) {
      const what = isMap(node) ? `this mapping has ${node.items.length} keys` : `this list has ${node.items.length} entries`;
      out.limit = at(offset, 'error', 'yaml-too-many-items', `${what}; the limit is ${MAX_SPEC_COLLECTION_ITEMS}`);
      return out;
    }
    if (isSeq(node)) {
      for (const item of node.items) visit(item, depth + 1);
      continue;
    }
    const seen = new Map<string, number>();
    for (const pair of node.items) {
      const key = pair.key;
      if (isScalar(key) && !isMergeKey(key)) {
        const name = keyName(key.value);
        const first = seen.get(name);
        if (first === undefined) seen.set(name, startOffset(key));
        else {
          out.duplicates.push(
            at(
              startOffset(key),
              'error',
              'yaml-duplicate-key',
              `duplicate key "${name}" (first at line ${map.position(first).line}): a key may appear only once in a mapping — remove or merge one of them`,
            ),
          );
        }
      } else if (!isMergeKey(key)) {
        // `? [a, b]: c` or `*alias: c`: JSON and the spec have only text keys; yaml would make one up silently.
        out.duplicates.push(at(startOffset(key), 'error', 'yaml-complex-key', 'a key must be plain text, not a list, a mapping or an alias'));
      }
      visit(pair.value, depth + 1);
    }
  }
  return out;
}

function lowerFirstOf(error: unknown): string {
  return error instanceof Error ? lowerFirst(error.message) : String(error);
}

/**
 * How many values the document's aliases add once expanded: each alias adds the values of the node it refers to,
 * aliases inside that node expanded too. Every anchored node's size is worked out once, before any alias to it (an
 * alias follows its anchor), so a bomb costs no more to measure than its text. An alias to no anchor, or inside its
 * own, adds nothing here: toJS() reports the first, and builds the second as a cycle. The nesting is bounded already
 * (checkStructure), so the recursion is too.
 */
function aliasExpansion(doc: Document): number {
  const sizes = new Map<unknown, number>();
  let added = 0;
  const size = (node: unknown): number => {
    if (isAlias(node)) {
      const n = sizes.get(resolveAlias(doc, node)) ?? 0;
      // Capped: a bomb's sizes grow exponentially with its depth.
      added = Math.min(added + n, Number.MAX_SAFE_INTEGER);
      return n;
    }
    let n = 1;
    if (isMap(node)) for (const pair of node.items) n += size(pair.key) + size(pair.value);
    else if (isSeq(node)) for (const item of node.items) n += size(item);
    n = Math.min(n, Number.MAX_SAFE_INTEGER);
    if ((node as { anchor?: string } | null)?.anchor !== undefined) sizes.set(node, n);
    return n;
  };
  size(doc.contents);
  return added;
}

/** Start offset of the first alias that points nowhere, for an error that toJS() throws without a position. */
function firstDanglingAlias(doc: Document): number | undefined {
  for (const [alias, target] of aliasesOf(doc)) if (target === undefined && alias.range) return alias.range[0];
  return undefined;
}

/** Any spec, read through yaml's syntax tree: every syntax error, anchors, aliases and merges, and the limits. */
export function readYamlSpec(source: string, file: string): ReadYaml {
  const lineCounter = new LineCounter();
  // merge: `<<: *defaults` (YAML 1.1 merge keys) lets several integrations share settings through an `x-` anchor.
  // uniqueKeys: off, because yaml's check is quadratic; checkStructure reports duplicate keys instead.
  // logLevel: problems are diagnostics; yaml must not print its own warnings (process.emitWarning) on stderr.
  const parsed = parseWithinDepth(source, { lineCounter, uniqueKeys: false, prettyErrors: false, merge: true, logLevel: 'error' });
  if ('tooDeepAt' in parsed) {
    // Lines are counted only up to the offending bracket: the rest of the file is never parsed.
    const { line, column } = lineColumn(source, parsed.tooDeepAt);
    const message = `the spec nests mappings and lists more than ${MAX_SPEC_DEPTH} levels deep here; a spec needs fewer than 10`;
    return { diagnostics: [{ file, line, column, severity: 'error', code: 'yaml-too-deep', message }] };
  }
  const { doc } = parsed;
  const map = new SpecSourceMap(yamlNodes(doc, source), lineCounter.lineStarts, file);
  const diagnostics: SpecDiagnostic[] = [
    ...doc.errors.map((e) => yamlDiagnostic(e, map, 'error')),
    ...doc.warnings.map((w) => yamlDiagnostic(w, map, 'warning')),
  ];
  // After a syntax error the tree is a guess: checking it would report mistakes the person did not make.
  if (doc.errors.length > 0) return { diagnostics };

  const structure = checkStructure(doc, map);
  if (structure.limit) return { diagnostics: [...diagnostics, structure.limit] };
  // A duplicate key leaves a sound tree (the later value wins), so the rest of the file is still checked.
  diagnostics.push(...structure.duplicates);

  if (structure.firstAlias !== undefined) {
    const problem =
      structure.aliases > MAX_YAML_ALIASES
        ? `the spec has ${structure.aliases.toLocaleString('en-US')} YAML aliases (*name); the limit is ${MAX_YAML_ALIASES.toLocaleString('en-US')}`
        : aliasExpansion(doc) > MAX_YAML_ALIAS_EXPANSION
          ? `YAML aliases (*name) expand to more than ${MAX_YAML_ALIAS_EXPANSION.toLocaleString('en-US')} values`
          : undefined;
    if (problem) {
      const message = `${problem}: this is how a "billion laughs" attack exhausts memory and time — write the values out, or alias fewer or smaller anchors`;
      diagnostics.push({ ...map.position(structure.firstAlias), severity: 'error', code: 'yaml-alias-limit', message });
      return { diagnostics };
    }
  }
  let data: unknown;
  try {
    // The expansion was bounded above; yaml's own guard (a count of uses) would also refuse one small anchor merged
    // into more than 100 integrations.
    data = doc.toJS({ maxAliasCount: -1 });
  } catch (error) {
    // toJS() throws without a position: for an alias to an anchor that does not exist (or inside its own anchor).
    const offset = firstDanglingAlias(doc);
    const at = offset !== undefined ? map.position(offset) : { file, line: 1, column: 1 };
    diagnostics.push({ ...at, severity: 'error', code: 'yaml-syntax', message: `YAML error: ${lowerFirstOf(error)}` });
    return { diagnostics };
  }
  return { diagnostics, data: { value: data, map } };
}

/**
 * Loads a spec from its text. `file` is only used in positions and messages. Returns every problem found — YAML
 * syntax, schema, semantic — sorted by line and column; `ok` is false when any of them is an error. Never throws.
 */
export function loadSpecText(text: string, file: string, options: LoadSpecOptions = {}): SpecLoadResult {
  return loadSpecSource(text, file, options, readYamlSpec);
}
