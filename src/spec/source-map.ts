// From a path into the spec back to the YAML source: 1-based line and column of a key or a value node.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import type { SourcePosition, SpecPath } from './types.js';

interface Reached {
  /** How many path segments exist in the document. */
  depth: number;
  /** The node at the deepest existing segment, as written (an alias stays an alias). */
  node: Node | null | undefined;
  /** The key node when the deepest existing segment is a map pair. */
  key: Node | undefined;
}

/** `<<`: yaml turns a merge key into a scalar whose value is a symbol (with `merge: true`). */
function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  return typeof key.value === 'symbol' ? key.value.description === '<<' : key.value === '<<';
}

/** The property name a scalar key becomes in the data (yaml's toJS: a null key is ""). */
export function keyName(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** Each mapping's own pairs by key text (the first of duplicates), built on first use: lookups stay O(1). */
const pairIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

function ownPair(map: YAMLMap, segment: string | number): Pair | undefined {
  let index = pairIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) {
      if (isMergeKey(pair.key) || !isScalar(pair.key)) continue;
      const name = keyName(pair.key.value);
      if (!index.has(name)) index.set(name, pair);
    }
    pairIndexes.set(map, index);
  }
  return index.get(String(segment));
}

/**
 * The pair for `segment` in `map`: its own, else one it takes from a `<<: *anchor` merge — then positions point at
 * the anchor's text, where the value is written.
 */
function findPair(map: YAMLMap, segment: string | number, doc: Document, depth = 0): Pair | undefined {
  const own = ownPair(map, segment);
  if (own || depth > 10) return own;
  for (const pair of map.items) {
    if (!isMergeKey(pair.key)) continue;
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const source of sources) {
      const target = isAlias(source) ? source.resolve(doc) : source;
      const found = isMap(target) ? findPair(target, segment, doc, depth + 1) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

/** A node's start offset, or undefined when it has no text (the empty value of `key:`). */
function startOf(node: Node | null | undefined): number | undefined {
  const range = node?.range;
  if (!range) return undefined;
  if (isScalar(node) && node.value === null && range[0] === range[1]) return undefined;
  return range[0];
}

export class SpecSourceMap {
  constructor(
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
    private readonly source: string,
    readonly file: string,
  ) {}

  /** 1-based position of a character offset. */
  position(offset: number): SourcePosition {
    const { line, col } = this.lineCounter.linePos(offset);
    return { file: this.file, line, column: col };
  }

  private reach(path: SpecPath): Reached {
    let written: Node | null | undefined = this.doc.contents;
    let key: Node | undefined;
    let depth = 0;
    for (const segment of path) {
      const node: unknown = isAlias(written) ? written.resolve(this.doc) : written;
      let next: { key: Node | undefined; value: Node | null | undefined } | undefined;
      if (isMap(node)) {
        const pair = findPair(node, segment, this.doc);
        if (pair) next = { key: pair.key as Node, value: pair.value as Node | null };
      } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
        next = { key: undefined, value: node.items[segment] as Node | null };
      }
      if (!next) break;
      written = next.value;
      key = next.key;
      depth++;
    }
    return { depth, node: written, key };
  }

  /**
   * Position of the node at `path` or of its nearest existing ancestor; for a map pair, its key. This is
   * `LoadedSpec.locate`: findings point at the line that declares the thing.
   */
  locate(path: SpecPath): SourcePosition {
    const { node, key, depth } = this.reach(path);
    const offset = startOf(key) ?? startOf(node);
    if (offset !== undefined) return this.position(offset);
    // Nothing with text at this depth (e.g. an empty document): fall back to the parent, then the file start.
    return depth > 0 ? this.locate(path.slice(0, depth - 1)) : { file: this.file, line: 1, column: 1 };
  }

  /** Position of the value at `path` (the wrong value itself); its key when the value is empty. */
  locateValue(path: SpecPath): SourcePosition {
    const { node, key, depth } = this.reach(path);
    if (depth < path.length) return this.locate(path);
    const offset = startOf(node) ?? startOf(key);
    return offset !== undefined ? this.position(offset) : this.locate(path);
  }

  /** The text of the scalar at `path` as written in the file (`3.50`, not `3.5`), if it is a scalar. */
  scalarSource(path: SpecPath): string | undefined {
    const { node, depth } = this.reach(path);
    if (depth < path.length || !isScalar(node) || !node.range) return undefined;
    return this.source.slice(node.range[0], node.range[1]).trimEnd();
  }

  /** Start offset of the first alias that points nowhere, for an error that toJS() throws without a position. */
  firstAliasOffset(): number | undefined {
    let found: number | undefined;
    const walk = (node: unknown): void => {
      if (found !== undefined || node === null || typeof node !== 'object') return;
      if (isAlias(node)) {
        if (node.range && node.resolve(this.doc) === undefined) found = node.range[0];
        return;
      }
      if (isMap(node)) for (const pair of node.items) { walk(pair.key); walk(pair.value); }
      else if (isSeq(node)) for (const item of node.items) walk(item);
    };
    walk(this.doc.contents);
    return found;
  }
}
