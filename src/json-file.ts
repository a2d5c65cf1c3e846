// Reading synaml's own JSON files (snapshots, results, baselines): syntax and shape errors are reported as
// file:line:column with one sentence, never as a stack trace or raw validator output.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { type JSONPath, printParseErrorCode, visit } from 'jsonc-parser';
import { InputFileError } from './errors.js';
import { lineColumn, readTextFile } from './input-file.js';
import { readSchema } from './package-files.js';

/** A kind of JSON file synaml reads. */
export interface JsonFileKind {
  /** In messages: `snapshot`, `result`, `baseline`. */
  noun: string;
  /** The schema in `schema/` the file must satisfy. */
  schema: string;
  /** Said when the version marker is wrong, e.g. `this is not a synaml snapshot of version 1`. */
  versionHint: string;
  /** Files above this size are refused, so parsing stays bounded. */
  maxBytes: number;
}

function describeSchemaError(e: ErrorObject, kind: JsonFileKind): string {
  const where = e.instancePath === '' ? `the ${kind.noun}` : e.instancePath.slice(1).replace(/\//g, '.');
  switch (e.keyword) {
    case 'required':
      return `${where} is missing "${String((e.params as { missingProperty: string }).missingProperty)}"`;
    case 'const':
      return `${where} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)} (${kind.versionHint})`;
    case 'enum':
      return `${where} must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).join(', ')}`;
    case 'type':
      return `${where} must be ${(e.params as { type: string }).type}`;
    case 'additionalProperties':
      return `${where} has an unexpected property "${String((e.params as { additionalProperty: string }).additionalProperty)}"`;
    default:
      return `${where} ${e.message ?? 'is invalid'}`;
  }
}

const compiled = new Map<string, ValidateFunction>();

function validatorFor(kind: JsonFileKind): ValidateFunction {
  let validate = compiled.get(kind.schema);
  if (!validate) {
    const ajv = new Ajv({ allErrors: false, strict: false });
    addFormats.default(ajv);
    validate = ajv.compile(readSchema(kind.schema));
    compiled.set(kind.schema, validate);
  }
  return validate;
}

/** Thrown out of a jsonc-parser visitor to stop it once the answer is known. */
const STOP = Symbol('stop');

/**
 * The first syntax error jsonc-parser finds, with its code; undefined when it finds none or cannot tell (its parser
 * recurses, so a pathologically deep file overflows the stack — that is caught, never a crash).
 */
function firstSyntaxError(body: string): { offset: number; what: string } | undefined {
  let found: { offset: number; what: string } | undefined;
  try {
    visit(
      body,
      {
        onError(error, offset) {
          found = { offset, what: printParseErrorCode(error) };
          throw STOP;
        },
      },
      { allowTrailingComma: false, disallowComments: true },
    );
  } catch (error) {
    if (error !== STOP && !(error instanceof RangeError)) throw error;
  }
  return found;
}

function samePath(a: JSONPath, b: ReadonlyArray<string | number>): boolean {
  return a.length === b.length && a.every((segment, i) => segment === b[i]);
}

/** Offset of the value at `path` (or of the nearest ancestor jsonc-parser reaches), without building a tree. */
function offsetOfPath(body: string, path: ReadonlyArray<string | number>): number {
  let best = { length: -1, offset: Math.max(0, body.search(/\S/)) };
  const consider = (offset: number, at: JSONPath) => {
    if (at.length > best.length && at.length <= path.length && samePath(at, path.slice(0, at.length))) {
      best = { length: at.length, offset };
      if (at.length === path.length) throw STOP;
    }
  };
  try {
    visit(body, {
      onObjectBegin: (offset, _length, _line, _column, at) => consider(offset, at()),
      onArrayBegin: (offset, _length, _line, _column, at) => consider(offset, at()),
      onLiteralValue: (_value, offset, _length, _line, _column, at) => consider(offset, at()),
    });
  } catch (error) {
    if (error !== STOP && !(error instanceof RangeError)) throw error;
  }
  return best.offset;
}

/**
 * Parses and checks JSON text of `kind`; throws InputFileError pointing at the first problem. The native parser
 * reads the text; jsonc-parser only locates a problem, so a large valid file is never turned into a syntax tree.
 * Messages never quote the file's content (a malformed snapshot may hold anything).
 */
export function parseJsonText<T>(text: string, file: string, kind: JsonFileKind): T {
  // A byte-order mark is not JSON; positions are counted without it, as editors show them.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    if (!/\S/.test(body)) throw new InputFileError('not valid JSON (EmptyFile): the file is empty', { file, line: 1, column: 1 });
    const found = firstSyntaxError(body);
    // V8's message quotes the text around the error: only its position is used.
    const v8Offset = /at position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    const offset = found?.offset ?? (v8Offset !== undefined ? Number(v8Offset) : body.length);
    throw new InputFileError(`not valid JSON (${found?.what ?? 'InvalidSymbol'})`, { file, ...lineColumn(body, offset) });
  }
  const validate = validatorFor(kind);
  if (!validate(value)) {
    const e = validate.errors![0]!;
    const path = e.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
    const at = lineColumn(body, offsetOfPath(body, path));
    throw new InputFileError(`invalid ${kind.noun}: ${describeSchemaError(e, kind)}`, { file, ...at });
  }
  return value as T;
}

/**
 * Reads and checks a JSON file of `kind` from disk: at most `kind.maxBytes` bytes (a regular file's size is checked
 * before reading), strictly UTF-8.
 */
export async function loadJsonFile<T>(file: string, kind: JsonFileKind): Promise<T> {
  const read = await readTextFile(file, kind.maxBytes, kind.noun);
  if (!read.ok) {
    const { problem } = read;
    const detail = problem.code === 'file-unreadable' ? `cannot read the ${kind.noun}: ${problem.message}` : problem.message;
    throw new InputFileError(detail, { file, ...(problem.line !== undefined && { line: problem.line, column: problem.column }) });
  }
  return parseJsonText<T>(read.text, file, kind);
}
