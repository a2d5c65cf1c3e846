// The Azure Synapse runtimes for Apache Spark, and their lifecycle as synaml knows it (the table was checked against
// Microsoft's "lifecycle and supportability" page on the date given in rules/docs.ts, DOCS.sparkRuntimeLifecycle).
// Also: parsing and comparing Spark versions, and which Spark pools the pool rules (SA003, SA013) evaluate.
import { withoutTrailingSlashes } from '../azure/ids.js';
import { utcDay } from '../dates.js';
import type { Estate, SparkPool } from '../estate/model.js';
import type { IntegrationSpec, SparkPoolSpec, SpecPath } from '../spec/types.js';
import { notApplicable, unknown } from './outcomes.js';
import type { Check } from './types.js';
import { rememberLast } from '../memo.js';

/** A Spark version reduced to major.minor (runtimes are per minor version: "3.4.1" is the 3.4 runtime). */
export interface SparkVersion {
  major: number;
  minor: number;
}

/** Parses `3.4`, `3.4.1`, ` 3.10 `; anything else (`3`, `v3.4`, `banana`) is undefined. */
export function parseSparkVersion(text: string | undefined): SparkVersion | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /^(\d+)\.(\d+)(?:\.\d+)*$/.exec(text.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

/** Numeric comparison by major, then minor: `3.10` > `3.4`. Negative, zero or positive. */
export function compareSparkVersions(a: SparkVersion, b: SparkVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

export function formatSparkVersion(v: SparkVersion): string {
  return `${v.major}.${v.minor}`;
}

// ---- the lifecycle table ----------------------------------------------------------------------------------------

export interface SparkRuntimeLifecycle {
  /** major.minor */
  runtime: string;
  /** Disabled: out of support, Microsoft no longer runs jobs on it. */
  disabled?: true;
  /** First day of long-term support (YYYY-MM-DD). */
  ltsStart?: string;
  /** Last day of support (YYYY-MM-DD, inclusive). */
  endOfSupport?: string;
}

/**
 * The runtimes synaml knows. Every runtime at or below `DISABLED_AT_OR_BELOW` is disabled. A version above the newest
 * entry is unknown to synaml (it may be a new runtime this table has not learned yet).
 */
export const SPARK_RUNTIMES: readonly SparkRuntimeLifecycle[] = [
  { runtime: '3.3', disabled: true },
  { runtime: '3.4', endOfSupport: '2026-03-31' },
  { runtime: '3.5', ltsStart: '2027-11-01', endOfSupport: '2028-10-31' },
];

/** Spark 3.3 and every older runtime (3.2, 3.1, 2.4, ...) are disabled. */
export const DISABLED_AT_OR_BELOW: SparkVersion = { major: 3, minor: 3 };

export type RuntimeAssessment =
  | { status: 'unrecognised'; version: string }
  | { status: 'disabled'; runtime: string }
  | { status: 'end-of-support'; runtime: string; endOfSupport: string }
  | { status: 'supported'; runtime: string; endOfSupport: string; ltsStart?: string; inLts: boolean };

/** The table's runtimes, parsed once. */
const PARSED_RUNTIMES = SPARK_RUNTIMES.map((entry) => ({ entry, version: parseSparkVersion(entry.runtime) }));

/** Where `version` stands on the day `now` (UTC). Support includes its last day. */
export function assessSparkRuntime(version: string, now: Date): RuntimeAssessment {
  // Asked for every pool (SA003, SA013) with a handful of versions and one audit date: each version's answer is
  // kept for the day (answers are not changed by their readers).
  const today = utcDay(now);
  if (assessedDay !== today) {
    assessed.clear();
    assessedDay = today;
  }
  let answer = assessed.get(version);
  if (answer === undefined) {
    answer = assess(version, now);
    if (assessed.size >= 1000) assessed.clear();
    assessed.set(version, answer);
  }
  return answer;
}

let assessedDay: string | undefined;
const assessed = new Map<string, RuntimeAssessment>();

function assess(version: string, now: Date): RuntimeAssessment {
  const parsed = parseSparkVersion(version);
  if (!parsed) return { status: 'unrecognised', version };
  const runtime = formatSparkVersion(parsed);
  if (compareSparkVersions(parsed, DISABLED_AT_OR_BELOW) <= 0) return { status: 'disabled', runtime };
  const entry = PARSED_RUNTIMES.find((r) => r.version !== undefined && compareSparkVersions(r.version, parsed) === 0)?.entry;
  if (entry?.disabled) return { status: 'disabled', runtime };
  if (!entry?.endOfSupport) return { status: 'unrecognised', version };
  const today = utcDay(now);
  if (today > entry.endOfSupport) return { status: 'end-of-support', runtime, endOfSupport: entry.endOfSupport };
  const supported: RuntimeAssessment = { status: 'supported', runtime, endOfSupport: entry.endOfSupport, inLts: entry.ltsStart !== undefined && today >= entry.ltsStart };
  if (entry.ltsStart !== undefined) supported.ltsStart = entry.ltsStart;
  return supported;
}

// ---- which pools the pool rules evaluate -----------------------------------------------------------------------

/** The ARM ID of a Spark pool of a Synapse workspace. */
export function sparkPoolId(workspaceId: string, poolName: string): string {
  return `${withoutTrailingSlashes(workspaceId)}/bigDataPools/${poolName}`;
}

/** A pool a rule evaluates: a declared one (from the spec alone) or a live one (matched to its declaration, if any). */
export interface PoolTarget {
  source: 'spec' | 'live';
  name: string;
  resourceId: string;
  /** The Spark version evaluated: live when the pool was read, else the declared one. */
  sparkVersion?: string;
  /** The declaration matched by name (case-insensitive), with its index in `synapse.sparkPools`. */
  declared?: { index: number; pool: SparkPoolSpec };
}

/** Declared pools with a declared `sparkVersion`: what the spec alone says (`validate`; in an audit, only its failures count). */
export function declaredPoolTargets(integration: IntegrationSpec): PoolTarget[] {
  return (integration.synapse.sparkPools ?? []).flatMap((pool, index) =>
    pool.sparkVersion === undefined
      ? []
      : [{ source: 'spec' as const, name: pool.name, resourceId: sparkPoolId(integration.synapse.workspaceId, pool.name), sparkVersion: pool.sparkVersion, declared: { index, pool } }],
  );
}

/**
 * Live pools, each matched to its declaration by name (case-insensitive), evaluated on the runtime that was read. A
 * live pool that reports no Spark version is not given the declared one: what the spec says is not what was seen.
 * (The engine drops a declared finding that the live pool repeats, so nothing is reported twice.)
 *
 * SA003 and SA013 ask it in turn for the same integration and pools: the last answer (matched and sorted once) is
 * kept for the next.
 */
export const livePoolTargets = rememberLast(computeLivePoolTargets);

function computeLivePoolTargets(integration: IntegrationSpec, pools: readonly SparkPool[]): PoolTarget[] {
  const declaredPools = integration.synapse.sparkPools ?? [];
  const targets = pools.map((live) => {
    const index = declaredPools.findIndex((p) => p.name.toLowerCase() === live.name.toLowerCase());
    const pool = index >= 0 ? declaredPools[index] : undefined;
    const target: PoolTarget = { source: 'live', name: live.name, resourceId: live.id };
    if (live.sparkVersion !== undefined) target.sparkVersion = live.sparkVersion;
    if (pool) target.declared = { index, pool };
    return target;
  });
  // The result does not depend on the order Azure listed the pools in: declared pools in spec order, then the others by name.
  const rank = (t: PoolTarget) => t.declared?.index ?? declaredPools.length;
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return targets.sort((a, b) => rank(a) - rank(b) || byName(a.name.toLowerCase(), b.name.toLowerCase()) || byName(a.resourceId.toLowerCase(), b.resourceId.toLowerCase()));
}

/** Path of a pool target inside the integration: the declared field when declared, the pool entry, or the pool list. */
export function poolPath(target: PoolTarget, field: keyof SparkPoolSpec): SpecPath {
  if (!target.declared) return ['synapse', 'sparkPools'];
  return target.declared.pool[field] !== undefined
    ? ['synapse', 'sparkPools', target.declared.index, field]
    : ['synapse', 'sparkPools', target.declared.index];
}

/** Messages `checkLivePools` uses; rules that call it spread these into their own. */
export const LIVE_POOL_MESSAGES = {
  'no-pools': 'Synapse workspace {{workspace}} has no Spark pools (a declared pool that does not exist is reported by SA016).',
  'workspace-missing': 'Synapse workspace {{workspace}} was not found (see SA016).',
} as const;

/**
 * The estate half of the per-pool rules (SA003, SA013): reads the workspace and its live pools, turning unreadable
 * data into `unknown` and a missing workspace into `not-applicable`, then evaluates every live pool target.
 */
export function checkLivePools(
  integration: IntegrationSpec,
  estate: Estate,
  evaluate: (target: PoolTarget, where: string) => Check,
): Check[] {
  const id = integration.synapse.workspaceId;
  const ws = estate.synapseWorkspace(id);
  if (!ws.ok) return [unknown(ws.error, 'the Synapse workspace', { resourceId: id, path: ['synapse', 'workspaceId'] })];
  if (!ws.value) return [notApplicable('workspace-missing', { resourceId: id, data: { workspace: id }, path: ['synapse', 'workspaceId'] })];
  const pools = estate.sparkPools(ws.value.id);
  if (!pools.ok) {
    return [unknown(pools.error, `the Spark pools of Synapse workspace ${ws.value.name}`, { resourceId: ws.value.id, path: ['synapse', 'sparkPools'] })];
  }
  if (pools.value.length === 0) {
    return [notApplicable('no-pools', { resourceId: ws.value.id, data: { workspace: ws.value.name }, path: ['synapse', 'sparkPools'] })];
  }
  const where = estate.origin === 'template' ? `in the template, workspace ${ws.value.name}` : `live in workspace ${ws.value.name}`;
  return livePoolTargets(integration, pools.value).map((t) => evaluate(t, where));
}
