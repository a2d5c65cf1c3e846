// Reads a snapshot file: JSON syntax and shape errors are reported with file:line:column, never as a stack trace.
import { readFile, stat } from 'node:fs/promises';
import { Ajv, type ErrorObject } from 'ajv';
import { findNodeAtLocation, parseTree, type Node, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { InputFileError } from '../errors.js';
import { readSchema } from '../package-files.js';
import type { Snapshot } from './snapshot.js';

/** Snapshots above this size are refused: a real tenant's recording is far smaller, and parsing must stay bounded. */
export const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function describeSchemaError(e: ErrorObject): string {
  const where = e.instancePath === '' ? 'the snapshot' : e.instancePath.slice(1).replace(/\//g, '.');
  switch (e.keyword) {
    case 'required':
      return `${where} is missing "${String((e.params as { missingProperty: string }).missingProperty)}"`;
    case 'const':
      return `${where} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)} (this is not a synaml snapshot of version 1)`;
    case 'enum':
      return `${where} must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).join(', ')}`;
    case 'type':
      return `${where} must be ${(e.params as { type: string }).type}`;
    default:
      return `${where} ${e.message ?? 'is invalid'}`;
  }
}

let compiled: ReturnType<Ajv['compile']> | undefined;

/** Parses and checks snapshot text; throws InputFileError pointing at the first problem. */
export function parseSnapshotText(text: string, file: string): Snapshot {
  const errors: ParseError[] = [];
  const tree = parseTree(text.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: false, disallowComments: true });
  const firstError = errors[0];
  if (firstError || !tree) {
    const at = lineColumn(text, firstError?.offset ?? 0);
    const what = firstError ? printParseErrorCode(firstError.error) : 'EmptyFile';
    throw new InputFileError(`not valid JSON (${what})${text.trim() === '' ? ': the file is empty' : ''}`, { file, ...at });
  }
  const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
  compiled ??= new Ajv({ allErrors: false, strict: false }).compile(readSchema('snapshot-v1.schema.json'));
  if (!compiled(value)) {
    const e = compiled.errors![0]!;
    const path = e.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
    const node: Node | undefined = findNodeAtLocation(tree, path) ?? tree;
    const at = lineColumn(text, node.offset);
    throw new InputFileError(`invalid snapshot: ${describeSchemaError(e)}`, { file, ...at });
  }
  return value as Snapshot;
}

/** Reads a snapshot file from disk. */
export async function loadSnapshotFile(file: string): Promise<Snapshot> {
  let size: number;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new InputFileError('is a directory, not a snapshot file', { file });
    size = info.size;
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw new InputFileError(`cannot read the snapshot: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, { file });
  }
  if (size > MAX_SNAPSHOT_BYTES) throw new InputFileError(`the snapshot is ${size} bytes; the limit is ${MAX_SNAPSHOT_BYTES}`, { file });
  return parseSnapshotText(await readFile(file, 'utf8'), file);
}
