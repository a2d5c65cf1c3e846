// SA018: each managed identity of an attached Synapse Spark pool needs a Synapse RBAC role that lets it use the pool:
// Synapse Administrator on the pool item (the v2 attach doc) or Synapse Apache Spark Administrator (the v1 link doc),
// at workspace scope or on that pool.
import { lastSegment } from '../src/azure/ids.js';
import { ATTACHED_POOL_MESSAGES, attachedPoolPath, computePrincipals, declaredNotLive, readAttachedPools, synapseAssignmentsReachingPool } from '../src/engine/attached-pools.js';
import { COMMON_MESSAGES, fail, notApplicable, pass, unknown } from '../src/engine/outcomes.js';
import type { Check, Rule } from '../src/engine/types.js';
import { SYNAPSE_ROLES, roleGuidOf, roleNameOf } from '../src/estate/roles.js';
import { DOCS } from './docs.js';

/** Both grant `Microsoft.Synapse/workspaces/bigDataPools/useCompute/action`; the docs name one each. */
const SATISFYING = [SYNAPSE_ROLES.administrator.guid, SYNAPSE_ROLES.sparkAdministrator.guid];
const EXPECTED = 'Synapse Administrator or Synapse Apache Spark Administrator at scope workspaces/{{ws}} or workspaces/{{ws}}/bigDataPools/{{pool}}';

const rule: Rule = {
  meta: {
    id: 'SA018',
    name: 'attached-pool-identity-synapse-role',
    title: "An attached Spark pool's managed identity must hold a Synapse RBAC role that can use the pool",
    severity: 'error',
    resourceTypes: ['microsoft.machinelearningservices/workspaces/computes', 'microsoft.synapse/workspaces'],
    dataSources: ['arm.computes', 'resourceGraph.resources', 'synapse.roleAssignments', 'spec'],
    judges: 'estate',
    rationale:
      'Jobs and sessions on an attached Synapse Spark pool run as the compute\'s managed identity (by default its system-assigned ' +
      'identity; or the first of its user-assigned ones). That identity must be allowed to use the pool in Synapse: the AML v2 ' +
      'attach article (how-to-manage-synapse-spark-pool, 2024-04-12) asks for the Synapse RBAC role Synapse Administrator with ' +
      'the scope set to the Spark pool item; the deprecated v1 link article asks for Synapse Apache Spark Administrator. Both ' +
      'roles grant workspaces/bigDataPools/useCompute/action, so either is accepted, assigned at workspace scope ' +
      '(`workspaces/<ws>`, which covers every pool) or on that pool (`workspaces/<ws>/bigDataPools/<pool>`); a role on another ' +
      'pool does not count. Each identity (system-assigned, and each user-assigned one) is checked on its own. Synapse RBAC ' +
      'assignments are read from the Synapse data plane.',
    remediation:
      'Synapse Studio: Manage > Access control > Add > scope Workspace item > item type Apache Spark pool > the pool > role ' +
      'Synapse Administrator > select the attached pool\'s identity > Apply. CLI: `az synapse role assignment create ' +
      '--workspace-name <synapse workspace> --role "Synapse Administrator" --assignee-object-id <principal ID> ' +
      '--assignee-principal-type ServicePrincipal --item-type bigDataPools --item <pool>`.',
    docs: [DOCS.manageSynapseSparkPool, DOCS.linkWorkspacesV1, DOCS.sparkInAzureMl],
    messages: {
      ...COMMON_MESSAGES,
      ...ATTACHED_POOL_MESSAGES,
      granted: 'Attached Spark pool {{compute}}: {{identity}} ({{principalId}}) holds {{role}} at {{scope}}, so it can use Spark pool {{pool}}.',
      missing:
        'Attached Spark pool {{compute}}: {{identity}} ({{principalId}}) holds no Synapse role that can use Spark pool {{pool}} of Synapse workspace {{workspace}} ({{actual}}); ' +
        'the v2 attach doc asks for Synapse Administrator on the pool item, the v1 link doc for Synapse Apache Spark Administrator.',
      'no-identity': 'Attached Spark pool {{compute}} has no managed identity to hold a Synapse role (see SA019).',
      'not-this-workspace': 'Attached Spark pool {{compute}} does not point at a Spark pool of Synapse workspace {{workspace}} (see SA017).',
      'synapse-missing': 'Synapse workspace {{workspace}} was not found (see SA016); its Synapse RBAC roles cannot be checked.',
    },
  },
  checkEstate({ integration, estate }) {
    const read = readAttachedPools(integration, estate);
    if (!read.ok) return read.checks;
    const synapseId = integration.synapse.workspaceId;
    const workspace = lastSegment(synapseId);
    const checks: Check[] = [];
    let roles: ReturnType<typeof estate.synapseRoleAssignments> | undefined;
    for (const target of read.targets) {
      const compute = target.name;
      const path = attachedPoolPath(integration, target, 'identity');
      if (!target.live) {
        checks.push(declaredNotLive(integration, target, path));
        continue;
      }
      if (!target.inWorkspace || target.poolId === undefined) {
        checks.push(notApplicable('not-this-workspace', { resourceId: target.resourceId, path, data: { compute, workspace } }));
        continue;
      }
      const principals = computePrincipals(target.live);
      if (principals.length === 0) {
        checks.push(notApplicable('no-identity', { resourceId: target.resourceId, path, data: { compute } }));
        continue;
      }
      const ws = estate.synapseWorkspace(synapseId);
      if (!ws.ok) {
        checks.push(unknown(ws.error, 'the Synapse workspace', { resourceId: target.resourceId, path }));
        continue;
      }
      if (!ws.value) {
        checks.push(notApplicable('synapse-missing', { resourceId: target.resourceId, path, data: { workspace: synapseId } }));
        continue;
      }
      roles ??= estate.synapseRoleAssignments(ws.value.id);
      const pool = lastSegment(target.poolId);
      const expected = EXPECTED.replaceAll('{{ws}}', ws.value.name).replace('{{pool}}', pool);
      for (const principal of principals) {
        const key = principal.resourceId ?? 'systemAssigned';
        const base = { resourceId: target.resourceId, path, key, expected };
        if (!principal.principalId) {
          checks.push(
            unknown(
              { source: 'arm.computes', scope: target.resourceId, code: 'NoPrincipalId', message: `the compute's identity gives no principalId for ${principal.describe}` },
              `the object ID of ${principal.describe.replace(/^its /, '')} of attached Spark pool ${compute}`,
              base,
            ),
          );
          continue;
        }
        if (!roles.ok) {
          checks.push(unknown(roles.error, `the Synapse RBAC role assignments of workspace ${ws.value.name}`, base));
          continue;
        }
        const reaching = synapseAssignmentsReachingPool(roles.value, ws.value.name, pool, principal.principalId, SATISFYING);
        const data = { compute, identity: principal.describe, principalId: principal.principalId, pool, workspace: ws.value.name };
        if (reaching.length > 0) {
          const best = reaching.find((a) => roleGuidOf(a.roleDefinitionId) === SYNAPSE_ROLES.administrator.guid) ?? reaching[0]!;
          const role = roleNameOf(roleGuidOf(best.roleDefinitionId)) ?? best.roleDefinitionId;
          checks.push(pass('granted', { ...base, data: { ...data, role, scope: best.scope }, actual: `${role} at ${best.scope}` }));
          continue;
        }
        const held = roles.value
          .filter((a) => a.principalId.trim().toLowerCase() === principal.principalId!.trim().toLowerCase())
          .map((a) => `${roleNameOf(roleGuidOf(a.roleDefinitionId)) ?? a.roleDefinitionId} at ${a.scope}`);
        const actual = held.length > 0 ? `it has ${held.join('; ')}` : 'it has no Synapse role';
        checks.push(fail('missing', { ...base, data: { ...data, actual }, actual }));
      }
    }
    return checks;
  },
};

export default rule;
