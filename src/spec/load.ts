// Reads a spec file: YAML with source positions, then the JSON Schema, then semantic checks. Every problem is
// reported in one run, located by file, line and column, in plain words; a bad spec or an unreadable file is a
// diagnostic, never a throw. Kept light for start-up: yaml, the precompiled validator, no ajv compiler.
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { humaniseSchemaErrors } from './humanise.js';
import type { SpecProblem } from './problem.js';
import { pathOfPointer, validateAgainstSchema } from './schema-validate.js';
import { checkSemantics, findInlineSecrets } from './semantic.js';
import { SpecSourceMap } from './source-map.js';
import type { DiagnosticSeverity, Spec, SpecDiagnostic, SpecLoadResult, SpecPath } from './types.js';

export interface LoadSpecOptions {
  /** Rule IDs a waiver may name (the rule registry's); a waiver for any other rule is an error. */
  knownRuleIds?: readonly string[];
  /** The validation date, for waiver expiry (UTC day); defaults to the current time. */
  now?: Date;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** yaml's error, in words, with synaml's code. */
function yamlDiagnostic(error: YAMLError, map: SpecSourceMap, severity: DiagnosticSeverity): SpecDiagnostic {
  const offset = error.pos[0];
  const at = map.position(offset);
  const make = (code: string, message: string): SpecDiagnostic => ({ ...at, severity, code, message });
  switch (error.code) {
    case 'DUPLICATE_KEY': {
      const duplicate = map.duplicateKeyAt(offset);
      const name = duplicate ? ` "${duplicate.name}"` : '';
      const first = duplicate?.firstOffset !== undefined ? ` (first at line ${map.position(duplicate.firstOffset).line})` : '';
      return make('yaml-duplicate-key', `duplicate key${name}${first}: a key may appear only once in a mapping — remove or merge one of them`);
    }
    case 'TAB_AS_INDENT':
      return make('yaml-tab-indent', 'a tab is used for indentation: YAML indents with spaces only — replace the tab with spaces');
    case 'MULTIPLE_DOCS':
      return make('yaml-syntax', 'the file holds more than one YAML document (a second "---"): a spec is a single document');
    case 'BAD_INDENT':
      return make('yaml-syntax', `bad indentation: ${lowerFirst(error.message)}`);
    case 'BLOCK_AS_IMPLICIT_KEY':
      return make('yaml-syntax', 'a nested mapping cannot start on the same line as its key (as in "a: b: c"): put it on the next lines, indented, or quote the value');
    default:
      return make(severity === 'error' ? 'yaml-syntax' : 'yaml-warning', `YAML ${severity === 'error' ? 'syntax error' : 'warning'}: ${lowerFirst(error.message)}`);
  }
}

function unreadable(file: string, error: unknown): SpecDiagnostic {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === 'ENOENT' ? 'no such file'
    : code === 'EISDIR' ? 'it is a directory, not a spec file'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : error instanceof Error ? error.message : String(error);
  return { file, line: 1, column: 1, severity: 'error', code: 'file-unreadable', message: `cannot read ${file}: ${reason}` };
}

function toDiagnostic(problem: SpecProblem, map: SpecSourceMap): SpecDiagnostic {
  const at = problem.at === 'key' ? map.locate(problem.path) : map.locateValue(problem.path);
  return { ...at, severity: problem.severity, code: problem.code, message: problem.message };
}

function finish(file: string, diagnostics: SpecDiagnostic[], data: unknown, map: SpecSourceMap | undefined): SpecLoadResult {
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  if (!map || diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
  return {
    ok: true,
    diagnostics,
    loaded: { file, spec: data as Spec, locate: (path: SpecPath) => map.locate(path) },
  };
}

/**
 * Loads a spec from its text. `file` is only used in positions and messages. Returns every problem found — YAML
 * syntax, schema, semantic — sorted by line and column; `ok` is false when any of them is an error.
 */
export function loadSpecText(text: string, file: string, options: LoadSpecOptions = {}): SpecLoadResult {
  // A byte-order mark would shift every column on line 1.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lineCounter = new LineCounter();
  // merge: `<<: *defaults` (YAML 1.1 merge keys) lets several integrations share settings through an `x-` anchor.
  const doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false, merge: true });
  const map = new SpecSourceMap(doc, lineCounter, source, file);
  const diagnostics: SpecDiagnostic[] = [
    ...doc.errors.map((e) => yamlDiagnostic(e, map, 'error')),
    ...doc.warnings.map((w) => yamlDiagnostic(w, map, 'warning')),
  ];
  // After a syntax error the tree is a guess: checking it would report mistakes the person did not make. A duplicate
  // key leaves a sound tree (the later value wins), so the rest of the file is still checked.
  if (doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) return finish(file, diagnostics, undefined, undefined);

  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // An alias to an anchor that does not exist, or an alias explosion: toJS() throws without a position.
    const offset = map.firstAliasOffset();
    const at = offset !== undefined ? map.position(offset) : { file, line: 1, column: 1 };
    const reason = error instanceof Error ? lowerFirst(error.message) : String(error);
    diagnostics.push({ ...at, severity: 'error', code: 'yaml-syntax', message: `YAML error: ${reason}` });
    return finish(file, diagnostics, undefined, undefined);
  }

  const inlineSecrets = findInlineSecrets(data);
  const secretPaths = inlineSecrets.map((p) => p.path);
  const schemaErrors = validateAgainstSchema(data);
  const schemaProblems = humaniseSchemaErrors(schemaErrors, {
    data,
    scalarSource: (path) => map.scalarSource(path),
    suppress: secretPaths,
  });
  const invalidPaths: SpecPath[] = [
    ...schemaErrors.map((e) => {
      const path = pathOfPointer(e.instancePath, data);
      return e.keyword === 'additionalProperties' ? [...path, String(e.params.additionalProperty)] : path;
    }),
    ...secretPaths,
  ];
  const semanticProblems = checkSemantics(data, {
    invalidPaths,
    knownRuleIds: options.knownRuleIds,
    now: options.now ?? new Date(),
    lineOf: (path) => map.locate(path).line,
  });
  for (const problem of [...inlineSecrets, ...schemaProblems, ...semanticProblems]) diagnostics.push(toDiagnostic(problem, map));
  return finish(file, diagnostics, data, map);
}

/** Reads and loads a spec file. A missing, unreadable or directory path is a `file-unreadable` diagnostic at 1:1. */
export async function loadSpecFile(file: string, options: LoadSpecOptions = {}): Promise<SpecLoadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, diagnostics: [unreadable(file, error)] };
  }
  return loadSpecText(text, file, options);
}
