// yaml's syntax tree as the source map walks it (source-map.ts), with `<<: *anchor` merges and aliases followed. Apart
// from source-map.ts so that a spec in plain YAML is located without loading yaml.
import { isAlias, isMap, isScalar, isSeq, visit, type Alias, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { keyName, type SourceNodes } from './source-map.js';

/** `<<`: yaml turns a merge key into a scalar whose value is a symbol (with `merge: true`). */
function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  return typeof key.value === 'symbol' ? key.value.description === '<<' : key.value === '<<';
}

/** Each document's aliases and the nodes they refer to, found in one walk on first use. */
const aliasTargets = new WeakMap<Document, Map<Alias, Node | undefined>>();

/**
 * Every alias of `doc`, in document order, with the node it refers to: the last node before it anchored with its
 * name, as yaml's `Alias.resolve(doc)` finds it — without walking the whole document for every alias, as `resolve`
 * does, which made a spec with thousands of aliases take minutes to locate its findings. Undefined for an alias to no
 * anchor.
 */
export function aliasesOf(doc: Document): ReadonlyMap<Alias, Node | undefined> {
  let targets = aliasTargets.get(doc);
  if (!targets) {
    const found = new Map<Alias, Node | undefined>();
    const anchors = new Map<string, Node>();
    visit(doc, {
      Node: (_key, node) => {
        if (isAlias(node)) found.set(node, anchors.get(node.source));
        else if (node.anchor !== undefined) anchors.set(node.anchor, node);
      },
    });
    targets = found;
    aliasTargets.set(doc, targets);
  }
  return targets;
}

/** The node `alias` refers to (`aliasesOf`), undefined for an alias to no anchor. */
export function resolveAlias(doc: Document, alias: Alias): Node | undefined {
  return aliasesOf(doc).get(alias);
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
      const target = isAlias(source) ? resolveAlias(doc, source) : source;
      const found = isMap(target) ? findPair(target, segment, doc, depth + 1) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

/** yaml's syntax tree, with `<<: *anchor` merges and aliases followed. */
export function yamlNodes(doc: Document, source: string): SourceNodes<Node | null> {
  return {
    root: doc.contents,
    child(written, segment) {
      const node: unknown = isAlias(written) ? resolveAlias(doc, written) : written;
      if (isMap(node)) {
        const pair = findPair(node, segment, doc);
        return pair && { value: pair.value as Node | null, key: pair.key as Node };
      }
      if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) return { value: node.items[segment] as Node | null, key: undefined };
      return undefined;
    },
    start(node) {
      const range = node?.range;
      if (!range) return undefined;
      if (isScalar(node) && node.value === null && range[0] === range[1]) return undefined;
      return range[0];
    },
    extent: (node) => (node?.range ? [node.range[0], node.range[2]] : undefined),
    scalarText: (node) => (isScalar(node) && node.range ? source.slice(node.range[0], node.range[1]).trimEnd() : undefined),
  };
}
