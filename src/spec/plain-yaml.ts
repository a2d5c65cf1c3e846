// The fast way to read a spec: js-yaml's event parser (offsets into the source, no syntax tree) for a document that
// uses only the plain part of YAML. A large tenant's 3.5 MiB spec reads in about 0.3 s of CPU this way (js-yaml's
// bare `load` takes about 0.25 s), against about 1.2 s through yaml's syntax tree, which the loader keeps for everything
// else: syntax errors (yaml reports them all, in words the loader maps to codes), anchors and aliases, merge keys,
// tags, directives, duplicate keys and the size limits. Anything outside the plain part gives `undefined` here, and
// the caller reads the file the thorough way, so a spec means the same and is reported the same whichever way it was
// read (test/spec/plain-yaml.test.ts compares the two on every fixture and on mutated specs).
import { COLLECTION_STYLE, CORE_SCHEMA, EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event, type ScalarEvent } from 'js-yaml';

/** What a node is: a scalar (an empty one, the value of `key:`, has no text), a mapping or a list. */
const SCALAR = 0;
const MAPPING = 1;
const LIST = 2;

/**
 * The document's nodes, flat, in document order (a mapping's key node, then its value's nodes): the offsets yaml's
 * nodes would have (`range[0]`, `range[1]`), each node's kind, and where its subtree ends. Typed arrays rather than an
 * object per node: a large tenant's spec has a hundred thousand nodes, and only those a problem or a finding points
 * at are ever looked up. A collection's children are indexed on its first lookup.
 */
export class PlainNodes {
  /** Offset where each node's text starts; -1 when it has none (the empty value of `key:`). */
  readonly start: Int32Array;
  /** Offset where each node's text ends (for a collection, its last item's, or its closing bracket's). */
  readonly end: Int32Array;
  /** The index after each node's subtree: its next sibling's (in a mapping, after a value: the next key's). */
  readonly after: Int32Array;
  /** SCALAR, MAPPING or LIST. */
  readonly kind: Uint8Array;
  /** A mapping's pair count or a list's length. */
  readonly size: Int32Array;
  /** The text of each key node (a property name of the data), by node index; undefined for other nodes. */
  readonly keys: Array<string | undefined> = [];
  /** How many nodes there are; the root mapping is node 0. */
  count = 0;
  /** Children of the collections looked up so far: a mapping's value node by key, a list's item nodes. */
  private readonly children = new Map<number, Map<string, number> | Int32Array>();

  constructor(capacity: number) {
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.after = new Int32Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.size = new Int32Array(capacity);
  }

  /** Whether `node` is a mapping or a list. */
  isCollection(node: number): boolean {
    return this.kind[node] !== SCALAR;
  }

  /** The key node and value node of `name` in the mapping `node`, or undefined; the value node is the key's next. */
  keyNode(node: number, name: string): number | undefined {
    if (this.kind[node] !== MAPPING) return undefined;
    const end = this.after[node]!;
    // A few pairs (most mappings of a spec) are scanned; a larger mapping is indexed once.
    if (this.size[node]! <= 16) {
      for (let k = node + 1; k < end; k = this.after[k + 1]!) if (this.keys[k] === name) return k;
      return undefined;
    }
    let index = this.children.get(node) as Map<string, number> | undefined;
    if (!index) {
      index = new Map();
      for (let k = node + 1; k < end; k = this.after[k + 1]!) index.set(this.keys[k]!, k);
      this.children.set(node, index);
    }
    return index.get(name);
  }

  /** The node of item `i` of the list `node`, or undefined. */
  itemNode(node: number, i: number): number | undefined {
    if (this.kind[node] !== LIST || !(i >= 0 && i < this.size[node]!)) return undefined;
    if (i < 16) {
      let k = node + 1;
      for (let n = 0; n < i; n++) k = this.after[k]!;
      return k;
    }
    let items = this.children.get(node) as Int32Array | undefined;
    if (!items) {
      items = new Int32Array(this.size[node]!);
      for (let k = node + 1, n = 0; n < items.length; k = this.after[k]!, n++) items[n] = k;
      this.children.set(node, items);
    }
    return items[i];
  }
}

export interface PlainYaml {
  /** The document as JavaScript data, as yaml's `toJS()` gives it. */
  data: unknown;
  /** Its nodes; the root mapping is node 0. */
  nodes: PlainNodes;
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

/** Where a scalar's text starts as yaml gives it: quotes included, a block scalar from its header; -1 if not found. */
function scalarStart(source: string, event: ScalarEvent, after: number): number {
  switch (event.style) {
    case SCALAR_STYLE.SINGLE_QUOTED:
    case SCALAR_STYLE.DOUBLE_QUOTED:
      return event.valueStart - 1;
    case SCALAR_STYLE.LITERAL_BLOCK:
    case SCALAR_STYLE.FOLDED_BLOCK:
      // Between the node before and the header: indentation, line breaks, `:`, `-`, `?` and comments.
      return nextIndicator(source, after, '|>', ' \t\r\n:-?');
    default:
      return event.valueStart;
  }
}

/** Where the text of a scalar that starts at `start` (scalarStart) ends, as yaml gives it. */
function scalarEnd(event: ScalarEvent, start: number): number {
  switch (event.style) {
    case SCALAR_STYLE.SINGLE_QUOTED:
    case SCALAR_STYLE.DOUBLE_QUOTED:
      return event.valueEnd + 1;
    case SCALAR_STYLE.LITERAL_BLOCK:
    case SCALAR_STYLE.FOLDED_BLOCK:
      return Math.max(event.valueEnd, start + 1);
    default:
      return event.valueEnd;
  }
}

/**
 * The value of a plain scalar by the core schema, as js-yaml's constructor resolves it (null, booleans, numbers,
 * else the text). js-yaml does not export the function its constructor uses, so it is taken from CORE_SCHEMA.
 */
type ResolveScalar = (text: string) => { value: unknown };
const resolvePlain: ResolveScalar | undefined = (() => {
  const schema = CORE_SCHEMA as unknown as { resolveImplicitScalarTag?: ResolveScalar };
  return typeof schema.resolveImplicitScalarTag === 'function' ? (text) => schema.resolveImplicitScalarTag!(text) : undefined;
})();

interface Frame {
  /** The collection's node index. */
  node: number;
  /** Its data: an object for a mapping, an array for a list. */
  value: Record<string, unknown> | unknown[];
  /** A list rather than a mapping. */
  list: boolean;
  /** A flow collection (`{...}`, `[...]`) rather than a block one. */
  flow: boolean;
  /** Pairs or items so far. */
  size: number;
  /** In a mapping: the key waiting for its value (its node and its text), -1 when none is. */
  key: number;
  keyText: string;
}

/** A property of the data, as js-yaml's mapping adds it: `__proto__` is an own property, not the prototype. */
function setProperty(target: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(target, name, { value, enumerable: true, configurable: true, writable: true });
  else target[name] = value;
}

/**
 * The data and nodes of the events in one pass, or undefined when they leave the plain part (see the top of the
 * file). The data is what js-yaml's `constructFromEvents` (with `json: true`) would build, scalars resolved by the
 * same function; a key must become the property its text names, which is what yaml makes of it too.
 */
function readEvents(source: string, events: readonly Event[], limits: PlainYamlLimits, resolve: ResolveScalar): PlainYaml | undefined {
  let documents = 0;
  let data: unknown;
  const nodes = new PlainNodes(events.length);
  const { start: starts, end: ends, after, kind, size: sizes, keys } = nodes;
  const stack: Frame[] = [];
  // The furthest offset the nodes so far reach: a block scalar's header and a flow collection's closing bracket are
  // looked for from here, and a block collection's next entry must start on a later line.
  let reached = 0;
  /** Adds node `node` (whose text starts at `start`) to the collection it is in; `keyText` for a scalar. */
  const add = (node: number, start: number, value: unknown, keyText?: string): boolean => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      data = value;
      return true;
    }
    const list = parent.list;
    // In a block collection each entry starts on a line of its own. js-yaml was found to read text after a flow
    // collection on the same line (`- {a: b}junk: c`) as a key of the mapping above, where yaml reports an error.
    const entry = parent.size > 0 && (list || parent.key < 0);
    // (`reached - 1`: a block scalar's text ends with its line break.)
    if (entry && !parent.flow && start >= 0 && source.lastIndexOf('\n', start - 1) < reached - 1) return false;
    if (list) {
      (parent.value as unknown[]).push(value);
      return ++parent.size <= limits.maxItems;
    }
    const target = parent.value as Record<string, unknown>;
    if (parent.key < 0) {
      // A key: text only, each once, never `<<` (a merge) or one yaml reads as null.
      if (keyText === undefined || keyText === '<<' || Object.hasOwn(target, keyText)) return false;
      parent.key = node;
      parent.keyText = keyText;
      return true;
    }
    setProperty(target, parent.keyText, value);
    parent.key = -1;
    return ++parent.size <= limits.maxItems;
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        if (++documents > 1 || event.directives.length > 0) return undefined;
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        if (event.anchorStart >= 0 || event.tagStart >= 0) return undefined;
        const mapping = event.type === EVENT_ID.MAPPING;
        if (stack.length === 0 && !mapping) return undefined;
        if (stack.length + 1 > limits.maxDepth) return undefined;
        const node = nodes.count++;
        starts[node] = event.start;
        ends[node] = event.start;
        kind[node] = mapping ? MAPPING : LIST;
        keys.push(undefined);
        const value = mapping ? {} : [];
        // A collection cannot be a key (`? [a]: b`): `add` refuses a key without text.
        if (!add(node, event.start, value)) return undefined;
        stack.push({ node, value, list: !mapping, flow: event.style === COLLECTION_STYLE.FLOW, size: 0, key: -1, keyText: '' });
        reached = Math.max(reached, event.start);
        break;
      }
      case EVENT_ID.SCALAR: {
        if (event.anchorStart >= 0 || event.tagStart >= 0 || stack.length === 0) return undefined;
        const parent = stack[stack.length - 1]!;
        const empty = event.valueStart < 0;
        // yaml has an empty node for the value of `key:`, and none for a key written without a colon (`{ a }`).
        if (empty && parent.key >= 0 && !/^[ \t]*:/.test(source.slice(ends[parent.key], ends[parent.key]! + 80))) return undefined;
        const start = empty ? -1 : scalarStart(source, event, reached);
        if (!empty && start < 0) return undefined;
        const end = empty ? -1 : scalarEnd(event, start);
        const node = nodes.count++;
        starts[node] = start;
        ends[node] = end;
        after[node] = node + 1;
        const text = getScalarValue(source, event);
        const value = event.style === SCALAR_STYLE.PLAIN ? resolve(text).value : text;
        let keyText: string | undefined;
        if (!parent.list && parent.key < 0) {
          keyText = text;
          if (event.style === SCALAR_STYLE.PLAIN) {
            if (NULL_KEY.test(keyText)) return undefined;
            // A key js-yaml resolves to another text (`1.0`, `True`) would name another property than yaml's.
            if (typeof value !== 'string' && String(value) !== keyText) return undefined;
          }
          // yaml refuses an implicit key whose `:` is more than 1024 characters from its start; js-yaml does not.
          let colon = end;
          while (source[colon] === ' ' || source[colon] === '\t') colon++;
          if (colon - start > MAX_KEY_LENGTH) return undefined;
        }
        keys.push(keyText);
        if (!add(node, start, value, keyText)) return undefined;
        reached = Math.max(reached, end);
        break;
      }
      case EVENT_ID.POP: {
        const frame = stack.pop();
        if (!frame) break;
        // A key without a value: js-yaml's constructor refuses it.
        if (frame.key >= 0) return undefined;
        if (frame.flow) {
          // Between the last item and the bracket: spaces, line breaks, comments, a last `,` or an empty value's `:`.
          const close = nextIndicator(source, Math.max(reached, starts[frame.node]! + 1), ']}', ' \t\r\n,:');
          if (close < 0) return undefined;
          reached = close + 1;
        }
        ends[frame.node] = reached;
        after[frame.node] = nodes.count;
        sizes[frame.node] = frame.size;
        break;
      }
      default:
        // An alias (`*name`).
        return undefined;
    }
  }
  return documents === 1 && nodes.count > 0 ? { data, nodes } : undefined;
}

/**
 * The spec's data and nodes when the document is a single mapping in plain YAML: no syntax error, no anchor,
 * alias, tag, directive, merge key, duplicate or null key, and within the limits. Otherwise undefined, and the
 * caller reads it with yaml. Scalars resolve by YAML 1.2's core schema, as with yaml.
 */
export function readPlainYaml(source: string, limits: PlainYamlLimits): PlainYaml | undefined {
  // Where the two parsers were found to differ: a tab where a line's indentation is (yaml's TAB_AS_INDENT, which
  // js-yaml lets through after an explicit key), document end markers, and a carriage return alone.
  // (Each pattern only where its character occurs at all: one fast scan for most specs, instead of a regular
  // expression tried at every line.)
  if (!resolvePlain) return undefined;
  if (source.includes('\t') && TAB_IN_INDENT.test(source)) return undefined;
  if (source.includes('...') && DOCUMENT_END.test(source)) return undefined;
  if (source.includes('\r') && LONE_CR.test(source)) return undefined;
  try {
    // js-yaml counts depth from 0; its own limit only stops a runaway, `readEvents` applies synaml's.
    return readEvents(source, parseEvents(source, { maxDepth: limits.maxDepth + 1 }), limits, resolvePlain);
  } catch {
    return undefined;
  }
}
