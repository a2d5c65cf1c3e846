// The built-in Azure Policy definitions that touch this integration's settings, shipped with synaml because not every
// auditing identity can read the definition rows (and a snapshot may lack them). Each entry is taken from the
// definition's JSON in Azure/azure-policy (built-in-policies/policyDefinitions/, commit f4a50bacae07ddb096943c597669bcae494a6e29,
// 2026-04-29): its name (GUID), display name, version, the alias its rule tests, its `effect` parameter's allowed values
// and default. `conflict` says which documented constraint of the integration (or which declared setting of the spec)
// the policy can contradict; entries without one are catalogued so a report can name them, and never fail SA103.

/** The day the catalogue was checked against Azure/azure-policy. */
export const POLICY_CATALOGUE_DATE = '2026-04-29';
export const POLICY_CATALOGUE_SOURCE = 'https://github.com/Azure/azure-policy/tree/f4a50bacae07ddb096943c597669bcae494a6e29/built-in-policies/policyDefinitions';

/** What a catalogued policy can contradict. */
export type PolicyConflict =
  /** It forces data exfiltration protection, which the AML linked service does not support (always a conflict). */
  | 'forces-exfiltration-protection'
  /** It requires Synapse public network access disabled: contradicts `synapse.publicNetworkAccess: Enabled` and attached Synapse Spark pools. */
  | 'forbids-synapse-public-network'
  /** It requires a Synapse managed virtual network: contradicts `synapse.managedVirtualNetwork: false`. */
  | 'requires-synapse-managed-vnet'
  /** It requires AML public network access disabled: contradicts `machineLearning.publicNetworkAccess: Enabled`. */
  | 'forbids-aml-public-network';

export interface CataloguedPolicy {
  /** The definition's name: a GUID. */
  guid: string;
  displayName: string;
  version: string;
  /** The lower-case resource type its rule matches. */
  resourceType: 'microsoft.synapse/workspaces' | 'microsoft.machinelearningservices/workspaces';
  /** The Azure Policy alias its rule tests. */
  alias: string;
  /** What a compliant resource looks like, in words. */
  requires: string;
  /** The name of the parameter that sets its effect. */
  effectParameter: 'effect';
  allowedEffects: readonly string[];
  defaultEffect: string;
  conflict?: PolicyConflict;
}

export const POLICY_CATALOGUE: readonly CataloguedPolicy[] = [
  {
    guid: '3484ce98-c0c5-4c83-994b-c5ac24785218',
    displayName: 'Azure Synapse workspaces should allow outbound data traffic only to approved targets',
    version: '1.0.0',
    resourceType: 'microsoft.synapse/workspaces',
    alias: 'Microsoft.Synapse/workspaces/managedVirtualNetworkSettings.preventDataExfiltration',
    requires: 'preventDataExfiltration: true (data exfiltration protection)',
    effectParameter: 'effect',
    allowedEffects: ['Audit', 'Disabled', 'Deny'],
    defaultEffect: 'Audit',
    conflict: 'forces-exfiltration-protection',
  },
  {
    guid: '2d9dbfa3-927b-4cf0-9d0f-08747f971650',
    displayName: 'Managed workspace virtual network on Azure Synapse workspaces should be enabled',
    version: '1.0.0',
    resourceType: 'microsoft.synapse/workspaces',
    alias: 'Microsoft.Synapse/workspaces/managedVirtualNetwork',
    requires: "managedVirtualNetwork: 'default'",
    effectParameter: 'effect',
    allowedEffects: ['Audit', 'Deny', 'Disabled'],
    defaultEffect: 'Audit',
    conflict: 'requires-synapse-managed-vnet',
  },
  {
    guid: '38d8df46-cf4e-4073-8e03-48c24b29de0d',
    displayName: 'Azure Synapse workspaces should disable public network access',
    version: '1.0.0',
    resourceType: 'microsoft.synapse/workspaces',
    alias: 'Microsoft.Synapse/workspaces/publicNetworkAccess',
    requires: 'publicNetworkAccess: Disabled',
    effectParameter: 'effect',
    allowedEffects: ['Audit', 'Deny', 'Disabled'],
    defaultEffect: 'Audit',
    conflict: 'forbids-synapse-public-network',
  },
  {
    guid: '3a003702-13d2-4679-941b-937e58c443f0',
    displayName: 'Synapse managed private endpoints should only connect to resources in approved Azure Active Directory tenants',
    version: '1.0.0',
    resourceType: 'microsoft.synapse/workspaces',
    alias: 'Microsoft.Synapse/workspaces/managedVirtualNetworkSettings.allowedAadTenantIdsForLinking[*]',
    requires: 'allowedAadTenantIdsForLinking within the approved tenants (only set with exfiltration protection)',
    effectParameter: 'effect',
    allowedEffects: ['Audit', 'Disabled', 'Deny'],
    defaultEffect: 'Audit',
  },
  {
    guid: '72d11df1-dd8a-41f7-8925-b05b960ebafc',
    displayName: 'Azure Synapse workspaces should use private link',
    version: '1.0.1',
    resourceType: 'microsoft.synapse/workspaces',
    alias: 'Microsoft.Synapse/workspaces/privateEndpointConnections[*].privateLinkServiceConnectionState.status',
    requires: 'at least one Approved private endpoint connection',
    effectParameter: 'effect',
    allowedEffects: ['Audit', 'Disabled'],
    defaultEffect: 'Audit',
  },
  {
    guid: '438c38d2-3772-465a-a9cc-7a6666a275ce',
    displayName: 'Azure Machine Learning Workspaces should disable public network access',
    version: '2.0.1',
    resourceType: 'microsoft.machinelearningservices/workspaces',
    alias: 'Microsoft.MachineLearningServices/workspaces/publicNetworkAccess',
    requires: 'publicNetworkAccess: Disabled',
    effectParameter: 'effect',
    allowedEffects: ['Audit', 'Deny', 'Disabled'],
    defaultEffect: 'Audit',
    conflict: 'forbids-aml-public-network',
  },
  {
    guid: '45e05259-1eb5-4f70-9574-baf73e9d219b',
    displayName: 'Azure Machine Learning workspaces should use private link',
    version: '1.0.0',
    resourceType: 'microsoft.machinelearningservices/workspaces',
    alias: 'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections[*].privateLinkServiceConnectionState.status',
    requires: 'at least one Approved private endpoint connection',
    effectParameter: 'effect',
    allowedEffects: ['Audit', 'Disabled'],
    defaultEffect: 'Audit',
  },
  {
    guid: '6ddb1705-c8cf-450e-aa4b-19ad6703c440',
    displayName: 'Azure Machine Learning and Ai Studio should use Allow Only Approved Outbound Managed Vnet mode',
    version: '1.0.0',
    resourceType: 'microsoft.machinelearningservices/workspaces',
    alias: 'Microsoft.MachineLearningServices/workspaces/managedNetwork.isolationMode',
    requires: 'managedNetwork.isolationMode equal to the isolationMode parameter (default Disabled)',
    effectParameter: 'effect',
    allowedEffects: ['Audit', 'Deny', 'Disabled'],
    defaultEffect: 'Audit',
  },
];

const BY_GUID = new Map(POLICY_CATALOGUE.map((p) => [p.guid, p]));

/** The GUID a policy definition ID ends with (lower-case), or the value itself when it is a bare name. */
export function policyGuidOf(definitionId: string): string {
  return definitionId.trim().replace(/\/+$/, '').split('/').pop()!.toLowerCase();
}

/** The catalogue entry of a built-in policy definition ID (`/providers/Microsoft.Authorization/policyDefinitions/<guid>`). */
export function cataloguedPolicy(definitionId: string): CataloguedPolicy | undefined {
  if (!/^\/providers\/microsoft\.authorization\/policydefinitions\/[^/]+\/?$/i.test(definitionId.trim())) return undefined;
  return BY_GUID.get(policyGuidOf(definitionId));
}

export function isCataloguedPolicy(definitionId: string): boolean {
  return cataloguedPolicy(definitionId) !== undefined;
}
