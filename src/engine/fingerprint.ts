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

const QUOTED_FINGERPRINT_KEY = JSON.stringify(FINGERPRINT_KEY);

/** The findings of one integration so far: their fingerprints, and the rules (quoted) whose findings they are. */
interface IntegrationFindings {
  fingerprints: string[];
  quotedRuleIds: string[];
}

/**
 * `fingerprintOf` then `disambiguate`, for the findings of one run as the engine makes them: the same digests of the
 * same JSON text, without an array and a `JSON.stringify` of every field per finding. `JSON.stringify` of an array of
 * strings is `[`, the strings' JSON texts separated by commas, `]`; the text's head (key, rule ID, integration) is
 * quoted once per rule and integration, message IDs once per run, a resource ID once per integration (its rules'
 * findings share a few).
 *
 * Repeats: equal inputs have the same rule and integration, so a finding is compared with the earlier findings of its
 * rule and integration only — in the engine, the few just before it (a rule's findings for an integration come
 * together). When the same rule and integration come back later (a caller's own order, or two integrations with one
 * name), the integration's earlier findings are compared too.
 */
export class RunFingerprints {
  /** The rule and integration of the previous finding (undefined before the first). */
  private ruleId: string | undefined;
  private integration: string | undefined;
  private quotedIntegration = '';
  /** `["synaml/v1","<RULE ID>","<integration>",` for the current rule and integration. */
  private head = '';
  /** Rule ID -> the JSON text of its trimmed upper-case form. */
  private readonly ruleIds = new Map<string, string>();
  /** Message ID -> its JSON text. */
  private readonly messageIds = new Map<string, string>();
  /** Resource ID -> the JSON text of its normalised form, for the current integration; and the last one asked. */
  private resourceIds = new Map<string, string>();
  private lastResourceId: string | undefined;
  private lastQuotedResourceId = '""';
  /** Integration name -> its findings so far; the current integration's. */
  private readonly seen = new Map<string, IntegrationFindings>();
  private current: IntegrationFindings = { fingerprints: [], quotedRuleIds: [] };
  /** Where the current integration's fingerprints that a new one could repeat begin. */
  private compareFrom = 0;
  /** Fingerprint -> how many findings had it, for those that repeat (rare). */
  private readonly repeats = new Map<string, number>();

  /**
   * The fingerprint of the run's next finding. `quotedSpecPath`, when given, is `JSON.stringify(input.specPath ?? '')`
   * (the engine keeps it with the spec path, which many findings share).
   */
  next(input: FingerprintInput, quotedSpecPath = JSON.stringify(input.specPath ?? '')): string {
    return this.of(input.ruleId, input.integration, input.resourceId, input.messageId, quotedSpecPath, input.key);
  }

  /** `next`, its input as arguments: the engine calls it once per finding. */
  of(ruleId: string, integration: string, resourceId: string | undefined, messageId: string | undefined, quotedSpecPath: string, key: string | undefined): string {
    if (integration !== this.integration) {
      this.integration = integration;
      this.quotedIntegration = JSON.stringify(integration);
      this.ruleId = undefined;
      this.resourceIds = new Map();
      this.lastResourceId = undefined;
      let findings = this.seen.get(integration);
      if (!findings) {
        findings = { fingerprints: [], quotedRuleIds: [] };
        this.seen.set(integration, findings);
      }
      this.current = findings;
    }
    if (ruleId !== this.ruleId) {
      this.ruleId = ruleId;
      const quotedRuleId = memo(this.ruleIds, ruleId, quoteRuleId);
      this.head = `[${QUOTED_FINGERPRINT_KEY},${quotedRuleId},${this.quotedIntegration},`;
      const { fingerprints, quotedRuleIds } = this.current;
      this.compareFrom = quotedRuleIds.includes(quotedRuleId) ? 0 : fingerprints.length;
      quotedRuleIds.push(quotedRuleId);
    }
    let quotedResourceId = '""';
    if (resourceId !== undefined) {
      if (resourceId !== this.lastResourceId) {
        this.lastResourceId = resourceId;
        this.lastQuotedResourceId = memo(this.resourceIds, resourceId, quoteResourceId);
      }
      quotedResourceId = this.lastQuotedResourceId;
    }
    const quotedMessageId = memo(this.messageIds, messageId ?? '', quote);
    const quotedKey = key === undefined ? '""' : JSON.stringify(key);
    const fp = sha(`${this.head}${quotedResourceId},${quotedMessageId},${quotedSpecPath},${quotedKey}]`);
    const { fingerprints } = this.current;
    let repeated = false;
    for (let i = this.compareFrom; i < fingerprints.length; i++) {
      if (fingerprints[i] === fp) {
        repeated = true;
        break;
      }
    }
    fingerprints.push(fp);
    if (!repeated) return fp;
    // A repeat: the n-th finding (n >= 2) with these inputs.
    const n = (this.repeats.get(fp) ?? 1) + 1;
    this.repeats.set(fp, n);
    return sha(`${fp}:${n}`);
  }
}

const quote = (text: string) => JSON.stringify(text);
const quoteRuleId = (id: string) => JSON.stringify(id.trim().toUpperCase());
const quoteResourceId = (id: string) => JSON.stringify(normaliseResourceId(id));

function memo(cache: Map<string, string>, key: string, compute: (key: string) => string): string {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute(key);
    cache.set(key, value);
  }
  return value;
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
 * The fingerprint of every finding (`isFinding`), in order, and `undefined` for every other entry: the engine's own
 * (`entry.fingerprint`) where present, else computed from the entry's fields (repeats numbered among the findings, as
 * the engine numbers them) — for results written by hand or by an older synaml, whose entries carry no fingerprint.
 */
export function fingerprintsOf(results: readonly ResultEntry[]): Array<string | undefined> {
  const findings = results.filter(isFinding);
  let computed: string[] | undefined;
  if (findings.some((e) => e.fingerprint === undefined)) computed = disambiguate(findings.map((e) => fingerprintOf(e)));
  let next = 0;
  return results.map((e) => {
    if (!isFinding(e)) return undefined;
    const i = next++;
    return e.fingerprint ?? computed![i];
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
