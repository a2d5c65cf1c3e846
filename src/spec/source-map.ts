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

/** Index of the first line starting at or after `offset` (the search `LineCounter.linePos` does), within `[low, high]`. */
function lineIndex(lineStarts: readonly number[], offset: number, low = 0, high = lineStarts.length): number {
  while (low < high) {
    const mid = (low + high) >> 1;
    if (lineStarts[mid]! < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** `LineCounter.linePos(offset)`, searching `[low, high]`, which must hold the line `lineIndex` would find. */
function linePos(lineStarts: readonly number[], offset: number, low: number, high: number): { line: number; col: number } {
  const at = lineIndex(lineStarts, offset, low, high);
  if (lineStarts[at] === offset) return { line: at + 1, col: 1 };
  if (at === 0) return { line: 0, col: offset };
  return { line: at, col: offset - lineStarts[at - 1]! + 1 };
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

  /** Walks `path` (from its `first` segment) from the document's root, or on from where an earlier walk (`from`) got. */
  private reach(path: SpecPath, from?: Reached, first = 0): Reached {
    let written: Node | null | undefined = from ? from.node : this.doc.contents;
    let key: Node | undefined = from?.key;
    let depth = from?.depth ?? 0;
    for (let i = first; i < path.length; i++) {
      const segment = path[i]!;
      const node: unknown = isAlias(written) ? written.resolve(this.doc) : written;
      if (isMap(node)) {
        const pair = findPair(node, segment, this.doc);
        if (!pair) break;
        written = pair.value as Node | null;
        key = pair.key as Node;
      } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
        written = node.items[segment] as Node | null;
        key = undefined;
      } else break;
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

  /**
   * `locate` for many paths under one node (an integration's, for its findings): the node is reached once, and each
   * path from there. `locateUnder(base)(path)` is `locate([...base, ...path])`.
   */
  locateUnder(base: SpecPath): (path: SpecPath) => SourcePosition {
    const start = this.reach(base);
    if (start.depth < base.length) return (path) => this.locate([...base, ...path]);
    // The lines of the node's text: the line of an offset inside it is looked for among those only (a few, not the
    // whole file's tens of thousands). An offset outside it (an alias's anchor) is looked for in the whole file.
    const range = start.node?.range;
    const lineStarts = this.lineCounter.lineStarts;
    const lines = range && { from: range[0], to: range[2], low: lineIndex(lineStarts, range[0]), high: lineIndex(lineStarts, range[2]) };
    // Where each first segment leads (an integration's paths start with a few: synapse, machineLearning, access...).
    const firstSteps = new Map<string | number, Reached>();
    return (path) => {
      let step = start;
      if (path.length > 0) {
        const known = firstSteps.get(path[0]!);
        step = known ?? this.reach(path.slice(0, 1), start);
        if (!known) firstSteps.set(path[0]!, step);
      }
      // When the first segment is not there, neither is the rest.
      const { node, key } = step.depth > start.depth ? this.reach(path, step, 1) : step;
      const offset = startOf(key) ?? startOf(node);
      // Without text there, `locate` falls back to the parents: let it, from the top.
      if (offset === undefined) return this.locate([...base, ...path]);
      if (!lines || offset < lines.from || offset > lines.to) return this.position(offset);
      const { line, col } = linePos(lineStarts, offset, lines.low, lines.high);
      return { file: this.file, line, column: col };
    };
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
