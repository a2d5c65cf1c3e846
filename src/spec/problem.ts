// What the schema and semantic phases return before positions are known: a path into the spec plus plain words.
// The loader turns each into a located SpecDiagnostic.
import type { DiagnosticSeverity, SpecPath } from './types.js';

export interface SpecProblem {
  path: SpecPath;
  /**
   * What to point at: `value` — the node at `path` (a wrong value, or the map a required property is missing from);
   * `key` — the key of the map pair at `path` (an unknown property, a block that should not be there).
   */
  at: 'value' | 'key';
  severity: DiagnosticSeverity;
  code: string;
  message: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `integrations[0].synapse.sparkPools[1].sparkVersion`; odd keys as `["a key"]`; the root as "the spec". */
export function formatPath(path: SpecPath): string {
  if (path.length === 0) return 'the spec';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Where a property lives, for "missing ... in X" and "unknown ... in X". */
export function formatContainer(path: SpecPath): string {
  return path.length === 0 ? 'the top level of the spec' : formatPath(path);
}

/** Names that hold credentials: their values never appear in a message. */
const SECRET_NAME = /secret|password|passwd|pwd|credential|token|(^|[a-z])key$/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** True when any segment of `path` names a credential (e.g. `...servicePrincipal.secret.keyVault`). */
export function isSecretPath(path: SpecPath): boolean {
  return path.some((segment) => typeof segment === 'string' && isSecretName(segment));
}

/** A value as a message shows it: strings quoted and shortened, collections by kind. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 200 ? `${value.slice(0, 197)}...` : value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** True when `short` can be read as an abbreviation of `long` (its letters in order, e.g. managedVnet). */
function isAbbreviation(short: string, long: string): boolean {
  if (short.length < 3 || short[0] !== long[0]) return false;
  let k = 0;
  for (const ch of long) if (ch === short[k]) k++;
  return k === short.length;
}

const MAX_SUGGESTION_INPUT = 100;

/** The candidate a person most likely meant by `input` (typo, wrong case, abbreviation), if any is close. */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  // Nobody mistypes a 100-character name, and edit distance is quadratic: a hostile spec must not make it crawl.
  if (input.length > MAX_SUGGESTION_INPUT) return undefined;
  const wanted = input.toLowerCase();
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    let score = Number.POSITIVE_INFINITY;
    if (c === wanted) score = 0;
    else {
      const distance = editDistance(wanted, c);
      if (distance <= Math.max(1, Math.floor(Math.max(wanted.length, c.length) / 4))) score = distance;
      else if (isAbbreviation(wanted, c) || (wanted.length >= 4 && c.includes(wanted))) score = 10 + c.length - wanted.length;
    }
    if (score < (best?.score ?? Number.POSITIVE_INFINITY)) best = { candidate, score };
  }
  return best?.candidate;
}

/** ` (did you mean "x"?)` or nothing. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const match = closestMatch(input, candidates);
  return match === undefined || match === input ? '' : ` (did you mean "${match}"?)`;
}

/** How to keep a credential out of the spec: the end of every inline-secret message. */
export const KEY_VAULT_ADVICE =
  'synaml never accepts secrets in the spec: store the secret in Azure Key Vault and reference it with ' +
  'secret: { keyVault: { linkedService: <Key Vault linked service>, secretName: <secret name> } } ' +
  '(and rotate the secret if this file was ever shared or committed)';

/** True when `path` is `ancestor` or lies below it (indices compared as text: `0` and 0 are the same). */
export function isUnder(path: SpecPath, ancestor: SpecPath): boolean {
  return ancestor.length <= path.length && ancestor.every((segment, i) => String(segment) === String(path[i]));
}
