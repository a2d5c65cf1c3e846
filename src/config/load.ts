// The configuration file: `synaml.config.yaml` or `.synamlrc.yaml`, found in the spec's folder or the nearest folder
// above it (as linters find theirs). Read with yaml (line and column for every node), checked against
// schema/config-v1.schema.json; every problem is reported at once as file:line:column, like the spec's.
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { isMap, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { InputFileError, SpecInvalidError } from '../errors.js';
import type { FailOn } from '../exit-codes.js';
import { readTextFile } from '../input-file.js';
import { readSchema } from '../package-files.js';
import type { Severity } from '../engine/types.js';
import type { SpecDiagnostic } from '../spec/types.js';

// Kept here too for importers of this module; the CLI imports find.js, so a run without a configuration file
// never loads this one.
export { CONFIG_FILE_NAMES, findConfigFile } from './find.js';

/** What a configuration file may set (schema/config-v1.schema.json). */
export interface SynamlConfig {
  rules?: string[];
  skipRules?: string[];
  severity?: Record<string, Severity>;
  failOn?: FailOn;
  format?: string | string[];
  /** Resolved against the configuration file's folder. */
  outputDir?: string;
}

export interface LoadedConfig {
  file: string;
  config: SynamlConfig;
}

/** A configuration file is a few lines; anything this large is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

let validator: ReturnType<Ajv['compile']> | undefined;

function validate(value: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(readSchema('config-v1.schema.json'));
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

/** The node an ajv error is about (for an unexpected property, its key), or the nearest existing ancestor. */
function nodeOf(doc: Document, error: ErrorObject): Node | undefined {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (let n = segments.length; n >= 0; n--) {
    const node = (n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true)) as Node | undefined;
    if (!node) continue;
    if (n === segments.length && error.keyword === 'additionalProperties' && isMap(node)) {
      const name = (error.params as { additionalProperty: string }).additionalProperty;
      const pair = node.items.find((p) => String((p.key as { value?: unknown } | null)?.value) === name);
      if (pair?.key) return pair.key as Node;
    }
    return node;
  }
  return undefined;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'the configuration' : error.instancePath.slice(1).replace(/\//g, '.');
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown option "${String(p.additionalProperty)}" (known: rules, skipRules, severity, failOn, format, outputDir)`;
    case 'enum':
      return `${where} must be one of ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'type':
      return `${where} must be ${p.type === 'array' ? 'a list' : `a ${String(p.type)}`}`;
    case 'oneOf':
      return `${where} must be a list of formats or one comma-separated string`;
    default:
      return `${where} ${error.message ?? 'is invalid'}`;
  }
}

/**
 * Reads and checks one configuration file. Throws SpecInvalidError ("invalid configuration file", exit 2) with a
 * located diagnostic per problem; `outputDir` comes back resolved against the file's folder.
 */
export async function loadConfigFile(file: string): Promise<LoadedConfig> {
  const read = await readTextFile(file, MAX_CONFIG_BYTES, 'configuration file');
  if (!read.ok) {
    const { message, line, column } = read.problem;
    throw new InputFileError(message, { file, ...(line !== undefined && { line }), ...(column !== undefined && { column }) });
  }
  const text = read.text;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { line: pos.line, column: pos.col };
  };
  const diagnostics: SpecDiagnostic[] = doc.errors.map((e) => ({
    file,
    ...at(e.pos[0]),
    severity: 'error',
    code: 'yaml-syntax',
    message: e.message.split('\n')[0]!,
  }));
  if (diagnostics.length === 0) {
    const value: unknown = doc.toJS() ?? {};
    // oneOf reports its branches' errors too: keep the oneOf one, which says what the value may be.
    const errors = validate(value);
    const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
    for (const error of errors) {
      if (error.keyword !== 'oneOf' && [...oneOfPaths].some((p) => error.instancePath.startsWith(p))) continue;
      diagnostics.push({ file, ...at(nodeOf(doc, error)?.range?.[0]), severity: 'error', code: `config-${error.keyword}`, message: describe(error) });
    }
    if (diagnostics.length === 0) {
      const config = value as SynamlConfig;
      if (config.outputDir !== undefined) config.outputDir = path.resolve(path.dirname(file), config.outputDir);
      return { file, config };
    }
  }
  throw new SpecInvalidError(file, diagnostics, 'configuration file');
}
