// Waivers: a spec can accept a known failure for a while. Only `fail` is waivable — an `unknown` means synaml could
// not look, and a waiver must never hide that — and only up to and including the expiry day (UTC).
import { withoutTrailingSlashes } from '../azure/ids.js';
import { utcDay } from '../dates.js';
import type { WaiverSpec } from '../spec/types.js';
import type { ResultEntry } from './types.js';

/** `expires` as `YYYY-MM-DD`, tolerating a YAML 1.1 timestamp that was parsed into a Date. */
function expiryDay(expires: unknown): string {
  if (expires instanceof Date) return utcDay(expires);
  return String(expires).trim().slice(0, 10);
}

/** True while the audit day (UTC) is on or before the waiver's expiry day. */
export function waiverIsActive(waiver: Pick<WaiverSpec, 'expires'>, now: Date): boolean {
  return utcDay(now) <= expiryDay(waiver.expires);
}

/** True when the waiver names the entry's rule (ID or name), and its integration and resource if it gives them. */
export function waiverMatches(waiver: WaiverSpec, entry: Pick<ResultEntry, 'ruleId' | 'ruleName' | 'integration' | 'resourceId'>): boolean {
  const rule = waiver.rule.trim().toLowerCase();
  if (rule !== entry.ruleId.toLowerCase() && rule !== entry.ruleName.toLowerCase()) return false;
  if (waiver.integration !== undefined && waiver.integration !== entry.integration) return false;
  if (waiver.resource !== undefined) {
    if (entry.resourceId === undefined) return false;
    if (normaliseResource(waiver.resource) !== normaliseResource(entry.resourceId)) return false;
  }
  return true;
}

function normaliseResource(id: string): string {
  return withoutTrailingSlashes(id.trim().toLowerCase());
}

/** The first active waiver (in spec order) that applies to a `fail` entry, if any. */
export function findWaiver(entry: ResultEntry, waivers: readonly WaiverSpec[], now: Date): WaiverSpec | undefined {
  if (entry.outcome !== 'fail') return undefined;
  return waivers.find((w) => waiverMatches(w, entry) && waiverIsActive(w, now));
}

/** Marks waived entries (`waived: true` plus the waiver's reason and expiry); returns new entries, same order. */
export function applyWaivers(entries: readonly ResultEntry[], waivers: readonly WaiverSpec[], now: Date): ResultEntry[] {
  const out = [...entries];
  waiveInPlace(out, waivers, now);
  return out;
}

/**
 * `applyWaivers` on an array of one's own, in place (the engine's: a large audit has 100,000 entries, and only a
 * failure can be waived). A waived entry is replaced by a waived copy; the others are left as they are.
 */
export function waiveInPlace(entries: ResultEntry[], waivers: readonly WaiverSpec[], now: Date): void {
  if (waivers.length === 0) return;
  for (let i = 0; i < entries.length; i++) {
    const waiver = findWaiver(entries[i]!, waivers, now);
    if (waiver) entries[i] = waived(entries[i]!, waiver);
  }
}

/** A copy of `entry` waived by `waiver`. */
function waived(entry: ResultEntry, waiver: WaiverSpec): ResultEntry {
  return { ...entry, waived: true, waiver: { reason: waiver.reason, expires: expiryDay(waiver.expires) } };
}
