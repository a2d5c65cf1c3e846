// The fast way to read a spec: js-yaml's event parser (offsets into the source, no syntax tree) for a document that
// uses only the plain part of YAML. A large tenant's 3.5 MiB spec reads in about 0.15 s this way, against about
// 1.2 s through yaml's syntax tree, which the loader keeps for everything else: syntax errors (yaml reports them all,
// in words the loader maps to codes), anchors and aliases, merge keys, tags, directives, duplicate keys and the size
// limits. Anything outside the plain part gives `undefined` here, and the caller reads the file the thorough way, so
// a spec means the same and is reported the same whichever way it was read (test/spec/plain-yaml.test.ts compares
// the two on every fixture and on mutated specs).
import { COLLECTION_STYLE, constructFromEvents, EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event, type ScalarEvent } from 'js-yaml';

/** A node of the document, with the source offsets yaml's nodes would have (`range[0]`, `range[1]`). */
export interface PlainNode {
  /** Offset where the node's text starts; -1 when it has none (the empty value of `key:`). */
  start: number;
  /** Offset where the node's text ends (for a collection, its last scalar's). */
  end: number;
  /** A mapping's pairs by key text, in document order. */
  pairs?: Map<string, { key: PlainNode; value: PlainNode }>;
  /** A list's items. */
  items?: PlainNode[];
}

export interface PlainYaml {
  /** The document as JavaScript data, as yaml's `toJS()` gives it. */
  data: unknown;
  /** The root mapping. */
  root: PlainNode;
}

export interface PlainYamlLimits {
  /** Deepest nesting allowed (the root mapping is depth 1). */
  maxDepth: number;
  /** Most entries one list, or keys one mapping, may hold. */
  maxItems: number;
}

/** Longest key read fast (to its `:`); yaml's limit for an implicit key is 1024 characters. */
const MAX_KEY_LENGTH = 1000;

/** A tab in the whitespace a line starts with. */
const TAB_IN_INDENT = /^ *\t/m;

/** A document end marker, `...`: yaml reads a second one as a second, empty document; js-yaml as nothing. */
const DOCUMENT_END = /^\.\.\.(?:[ \t\r\n]|$)/m;

/** A carriage return not followed by a line feed: a line break to js-yaml, text to yaml (`a: 1\r` is 1 or "1\r"). */
const LONE_CR = /\r(?!\n)/;

/** Plain keys yaml turns into a null key (`""`), where js-yaml would write `"null"`. */
const NULL_KEY = /^(?:~|null|Null|NULL)?$/;

/**
 * Offset of the first of `targets` at or after `from`, where only the characters in `between` and comments may come
 * before it; -1 when anything else does. Finds a block scalar's header (`|`, `>`) after the node before it, and the
 * bracket that closes a flow collection after its last item.
 */
function nextIndicator(source: string, from: number, targets: string, between: string): number {
  for (let i = from; i < source.length; i++) {
    const c = source[i]!;
    if (targets.includes(c)) return i;
    if (c === '#') {
      const eol = source.indexOf('\n', i);
      if (eol < 0) return -1;
      i = eol;
    } else if (!between.includes(c)) return -1;
  }
  return -1;
}

/** A scalar's text range as yaml gives it: quotes included, a block scalar from its header; undefined if not found. */
function scalarNode(source: string, event: ScalarEvent, after: number): PlainNode | undefined {
  switch (event.style) {
    case SCALAR_STYLE.SINGLE_QUOTED:
    case SCALAR_STYLE.DOUBLE_QUOTED:
      return { start: event.valueStart - 1, end: event.valueEnd + 1 };
    case SCALAR_STYLE.LITERAL_BLOCK:
    case SCALAR_STYLE.FOLDED_BLOCK: {
      // Between the node before and the header: indentation, line breaks, `:`, `-`, `?` and comments.
      const start = nextIndicator(source, after, '|>', ' \t\r\n:-?');
      return start < 0 ? undefined : { start, end: Math.max(event.valueEnd, start + 1) };
    }
    default:
      return { start: event.valueStart, end: event.valueEnd };
  }
}

interface Frame {
  node: PlainNode;
  depth: number;
  /** A flow collection (`{...}`, `[...]`) rather than a block one. */
  flow: boolean;
  /** In a mapping: the key waiting for its value. */
  key?: PlainNode;
  keyText?: string;
}

/** The node tree of the events, or undefined when they leave the plain part (see the top of the file). */
function plainTree(source: string, events: readonly Event[], limits: PlainYamlLimits): PlainNode | undefined {
  let documents = 0;
  let root: PlainNode | undefined;
  const stack: Frame[] = [];
  // The furthest offset the nodes so far reach: a block scalar's header and a flow collection's closing bracket are
  // looked for from here, and a block collection's next entry must start on a later line.
  let reached = 0;
  const add = (node: PlainNode, keyText?: string): boolean => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      root = node;
      return true;
    }
    const { pairs, items } = parent.node;
    // In a block collection each entry starts on a line of its own. js-yaml was found to read text after a flow
    // collection on the same line (`- {a: b}junk: c`) as a key of the mapping above, where yaml reports an error.
    const entry = items ? items.length > 0 : parent.key === undefined && pairs!.size > 0;
    // (`reached - 1`: a block scalar's text ends with its line break.)
    if (entry && !parent.flow && node.start >= 0 && source.lastIndexOf('\n', node.start - 1) < reached - 1) return false;
    if (items) return items.push(node) <= limits.maxItems;
    if (parent.key === undefined) {
      // A key: text only, each once, never `<<` (a merge) or one yaml reads as null.
      if (keyText === undefined || pairs!.has(keyText) || keyText === '<<') return false;
      parent.key = node;
      parent.keyText = keyText;
      return true;
    }
    pairs!.set(parent.keyText!, { key: parent.key, value: node });
    parent.key = undefined;
    return pairs!.size <= limits.maxItems;
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        if (++documents > 1 || event.directives.length > 0) return undefined;
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        if (event.anchorStart >= 0 || event.tagStart >= 0) return undefined;
        if (stack.length === 0 && event.type !== EVENT_ID.MAPPING) return undefined;
        const depth = stack.length + 1;
        if (depth > limits.maxDepth) return undefined;
        const node: PlainNode = event.type === EVENT_ID.MAPPING ? { start: event.start, end: event.start, pairs: new Map() } : { start: event.start, end: event.start, items: [] };
        // A collection cannot be a key (`? [a]: b`): `add` refuses a key without text.
        if (!add(node)) return undefined;
        stack.push({ node, depth, flow: event.style === COLLECTION_STYLE.FLOW });
        reached = Math.max(reached, event.start);
        break;
      }
      case EVENT_ID.SCALAR: {
        if (event.anchorStart >= 0 || event.tagStart >= 0 || stack.length === 0) return undefined;
        const parent = stack[stack.length - 1]!;
        // yaml has an empty node for the value of `key:`, and none for a key written without a colon (`{ a }`).
        if (event.valueStart < 0 && parent.key && !/^[ \t]*:/.test(source.slice(parent.key.end, parent.key.end + 80))) return undefined;
        const node = event.valueStart < 0 ? { start: -1, end: -1 } : scalarNode(source, event, reached);
        if (!node) return undefined;
        let keyText: string | undefined;
        if (parent.node.pairs && parent.key === undefined) {
          keyText = event.valueStart < 0 ? '' : getScalarValue(source, event);
          if (event.style === SCALAR_STYLE.PLAIN && NULL_KEY.test(keyText)) return undefined;
          // yaml refuses an implicit key whose `:` is more than 1024 characters from its start; js-yaml does not.
          let colon = node.end;
          while (source[colon] === ' ' || source[colon] === '\t') colon++;
          if (colon - node.start > MAX_KEY_LENGTH) return undefined;
        }
        if (!add(node, keyText)) return undefined;
        reached = Math.max(reached, node.end);
        break;
      }
      case EVENT_ID.POP: {
        const frame = stack.pop();
        if (frame?.flow) {
          // Between the last item and the bracket: spaces, line breaks, comments, a last `,` or an empty value's `:`.
          const close = nextIndicator(source, Math.max(reached, frame.node.start + 1), ']}', ' \t\r\n,:');
          if (close < 0) return undefined;
          reached = close + 1;
        }
        if (frame) frame.node.end = reached;
        break;
      }
      default:
        // An alias (`*name`).
        return undefined;
    }
  }
  return documents === 1 ? root : undefined;
}

/** Whether `data` has exactly the shape of `node`: the same keys, list lengths and nesting. */
function sameShape(node: PlainNode, data: unknown): boolean {
  if (node.pairs) {
    if (data === null || typeof data !== 'object' || Array.isArray(data) || Object.keys(data).length !== node.pairs.size) return false;
    for (const [key, { value }] of node.pairs) {
      if (!Object.hasOwn(data, key) || !sameShape(value, (data as Record<string, unknown>)[key])) return false;
    }
    return true;
  }
  if (node.items) return Array.isArray(data) && data.length === node.items.length && node.items.every((item, i) => sameShape(item, data[i]));
  return data === null || typeof data !== 'object';
}

/**
 * The spec's data and node tree when the document is a single mapping in plain YAML: no syntax error, no anchor,
 * alias, tag, directive, merge key, duplicate or null key, and within the limits. Otherwise undefined, and the
 * caller reads it with yaml. Scalars resolve by YAML 1.2's core schema, as with yaml.
 */
export function readPlainYaml(source: string, limits: PlainYamlLimits): PlainYaml | undefined {
  // Where the two parsers were found to differ: a tab where a line's indentation is (yaml's TAB_AS_INDENT, which
  // js-yaml lets through after an explicit key), document end markers, and a carriage return alone.
  if (TAB_IN_INDENT.test(source) || DOCUMENT_END.test(source) || LONE_CR.test(source)) return undefined;
  let events: Event[];
  let data: unknown;
  try {
    // js-yaml counts depth from 0; its own limit only stops a runaway, `plainTree` applies synaml's.
    events = parseEvents(source, { maxDepth: limits.maxDepth + 1 });
    const root = plainTree(source, events, limits);
    if (!root) return undefined;
    // json: a repeated key would replace the earlier value instead of throwing (there is none: plainTree checked).
    data = constructFromEvents(events, { source, json: true, maxAliases: 0 })[0];
    // A key js-yaml resolves differently from its text (`1.0`, `True`) would name another property than yaml's.
    return sameShape(root, data) ? { data, root } : undefined;
  } catch {
    return undefined;
  }
}
