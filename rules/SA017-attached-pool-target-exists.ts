// SA017: an attached Synapse Spark pool (AML compute of type SynapseSpark) must point at a Spark pool that exists, in the
// integration's Synapse workspace.
import { lastSegment } from '../src/azure/ids.js';
import { ATTACHED_POOL_MESSAGES, attachedPoolPath, declaredNotLive, readAttachedPools } from '../src/engine/attached-pools.js';
import { COMMON_MESSAGES, fail, notApplicable, pass, unknown } from '../src/engine/outcomes.js';
import type { Check, Rule } from '../src/engine/types.js';
import { DOCS } from './docs.js';

const rule: Rule = {
  meta: {
    id: 'SA017',
    name: 'attached-pool-target-exists',
    title: 'An attached Synapse Spark pool must point at an existing Spark pool of the integration\'s Synapse workspace',
    severity: 'error',
    resourceTypes: ['microsoft.machinelearningservices/workspaces/computes', 'microsoft.synapse/workspaces/bigdatapools'],
    dataSources: ['arm.computes', 'resourceGraph.resources', 'spec'],
    judges: 'estate',
    rationale:
      'An attached Synapse Spark pool is an AML compute of type SynapseSpark whose `properties.resourceId` is the ARM ID of a ' +
      'Synapse Spark pool (`.../Microsoft.Synapse/workspaces/<ws>/bigDataPools/<pool>`). AML keeps the compute when the pool ' +
      'is deleted or renamed: the compute then still lists the pool\'s old settings (its `properties.properties` is a cached ' +
      'copy) but every Spark job or session submitted to it fails. synaml reads the pool itself from Resource Graph. Every ' +
      'attached compute that points at a pool of the integration\'s Synapse workspace is checked, declared or not; a declared ' +
      'one that points at a pool of another Synapse workspace (or at nothing) fails too, since the spec says it serves this ' +
      'integration. An undeclared compute that points at another workspace belongs to that workspace\'s integration.',
    remediation:
      'Recreate the Spark pool, or attach the compute to an existing one: write a YAML file with `name: <compute>`, ' +
      '`type: synapsespark`, `resource_id: /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Synapse/workspaces/<ws>/bigDataPools/<pool>` ' +
      '(and `identity:`), then `az ml compute attach --file <file>.yaml --resource-group <rg> --workspace-name <aml workspace>`; ' +
      'detach the stale one with `az ml compute detach --name <compute> --resource-group <rg> --workspace-name <aml workspace>`. ' +
      'Studio: Compute > Attached computes > New > Synapse Spark pool.',
    docs: [DOCS.manageSynapseSparkPool, DOCS.sparkInAzureMl],
    messages: {
      ...COMMON_MESSAGES,
      ...ATTACHED_POOL_MESSAGES,
      exists: 'Attached Spark pool {{compute}} points at Spark pool {{pool}}, which exists in Synapse workspace {{workspace}}.',
      'pool-missing':
        'Attached Spark pool {{compute}} points at Spark pool {{pool}}, which does not exist in Synapse workspace {{workspace}} (deleted or renamed): its jobs fail.',
      'other-workspace':
        'Attached Spark pool {{compute}} is declared for this integration but points at {{target}}, not at a Spark pool of Synapse workspace {{workspace}}.',
      'no-resource-id': 'Attached Spark pool {{compute}} names no Spark pool (its properties.resourceId is empty).',
      'workspace-missing': 'Attached Spark pool {{compute}} points at Spark pool {{pool}} of Synapse workspace {{workspace}}, which was not found (see SA016).',
    },
  },
  checkEstate({ integration, estate }) {
    const read = readAttachedPools(integration, estate);
    if (!read.ok) return read.checks;
    const synapseId = integration.synapse.workspaceId;
    const workspace = lastSegment(synapseId);
    const checks: Check[] = [];
    for (const target of read.targets) {
      const compute = target.name;
      if (!target.live) {
        checks.push(declaredNotLive(integration, target, attachedPoolPath(integration, target)));
        continue;
      }
      const path = attachedPoolPath(integration, target, 'pool');
      const base = { resourceId: target.resourceId, path };
      if (target.poolId === undefined) {
        checks.push(fail('no-resource-id', { ...base, data: { compute }, expected: `a Spark pool of Synapse workspace ${workspace}`, actual: 'no resourceId' }));
        continue;
      }
      const pool = lastSegment(target.poolId);
      if (!target.inWorkspace) {
        const elsewhere = target.poolId;
        checks.push(fail('other-workspace', { ...base, data: { compute, target: elsewhere, workspace }, expected: `a Spark pool of Synapse workspace ${workspace}`, actual: elsewhere }));
        continue;
      }
      const ws = estate.synapseWorkspace(synapseId);
      if (!ws.ok) {
        checks.push(unknown(ws.error, 'the Synapse workspace', base));
        continue;
      }
      if (!ws.value) {
        checks.push(notApplicable('workspace-missing', { ...base, data: { compute, pool, workspace } }));
        continue;
      }
      const pools = estate.sparkPools(ws.value.id);
      if (!pools.ok) {
        checks.push(unknown(pools.error, `the Spark pools of Synapse workspace ${ws.value.name}`, base));
        continue;
      }
      const found = pools.value.find((p) => p.name.toLowerCase() === pool.toLowerCase());
      const data = { compute, pool, workspace: ws.value.name };
      checks.push(
        found
          ? pass('exists', { ...base, data })
          : fail('pool-missing', { ...base, data, expected: `Spark pool ${pool} exists`, actual: 'not found' }),
      );
    }
    return checks;
  },
};

export default rule;
