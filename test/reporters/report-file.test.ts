// The report writer: pieces encoded into two alternating buffers, written while the next fills. Whatever the pieces'
// sizes and characters, the file holds exactly their text, in order.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReportFile } from '../../src/reporters/report-file.js';

const dir = mkdtempSync(join(tmpdir(), 'synaml-report-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeReportFile', () => {
  it('writes the pieces in order across many buffer swaps, multi-byte characters and pieces larger than a buffer', async () => {
    const file = join(dir, 'mixed.txt');
    const pieces = ['{\n', 'é'.repeat(5), 'ascii '.repeat(3), '€😀', 'x'.repeat(100), '\n', '😀'.repeat(40), 'end\n'];
    await writeReportFile(file, pieces, 16);
    expect(readFileSync(file, 'utf8')).toBe(pieces.join(''));
  });

  it('holds exactly the joined text for any pieces and buffer size', async () => {
    const file = join(dir, 'prop.txt');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 30 }), fc.integer({ min: 4, max: 64 }), async (pieces, size) => {
        await writeReportFile(file, pieces, size);
        expect(readFileSync(file)).toEqual(Buffer.from(pieces.join(''), 'utf8'));
      }),
      { numRuns: 60 },
    );
  });

  it('renders lazily: a generator is consumed while earlier buffers are already written', async () => {
    const file = join(dir, 'lazy.txt');
    const seen: number[] = [];
    function* pieces(): Generator<string> {
      for (let i = 0; i < 50; i++) {
        seen.push(i);
        yield `${String(i).padStart(4, '0')}\n`;
      }
    }
    await writeReportFile(file, pieces(), 32);
    expect(seen).toHaveLength(50);
    expect(readFileSync(file, 'utf8').split('\n').slice(0, -1)).toEqual(Array.from({ length: 50 }, (_, i) => String(i).padStart(4, '0')));
  });

  it('rejects, and leaves no write pending, when the pieces throw or the path cannot be opened', async () => {
    function* failing(): Generator<string> {
      yield 'a'.repeat(40);
      yield 'b'.repeat(40);
      throw new Error('render failed');
    }
    await expect(writeReportFile(join(dir, 'fail.txt'), failing(), 16)).rejects.toThrow('render failed');
    await expect(writeReportFile(dir, ['x'])).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
