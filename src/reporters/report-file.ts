// Writing a report file given in pieces (a format's `chunks`): the CLI's writer, and what `scripts/bench-reports.mjs`
// times against a raw write of the same bytes (scripts/bench-json-write.mjs).
import { open } from 'node:fs/promises';

/** The size of the writer's two buffers: what one write hands the disk. */
export const REPORT_WRITE_BYTES = 1 << 20;

/**
 * Writes a report given in pieces, rendering and writing at once: the pieces are encoded straight into one of two
 * 1 MiB buffers; a full buffer is written while the next one fills, and rendering waits (backpressure) only when the
 * next buffer is still being written. So the whole text never exists at once, at most two buffers are in memory, and
 * the disk's time hides behind the rendering instead of adding to it. A piece longer than a buffer is written alone.
 */
export async function writeReportFile(file: string, chunks: Iterable<string>, bufferBytes = REPORT_WRITE_BYTES): Promise<void> {
  const handle = await open(file, 'w');
  // Each write at its own offset: two may be in flight at once, and the thread pool may finish them in any order.
  let offset = 0;
  const writeAll = async (buffer: Uint8Array, length: number): Promise<void> => {
    const start = offset;
    offset += length;
    for (let at = 0; at < length; ) at += (await handle.write(buffer, at, length - at, start + at)).bytesWritten;
  };
  const buffers = [Buffer.allocUnsafe(bufferBytes), Buffer.allocUnsafe(bufferBytes)] as const;
  const writing: Array<Promise<void> | undefined> = [undefined, undefined];
  let current = 0;
  let used = 0;
  /** Starts writing the current buffer and waits until the other one is free to fill. */
  const flush = async (): Promise<void> => {
    if (used > 0) {
      writing[current] = writeAll(buffers[current]!, used);
      current ^= 1;
      used = 0;
    }
    await writing[current];
    writing[current] = undefined;
  };
  try {
    for (const chunk of chunks) {
      // A UTF-16 code unit takes at most 3 bytes in UTF-8: a piece that might not fit goes into the next buffer.
      if (chunk.length * 3 > bufferBytes - used) {
        await flush();
        if (chunk.length * 3 > bufferBytes) {
          const whole = Buffer.from(chunk, 'utf8');
          await writeAll(whole, whole.length);
          continue;
        }
      }
      used += buffers[current]!.write(chunk, used, 'utf8');
    }
    await flush();
    await flush();
  } finally {
    // A failed write leaves the other buffer's write to settle before the file is closed.
    await Promise.allSettled(writing);
    await handle.close();
  }
}

/**
 * The pieces joined into strings of about a megabyte: for stdout, where each write is one system call (synchronous
 * for files and pipes on Linux, so nothing queues in memory).
 */
export function* inBatches(pieces: Iterable<string>, size = 1 << 20): Generator<string> {
  let batch: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    batch.push(piece);
    length += piece.length;
    if (length >= size) {
      yield batch.join('');
      batch = [];
      length = 0;
    }
  }
  if (batch.length > 0) yield batch.join('');
}
