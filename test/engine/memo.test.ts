import { describe, expect, it } from 'vitest';
import { memoByKey, rememberLast } from '../../src/memo.js';

describe('memoByKey', () => {
  it('computes each key once, undefined answers included, and starts over when full', () => {
    const asked: string[] = [];
    const parent = memoByKey((key: string) => {
      asked.push(key);
      return key.includes('/') ? key.slice(0, key.lastIndexOf('/')) : undefined;
    }, 3);
    expect([parent('a/b'), parent('a'), parent('a/b'), parent('a')]).toEqual(['a', undefined, 'a', undefined]);
    expect(asked).toEqual(['a/b', 'a']);
    parent('c');
    parent('d'); // the fourth key: the map was full (3), so it was emptied first
    parent('a/b');
    expect(asked).toEqual(['a/b', 'a', 'c', 'd', 'a/b']);
  });
});

describe('rememberLast', () => {
  it('returns the last answer for the same arguments (by identity), and computes again for others', () => {
    let calls = 0;
    const sorted = rememberLast((list: readonly number[], by: { desc: boolean }) => {
      calls += 1;
      return [...list].sort((a, b) => (by.desc ? b - a : a - b));
    });
    const list = [3, 1, 2];
    const desc = { desc: true };
    const first = sorted(list, desc);
    expect(first).toEqual([3, 2, 1]);
    expect(sorted(list, desc)).toBe(first);
    expect(calls).toBe(1);
    // An equal but different object is another argument.
    expect(sorted(list, { desc: true })).not.toBe(first);
    expect(sorted([3, 1, 2], desc)).toEqual([3, 2, 1]);
    expect(calls).toBe(3);
  });

  it('with one argument: an equal string is the same argument; undefined answers are kept too', () => {
    const asked: string[] = [];
    const lookup = rememberLast((id: string) => {
      asked.push(id);
      return id.startsWith('/') ? undefined : id.toUpperCase();
    });
    expect([lookup('ws'), lookup(['w', 's'].join('')), lookup('/x'), lookup('/x'), lookup('ws')]).toEqual(['WS', 'WS', undefined, undefined, 'WS']);
    expect(asked).toEqual(['ws', '/x', 'ws']);
  });
});
