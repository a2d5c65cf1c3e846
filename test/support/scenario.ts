// A healthy integration — spec plus recorded estate — on which every rule passes. Rule tests start from it and
// change one thing to make a rule fail, become not-applicable, or unknown.
import { normaliseSnapshot } from '../../src/estate/normalise.js';
import type { Estate } from '../../src/estate/model.js';
import { AZURE_ROLES } from '../../src/estate/roles.js';
import type { IntegrationSpec } from '../../src/spec/types.js';
import {
  SnapshotBuilder,
  SUB,
  amlWorkspaceRow,
  azureMlLinkedService,
  ids,
  integrationRuntime,
  managedPrivateEndpoint,
  privateEndpointRow,
  privateLinkTargetRow,
  roleAssignmentRow,
  sparkPoolRow,
  synapseWorkspaceRow,
} from './payloads.js';

export const principals = {
  synapseMsi: 'aaaaaaaa-0000-4000-8000-000000000001',
  amlMsi: 'bbbbbbbb-0000-4000-8000-000000000001',
  spClient: 'cccccccc-0000-4000-8000-000000000001',
  spObject: 'cccccccc-0000-4000-8000-0000000000ff',
  platformOwner: 'dddddddd-0000-4000-8000-000000000001',
  dataEngineer: 'eeeeeeee-0000-4000-8000-000000000001',
  stranger: 'ffffffff-0000-4000-8000-000000000001',
} as const;

export const SYNAPSE_ID = ids.synapse('syn-prod');
export const AML_ID = ids.aml('aml-prod');
export const AML_STORAGE_ID = ids.storage('stamlprod');
export const AML_KEYVAULT_ID = ids.keyVault('kv-aml-prod');
export const AML_REGISTRY_ID = ids.registry('acramlprod');
export const DEFAULT_STORAGE_ID = ids.storage('synprodadls', 'rg-analytics');
export const AML_PE_ID = ids.privateEndpoint('pe-aml-prod');
/** The private endpoint Synapse's managed VNet creates for the managed private endpoint `synapse-to-aml`. */
export const MANAGED_PE_ID = ids.privateEndpoint('syn-prod.synapse-to-aml', 'synapse-managed-rg');

export function healthyIntegration(): IntegrationSpec {
  return {
    name: 'analytics-prod',
    synapse: {
      workspaceId: SYNAPSE_ID,
      managedVirtualNetwork: true,
      preventDataExfiltration: false,
      publicNetworkAccess: 'Enabled',
      sparkPools: [{ name: 'mlpool', sparkVersion: '3.5', mlflowTracking: 'linkedService' }],
    },
    machineLearning: {
      workspaceId: AML_ID,
      publicNetworkAccess: 'Disabled',
      dependencyPrivateEndpoints: ['blob', 'file', 'dfs', 'vault', 'registry'],
    },
    linkedService: { name: 'AzureMLService1', authentication: 'managedIdentity', integrationRuntime: 'AutoResolveIntegrationRuntime' },
    network: { managedPrivateEndpoint: { name: 'synapse-to-aml', required: true }, approvedPrivateEndpoints: [AML_PE_ID] },
    access: {
      privilegedPrincipals: [principals.platformOwner, principals.synapseMsi],
      required: [{ principalId: principals.dataEngineer, role: 'Storage Blob Data Contributor', scope: 'synapse.defaultStorage' }],
    },
  };
}

/** The recorded estate matching `healthyIntegration()`. Change it before `build()`. */
export function healthySnapshot(): SnapshotBuilder {
  const b = new SnapshotBuilder();
  const dependencyPe = (name: string, target: string, group: string) => ids.privateEndpoint(`pe-${name}-${group}`);
  b.resource(
    synapseWorkspaceRow(SYNAPSE_ID, { principalId: principals.synapseMsi, storageAccountName: 'synprodadls' }),
    sparkPoolRow(SYNAPSE_ID, 'mlpool', '3.5'),
    amlWorkspaceRow(AML_ID, {
      principalId: principals.amlMsi,
      storageAccount: AML_STORAGE_ID,
      keyVault: AML_KEYVAULT_ID,
      containerRegistry: AML_REGISTRY_ID,
      connections: [
        [AML_PE_ID, 'Approved'],
        [MANAGED_PE_ID, 'Approved'],
      ],
    }),
    privateLinkTargetRow(AML_STORAGE_ID, 'Microsoft.Storage/storageAccounts', [
      [dependencyPe('stamlprod', AML_STORAGE_ID, 'blob'), 'Approved'],
      [dependencyPe('stamlprod', AML_STORAGE_ID, 'file'), 'Approved'],
      [dependencyPe('stamlprod', AML_STORAGE_ID, 'dfs'), 'Approved'],
    ]),
    privateLinkTargetRow(AML_KEYVAULT_ID, 'Microsoft.KeyVault/vaults', [[dependencyPe('kv', AML_KEYVAULT_ID, 'vault'), 'Approved']]),
    privateLinkTargetRow(AML_REGISTRY_ID, 'Microsoft.ContainerRegistry/registries', [[dependencyPe('acr', AML_REGISTRY_ID, 'registry'), 'Approved']]),
    privateLinkTargetRow(DEFAULT_STORAGE_ID, 'Microsoft.Storage/storageAccounts'),
    privateEndpointRow(AML_PE_ID, AML_ID, 'amlworkspace'),
    privateEndpointRow(dependencyPe('stamlprod', AML_STORAGE_ID, 'blob'), AML_STORAGE_ID, 'blob'),
    privateEndpointRow(dependencyPe('stamlprod', AML_STORAGE_ID, 'file'), AML_STORAGE_ID, 'file'),
    privateEndpointRow(dependencyPe('stamlprod', AML_STORAGE_ID, 'dfs'), AML_STORAGE_ID, 'dfs'),
    privateEndpointRow(dependencyPe('kv', AML_KEYVAULT_ID, 'vault'), AML_KEYVAULT_ID, 'vault'),
    privateEndpointRow(dependencyPe('acr', AML_REGISTRY_ID, 'registry'), AML_REGISTRY_ID, 'registry'),
  );
  b.assignment(
    roleAssignmentRow(AML_ID, principals.synapseMsi, AZURE_ROLES.contributor.guid),
    roleAssignmentRow(`/subscriptions/${SUB}`, principals.platformOwner, AZURE_ROLES.owner.guid, 'User'),
    roleAssignmentRow(DEFAULT_STORAGE_ID, principals.dataEngineer, AZURE_ROLES.storageBlobDataContributor.guid, 'User'),
  );
  b.runtimes(SYNAPSE_ID, integrationRuntime(SYNAPSE_ID, 'AutoResolveIntegrationRuntime', 'Managed'));
  b.linkedServices(SYNAPSE_ID, azureMlLinkedService(SYNAPSE_ID, 'AzureMLService1', AML_ID));
  b.managedPrivateEndpoints(SYNAPSE_ID, managedPrivateEndpoint('synapse-to-aml', AML_ID, 'Approved', 'amlworkspace', MANAGED_PE_ID));
  b.synapseRoles(SYNAPSE_ID);
  b.amlLinks(AML_ID);
  b.computes(AML_ID);
  return b;
}

export function estateOf(builder: SnapshotBuilder): Estate {
  return normaliseSnapshot(builder.build());
}

/** The audit date used by rule tests unless a test sets its own. */
export const NOW = new Date('2026-11-23T00:00:00Z');
