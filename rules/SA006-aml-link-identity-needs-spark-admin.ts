// SA006: the managed identity of an AML-side (SDK v1) linked service needs Synapse Apache Spark Administrator.
import { synapseRoleAssignmentsAtWorkspace, synapseRoleGuidsSatisfying } from '../src/engine/access.js';
import { amlSideLinksTo } from '../src/engine/linked-services.js';
import { COMMON_MESSAGES, fail, notApplicable, pass, unknown } from '../src/engine/outcomes.js';
import type { Check, Rule } from '../src/engine/types.js';
import type { Availability, SynapseRoleAssignment } from '../src/estate/model.js';
import { SYNAPSE_ROLES, roleGuidOf, roleNameOf } from '../src/estate/roles.js';
import type { SpecPath } from '../src/spec/types.js';
import { DOCS } from './docs.js';

const SPARK_ADMIN = SYNAPSE_ROLES.sparkAdministrator;

const rule: Rule = {
  meta: {
    id: 'SA006',
    name: 'aml-link-identity-needs-spark-admin',
    title: "The AML-side linked service's managed identity must be Synapse Apache Spark Administrator",
    severity: 'error',
    resourceTypes: ['microsoft.synapse/workspaces', 'microsoft.machinelearningservices/workspaces'],
    dataSources: ['resourceGraph.resources', 'arm.linkedServices', 'synapse.roleAssignments', 'spec'],
    judges: 'estate',
    rationale:
      'Each AML-side (Python SDK v1) linked service to a Synapse workspace gets its own system-assigned managed identity ' +
      '(system_assigned_identity_principal_id). Microsoft requires granting that identity the Synapse RBAC role Synapse Apache ' +
      'Spark Administrator on the Synapse workspace before a Synapse Spark session is started from AML; without it attached ' +
      'Spark pools cannot run. The role must be assigned at workspace scope (workspaces/<name>); Synapse Administrator, whose ' +
      'permissions are a superset, also satisfies it. Synapse RBAC assignments are read from the Synapse data plane.',
    remediation:
      'Find the identity with `LinkedService.get(ws, "<link name>").system_assigned_identity_principal_id` (or from the rule ' +
      "message) and assign the role. Synapse Studio: Manage > Access control > Add > scope Workspace > role Synapse Apache Spark " +
      'Administrator > select the identity. CLI: `az synapse role assignment create --workspace-name <synapse workspace> --role ' +
      '"Synapse Apache Spark Administrator" --assignee-object-id <principal ID> --assignee-principal-type ServicePrincipal`.',
    docs: [DOCS.linkWorkspacesV1],
    messages: {
      ...COMMON_MESSAGES,
      'no-link': 'AML workspace {{aml}} has no AML-side (SDK v1) link to Synapse workspace {{workspace}}.',
      'declared-not-live':
        'The declared AML-side link {{link}} does not exist on AML workspace {{aml}} (see SA016), so it has no managed identity to check.',
      'synapse-missing': 'Synapse workspace {{workspace}} was not found (see SA016); its Synapse RBAC roles cannot be checked.',
      'no-identity': 'AML-side linked service {{link}} has no system-assigned managed identity (no principalId) to hold Synapse Apache Spark Administrator on {{workspace}}.',
      granted: 'The managed identity {{principalId}} of AML-side linked service {{link}} holds {{role}} on Synapse workspace {{workspace}}.',
      missing:
        'The managed identity {{principalId}} of AML-side linked service {{link}} lacks Synapse Apache Spark Administrator at workspace scope ' +
        'on Synapse workspace {{workspace}} ({{actual}}).',
    },
  },
  checkEstate({ integration, estate }) {
    const synId = integration.synapse.workspaceId;
    const amlId = integration.machineLearning.workspaceId;
    const declared = integration.machineLearning.synapseLink;
    const amlName = amlId.split('/').pop() ?? amlId;
    const synName = synId.split('/').pop() ?? synId;
    const linkPath: SpecPath = declared ? ['machineLearning', 'synapseLink'] : ['machineLearning'];

    const links = amlSideLinksTo(estate, amlId, synId);
    if (!links.ok) {
      const aml = estate.amlWorkspace(amlId);
      if (!declared && aml.ok && !aml.value) return [notApplicable('no-link', { resourceId: amlId, path: linkPath, data: { aml: amlName, workspace: synName } })];
      return [unknown(links.error, `the AML-side linked services of AML workspace ${amlName}`, { resourceId: amlId, path: linkPath })];
    }
    if (links.value.length === 0) {
      return declared
        ? [notApplicable('declared-not-live', { resourceId: amlId, path: linkPath, data: { link: declared.name, aml: amlName } })]
        : [notApplicable('no-link', { resourceId: amlId, path: linkPath, data: { aml: amlName, workspace: synName } })];
    }

    const syn = estate.synapseWorkspace(synId);
    if (!syn.ok) return [unknown(syn.error, 'the Synapse workspace', { resourceId: synId, path: ['synapse', 'workspaceId'] })];
    if (!syn.value) return [notApplicable('synapse-missing', { resourceId: synId, path: ['synapse', 'workspaceId'], data: { workspace: synId } })];
    const ws = syn.value;
    const satisfying = synapseRoleGuidsSatisfying(SPARK_ADMIN.guid);

    const checks: Check[] = [];
    for (const link of [...links.value].sort((a, b) => a.name.localeCompare(b.name))) {
      const path: SpecPath = declared && declared.name.toLowerCase() === link.name.toLowerCase() ? ['machineLearning', 'synapseLink'] : linkPath;
      const base = { resourceId: link.id, path, expected: `${SPARK_ADMIN.name} (or Synapse Administrator) at scope workspaces/${ws.name}` };
      if (!link.principalId) {
        checks.push(fail('no-identity', { data: { link: link.name, workspace: ws.name }, actual: 'no managed identity', ...base }));
        continue;
      }
      const held = synapseRoleAssignmentsAtWorkspace(estate, ws, link.principalId, satisfying);
      if (!held.ok) {
        checks.push(unknown(held.error, `the Synapse RBAC role assignments of Synapse workspace ${ws.name}`, base));
        continue;
      }
      const data = { link: link.name, workspace: ws.name, principalId: link.principalId };
      const first = held.value[0];
      if (first) {
        const role = roleNameOf(roleGuidOf(first.roleDefinitionId)) ?? first.roleDefinitionId;
        checks.push(pass('granted', { data: { role, ...data }, actual: `${role} at ${first.scope}`, ...base }));
        continue;
      }
      const actual = otherAssignments(estate.synapseRoleAssignments(ws.id), link.principalId);
      checks.push(fail('missing', { data: { actual, ...data }, actual, ...base }));
    }
    return checks;
  },
};

/** What the identity does hold in Synapse RBAC, for the message: roles at any scope. */
function otherAssignments(all: Availability<SynapseRoleAssignment[]>, principalId: string): string {
  if (!all.ok) return 'no Synapse RBAC role at workspace scope';
  const who = principalId.toLowerCase();
  const mine = all.value.filter((a) => a.principalId.toLowerCase() === who);
  if (mine.length === 0) return 'no Synapse RBAC role assignment';
  const roles = mine
    .map((a) => `${roleNameOf(roleGuidOf(a.roleDefinitionId)) ?? a.roleDefinitionId} at ${a.scope}`)
    .sort()
    .join('; ');
  return `has ${roles}`;
}

export default rule;
