// Reads a snapshot file: JSON syntax and shape errors are reported with file:line:column, never as a stack trace.
import { type JsonFileKind, loadJsonFile, parseJsonText } from '../json-file.js';
import type { Snapshot } from './snapshot.js';

/** Snapshots above this size are refused: a real tenant's recording is far smaller, and parsing must stay bounded. */
export const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;

const SNAPSHOT: JsonFileKind = {
  noun: 'snapshot',
  schema: 'snapshot-v1.schema.json',
  versionHint: 'this is not a synaml snapshot of version 1',
  maxBytes: MAX_SNAPSHOT_BYTES,
};

/** Parses and checks snapshot text; throws InputFileError pointing at the first problem. */
export function parseSnapshotText(text: string, file: string): Snapshot {
  return parseJsonText<Snapshot>(text, file, SNAPSHOT);
}

/** Reads a snapshot file from disk. */
export async function loadSnapshotFile(file: string): Promise<Snapshot> {
  return loadJsonFile<Snapshot>(file, SNAPSHOT);
}
