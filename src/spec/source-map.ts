// From a path into the spec back to the YAML source: 1-based line and column of a key or a value node. The nodes are
// yaml's syntax tree (yaml-nodes.ts, loaded only with yaml), or the plain reader's tree (plain-yaml.ts) for a spec in
// plain YAML; both give the same offsets.
import type { PlainNodes } from './plain-yaml.js';
import type { SourcePosition, SpecPath } from './types.js';

/** How the source map walks a document's nodes, whichever tree they are in. */
export interface SourceNodes<N> {
  readonly root: N | undefined;
  /** The value at `segment` under `node`, with its key node in a mapping; undefined when there is none. */
  child(node: N, segment: string | number): { value: N | undefined; key: N | undefined } | undefined;
  /** Offset where the node's text starts; undefined when it has none (the empty value of `key:`). */
  start(node: N | undefined): number | undefined;
  /** Offsets of the node's text from its start to its end (a collection's, to its last item's). */
  extent(node: N): readonly [number, number] | undefined;
  /** The text of a scalar as written (`3.50`, not `3.5`); undefined for a collection. */
  scalarText(node: N): string | undefined;
}

interface Reached<N> {
  /** How many path segments exist in the document. */
  depth: number;
  /** The node at the deepest existing segment, as written (an alias stays an alias). */
  node: N | undefined;
  /** The key node when the deepest existing segment is a map pair. */
  key: N | undefined;
}

/** The property name a scalar key becomes in the data (yaml's toJS: a null key is ""). */
export function keyName(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** The plain reader's nodes (node indices; the root mapping is 0). */
export function plainNodes(nodes: PlainNodes, source: string): SourceNodes<number> {
  return {
    root: 0,
    child(node, segment) {
      const key = nodes.keyNode(node, String(segment));
      if (key !== undefined) return { value: key + 1, key };
      const item = typeof segment === 'number' ? nodes.itemNode(node, segment) : undefined;
      return item === undefined ? undefined : { value: item, key: undefined };
    },
    start: (node) => (node !== undefined && nodes.start[node]! >= 0 ? nodes.start[node] : undefined),
    extent: (node) => (nodes.start[node]! >= 0 ? [nodes.start[node]!, nodes.end[node]!] : undefined),
    scalarText: (node) => (nodes.isCollection(node) ? undefined : nodes.start[node]! < 0 ? '' : source.slice(nodes.start[node], nodes.end[node]).trimEnd()),
  };
}

/** Offsets where each line starts, as yaml's LineCounter collects them while parsing. */
export function lineStartsOf(source: string): number[] {
  const starts = [0];
  for (let at = source.indexOf('\n'); at >= 0; at = source.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
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

export class SpecSourceMap<N = unknown> {
  constructor(
    private readonly nodes: SourceNodes<N>,
    private readonly lineStarts: readonly number[],
    readonly file: string,
  ) {}

  /** 1-based position of a character offset. */
  position(offset: number): SourcePosition {
    const { line, col } = linePos(this.lineStarts, offset, 0, this.lineStarts.length);
    return { file: this.file, line, column: col };
  }

  /** Walks `path` (from its `first` segment) from the document's root, or on from where an earlier walk (`from`) got. */
  private reach(path: SpecPath, from?: Reached<N>, first = 0): Reached<N> {
    let written: N | undefined = from ? from.node : this.nodes.root;
    let key: N | undefined = from?.key;
    let depth = from?.depth ?? 0;
    for (let i = first; i < path.length && written !== undefined; i++) {
      const next = this.nodes.child(written, path[i]!);
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
    const offset = this.nodes.start(key) ?? this.nodes.start(node);
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
    const extent = start.node === undefined ? undefined : this.nodes.extent(start.node);
    const lineStarts = this.lineStarts;
    const lines = extent && { from: extent[0], to: extent[1], low: lineIndex(lineStarts, extent[0]), high: lineIndex(lineStarts, extent[1]) };
    // Where each first segment leads (an integration's paths start with a few: synapse, machineLearning, access...).
    const firstSteps = new Map<string | number, Reached<N>>();
    return (path) => {
      let step = start;
      if (path.length > 0) {
        const known = firstSteps.get(path[0]!);
        step = known ?? this.reach(path.slice(0, 1), start);
        if (!known) firstSteps.set(path[0]!, step);
      }
      // When the first segment is not there, neither is the rest.
      const { node, key } = step.depth > start.depth ? this.reach(path, step, 1) : step;
      const offset = this.nodes.start(key) ?? this.nodes.start(node);
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
    const offset = this.nodes.start(node) ?? this.nodes.start(key);
    return offset !== undefined ? this.position(offset) : this.locate(path);
  }

  /** The text of the scalar at `path` as written in the file (`3.50`, not `3.5`), if it is a scalar. */
  scalarSource(path: SpecPath): string | undefined {
    const { node, depth } = this.reach(path);
    return depth < path.length || node === undefined ? undefined : this.nodes.scalarText(node);
  }
}
