// JSON.stringify(value, null, 2), byte for byte, in pieces: for a large document (a snapshot of a large tenant) that
// is written to a file or stdout without its whole text ever existing at once.

/** Indentation per depth: two spaces a level, as `JSON.stringify(value, null, 2)`. */
const indentOf = (depth: number): string => '  '.repeat(depth);

/** A plain object or array that JSON.stringify would walk as it is (no `toJSON` of its own or inherited). */
function walkable(value: unknown): value is Record<string, unknown> | unknown[] {
  if (value === null || typeof value !== 'object') return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return Array.isArray(value) ? proto === Array.prototype : proto === Object.prototype || proto === null;
}

/** `value` as JSON.stringify(…, null, 2) writes it at `depth`; undefined where it writes nothing (undefined, a function). */
function nested(value: unknown, depth: number): string | undefined {
  const text = JSON.stringify(value, null, 2) as string | undefined;
  return text === undefined || depth === 0 ? text : text.replace(/\n/g, `\n${indentOf(depth)}`);
}

/**
 * The text of `JSON.stringify(value, null, 2)` in pieces: plain objects and arrays down to `splitDepth` levels are
 * written member by member, everything deeper (and anything with a `toJSON`) by one JSON.stringify call, its lines
 * indented to where it sits (JSON text has line breaks only between tokens: one inside a string is written `\n`).
 * Joined, the pieces are exactly JSON.stringify's text; `value` itself must be something JSON.stringify writes.
 */
export function* jsonChunks(value: unknown, splitDepth = 2, depth = 0): Generator<string> {
  if (depth >= splitDepth || !walkable(value)) {
    yield nested(value, depth) ?? 'null';
    return;
  }
  const inner = indentOf(depth + 1);
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      // In an array, what JSON.stringify leaves out of an object (undefined, a function, a symbol) is written null.
      const item = value[i];
      if (walkable(item)) yield* jsonChunks(item, splitDepth, depth + 1);
      else yield nested(item, depth + 1) ?? 'null';
    }
    yield `\n${indentOf(depth)}]`;
    return;
  }
  let first = true;
  for (const key of Object.keys(value)) {
    const member = value[key];
    if (walkable(member)) {
      yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
      yield* jsonChunks(member, splitDepth, depth + 1);
    } else {
      const text = nested(member, depth + 1);
      if (text === undefined) continue;
      yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: ${text}`;
    }
    first = false;
  }
  yield first ? '{}' : `\n${indentOf(depth)}}`;
}
