// Reads an input file (a spec, a snapshot) as text without trusting it: at most a given number of bytes are read —
// even from a pipe or a device that never ends — and the bytes must be UTF-8, else the first bad byte is located.
import { open, stat } from 'node:fs/promises';

/** Why a file could not be read as text. `line`/`column` (1-based) are set when the problem has a place in the file. */
export interface InputFileProblem {
  code: 'file-unreadable' | 'file-too-large' | 'file-encoding';
  message: string;
  line?: number;
  column?: number;
}

export type TextFileRead = { ok: true; text: string } | { ok: false; problem: InputFileProblem };

const CHUNK = 1024 * 1024;

function describeSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(bytes % 1024 === 0 ? 0 : 1)} KiB`;
  return `${bytes} bytes`;
}

/** The problem for a file of `size` bytes (undefined: unknown, more than the limit) over `maxBytes`. */
export function tooLarge(what: string, size: number | undefined, maxBytes: number): InputFileProblem {
  const limit = `${describeSize(maxBytes)} (${maxBytes} bytes)`;
  const message =
    size === undefined ? `the ${what} is larger than the limit of ${limit}` : `the ${what} is ${describeSize(size)} (${size} bytes); the limit is ${limit}`;
  return { code: 'file-too-large', message };
}

function unreadable(what: string, error: unknown): InputFileProblem {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === 'ENOENT' ? 'no such file'
    : code === 'EISDIR' ? `it is a directory, not a ${what} file`
    : code === 'ENOTDIR' ? 'a part of the path is not a directory'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : error instanceof Error ? error.message : String(error);
  return { code: 'file-unreadable', message: reason };
}

/**
 * Byte offset of the first byte that does not belong to a well-formed UTF-8 sequence (overlong forms, surrogates
 * and code points above U+10FFFF included), or -1 when `bytes` is valid UTF-8.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [length, min] = [2, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [length, min] = [3, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [length, min] = [4, 0x10000];
    else return i;
    if (i + length > bytes.length) return i;
    let codePoint = b & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k]!;
      if ((next & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return i;
    i += length;
  }
  return -1;
}

/** 1-based line and column (UTF-16 code units, as yaml and editors count) of a character offset into `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) {
    line += 1;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** `lineColumn` of a byte offset into valid UTF-8 `bytes`. */
function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset));
  return { line, column: before.length + 1 };
}

/**
 * Decodes UTF-8 strictly (a byte-order mark is dropped). Bytes that are not UTF-8 — a file saved as UTF-16 or
 * Windows-1252, or binary — are a `file-encoding` problem located at the first bad byte, never silently replaced.
 */
export function decodeUtf8(bytes: Uint8Array, what: string): TextFileRead {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      ok: false,
      problem: { code: 'file-encoding', line: 1, column: 1, message: `the ${what} is UTF-16 (it starts with a UTF-16 byte-order mark): save it as UTF-8` },
    };
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    // Valid UTF-8 that still cannot be decoded: V8 cannot hold a string of more than about 512 MiB.
    if (offset < 0) {
      return { ok: false, problem: { code: 'file-too-large', message: `the ${what} is ${describeSize(bytes.length)} (${bytes.length} bytes): too large to read as text` } };
    }
    const byte = bytes[offset]!.toString(16).padStart(2, '0').toUpperCase();
    return {
      ok: false,
      problem: {
        code: 'file-encoding',
        ...positionOfByte(bytes, offset),
        message: `the ${what} is not valid UTF-8: byte 0x${byte} at byte offset ${offset} cannot be decoded; save the file as UTF-8`,
      },
    };
  }
}

/**
 * Reads `file` as UTF-8 text of at most `maxBytes` bytes. A regular file's size is checked before anything is read;
 * anything else (a pipe, a device) is read only up to the limit. `what` names the file in messages ("spec").
 * Never throws.
 */
export async function readTextFile(file: string, maxBytes: number, what: string): Promise<TextFileRead> {
  let size: number | undefined;
  try {
    const info = await stat(file);
    if (info.isDirectory()) return { ok: false, problem: unreadable(what, Object.assign(new Error('directory'), { code: 'EISDIR' })) };
    if (info.isFile() && info.size > maxBytes) return { ok: false, problem: tooLarge(what, info.size, maxBytes) };
    if (info.isFile()) size = info.size;
  } catch (error) {
    return { ok: false, problem: unreadable(what, error) };
  }
  // A regular file is read into one buffer of its size (and a byte more, to see the end): no second copy to join
  // the pieces, which for an 80 MiB snapshot was the audit's peak memory. Anything else, or a file that grew since
  // `stat`, is read in pieces.
  const chunks: Buffer[] = [];
  // allocUnsafeSlow: a buffer of its own (never a slice of the shared pool), so release() can free it.
  let buffer = Buffer.allocUnsafeSlow(Math.min(size === undefined ? CHUNK : size + 1, maxBytes + 1));
  let filled = 0;
  let total = 0;
  try {
    const handle = await open(file, 'r');
    try {
      for (;;) {
        if (filled === buffer.length) {
          chunks.push(buffer);
          buffer = Buffer.allocUnsafeSlow(Math.min(CHUNK, maxBytes + 1 - total));
          filled = 0;
        }
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
        if (bytesRead === 0) break;
        filled += bytesRead;
        total += bytesRead;
        if (total > maxBytes) return { ok: false, problem: tooLarge(what, undefined, maxBytes) };
      }
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { ok: false, problem: unreadable(what, error) };
  }
  const owned = [...chunks, buffer];
  chunks.push(buffer.subarray(0, filled));
  const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  const read = decodeUtf8(bytes, what);
  // The text is a copy: the bytes' memory goes back now, not at the next collection (during JSON.parse of the text,
  // when it would sit beside the text and the parsed tree).
  for (const b of [...owned, bytes]) release(b);
  return read;
}

/**
 * Frees a buffer's memory at once (`ArrayBuffer.prototype.transfer(0)` detaches it), when the buffer is the whole of
 * its ArrayBuffer: never a slice of Node's shared pool, which other buffers use.
 */
function release(bytes: Uint8Array): void {
  const whole = bytes.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };
  if (bytes.byteOffset === 0 && whole.byteLength === bytes.byteLength && whole.byteLength > 0) whole.transfer?.(0);
}

/**
 * The first bytes of a file as text (a partial UTF-8 sequence at the cut decodes as U+FFFD): enough to tell what kind of
 * file it is (a synaml result, a Terraform plan) without reading a large one whole.
 */
export async function readHead(file: string, bytes = 4096): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
