// The recorded estate behind fixtures/demo: three integrations built from real payload shapes.
// - analytics-prod: healthy (the rule-test scenario), with a healthy attached Synapse Spark pool.
// - research-dev: many documented limits broken at once; one attached pool's Spark pool was deleted, another's
//   identity lacks the Synapse role, and its AML managed network is not provisioned for serverless Spark.
// - marketing-ml: the Synapse data plane answered 403, so the rules that need it are unknown.
// Azure Policy: the first subscription sits under Azure Landing Zones' landing-zones management group, whose
// Enforce-Guardrails-Synapse assignment denies Synapse workspaces without exfiltration protection (SA103):
// analytics-prod's workspace holds a dated exemption, research-dev's does not. Change records: someone turned
// research-dev's Synapse public network access on two days before the audit (SA100's drift carries lastChange).
import type { Snapshot } from '../../src/estate/snapshot.js';
import { AZURE_ROLES, SYNAPSE_ROLES } from '../../src/estate/roles.js';
import {
  amlSideLinkedService,
  amlWorkspaceRow,
  azureMlLinkedService,
  SUB,
  ids,
  integrationRuntime,
  managedPrivateEndpoint,
  privateEndpointRow,
  synapseSparkCompute,
  privateLinkTargetRow,
  roleAssignmentRow,
  sparkPoolRow,
  synapseRoleAssignment,
  synapseWorkspaceRow,
} from './payloads.js';
import {
  ALZ_SYNAPSE_SET,
  MG_ALZ,
  POLICY,
  alzSynapseInitiativeRow,
  assignmentRow,
  builtInDefinitionRow,
  changeRow,
  exemptionRow,
  mgScope,
} from './policy-payloads.js';
import { AML_ID, SYNAPSE_ID, healthySnapshot } from './scenario.js';

export const DEMO_SUB_MARKETING = '22222222-3333-4444-8555-666666666666';

export const demo = {
  research: {
    synapse: ids.synapse('syn-research', 'rg-research'),
    aml: ids.aml('aml-research', 'rg-research'),
    storage: ids.storage('stamlresearch', 'rg-research'),
    keyVault: ids.keyVault('kv-aml-research', 'rg-research'),
    defaultStorage: ids.storage('synresearchadls', 'rg-research'),
    approvedPe: ids.privateEndpoint('pe-aml-research'),
    roguePe: ids.privateEndpoint('pe-aml-research-adhoc', 'rg-sandbox'),
    synapseMsi: 'aaaaaaaa-1111-4000-8000-000000000002',
    amlMsi: 'bbbbbbbb-1111-4000-8000-000000000002',
    spObject: 'cccccccc-1111-4000-8000-0000000000ff',
    linkMsi: 'abababab-1111-4000-8000-000000000003',
    linker: 'acacacac-1111-4000-8000-000000000004',
    dataScientist: 'adadadad-1111-4000-8000-000000000005',
    contractor: 'aeaeaeae-1111-4000-8000-000000000006',
    deletedPoolMsi: 'afafafaf-1111-4000-8000-000000000008',
    mlpool34Msi: 'a0a0a0a0-1111-4000-8000-000000000009',
  },
  marketing: {
    synapse: ids.synapse('syn-marketing', 'rg-marketing', DEMO_SUB_MARKETING),
    aml: ids.aml('aml-marketing', 'rg-marketing', DEMO_SUB_MARKETING),
    synapseMsi: 'aaaaaaaa-2222-4000-8000-000000000007',
    amlMsi: 'bbbbbbbb-2222-4000-8000-000000000007',
    scoringMsi: 'a1a1a1a1-2222-4000-8000-00000000000a',
  },
  prod: {
    attachedMsi: 'a2a2a2a2-0000-4000-8000-00000000000b',
  },
} as const;

export function demoSnapshot(): Snapshot {
  const b = healthySnapshot();
  // analytics-prod: an attached pool on mlpool whose identity holds Synapse Administrator on the pool item.
  b.computes(AML_ID, synapseSparkCompute(AML_ID, 'synapse-mlpool', `${SYNAPSE_ID}/bigDataPools/mlpool`, { systemPrincipalId: demo.prod.attachedMsi }));
  b.synapseRoles(SYNAPSE_ID, synapseRoleAssignment('syn-prod', demo.prod.attachedMsi, SYNAPSE_ROLES.administrator.guid, 'workspaces/syn-prod/bigDataPools/mlpool'));
  const r = demo.research;
  b.resource(
    synapseWorkspaceRow(r.synapse, { principalId: r.synapseMsi, preventDataExfiltration: true, storageAccountName: 'synresearchadls' }),
    sparkPoolRow(r.synapse, 'mlpool34', '3.4'),
    sparkPoolRow(r.synapse, 'legacy33', '3.3'),
    amlWorkspaceRow(r.aml, {
      principalId: r.amlMsi,
      publicNetworkAccess: 'Enabled',
      storageAccount: r.storage,
      keyVault: r.keyVault,
      containerRegistry: null,
      connections: [
        [r.approvedPe, 'Approved'],
        [r.roguePe, 'Approved'],
      ],
      // Isolated, but never provisioned for Spark; its storage rule is not Spark-enabled (SA021).
      managedNetwork: {
        isolationMode: 'AllowOnlyApprovedOutbound',
        networkId: '5e1d7c3a-1111-4000-8000-00000000000c',
        outboundRules: {
          'research-blob': { type: 'PrivateEndpoint', category: 'UserDefined', status: 'Active', destination: { serviceResourceId: r.storage, subresourceTarget: 'blob', sparkEnabled: false } },
        },
        status: { status: 'Active', sparkReady: false },
      },
    }),
    privateLinkTargetRow(r.storage, 'Microsoft.Storage/storageAccounts', [[ids.privateEndpoint('pe-stamlresearch-blob'), 'Approved']]),
    privateLinkTargetRow(r.keyVault, 'Microsoft.KeyVault/vaults'),
    privateLinkTargetRow(r.defaultStorage, 'Microsoft.Storage/storageAccounts'),
    privateEndpointRow(r.approvedPe, r.aml, 'amlworkspace'),
    privateEndpointRow(r.roguePe, r.aml, 'amlworkspace'),
    privateEndpointRow(ids.privateEndpoint('pe-stamlresearch-blob'), r.storage, 'blob'),
  );
  b.assignment(
    roleAssignmentRow(r.aml, r.spObject, AZURE_ROLES.reader.guid),
    roleAssignmentRow(r.synapse, r.linker, AZURE_ROLES.contributor.guid, 'User'),
    roleAssignmentRow(r.synapse.split('/providers/')[0]!, r.contractor, AZURE_ROLES.owner.guid, 'User'),
  );
  b.runtimes(r.synapse, integrationRuntime(r.synapse, 'AutoResolveIntegrationRuntime', 'Managed'), integrationRuntime(r.synapse, 'shir-onprem', 'SelfHosted'));
  b.linkedServices(
    r.synapse,
    azureMlLinkedService(r.synapse, 'AzureMLResearch', r.aml, {
      authentication: 'ServicePrincipal',
      servicePrincipalId: 'research-ml-app',
      servicePrincipalKey: { type: 'SecureString', value: '**********' },
      connectVia: 'shir-onprem',
    }),
  );
  b.managedPrivateEndpoints(r.synapse, managedPrivateEndpoint('synapse-to-aml-research', r.aml, 'Pending'));
  b.synapseRoles(
    r.synapse,
    synapseRoleAssignment('syn-research', r.linkMsi, SYNAPSE_ROLES.contributor.guid),
    synapseRoleAssignment('syn-research', r.deletedPoolMsi, SYNAPSE_ROLES.sparkAdministrator.guid),
    synapseRoleAssignment('syn-research', r.mlpool34Msi, SYNAPSE_ROLES.administrator.guid, 'workspaces/syn-research/bigDataPools/legacy33'),
  );
  // research-dev's attached pools: one on a Spark pool that was deleted, one whose identity has Synapse Administrator
  // on another pool only.
  b.computes(
    r.aml,
    synapseSparkCompute(r.aml, 'synapse-featurize', `${r.synapse}/bigDataPools/featurize`, { systemPrincipalId: r.deletedPoolMsi }),
    synapseSparkCompute(r.aml, 'synapse-mlpool34', `${r.synapse}/bigDataPools/mlpool34`, { systemPrincipalId: r.mlpool34Msi }),
  );
  b.amlLinks(r.aml, amlSideLinkedService(r.aml, 'synapselink1', r.synapse, r.linkMsi));

  const m = demo.marketing;
  b.resource(
    synapseWorkspaceRow(m.synapse, { principalId: m.synapseMsi }),
    sparkPoolRow(m.synapse, 'scoring', '3.5'),
    amlWorkspaceRow(m.aml, { principalId: m.amlMsi, publicNetworkAccess: 'Enabled', containerRegistry: null }),
  );
  b.assignment(roleAssignmentRow(m.aml, m.synapseMsi, AZURE_ROLES.contributor.guid));
  b.runtimes(m.synapse, integrationRuntime(m.synapse, 'AutoResolveIntegrationRuntime', 'Managed'));
  b.amlLinks(m.aml);
  b.computes(m.aml, synapseSparkCompute(m.aml, 'synapse-scoring', `${m.synapse}/bigDataPools/scoring`, { systemPrincipalId: m.scoringMsi }));
  const denied = {
    scope: m.synapse,
    status: 403,
    code: 'Forbidden',
    message: 'The principal does not have the required Synapse RBAC permission to perform this action.',
    missing: 'a Synapse RBAC role on workspace syn-marketing that can read artifacts and role assignments (e.g. Synapse User), and a network path to https://syn-marketing.dev.azuresynapse.net',
  };
  b.error({ source: 'synapse.linkedServices', ...denied });
  b.error({ source: 'synapse.managedPrivateEndpoints', ...denied });
  b.error({ source: 'synapse.roleAssignments', ...denied });
  demoPolicyAndChanges(b);
  return b.build();
}

/** The demo's management-group ancestry, Azure Policy rows and change records (see the header). */
function demoPolicyAndChanges(b: ReturnType<typeof healthySnapshot>): void {
  const subscription = (sub: string, name: string, groups: string[]) => ({
    id: `/subscriptions/${sub}`,
    name,
    type: 'microsoft.resources/subscriptions',
    subscriptionId: sub,
    properties: { managementGroupAncestorsChain: groups.map((g) => ({ name: g, displayName: g })) },
  });
  b.resourcecontainers.push(subscription(SUB, 'analytics', [MG_ALZ, 'alz']), subscription(DEMO_SUB_MARKETING, 'marketing', ['sandbox']));
  const alzAssignment = `${mgScope(MG_ALZ)}/providers/Microsoft.Authorization/policyAssignments/Enforce-GR-Synapse`;
  b.policy(
    assignmentRow(mgScope(MG_ALZ), 'Enforce-GR-Synapse', ALZ_SYNAPSE_SET, { displayName: 'Enforce recommended guardrails for Synapse', assignedBy: 'Platform team' }),
    alzSynapseInitiativeRow(),
    builtInDefinitionRow(POLICY.exfiltration),
    builtInDefinitionRow(POLICY.synapseManagedVnet),
    builtInDefinitionRow(POLICY.synapseTenants),
    exemptionRow(ids.synapse('syn-prod'), 'aml-integration', alzAssignment, { referenceIds: ['Deny-Synapse-Data-Traffic'], expiresOn: '2027-03-31T00:00:00Z', displayName: 'AML linked service needs no exfiltration protection' }),
  );
  b.changes(
    changeRow(demo.research.synapse, 'c-research-pna', '2026-11-21T16:42:00Z', {
      changes: { 'properties.publicNetworkAccess': ['Disabled', 'Enabled'] },
      changedBy: 'sam@contoso.example',
      changedByType: 'User',
      clientType: 'Azure Portal',
      operation: 'Microsoft.Synapse/workspaces/write',
    }),
    changeRow(demo.research.synapse, 'c-research-tags', '2026-11-22T07:05:00Z', {
      changes: { 'tags.costCenter': ['4711', '4712'] },
      changedBy: 'tagging-automation',
      changedByType: 'Application',
      clientType: 'Azure CLI',
      operation: 'Microsoft.Resources/tags/write',
    }),
  );
}
