// Phase one of spec validation: the JSON Schema, through the validator scripts/build-validators.mjs precompiled
// from schema/spec-v1.schema.json — no ajv compiler at start-up.
// The generated module is written by the build after tsc has run (and is git-ignored), so on a fresh checkout tsc
// cannot see it yet: the import is typed here, through SchemaValidator and SchemaHints, rather than by the module.
// @ts-ignore -- src/generated/spec-validator.js exists once `npm run build` (scripts/build-validators.mjs) has run.
import { hints as generatedHints, validate as generatedValidate } from '../generated/spec-validator.js';
import type { SpecPath } from './types.js';

/** The part of an ajv ErrorObject synaml reads. */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface SchemaValidator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

/** What the schema says about one data path, for wording errors (collected by the build script). */
export interface SchemaHint {
  /** Allowed property names of a closed mapping. */
  properties?: string[];
  /** The first of the schema's `examples`. */
  example?: unknown;
  /** What a `pattern` means, in words (the schema's `patternErrorMessage`, which editors show too). */
  patternErrorMessage?: string;
  /** What an `anyOf` accepts, in words. */
  errorMessage?: string;
}

/** Hints keyed by JSON-pointer data path with every array index written `*`; the root is `/`. */
export type SchemaHints = Record<string, SchemaHint>;

const validator = generatedValidate as SchemaValidator;
const hints = generatedHints as SchemaHints;

/** Every schema violation in `data` (ajv `allErrors`), in ajv's order. */
export function validateAgainstSchema(data: unknown): SchemaError[] {
  return validator(data) ? [] : [...(validator.errors ?? [])];
}

/** The schema's hints for the node at `path`. */
export function schemaHintAt(path: SpecPath): SchemaHint | undefined {
  const key = path.length === 0 ? '/' : `/${path.map((s) => (typeof s === 'number' ? '*' : s)).join('/')}`;
  return hints[key];
}

/** `/integrations/0/synapse` -> ['integrations', 0, 'synapse'], numbers where `data` holds a list. */
export function pathOfPointer(pointer: string, data: unknown): Array<string | number> {
  if (pointer === '') return [];
  const out: Array<string | number> = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^\d+$/.test(segment)) {
      const index = Number(segment);
      out.push(index);
      node = node[index];
    } else {
      out.push(segment);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return out;
}

/** The value at `path` in plain data, or undefined. */
export function valueAt(data: unknown, path: SpecPath): unknown {
  let node = data;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}
