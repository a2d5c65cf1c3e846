// SA013: a Spark pool's runtime is past end of support on the audit date.
import { lastSegment } from '../src/azure/ids.js';
import { isPoolOf } from '../src/engine/attached-pools.js';
import { COMMON_MESSAGES, fail, notApplicable, pass } from '../src/engine/outcomes.js';
import {
  checkLivePools,
  LIVE_POOL_MESSAGES,
  assessSparkRuntime,
  declaredPoolTargets,
  poolPath,
  SPARK_RUNTIMES,
  type PoolTarget,
} from '../src/engine/spark-runtimes.js';
import { utcDay } from '../src/dates.js';
import type { Check, Rule } from '../src/engine/types.js';
import type { Estate } from '../src/estate/model.js';
import type { IntegrationSpec } from '../src/spec/types.js';
import { DOCS } from './docs.js';

/** The newest runtime synaml knows: what a pool should move to. */
const NEWEST = SPARK_RUNTIMES[SPARK_RUNTIMES.length - 1]!.runtime;

const KNOWN = SPARK_RUNTIMES.map((r) =>
  r.disabled ? `${r.runtime} and older: disabled` : `${r.runtime}: ${r.ltsStart ? `long-term support ${r.ltsStart} to ${r.endOfSupport}` : `end of support ${r.endOfSupport}`}`,
).join('; ');

/**
 * Pool name (lower-case) -> the AML computes attached to it, for the messages: an attached pool's runtime is the pool's
 * own (the compute's `properties.properties.sparkVersion` is a cached copy), so the pool is judged and the computes only
 * named. Unreadable computes name none; the judgement does not depend on them.
 */
function attachedComputesByPool(integration: IntegrationSpec, estate: Estate): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const read = estate.attachedSparkPools(integration.machineLearning.workspaceId);
  if (!read.ok) return out;
  for (const compute of read.value) {
    if (!isPoolOf(compute.poolResourceId, integration.synapse.workspaceId)) continue;
    const pool = lastSegment(compute.poolResourceId!).toLowerCase();
    out.set(pool, [...(out.get(pool) ?? []), compute.name]);
  }
  return out;
}

function evaluate(target: PoolTarget, where: string, now: Date): Check {
  const { resourceId } = target;
  const path = poolPath(target, 'sparkVersion');
  const today = utcDay(now);
  const base = { pool: target.name, where, today };
  if (target.sparkVersion === undefined) return notApplicable('no-version', { resourceId, path, data: base });
  const version = target.sparkVersion;
  const a = assessSparkRuntime(version, now);
  const actual = `Apache Spark ${version}`;
  const expected = `a supported runtime (Apache Spark ${NEWEST})`;
  switch (a.status) {
    case 'unrecognised':
      return fail('unrecognised', { severity: 'note', resourceId, path, data: { version, known: KNOWN, ...base }, actual });
    case 'disabled':
      return fail('disabled', { severity: 'error', resourceId, path, data: { version, runtime: a.runtime, ...base }, expected, actual });
    case 'end-of-support':
      return fail('end-of-support', { resourceId, path, data: { version, runtime: a.runtime, endOfSupport: a.endOfSupport, ...base }, expected, actual });
    case 'supported': {
      const lifecycle = a.ltsStart
        ? `${a.inLts ? 'in long-term support' : `long-term support from ${a.ltsStart}`}, supported until ${a.endOfSupport}`
        : `supported until ${a.endOfSupport}`;
      return pass('supported', { resourceId, path, data: { version, runtime: a.runtime, lifecycle, ...base } });
    }
  }
}

const rule: Rule = {
  meta: {
    id: 'SA013',
    name: 'spark-runtime-end-of-support',
    title: "A Spark pool's runtime must be supported on the audit date",
    severity: 'warning',
    resourceTypes: ['microsoft.synapse/workspaces', 'microsoft.synapse/workspaces/bigdatapools'],
    dataSources: ['resourceGraph.resources', 'spec'],
    judges: 'estate',
    rationale:
      'A Synapse Spark runtime past its end of support gets no fixes, and a disabled one no longer runs jobs: the AML integration ' +
      `(and the MLflow tracking it needs) is only dependable on a supported runtime. synaml's runtime table: ${KNOWN}. ` +
      'On the audit date (the last day of support still counts as supported): Spark 3.3 and older fail as errors (disabled); a runtime ' +
      'past its end of support fails as a warning; a supported runtime passes, its message giving the end-of-support date; a version the ' +
      'table does not know (a newer runtime, or not a version at all) fails as a note so someone checks it. Versions compare ' +
      'numerically by major.minor (3.10 is newer than 3.4). ' +
      '`validate` evaluates every declared pool with a declared `sparkVersion`. `audit` evaluates every live pool on its live ' +
      '`sparkVersion`: only a pool that was read can pass, and when the pools cannot be read the outcome is unknown. A declared ' +
      'runtime that is disabled or past end of support still fails in an audit (the spec itself names it), once: not again when the ' +
      'live pool fails too. Attached Synapse Spark pools (AML computes of type SynapseSpark) are judged through the pool they point at, ' +
      'on the pool\'s own runtime (the compute keeps only a cached copy of it), and the message names the computes attached to the pool.',
    remediation:
      `Move the pool to Apache Spark ${NEWEST}: test the workload on ${NEWEST}, then update the pool with Azure PowerShell ` +
      `\`Update-AzSynapseSparkPool -WorkspaceName <workspace> -Name <pool> -SparkVersion ${NEWEST}\`, or create a new pool in Synapse ` +
      `Studio > Manage > Apache Spark pools > + New (Apache Spark version ${NEWEST}) or with \`az synapse spark pool create ` +
      `--workspace-name <workspace> --resource-group <rg> --name <pool> --spark-version ${NEWEST} --node-count 3 --node-size Medium\`, ` +
      `and point notebooks and pipelines at it. Update \`sparkVersion\` in the spec. If the migration is booked, waive the finding ` +
      'until then: `waivers: [{ rule: SA013, integration: <name>, reason: "...", expires: YYYY-MM-DD }]`.',
    docs: [DOCS.sparkRuntimeLifecycle, DOCS.quickstart],
    messages: {
      ...COMMON_MESSAGES,
      disabled:
        'Spark pool {{pool}} ({{where}}) runs Apache Spark {{version}}: the Synapse runtimes for Spark 3.3 and older are disabled (out of support; jobs may no longer run).',
      'end-of-support': 'Spark pool {{pool}} ({{where}}) runs Apache Spark {{version}}, whose runtime reached end of support on {{endOfSupport}} (audit date {{today}}).',
      supported: 'Spark pool {{pool}} ({{where}}) runs Apache Spark {{version}}, supported on {{today}} ({{lifecycle}}).',
      unrecognised:
        'Spark pool {{pool}} ({{where}}) has Spark version "{{version}}", which synaml\'s runtime table does not know ({{known}}); check its support status on Microsoft\'s runtime lifecycle page.',
      'no-version': 'Spark pool {{pool}} ({{where}}) reports no Spark version; its runtime cannot be judged.',
      ...LIVE_POOL_MESSAGES,
    },
  },
  checkSpec({ integration, now, failuresOnly }) {
    const targets = declaredPoolTargets(integration);
    // A declared target has a version: it fails unless its runtime is supported.
    const judged = failuresOnly ? targets.filter((t) => assessSparkRuntime(t.sparkVersion!, now).status !== 'supported') : targets;
    return judged.map((t) => evaluate(t, 'declared in the spec', now));
  },
  checkEstate({ integration, estate, now }) {
    const attached = attachedComputesByPool(integration, estate);
    return checkLivePools(integration, estate, (t, where) => {
      const computes = attached.get(t.name.toLowerCase());
      return evaluate(t, computes ? `${where}; attached to AML workspace ${lastSegment(integration.machineLearning.workspaceId)} as ${computes.join(', ')}` : where, now);
    });
  },
};

export default rule;
