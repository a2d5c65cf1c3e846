// Turns ajv's schema errors into sentences a person acts on: the path in the spec, what is expected, what was
// found, and a likely fix. Never echoes a value under a credential-like key, and never passes ajv's text through.
import {
  closestMatch,
  describeValue,
  didYouMean,
  formatContainer,
  formatPath,
  isSecretName,
  isSecretPath,
  isUnder,
  KEY_VAULT_ADVICE,
  type SpecProblem,
} from './problem.js';
import { pathOfPointer, schemaHintAt, valueAt, type SchemaError } from './schema-validate.js';
import type { SpecPath } from './types.js';

export interface HumaniseContext {
  /** The document as plain data (what the schema validated). */
  data: unknown;
  /** The scalar at `path` as written in the file (`3.50`, not 3.5), when there is one. */
  scalarSource(path: SpecPath): string | undefined;
  /** Paths reported another way (inline secrets): schema errors at or below them are dropped. */
  suppress?: readonly SpecPath[];
}

interface Located {
  error: SchemaError;
  path: Array<string | number>;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping (key: value pairs)',
  array: 'a list',
  number: 'a number',
  integer: 'a whole number',
  null: 'empty',
};

/** A property name that holds a credential itself, not the name or ID of one (`clientSecret`, not `secretName`). */
export function looksLikeInlineSecret(name: string): boolean {
  return isSecretName(name) && !/(name|id|ref|reference|vault|uri|url)$/i.test(name);
}

/**
 * anyOf / oneOf: ajv reports every failing branch plus the combinator itself. Keep the branch that got furthest
 * into the data (its errors are the specific ones); when none got past the value itself, keep only the combinator's
 * error, which the schema words through `errorMessage`.
 */
function resolveCombinators(items: Located[]): Located[] {
  const dropped = new Set<Located>();
  const combinators = items
    .filter((i) => i.error.keyword === 'anyOf' || i.error.keyword === 'oneOf')
    .sort((a, b) => a.error.schemaPath.length - b.error.schemaPath.length);
  for (const combinator of combinators) {
    if (dropped.has(combinator)) continue;
    const prefix = `${combinator.error.schemaPath}/`;
    const branches = new Map<string, Located[]>();
    for (const item of items) {
      if (item === combinator || dropped.has(item)) continue;
      if (!item.error.schemaPath.startsWith(prefix) || !isUnder(item.path, combinator.path)) continue;
      const branch = item.error.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      branches.set(branch, [...(branches.get(branch) ?? []), item]);
    }
    if (branches.size === 0) continue;
    const score = (errors: Located[]) => ({
      depth: Math.max(...errors.map((e) => e.path.length)),
      typeOnly: errors.every((e) => e.error.keyword === 'type'),
      count: errors.length,
    });
    let best: { errors: Located[]; depth: number; typeOnly: boolean; count: number } | undefined;
    for (const errors of branches.values()) {
      const s = { errors, ...score(errors) };
      const better =
        !best ||
        s.depth > best.depth ||
        (s.depth === best.depth && best.typeOnly && !s.typeOnly) ||
        (s.depth === best.depth && s.typeOnly === best.typeOnly && s.count < best.count);
      if (better) best = s;
    }
    const keepBranch = best !== undefined && best.depth > combinator.path.length;
    for (const errors of branches.values()) {
      if (keepBranch && errors === best?.errors) continue;
      for (const e of errors) dropped.add(e);
    }
    if (keepBranch) dropped.add(combinator);
  }
  return items.filter((i) => !dropped.has(i));
}

function typeMessage(item: Located, ctx: HumaniseContext): string {
  const { path } = item;
  const expected = String(item.error.params.type ?? '')
    .split(',')
    .map((t) => TYPE_WORDS[t] ?? t)
    .join(' or ');
  const value = valueAt(ctx.data, path);
  if (path.length === 0) {
    return value === null || value === undefined
      ? 'the spec is empty: it must be a mapping with at least "version: 1" and "integrations"'
      : `the spec must be a mapping with at least "version: 1" and "integrations" (got ${describeValue(value)})`;
  }
  const subject = formatPath(path);
  if (value === null || value === undefined) return `${subject} has no value: it must be ${expected}`;
  if (isSecretPath(path)) return `${subject} must be ${expected}`;
  if (item.error.params.type === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    const written = ctx.scalarSource(path) ?? String(value);
    const kind = typeof value === 'number' ? 'a number' : 'true/false';
    return `${subject} must be a string such as "${written}"; YAML read ${written} as ${kind} — put it in quotes`;
  }
  return `${subject} must be ${expected} (got ${describeValue(value)})`;
}

function toProblem(item: Located, ctx: HumaniseContext): SpecProblem {
  const { error, path } = item;
  const subject = formatPath(path);
  const value = valueAt(ctx.data, path);
  const got = isSecretPath(path) ? '' : ` (got ${describeValue(value)})`;
  const hint = schemaHintAt(path);
  const problem = (code: string, message: string, at: SpecProblem['at'] = 'value', where: SpecPath = path): SpecProblem => ({
    path: where,
    at,
    severity: 'error',
    code,
    message,
  });
  const noValue = value === null || value === undefined;

  switch (error.keyword) {
    case 'type':
      return problem('schema-type', typeMessage(item, ctx));
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[] | undefined) ?? [];
      const list = allowed.map(String).join(', ');
      if (noValue) return problem('schema-enum', `${subject} has no value: it must be one of ${list}`);
      const suggestion = typeof value === 'string' && !isSecretPath(path) ? didYouMean(value, allowed.map(String)) : '';
      return problem('schema-enum', `${subject} must be one of ${list}${got}${suggestion}`);
    }
    case 'const': {
      const wanted = error.params.allowedValue;
      const unquote = typeof wanted === 'number' && typeof value === 'string' && value.trim() === String(wanted)
        ? '; write it without quotes' : '';
      if (noValue) return problem('schema-const', `${subject} has no value: it must be ${JSON.stringify(wanted)}`);
      return problem('schema-const', `${subject} must be ${JSON.stringify(wanted)}${got}${unquote}`);
    }
    case 'pattern': {
      const meaning = hint?.patternErrorMessage ?? 'in the expected format';
      return problem('schema-pattern', `${subject} must be ${meaning}${got}`);
    }
    case 'required': {
      const missing = String(error.params.missingProperty);
      return problem('schema-required', `missing required property "${missing}" in ${formatContainer(path)}`);
    }
    case 'additionalProperties': {
      const name = String(error.params.additionalProperty);
      const allowed = hint?.properties ?? [];
      const where = [...path, name];
      const propertyValue = valueAt(ctx.data, where);
      if (looksLikeInlineSecret(name) && (propertyValue === null || typeof propertyValue !== 'object')) {
        return problem('inline-secret', `${formatPath(where)} is an inline secret: ${KEY_VAULT_ADVICE}`, 'key', where);
      }
      const suggestion = didYouMean(name, allowed);
      const tail = suggestion !== '' ? suggestion : allowed.length > 0 ? `; expected one of: ${allowed.join(', ')}` : '';
      return problem('schema-unknown-property', `unknown property "${name}" in ${formatContainer(path)}${tail}`, 'key', where);
    }
    case 'minLength':
      return problem('schema-empty', `${subject} must not be empty`);
    case 'minItems': {
      const limit = Number(error.params.limit);
      return problem('schema-empty', limit <= 1 ? `${subject} must not be an empty list` : `${subject} must list at least ${limit} items`);
    }
    case 'uniqueItems': {
      const i = Number(error.params.i);
      const j = Number(error.params.j);
      const [first, second] = i < j ? [i, j] : [j, i];
      const item = valueAt(ctx.data, [...path, second]);
      const what = isSecretPath(path) ? 'an item' : describeValue(item);
      return problem('schema-duplicate-item', `${subject} lists ${what} twice (items ${first} and ${second}); remove one`, 'value', [...path, second]);
    }
    case 'anyOf':
    case 'oneOf':
      return problem('schema-invalid', `${subject} must be ${hint?.errorMessage ?? 'one of the accepted forms'}${got}`);
    default:
      return problem('schema-invalid', `${subject} is not valid here (see schema/spec-v1.schema.json)`);
  }
}

/** Plain-words problems for ajv's errors: combinator noise removed, one problem per real mistake. */
export function humaniseSchemaErrors(errors: readonly SchemaError[], ctx: HumaniseContext): SpecProblem[] {
  const suppress = ctx.suppress ?? [];
  const items = resolveCombinators(
    errors
      .map((error) => ({ error, path: pathOfPointer(error.instancePath, ctx.data) }))
      .filter((item) => !suppress.some((s) => isUnder(item.path, s))),
  );
  const problems = items.map((item) => toProblem(item, ctx));

  // A misspelt required property shows up twice: unknown "workspaceID" (did you mean "workspaceId"?) and missing
  // "workspaceId". The first says it all.
  const misspelt = new Set<string>();
  for (const item of items) {
    if (item.error.keyword !== 'additionalProperties') continue;
    const meant = closestMatch(String(item.error.params.additionalProperty), schemaHintAt(item.path)?.properties ?? []);
    if (meant !== undefined) misspelt.add(`${formatPath(item.path)}\u0000${meant}`);
  }
  const seen = new Set<string>();
  return problems.filter((p, index) => {
    const item = items[index]!;
    if (item.error.keyword === 'required' && misspelt.has(`${formatPath(item.path)}\u0000${String(item.error.params.missingProperty)}`)) {
      return false;
    }
    const key = `${p.code}\u0000${formatPath(p.path)}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
