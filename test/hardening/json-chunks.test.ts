// jsonChunks: JSON.stringify(value, null, 2) in pieces. Joined, the pieces are exactly its text, whatever the value
// and the split depth: nested strings with line breaks, undefined members, toJSON, sparse arrays, empty containers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../../src/json-chunks.js';

const joined = (value: unknown, depth: number) => [...jsonChunks(value, depth)].join('');

describe('jsonChunks', () => {
  it('is JSON.stringify(value, null, 2) for any JSON value and split depth', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.integer({ min: 0, max: 6 }), (value, depth) => {
        expect(joined(value, depth)).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out what JSON.stringify leaves out, writes null where it does, and honours toJSON below and above the split', () => {
    const value = {
      a: undefined,
      b: () => 1,
      c: [undefined, () => 2, Symbol('s'), Number.NaN, -0, [], {}],
      sparse: [1, , 3],
      when: new Date('2026-11-23T00:00:00Z'),
      custom: { toJSON: () => ({ replaced: 'line\nbreak "quoted"' }) },
      deep: { list: [{ x: 'a\nb', y: [1, { z: null }] }], empty: {} },
      [Symbol('hidden')]: 1,
      nullProto: Object.assign(Object.create(null) as object, { k: 'v' }),
    };
    for (let depth = 0; depth <= 5; depth++) expect(joined(value, depth)).toBe(JSON.stringify(value, null, 2));
  });

  it('hands out one piece per member down to the split depth', () => {
    const snapshot = { resourceGraph: { resources: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] }, errors: [] };
    const pieces = [...jsonChunks(snapshot, 3)];
    expect(pieces).toContain('{\n        "id": "a"\n      }');
    expect(pieces.length).toBeGreaterThan(8);
  });
});
