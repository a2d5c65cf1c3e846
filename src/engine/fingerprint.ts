// What identifies a finding from one run to the next. SARIF `partialFingerprints`, baselines and `synaml diff` all use
// this one function, so a finding keeps its identity in every format. Inputs are the fields that name what is wrong
// and where — never the rendered message, the spec line, or live values (dates, states, counts), which change while
// the finding stays the same. Only findings (`fail`, `unknown`) have one: passes and not-applicable entries have
// nothing to match, and were more than a third of the engine's time when every entry was hashed.
import { hash } from 'node:crypto';
import { withoutTrailingSlashes } from '../azure/ids.js';
import { utcDay } from '../dates.js';
import type { SpecPath } from '../spec/types.js';
import { isFinding, type ResultEntry } from './types.js';

/** The `partialFingerprints` key in SARIF; bump the suffix if the inputs ever change (old baselines then stop matching). */
export const FINGERPRINT_KEY = 'synaml/v1';

export interface FingerprintInput {
  ruleId: string;
  integration: string;
  /** Compared case-insensitively, as Azure compares resource IDs. */
  resourceId?: string;
  messageId?: string;
  specPath?: string;
  /** A rule's own discriminator (`Check.key`). */
  key?: string;
}

const HEX_DIGITS = [...'0123456789abcdef'].map((c) => c.charCodeAt(0));
const hexCodes = new Array<number>(32).fill(0);

function sha(text: string): string {
  // One-shot `hash` (UTF-8, as createHash().update(text, 'utf8')): the same digest, at half the cost per finding.
  // Its first 16 bytes in hex, written out here rather than sliced from the 64-digit hex: a slice keeps the whole hex
  // string alive, and a result keeps one fingerprint per entry (120 bytes each instead of 56).
  const digest = hash('sha256', text, 'binary');
  for (let i = 0; i < 16; i++) {
    const byte = digest.charCodeAt(i);
    hexCodes[2 * i] = HEX_DIGITS[byte >> 4]!;
    hexCodes[2 * i + 1] = HEX_DIGITS[byte & 15]!;
  }
  return String.fromCharCode(...hexCodes);
}

function normaliseResourceId(id: string | undefined): string {
  const lower = (id ?? '').trim().toLowerCase();
  return withoutTrailingSlashes(lower);
}

/** The fingerprint of one finding: 32 hex characters (128 bits of SHA-256) over its stable fields. */
export function fingerprintOf(input: FingerprintInput): string {
  return sha(
    JSON.stringify([
      FINGERPRINT_KEY,
      input.ruleId.trim().toUpperCase(),
      input.integration,
      normaliseResourceId(input.resourceId),
      input.messageId ?? '',
      input.specPath ?? '',
      input.key ?? '',
    ]),
  );
}

/**
 * The fingerprints of one run's findings, as the engine makes them: `fingerprintOf` each, with repeats numbered as
 * `disambiguate` numbers them.
 */
export class RunFingerprints {
  /** Fingerprint -> how many findings so far had it. */
  private readonly seen = new Map<string, number>();

  /** The fingerprint of the run's next finding. */
  next(input: FingerprintInput): string {
    return this.number(fingerprintOf(input));
  }

  /** `fp` the first time; its n-th repeat (n >= 2) becomes a hash of it and n. */
  number(fp: string): string {
    const n = (this.seen.get(fp) ?? 0) + 1;
    this.seen.set(fp, n);
    return n === 1 ? fp : sha(`${fp}:${n}`);
  }
}

/**
 * Makes fingerprints unique within one result: the n-th repeat (n >= 2, in evaluation order) of a fingerprint becomes
 * a hash of it and n. Evaluation order is deterministic, so repeats keep their identity across runs too.
 */
export function disambiguate(fingerprints: readonly string[]): string[] {
  const run = new RunFingerprints();
  return fingerprints.map((fp) => run.number(fp));
}

/**
 * The fingerprint of every finding (`isFinding`), in order, and `undefined` for every other entry: the engine's own
 * (`entry.fingerprint`) where present, else computed from the entry's fields (repeats numbered among the findings, as
 * the engine numbers them) — for results written by hand or by an older synaml, whose entries carry no fingerprint.
 */
export function fingerprintsOf(results: readonly ResultEntry[]): Array<string | undefined> {
  // Computed for every finding when any lacks one, so repeats are numbered as the engine would have numbered them.
  const run = results.some((e) => isFinding(e) && e.fingerprint === undefined) ? new RunFingerprints() : undefined;
  return results.map((e) => {
    if (!isFinding(e)) return undefined;
    const computed = run?.next(e);
    return e.fingerprint ?? computed;
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return utcDay(value);
  return undefined;
}

/** How an array item is named in a stable path: its `name`, its value, or its scalar fields (sorted). */
function itemLabel(item: unknown, index: number): string {
  const own = scalar(item);
  if (own !== undefined) return own;
  if (isRecord(item)) {
    if (typeof item['name'] === 'string') return item['name'];
    const fields = Object.keys(item)
      .sort()
      .flatMap((k) => {
        const v = scalar(item[k]);
        return v === undefined ? [] : [`${k}=${v}`];
      });
    if (fields.length > 0) return fields.join(',');
  }
  return String(index);
}

/** One step of `stableSpecPath`: the value and the stable path one segment below `value` at `stable`. */
export function stableSpecPathStep(value: unknown, stable: string | undefined, segment: string | number): { value: unknown; stable: string } {
  if (typeof segment === 'number') {
    const item = Array.isArray(value) ? value[segment] : undefined;
    return { value: item, stable: `${stable ?? ''}[${itemLabel(item, segment)}]` };
  }
  return { value: isRecord(value) ? value[segment] : undefined, stable: stable === undefined || stable === '' ? segment : `${stable}.${segment}` };
}

/**
 * The stable, readable form of a path inside an integration: `['synapse', 'sparkPools', 0, 'sparkVersion']` becomes
 * `synapse.sparkPools[mlpool].sparkVersion`. Array items are named rather than numbered, so inserting or reordering
 * list items in the spec does not change which finding is which. `undefined` for the integration itself.
 */
export function stableSpecPath(integration: unknown, path: SpecPath): string | undefined {
  let step: { value: unknown; stable: string | undefined } = { value: integration, stable: undefined };
  for (const segment of path) step = stableSpecPathStep(step.value, step.stable, segment);
  return step.stable;
}
