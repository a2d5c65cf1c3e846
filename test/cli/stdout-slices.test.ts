import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeStdoutReport } from '../../src/commands/program.js';

describe('writeStdoutReport', () => {
  afterEach(() => vi.restoreAllMocks());

  /** What writeStdoutReport writes, as the list of writes. */
  function writes(text: string | string[]): string[] {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    writeStdoutReport(text, { format: 'json', quiet: true, failOn: 'error' });
    return out;
  }

  it('writes a long text in slices that together are the text, and a short one in one write', () => {
    const long = 'x'.repeat(3 * 2 ** 20 + 17);
    const pieces = writes(long);
    expect(pieces.length).toBe(4);
    expect(pieces.join('')).toBe(long);
    expect(writes(['short', '\n'])).toEqual(['short', '\n']);
  });

  it('never cuts a surrogate pair in two, wherever it falls', () => {
    for (const at of [2 ** 20 - 2, 2 ** 20 - 1, 2 ** 20, 2 * 2 ** 20 - 1]) {
      const text = `${'a'.repeat(at)}😀${'b'.repeat(2 ** 20)}`;
      const pieces = writes(text);
      expect(pieces.join('')).toBe(text);
      for (const piece of pieces) expect(Buffer.from(piece, 'utf8').toString('utf8')).toBe(piece); // no lone half
    }
  });
});
