// SA004: the identity the AzureML linked service uses needs Contributor (or Owner) on the AML workspace.
import { amlWorkspaceRoleCoverage, describeAssignmentScope, roleDisplayName } from '../src/engine/access.js';
import { type LinkedServiceUse, linkedServiceUses } from '../src/engine/linked-services.js';
import { COMMON_MESSAGES, fail, notApplicable, pass, unknown } from '../src/engine/outcomes.js';
import type { Check, Rule } from '../src/engine/types.js';
import type { AmlWorkspace, Estate, RoleAssignment, SnapshotError, SynapseWorkspace } from '../src/estate/model.js';
import { AZURE_ROLES, roleNameOf } from '../src/estate/roles.js';
import type { IntegrationSpec, SpecPath } from '../src/spec/types.js';
import { DOCS } from './docs.js';

const SUFFICIENT_BUILT_INS: readonly string[] = [AZURE_ROLES.contributor.guid, AZURE_ROLES.owner.guid];

const rule: Rule = {
  meta: {
    id: 'SA004',
    name: 'linked-service-identity-needs-contributor',
    title: "The linked service's identity must be Contributor or Owner on the AML workspace",
    severity: 'error',
    resourceTypes: ['microsoft.synapse/workspaces', 'microsoft.machinelearningservices/workspaces'],
    dataSources: [
      'resourceGraph.resources',
      'resourceGraph.authorizationresources',
      'resourceGraph.resourcecontainers',
      'synapse.linkedServices',
      'spec',
    ],
    judges: 'estate',
    rationale:
      'The AzureML linked service authenticates to the AML workspace as the Synapse workspace managed identity or as a service ' +
      'principal, and Microsoft documents that this identity must be a Contributor of the AML workspace; without it the ' +
      "linked service's connection test and every pipeline or scoring step that uses it fail. Role assignments inherited from " +
      'the resource group, subscription, management groups or the root scope count. A custom role counts when its actions ' +
      'include *, Microsoft.MachineLearningServices/* or Microsoft.MachineLearningServices/workspaces/* and no notActions entry ' +
      'removes any Microsoft.MachineLearningServices/workspaces action. The live linked service decides which identity is ' +
      "used; when the linked services cannot be read, the spec's declared authentication is checked instead: a declared identity without Contributor still fails, one with it is unknown, never a pass.",
    remediation:
      'Assign Contributor on the AML workspace to the identity the linked service uses. Portal: AML workspace > Access control ' +
      '(IAM) > Add role assignment > Contributor > select the Synapse workspace managed identity (search for the Synapse ' +
      'workspace name) or the service principal. CLI: `az role assignment create --assignee-object-id <principal object ID> ' +
      '--assignee-principal-type ServicePrincipal --role Contributor --scope <AML workspace ID>`. For a service principal, ' +
      'declare `linkedService.servicePrincipal.objectId` (`az ad sp show --id <client ID> --query id -o tsv`) so synaml can check it.',
    docs: [DOCS.quickstart, DOCS.privateEndpointIntegration],
    messages: {
      ...COMMON_MESSAGES,
      'synapse-missing': 'Synapse workspace {{workspace}} was not found (see SA016); its linked service identity cannot be checked.',
      'aml-missing': 'AML workspace {{workspace}} was not found (see SA016); there is nothing to hold a role on.',
      'no-linked-service':
        'No AzureML linked service is declared under linkedService and none in Synapse workspace {{workspace}} points at AML workspace {{aml}}.',
      sufficient: 'AML workspace {{aml}}: {{principal}} ({{principalId}}) holds {{roles}}.{{note}}',
      insufficient: 'AML workspace {{aml}}: {{principal}} ({{principalId}}) has only {{roles}}; it needs Contributor or Owner.{{note}}',
      'no-role': 'AML workspace {{aml}}: {{principal}} ({{principalId}}) has no role on it; it needs Contributor or Owner.{{note}}',
      'msi-not-enabled':
        'Linked service {{linkedService}} authenticates with the managed identity of Synapse workspace {{workspace}}, but the workspace ' +
        'has no system-assigned managed identity (no principalId), so it cannot be granted Contributor on AML workspace {{aml}}.{{note}}',
      'sp-object-id-missing':
        'Linked service {{linkedService}} authenticates as service principal {{clientId}}: declare linkedService.servicePrincipal.objectId ' +
        'so synaml can check its roles on AML workspace {{aml}}.{{note}}',
      'sp-client-mismatch':
        'Linked service {{linkedService}} authenticates as service principal {{liveClientId}}, but the spec declares clientId ' +
        '{{declaredClientId}}, so the declared objectId is not its object ID; correct linkedService.servicePrincipal so synaml can ' +
        'check the roles of the identity actually used on AML workspace {{aml}}.',
    },
  },
  checkEstate({ integration, estate }) {
    const synId = integration.synapse.workspaceId;
    const amlId = integration.machineLearning.workspaceId;
    const syn = estate.synapseWorkspace(synId);
    if (!syn.ok) return [unknown(syn.error, 'the Synapse workspace', { resourceId: synId, path: ['synapse', 'workspaceId'] })];
    if (!syn.value) return [notApplicable('synapse-missing', { resourceId: synId, path: ['synapse', 'workspaceId'], data: { workspace: synId } })];
    const aml = estate.amlWorkspace(amlId);
    if (!aml.ok) return [unknown(aml.error, 'the AML workspace', { resourceId: amlId, path: ['machineLearning', 'workspaceId'] })];
    if (!aml.value) return [notApplicable('aml-missing', { resourceId: amlId, path: ['machineLearning', 'workspaceId'], data: { workspace: amlId } })];
    const workspace = syn.value;
    const amlWs = aml.value;

    const { uses, readError } = linkedServiceUses(integration, estate, workspace);
    if (uses.length === 0) {
      if (readError) return [unknown(readError, `the linked services of Synapse workspace ${workspace.name}`, { resourceId: workspace.id, path: ['linkedService'] })];
      return [notApplicable('no-linked-service', { resourceId: workspace.id, path: ['linkedService'], data: { workspace: workspace.name, aml: amlWs.name } })];
    }
    const note = readError
      ? ` (The Synapse linked services could not be read (${describeError(readError)}); the declared authentication, ${integration.linkedService?.authentication ?? 'managedIdentity'}, was checked.)`
      : '';

    const checks: Check[] = [];
    const seen = new Set<string>();
    for (const use of uses) {
      const id = use.identity;
      const key = `${id.kind}:${(id.principalId ?? (id.kind === 'servicePrincipal' ? id.clientId : undefined) ?? use.name ?? '').toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const check = evaluate(use, integration, estate, amlWs, workspace, note);
      // Which identity the live linked service really uses is not known: the declared identity holding Contributor
      // does not show that the integration works (never a pass), while the declared one lacking it is still a finding.
      checks.push(
        readError && check.outcome === 'pass'
          ? unknown(readError, `the linked services of Synapse workspace ${workspace.name}`, {
              ...(check.resourceId !== undefined ? { resourceId: check.resourceId } : {}),
              ...(check.path ? { path: check.path } : {}),
              expected: 'Contributor on the AML workspace for the identity the live linked service uses',
              actual: `${String(check.data?.['principal'] ?? 'the declared identity')} (as declared) holds ${check.actual ?? 'Contributor'}; which identity the live linked service uses is not known`,
            })
          : check,
      );
    }
    return checks;
  },
};

function describeError(e: SnapshotError): string {
  return `${e.status !== undefined ? `HTTP ${e.status}${e.code ? ` ${e.code}` : ''}: ` : e.code ? `${e.code}: ` : ''}${e.message}`;
}

function identityPath(use: LinkedServiceUse, integration: IntegrationSpec): SpecPath {
  // A live linked service the spec does not declare is there because it points at the AML workspace (as linkedServicePath).
  if (!use.declared || !integration.linkedService) return ['machineLearning', 'workspaceId'];
  if (use.identity.kind === 'servicePrincipal') {
    return integration.linkedService.servicePrincipal?.objectId !== undefined
      ? ['linkedService', 'servicePrincipal', 'objectId']
      : ['linkedService', 'servicePrincipal'];
  }
  return ['linkedService', 'authentication'];
}

function evaluate(use: LinkedServiceUse, integration: IntegrationSpec, estate: Estate, aml: AmlWorkspace, workspace: SynapseWorkspace, note: string): Check {
  const workspaceName = workspace.name;
  const identity = use.identity;
  const linkedService = use.name ?? '(unnamed)';
  const base = { resourceId: aml.id, path: identityPath(use, integration) };
  const data = { aml: aml.name, linkedService, workspace: workspaceName, note };

  if (identity.kind === 'servicePrincipal' && use.clientIdMismatch) {
    return fail('sp-client-mismatch', {
      ...base,
      path: ['linkedService', 'servicePrincipal', 'clientId'],
      severity: 'warning',
      data: { ...data, liveClientId: use.clientIdMismatch.live, declaredClientId: use.clientIdMismatch.declared },
      expected: `clientId ${use.clientIdMismatch.live}`,
      actual: `clientId ${use.clientIdMismatch.declared}`,
    });
  }
  if (!identity.principalId) {
    if (identity.kind === 'managedIdentity') {
      return fail('msi-not-enabled', { ...base, resourceId: workspace.id, data, expected: 'a system-assigned managed identity', actual: 'no managed identity' });
    }
    return fail('sp-object-id-missing', {
      ...base,
      path: ['linkedService', 'servicePrincipal'],
      severity: 'warning',
      data: { ...data, clientId: identity.clientId ?? '(unknown client ID)' },
      expected: 'linkedService.servicePrincipal.objectId declared',
      actual: 'no objectId',
    });
  }

  const covering = estate.roleAssignmentsCovering(aml.id, { principalId: identity.principalId });
  if (!covering.ok) return unknown(covering.error, `the role assignments on AML workspace ${aml.name}`, base);
  const who = identity.principalId.toLowerCase();
  const held = covering.value.filter((a) => a.principalId === who);
  const subject = { principal: identity.describe, principalId: identity.principalId, ...data };
  const expected = `Contributor or Owner on ${aml.name}`;

  const describe = (a: RoleAssignment, custom?: string) =>
    `${roleDisplayName(estate, a.roleDefinitionGuid)}${custom ?? ''} (${describeAssignmentScope(a.scope, aml.id, 'the workspace')})`;
  const sufficient: string[] = [];
  const insufficient: string[] = [];
  const undefinedRoles: RoleAssignment[] = [];
  for (const a of held) {
    if (SUFFICIENT_BUILT_INS.includes(a.roleDefinitionGuid)) {
      sufficient.push(describe(a));
      continue;
    }
    const definition = roleNameOf(a.roleDefinitionGuid) ? undefined : estate.roleDefinition(a.roleDefinitionGuid);
    if (definition) {
      const coverage = amlWorkspaceRoleCoverage(definition);
      if (coverage.sufficient) sufficient.push(describe(a, `, a custom role granting ${coverage.grantedBy}`));
      else if (coverage.grantedBy && coverage.removedBy.length > 0) insufficient.push(describe(a, `, whose notActions remove ${coverage.removedBy.join(', ')}`));
      else insufficient.push(describe(a));
    } else if (roleNameOf(a.roleDefinitionGuid)) {
      insufficient.push(describe(a));
    } else {
      undefinedRoles.push(a);
    }
  }

  if (sufficient.length > 0) {
    return pass('sufficient', { data: { roles: sufficient.join('; '), ...subject }, expected, actual: sufficient.join('; '), ...base });
  }
  const first = undefinedRoles[0];
  if (first) {
    // A role we cannot see the definition of might grant what is needed: do not guess.
    const error: SnapshotError = {
      source: 'resourceGraph.authorizationresources',
      scope: first.scope,
      code: 'NotCollected',
      message: `the definition of role ${first.roleDefinitionGuid}, held by ${identity.principalId} (${describeAssignmentScope(first.scope, aml.id, 'the workspace')}), is not in the snapshot`,
      missing: 'the role definitions of the assigned roles (Resource Graph authorizationresources, type microsoft.authorization/roledefinitions)',
    };
    return unknown(error, `whether ${identity.describe} has Contributor on AML workspace ${aml.name}`, base);
  }
  if (insufficient.length > 0) {
    return fail('insufficient', { data: { roles: insufficient.join('; '), ...subject }, expected, actual: insufficient.join('; '), ...base });
  }
  return fail('no-role', { data: subject, expected, actual: 'no role assignment', ...base });
}

export default rule;
