// ARM resource IDs: Azure returns them in mixed case, Resource Graph lower-cases types; compare case-insensitively.
import { memoByKey } from '../memo.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a canonical 8-4-4-4-12 hexadecimal GUID. */
export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID.test(value);
}

/**
 * Lower-case, one leading slash, no trailing slash, no doubled slashes. `/` stays `/`. Memoised (the rules compare
 * the same few thousand IDs many times over).
 */
export const normaliseId = memoByKey((id: string): string => {
  const lower = id.trim().toLowerCase();
  // As `.replace(/\/{2,}/g, '/').replace(/\/+$/, '')`, without running a regular expression on every ID.
  const trimmed = withoutTrailingSlashes(lower.includes('//') ? lower.replace(/\/{2,}/g, '/') : lower);
  return trimmed === '' ? '/' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}, 100_000);

export function sameId(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return a === b || normaliseId(a) === normaliseId(b);
}

export interface ParsedArmId {
  subscriptionId?: string;
  resourceGroup?: string;
  managementGroup?: string;
  /** e.g. `microsoft.synapse` (as written). */
  provider?: string;
  /** Full type, e.g. `Microsoft.Synapse/workspaces/bigDataPools` (as written). */
  type?: string;
  /** Resource names along the type chain, e.g. ['ws1', 'pool1']. */
  names: string[];
}

/** Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}...]` and MG scopes. */
export function parseArmId(id: string): ParsedArmId | undefined {
  const parts = withoutTrailingSlashes(id.trim()).split('/').filter((p) => p !== '');
  const out: ParsedArmId = { names: [] };
  let i = 0;
  const is = (k: number, word: string) => parts[k]?.toLowerCase() === word;
  if (is(0, 'providers') && is(1, 'microsoft.management') && is(2, 'managementgroups') && parts[3]) {
    out.managementGroup = parts[3];
    return parts.length === 4 ? out : undefined;
  }
  if (is(0, 'subscriptions') && parts[1]) {
    out.subscriptionId = parts[1];
    i = 2;
    if (is(2, 'resourcegroups') && parts[3]) {
      out.resourceGroup = parts[3];
      i = 4;
    }
  }
  if (i === parts.length) return i === 0 ? undefined : out;
  if (!is(i, 'providers') || !parts[i + 1]) return undefined;
  out.provider = parts[i + 1];
  const rest = parts.slice(i + 2);
  if (rest.length === 0 || rest.length % 2 !== 0) return undefined;
  const types: string[] = [];
  for (let k = 0; k < rest.length; k += 2) {
    types.push(rest[k]!);
    out.names.push(rest[k + 1]!);
  }
  out.type = `${out.provider}/${types.join('/')}`;
  return out;
}

/** The resource type of an ARM ID, lower-case (`microsoft.synapse/workspaces/bigdatapools`), or undefined. */
export function resourceTypeOf(id: string): string | undefined {
  return parseArmId(id)?.type?.toLowerCase();
}

/** `id` without its trailing slashes, as `id.replace(/\/+$/, '')`. */
export function withoutTrailingSlashes(id: string): string {
  let end = id.length;
  while (end > 0 && id.charCodeAt(end - 1) === 0x2f) end--;
  return end === id.length ? id : id.slice(0, end);
}

/** The last path segment: Resource Graph returns child resources with only this as `name`. */
export function lastSegment(id: string): string {
  // As `id.replace(/\/+$/, '').split('/').pop()`, without the array: rules name resources this way for every finding.
  const trimmed = withoutTrailingSlashes(id);
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * The parent resource ID of a child resource (`.../workspaces/ws/bigDataPools/p` -> `.../workspaces/ws`). Memoised:
 * the attached-pool rules ask it for the same compute's pool several times per integration, and parsing allocates.
 */
export const parentResourceId = memoByKey((id: string): string | undefined => {
  const parsed = parseArmId(id);
  if (!parsed || parsed.names.length < 2) return undefined;
  // As `withoutTrailingSlashes(id).split('/').slice(0, -2).join('/')`: everything before the second last slash.
  const trimmed = withoutTrailingSlashes(id);
  const cut = trimmed.lastIndexOf('/', trimmed.lastIndexOf('/') - 1);
  return cut < 0 ? '' : trimmed.slice(0, cut);
}, 100_000);

/**
 * True when an assignment at `scope` applies to `resourceId`: the same ID, or an ARM path prefix of it
 * (resource group, subscription, parent resource), or the root scope `/`. Management-group scopes are decided
 * by the caller, which knows the subscription's ancestry.
 */
export function scopeCovers(scope: string, resourceId: string): boolean {
  const s = normaliseId(scope);
  const r = normaliseId(resourceId);
  if (s === '/') return true;
  return r === s || r.startsWith(`${s}/`);
}

/** The subscription GUID in an ARM ID, lower-case. */
export function subscriptionOf(id: string): string | undefined {
  return parseArmId(id)?.subscriptionId?.toLowerCase();
}

/** A subscription given as `<id>` or `/subscriptions/<id>`, as Resource Graph takes it: the ID, trimmed, lower-case. */
export function bareSubscriptionId(value: string): string {
  return withoutTrailingSlashes(value.trim().replace(/^\/subscriptions\//i, '')).toLowerCase();
}

/** Subscription IDs as Resource Graph takes them (`bareSubscriptionId`), distinct, sorted, none empty. */
export function subscriptionIds(values: readonly string[]): string[] {
  return [...new Set(values.map(bareSubscriptionId).filter((v) => v !== ''))].sort();
}

/** The management group name of an MG scope (`/providers/Microsoft.Management/managementGroups/x`), lower-case. */
export function managementGroupOf(scope: string): string | undefined {
  return parseArmId(scope)?.managementGroup?.toLowerCase();
}
