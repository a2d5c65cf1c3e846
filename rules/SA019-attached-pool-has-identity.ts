// SA019: an attached Synapse Spark pool should have a managed identity: jobs default to its system-assigned identity.
import { lastSegment } from '../src/azure/ids.js';
import { ATTACHED_POOL_MESSAGES, attachedPoolPath, computePrincipals, declaredNotLive, readAttachedPools } from '../src/engine/attached-pools.js';
import { COMMON_MESSAGES, fail, pass } from '../src/engine/outcomes.js';
import type { Check, Rule } from '../src/engine/types.js';
import { DOCS } from './docs.js';

const rule: Rule = {
  meta: {
    id: 'SA019',
    name: 'attached-pool-has-identity',
    title: 'An attached Synapse Spark pool should have a managed identity',
    severity: 'warning',
    resourceTypes: ['microsoft.machinelearningservices/workspaces/computes'],
    dataSources: ['arm.computes', 'spec'],
    judges: 'estate',
    rationale:
      'For an attached Synapse Spark pool the default identity of a Spark job is the system-assigned managed identity of the ' +
      'attached pool (Apache Spark in Azure Machine Learning, "Ensuring resource access for Spark jobs"); the other choices are a ' +
      'user-assigned identity attached to the pool, or user identity passthrough. A compute attached without any managed ' +
      'identity has no identity to hold the Synapse role it needs (SA018) or to reach data with, so jobs that rely on the ' +
      'default fail. Every attached compute that points at a pool of the integration\'s Synapse workspace is checked.',
    remediation:
      'Give the attached pool an identity: `az ml compute update --name <compute> --resource-group <rg> --workspace-name ' +
      '<aml workspace> --identity-type SystemAssigned` (or `--identity-type UserAssigned --user-assigned-identities <identity ' +
      'resource ID>`), or in the studio: the attached pool\'s Details > Managed identity > edit. Then grant it the Synapse role (SA018).',
    docs: [DOCS.sparkInAzureMl, DOCS.manageSynapseSparkPool],
    messages: {
      ...COMMON_MESSAGES,
      ...ATTACHED_POOL_MESSAGES,
      'has-identity': 'Attached Spark pool {{compute}} has a managed identity ({{identities}}).',
      'no-identity':
        'Attached Spark pool {{compute}} has no managed identity: Spark jobs default to the attached pool\'s system-assigned identity, which it does not have.',
    },
  },
  checkEstate({ integration, estate }) {
    const read = readAttachedPools(integration, estate);
    if (!read.ok) return read.checks;
    const checks: Check[] = [];
    for (const target of read.targets) {
      const compute = target.name;
      const path = attachedPoolPath(integration, target, 'identity');
      if (!target.live) {
        checks.push(declaredNotLive(integration, target, path));
        continue;
      }
      const principals = computePrincipals(target.live);
      if (principals.length === 0) {
        checks.push(fail('no-identity', { resourceId: target.resourceId, path, data: { compute }, expected: 'a system-assigned or user-assigned managed identity', actual: 'none' }));
        continue;
      }
      const identities = principals.map((p) => (p.kind === 'systemAssigned' ? 'system-assigned' : `user-assigned ${lastSegment(p.resourceId ?? '')}`)).join(', ');
      checks.push(pass('has-identity', { resourceId: target.resourceId, path, data: { compute, identities }, actual: identities }));
    }
    return checks;
  },
};

export default rule;
