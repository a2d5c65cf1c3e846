// readTextFile: a regular file is read into one buffer of its size; anything else (a device, a pipe) in pieces, up to
// the limit. Either way the text is the file's, byte for byte, and the limit and UTF-8 checks hold.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTextFile } from '../../src/input-file.js';

const dir = mkdtempSync(join(tmpdir(), 'synaml-input-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readTextFile', () => {
  it('reads a multi-megabyte file whole, multi-byte characters across the 1 MiB marks included', async () => {
    const text = `${'a'.repeat((1 << 20) - 1)}é${'€😀'.repeat(400_000)}\nend`;
    const file = join(dir, 'big.json');
    writeFileSync(file, text);
    expect(await readTextFile(file, 16 << 20, 'snapshot')).toEqual({ ok: true, text });
  });

  it('reads an empty file as empty text', async () => {
    const file = join(dir, 'empty.json');
    writeFileSync(file, '');
    expect(await readTextFile(file, 1024, 'snapshot')).toEqual({ ok: true, text: '' });
  });

  it('refuses a regular file over the limit before reading it, and finds invalid UTF-8 by its position', async () => {
    const file = join(dir, 'over.json');
    writeFileSync(file, 'x'.repeat(2048));
    const over = await readTextFile(file, 1024, 'snapshot');
    expect(over.ok).toBe(false);
    expect(!over.ok && over.problem.code).toBe('file-too-large');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, Buffer.concat([Buffer.from('{\n  "a": "'), Buffer.from([0xff]), Buffer.from('"\n}\n')]));
    const read = await readTextFile(bad, 1024, 'snapshot');
    expect(!read.ok && read.problem).toMatchObject({ code: 'file-encoding', line: 2, column: 9 });
  });

  it.runIf(existsSync('/dev/zero'))('reads a device in pieces and stops past the limit', async () => {
    const read = await readTextFile('/dev/zero', 3 << 20, 'snapshot');
    expect(read.ok).toBe(false);
    expect(!read.ok && read.problem.code).toBe('file-too-large');
  });
});
