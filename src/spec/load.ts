// Reads a spec file: YAML with source positions, then the JSON Schema, then semantic checks. Every problem is
// reported in one run, located by file, line and column, in plain words; a bad spec or an unreadable file is a
// diagnostic, never a throw. Kept light for start-up: the YAML parsers, the precompiled validator, no ajv compiler.
// A spec in plain YAML (the usual case) is read by js-yaml's event parser, about eight times faster than yaml's
// syntax tree; anything else — a syntax error, anchors, merges, tags, duplicate keys — is read by yaml, whose
// diagnostics are the ones reported. Both readers give the same data and positions (test/spec/plain-yaml.test.ts).
// yaml is ~300 KB of JavaScript, so its reader lives in load-yaml.ts: loadSpecFile (what the CLI uses) imports it only
// for a spec that is not plain YAML, and `validate` of a plain spec starts without it. loadSpecText, the synchronous
// loader of a spec's text, is in load-yaml.ts.
// The spec is untrusted input (it may come from a pull request): its size, nesting, list lengths and alias
// expansion are bounded before anything expensive runs, so a hostile file is rejected fast instead of hanging CI.
import { lineColumn, readTextFile, tooLarge, type InputFileProblem } from '../input-file.js';
import { humaniseSchemaErrors } from './humanise.js';
import type { SpecProblem } from './problem.js';
import { pathOfPointer, validateAgainstSchema } from './schema-validate.js';
import { checkSemantics, findInlineSecrets } from './semantic.js';
import { readPlainYaml } from './plain-yaml.js';
import { lineStartsOf, plainNodes, SpecSourceMap } from './source-map.js';
import type { Spec, SpecDiagnostic, SpecLoadResult, SpecPath } from './types.js';

/**
 * Specs larger than this are refused before they are read. One integration takes about 2 KiB, and a large tenant's
 * nightly audit declares thousands (issue #5: 2,000 integrations, 3.5 MiB, validated in well under a second).
 */
export const MAX_SPEC_BYTES = 16 * 1024 * 1024;
/** Deepest nesting of mappings and lists a spec may have (a spec needs about 8). */
export const MAX_SPEC_DEPTH = 64;
/** Most entries one list, or keys one mapping, may hold (`integrations` of a large tenant: thousands, see above). */
export const MAX_SPEC_COLLECTION_ITEMS = 10_000;
/**
 * How many values YAML aliases may add to the spec once expanded (each `*name` or `<<: *name` adds its anchor's
 * values): the guard against a "billion laughs" alias bomb. Counted, not expanded, so a bomb is refused at once; a
 * large tenant's spec that merges one `x-` anchor into each of its thousands of integrations adds a few tens of thousands.
 */
export const MAX_YAML_ALIAS_EXPANSION = 1_000_000;
/** How many aliases (`*name`) a spec may have: yaml resolves each by a scan of those before it, so N cost N² / 2. */
export const MAX_YAML_ALIASES = 10_000;
/** Most diagnostics reported for one spec; a last one says that more were left out. */
export const MAX_SPEC_DIAGNOSTICS = 1000;

export interface LoadSpecOptions {
  /** Rule IDs a waiver may name (the rule registry's); a waiver for any other rule is an error. */
  knownRuleIds?: readonly string[];
  /** The validation date, for waiver expiry (UTC day); defaults to the current time. */
  now?: Date;
}
export function fileProblem(file: string, problem: InputFileProblem): SpecDiagnostic {
  const message = problem.code === 'file-unreadable' ? `cannot read ${file}: ${problem.message}` : problem.message;
  return { file, line: problem.line ?? 1, column: problem.column ?? 1, severity: 'error', code: problem.code, message };
}

function toDiagnostic(problem: SpecProblem, map: SpecSourceMap): SpecDiagnostic {
  const at = problem.at === 'key' ? map.locate(problem.path) : map.locateValue(problem.path);
  return { ...at, severity: problem.severity, code: problem.code, message: problem.message };
}

/** Sorts by position and keeps at most MAX_SPEC_DIAGNOSTICS, saying how many more there were. */
function capped(diagnostics: SpecDiagnostic[], truncated: boolean): SpecDiagnostic[] {
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  if (diagnostics.length <= MAX_SPEC_DIAGNOSTICS && !truncated) return diagnostics;
  const kept = diagnostics.slice(0, MAX_SPEC_DIAGNOSTICS);
  const left = diagnostics.slice(MAX_SPEC_DIAGNOSTICS);
  const at = left[0] ?? kept[kept.length - 1]!;
  kept.push({
    file: at.file,
    line: at.line,
    column: at.column,
    severity: left.some((d) => d.severity === 'error') || truncated ? 'error' : 'warning',
    code: 'too-many-problems',
    message: `too many problems: only the first ${MAX_SPEC_DIAGNOSTICS} are reported; fix these and run again`,
  });
  return kept;
}

function finish(file: string, all: SpecDiagnostic[], data: unknown, map: SpecSourceMap | undefined, truncated = false): SpecLoadResult {
  const diagnostics = capped(all, truncated);
  if (!map || diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
  return {
    ok: true,
    diagnostics,
    loaded: { file, spec: data as Spec, locate: (path: SpecPath) => map.locate(path), locateUnder: (base: SpecPath) => map.locateUnder(base) },
  };
}

/**
 * Characters YAML 1.2 excludes from a file (outside its printable set): C0 and C1 controls but tab, line feed,
 * carriage return and NEL; DEL; U+FFFE/U+FFFF; lone surrogates. yaml lets them through; a terminal or a report would not.
 */
const NON_PRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** An ARM ID with doubled and trailing slashes removed (`/` stays `/`); its case is kept, IDs compare case-insensitively. */
function trimArmId(value: unknown): unknown {
  if (typeof value !== 'string' || !value.startsWith('/')) return value;
  // Nearly every ID has nothing to remove: two scans for a slash instead of two regular expressions.
  if (!value.includes('//') && !value.endsWith('/')) return value;
  return value.replace(/\/{2,}/g, '/').replace(/(.)\/+$/, '$1') || '/';
}

/**
 * The ARM IDs a spec declares, written the way Azure writes them: `.../workspaces/syn-prod/` is `.../workspaces/syn-prod`,
 * so IDs the rules build from them (`<workspace>/linkedservices/<name>`), fingerprints and waiver matches are the same.
 */
function canonicalArmIds(data: unknown): unknown {
  const obj = (v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  for (const integration of list(obj(data)?.['integrations']).map(obj)) {
    for (const part of [obj(integration?.['synapse']), obj(integration?.['machineLearning'])]) {
      if (part && 'workspaceId' in part) part['workspaceId'] = trimArmId(part['workspaceId']);
    }
    for (const pool of list(obj(integration?.['machineLearning'])?.['attachedSparkPools']).map(obj)) {
      if (pool && Array.isArray(pool['userAssignedIdentities'])) pool['userAssignedIdentities'] = pool['userAssignedIdentities'].map(trimArmId);
    }
    const network = obj(integration?.['network']);
    if (network && Array.isArray(network['approvedPrivateEndpoints'])) network['approvedPrivateEndpoints'] = network['approvedPrivateEndpoints'].map(trimArmId);
    for (const entry of list(obj(integration?.['access'])?.['required']).map(obj)) if (entry && 'scope' in entry) entry['scope'] = trimArmId(entry['scope']);
  }
  for (const waiver of list(obj(data)?.['waivers']).map(obj)) if (waiver && 'resource' in waiver) waiver['resource'] = trimArmId(waiver['resource']);
  return data;
}

/** What reading the YAML gave: its diagnostics, and the data with its source map unless reading stopped. */
export interface ReadYaml {
  diagnostics: SpecDiagnostic[];
  data?: { value: unknown; map: SpecSourceMap<unknown> };
}

/**
 * A spec in plain YAML, read fast (plain-yaml.ts); undefined for anything else, which yaml reads. Exported for the
 * test that holds the two readers to the same data and positions.
 */
export function readPlainSpec(source: string, file: string): ReadYaml | undefined {
  const plain = readPlainYaml(source, { maxDepth: MAX_SPEC_DEPTH, maxItems: MAX_SPEC_COLLECTION_ITEMS });
  return plain && { diagnostics: [], data: { value: plain.data, map: new SpecSourceMap(plainNodes(plain.nodes, source), lineStartsOf(source), file) } };
}
/** The checks made before reading: size, a byte-order mark, control characters. The source to read, or the result. */
function prepareSource(text: string, file: string): { source: string } | { result: SpecLoadResult } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SPEC_BYTES) {
    return { result: finish(file, [fileProblem(file, tooLarge('spec', bytes, MAX_SPEC_BYTES))], undefined, undefined) };
  }
  // A byte-order mark would shift every column on line 1.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const control = NON_PRINTABLE.exec(source);
  if (control) {
    const { line, column } = lineColumn(source, control.index);
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    const message =
      `the spec contains the control character U+${code}, which YAML does not allow in a file: remove it ` +
      '(inside a double-quoted string, an escape such as \\t or \\u0007 is allowed)';
    return { result: finish(file, [{ file, line, column, severity: 'error', code: 'yaml-control-character', message }], undefined, undefined) };
  }
  return { source };
}

/** The checks made on what was read: the JSON Schema, inline secrets, semantics; ARM IDs made canonical. */
function checkRead(file: string, read: ReadYaml, options: LoadSpecOptions): SpecLoadResult {
  if (!read.data) return finish(file, read.diagnostics, undefined, undefined);
  const { diagnostics, data: { value: data, map } } = read;

  const inlineSecrets = findInlineSecrets(data);
  const secretPaths = inlineSecrets.map((p) => p.path);
  const allSchemaErrors = validateAgainstSchema(data);
  // Past the report limit, wording more errors only costs time.
  const truncated = allSchemaErrors.length > MAX_SPEC_DIAGNOSTICS;
  const schemaErrors = truncated ? allSchemaErrors.slice(0, MAX_SPEC_DIAGNOSTICS) : allSchemaErrors;
  const schemaProblems = humaniseSchemaErrors(schemaErrors, {
    data,
    scalarSource: (path) => map.scalarSource(path),
    suppress: secretPaths,
  });
  const invalidPaths: SpecPath[] = [
    ...allSchemaErrors.map((e) => {
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
  return finish(file, diagnostics, canonicalArmIds(data), map, truncated);
}


/**
 * Loads a spec from its text with the given reader for YAML that is not plain (load-yaml.ts's readYamlSpec): see
 * loadSpecText there. Never throws.
 */
export function loadSpecSource(text: string, file: string, options: LoadSpecOptions, readYaml: (source: string, file: string) => ReadYaml): SpecLoadResult {
  const prepared = prepareSource(text, file);
  if ('result' in prepared) return prepared.result;
  return checkRead(file, readPlainSpec(prepared.source, file) ?? readYaml(prepared.source, file), options);
}

/**
 * Reads and loads a spec file. A missing, unreadable or directory path, a file over MAX_SPEC_BYTES (checked before
 * reading) and bytes that are not UTF-8 are diagnostics (`file-unreadable`, `file-too-large`, `file-encoding`).
 */
export async function loadSpecFile(file: string, options: LoadSpecOptions = {}): Promise<SpecLoadResult> {
  const read = await readTextFile(file, MAX_SPEC_BYTES, 'spec');
  if (!read.ok) return { ok: false, diagnostics: [fileProblem(file, read.problem)] };
  const prepared = prepareSource(read.text, file);
  if ('result' in prepared) return prepared.result;
  const { source } = prepared;
  const plain = readPlainSpec(source, file);
  return checkRead(file, plain ?? (await import('./load-yaml.js')).readYamlSpec(source, file), options);
}
