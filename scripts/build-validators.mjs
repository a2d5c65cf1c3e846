// Precompiles schema/spec-v1.schema.json into a standalone ESM validator so `synaml validate` never loads or runs
// ajv's compiler at start-up. Writes the same module for the TypeScript sources (vitest) and for the build output:
//   src/generated/spec-validator.js (+ .d.ts)   — git-ignored, imported by src/spec/schema-validate.ts
//   dist/src/generated/spec-validator.js (+ .d.ts)
// Besides `validate`, the module exports `hints`: per data path (array indices as `*`), what the humaniser needs
// to word an error (allowed property names, an example, the schema's patternErrorMessage / errorMessage).
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaFile = join(root, 'schema', 'spec-v1.schema.json');
const targets = [join(root, 'src', 'generated'), join(root, 'dist', 'src', 'generated')];

const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));

// Keywords only editors and the humaniser read: VS Code / yaml-language-server show patternErrorMessage and
// errorMessage instead of the raw pattern.
const ANNOTATIONS = ['patternErrorMessage', 'errorMessage'];

/** Resolves a local `#/definitions/x` reference. */
function deref(node) {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error(`reference loop at ${node.$ref}`);
    const name = current.$ref.replace(/^#\/definitions\//, '');
    current = schema.definitions?.[name];
    if (!current) throw new Error(`unresolved $ref ${node.$ref}`);
  }
  return current;
}

/** Walks the schema along data paths, collecting hints and enforcing the schema's own house rules. */
function collectHints() {
  const hints = {};
  const problems = [];
  const visit = (node, dataPath) => {
    const s = deref(node);
    const hint = {};
    if (s.additionalProperties === false && s.properties) hint.properties = Object.keys(s.properties);
    if (Array.isArray(s.examples) && s.examples.length > 0) hint.example = s.examples[0];
    for (const key of ANNOTATIONS) if (typeof s[key] === 'string') hint[key] = s[key];
    if (typeof s.pattern === 'string' && typeof s.patternErrorMessage !== 'string') {
      problems.push(`${dataPath || '/'}: pattern without patternErrorMessage`);
    }
    for (const branch of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) {
      if (typeof branch.pattern === 'string' && typeof branch.patternErrorMessage !== 'string') {
        problems.push(`${dataPath}: anyOf/oneOf branch pattern without patternErrorMessage`);
      }
    }
    if ((s.anyOf || s.oneOf) && typeof s.errorMessage !== 'string') problems.push(`${dataPath}: anyOf/oneOf without errorMessage`);
    if (Object.keys(hint).length > 0) hints[dataPath || '/'] = hint;
    for (const [name, child] of Object.entries(s.properties ?? {})) {
      const described = typeof child.description === 'string' || typeof deref(child).description === 'string';
      if (!described) problems.push(`${dataPath}/${name}: no description`);
      visit(child, `${dataPath}/${name}`);
    }
    if (s.items && !Array.isArray(s.items)) visit(s.items, `${dataPath}/*`);
  };
  visit(schema, '');
  if (problems.length > 0) throw new Error(`schema/spec-v1.schema.json:\n  ${problems.join('\n  ')}`);
  return hints;
}

/** The schema without what only people read: smaller generated code, nothing to parse at start-up. */
function stripAnnotations(node) {
  if (Array.isArray(node)) return node.map(stripAnnotations);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (['description', 'examples', 'title', ...ANNOTATIONS].includes(key)) continue;
    // `properties` maps names to schemas: strip inside each, never drop a property that happens to be named `title`.
    out[key] = key === 'properties' || key === 'definitions'
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripAnnotations(v)]))
      : stripAnnotations(value);
  }
  return out;
}

/**
 * ajv's ucs2length (code points in a string, for minLength and maxLength), with the string scanned natively for a
 * high surrogate first: without one, the count is the length. ajv's own loop over every character was 2% of
 * `validate` of the bench's large spec. Checked against ajv's by test/spec/schema-validate.test.ts.
 */
function ucs2length(str) {
  if (!/[\uD800-\uDBFF]/.test(str)) return str.length;
  let length = 0;
  for (let pos = 0; pos < str.length; length++) {
    const value = str.charCodeAt(pos++);
    if (value >= 0xd800 && value <= 0xdbff && pos < str.length && (str.charCodeAt(pos) & 0xfc00) === 0xdc00) pos++;
  }
  return length;
}

/**
 * ajv's ESM output still reaches its runtime helpers (ucs2length for minLength, equal for uniqueItems) with
 * CommonJS `require()`, which an ES module cannot call, and whose default import differs between Node and vitest.
 * The helpers are small self-contained functions: inline their source, so the validator imports nothing.
 */
function inlineRuntimeHelpers(source) {
  const helpers = new Map();
  const body = source.replace(/require\("(ajv\/dist\/runtime\/[a-z0-9]+)"\)/gi, (_, specifier) => {
    if (!helpers.has(specifier)) helpers.set(specifier, `ajvRuntime${helpers.size}`);
    return helpers.get(specifier);
  });
  if (/\brequire\(/.test(body)) throw new Error('the generated spec validator calls require() for something other than an ajv runtime helper');
  const definitions = [...helpers].map(([specifier, name]) => {
    if (specifier === 'ajv/dist/runtime/ucs2length') return `const ${name} = { default: ${ucs2length.toString()} };`;
    const helper = require(specifier).default;
    if (typeof helper !== 'function') throw new Error(`${specifier} has no default function to inline`);
    return `const ${name} = { default: ${helper.toString()} };`;
  });
  // The standalone code starts with "use strict"; definitions go after it.
  return body.replace(/^"use strict";/, `"use strict";\n${definitions.join('\n')}\n`);
}

/**
 * With allErrors, ajv gathers a referenced definition's errors with `vErrors = vErrors.concat(validateN.errors)`
 * once per list item: quadratic in the number of errors, so a spec with thousands of bad integrations took minutes.
 * Appending in place is the same result in linear time (each validateN.errors is a fresh array per call).
 */
function appendErrorsInPlace(source) {
  let count = 0;
  const body = source.replace(/\bvErrors\.concat\((validate\d+\.errors)\)/g, (_, errors) => {
    count++;
    return `ajvAppend(vErrors, ${errors})`;
  });
  if (/\.concat\(/.test(body)) throw new Error('the generated spec validator concatenates errors in a way appendErrorsInPlace does not know');
  if (count === 0) return body;
  const helper = 'function ajvAppend(target, more) { for (let i = 0; i < more.length; i++) target.push(more[i]); return target; }';
  return body.replace(/^"use strict";/, `"use strict";\n${helper}\n`);
}

const hints = collectHints();
const ajv = new Ajv.default({ allErrors: true, strict: true, code: { source: true, esm: true } });
const validate = ajv.compile(stripAnnotations(schema));
const code = appendErrorsInPlace(inlineRuntimeHelpers(standalone.default(ajv, validate)));

const header = '// Generated by scripts/build-validators.mjs from schema/spec-v1.schema.json. Do not edit.\n';
const js = `${header}${code}\nexport const hints = ${JSON.stringify(hints)};\n`;
const dts = `${header}import type { SchemaError, SchemaHints, SchemaValidator } from '../spec/schema-validate.js';
export type { SchemaError };
export declare const validate: SchemaValidator;
export default validate;
export declare const hints: SchemaHints;
`;

for (const dir of targets) {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of [['spec-validator.js', js], ['spec-validator.d.ts', dts]]) {
    const file = join(dir, name);
    if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
    writeFileSync(file, text);
  }
}
console.log(`spec validator: ${code.length} bytes, ${Object.keys(hints).length} hinted paths -> ${targets.map((t) => t.slice(root.length + 1)).join(', ')}`);
