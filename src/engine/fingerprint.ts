// What identifies a finding from one run to the next. SARIF `partialFingerprints`, baselines and `synaml diff` all use
// this one function, so a finding keeps its identity in every format. Inputs are the fields that name what is wrong
// and where — never the rendered message, the spec line, or live values (dates, states, counts), which change while
// the finding stays the same.
import { hash } from 'node:crypto';
import type { SpecPath } from '../spec/types.js';
import type { ResultEntry } from './types.js';

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

function sha(text: string): string {
  // One-shot `hash` (UTF-8, as createHash().update(text, 'utf8')): the same digest, at half the cost per finding.
  return hash('sha256', text, 'hex').slice(0, 32);
}

function normaliseResourceId(id: string | undefined): string {
  const lower = (id ?? '').trim().toLowerCase();
  return lower.endsWith('/') ? lower.replace(/\/+$/, '') : lower;
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
 * Makes fingerprints unique within one result: the n-th repeat (n >= 2, in evaluation order) of a fingerprint becomes
 * a hash of it and n. Evaluation order is deterministic, so repeats keep their identity across runs too.
 */
export function disambiguate(fingerprints: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return fingerprints.map((fp) => {
    const n = (seen.get(fp) ?? 0) + 1;
    seen.set(fp, n);
    return n === 1 ? fp : sha(`${fp}:${n}`);
  });
}

/**
 * The fingerprint of every entry, in order: the engine's own (`entry.fingerprint`) where present, else computed from
 * the entry's fields — for results written by hand or by an older synaml, whose entries carry no fingerprint.
 */
export function fingerprintsOf(results: readonly ResultEntry[]): string[] {
  if (results.every((e) => e.fingerprint !== undefined)) return results.map((e) => e.fingerprint!);
  const computed = disambiguate(results.map((e) => fingerprintOf(e)));
  return results.map((e, i) => e.fingerprint ?? computed[i]!);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
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

/**
 * The stable, readable form of a path inside an integration: `['synapse', 'sparkPools', 0, 'sparkVersion']` becomes
 * `synapse.sparkPools[mlpool].sparkVersion`. Array items are named rather than numbered, so inserting or reordering
 * list items in the spec does not change which finding is which. `undefined` for the integration itself.
 */
export function stableSpecPath(integration: unknown, path: SpecPath): string | undefined {
  if (path.length === 0) return undefined;
  let node: unknown = integration;
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      const item = Array.isArray(node) ? node[segment] : undefined;
      out += `[${itemLabel(item, segment)}]`;
      node = item;
    } else {
      out += out === '' ? segment : `.${segment}`;
      node = isRecord(node) ? node[segment] : undefined;
    }
  }
  return out;
}
