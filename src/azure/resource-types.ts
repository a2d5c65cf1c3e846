// The lower-case Azure resource types synaml reads: what the collectors query and the normaliser recognises.
export const RESOURCE_TYPES = {
  synapseWorkspace: 'microsoft.synapse/workspaces',
  sparkPool: 'microsoft.synapse/workspaces/bigdatapools',
  amlWorkspace: 'microsoft.machinelearningservices/workspaces',
  privateEndpoint: 'microsoft.network/privateendpoints',
  storageAccount: 'microsoft.storage/storageaccounts',
  keyVault: 'microsoft.keyvault/vaults',
  containerRegistry: 'microsoft.containerregistry/registries',
  roleAssignment: 'microsoft.authorization/roleassignments',
  roleDefinition: 'microsoft.authorization/roledefinitions',
  subscription: 'microsoft.resources/subscriptions',
  policyAssignment: 'microsoft.authorization/policyassignments',
  policyDefinition: 'microsoft.authorization/policydefinitions',
  policySetDefinition: 'microsoft.authorization/policysetdefinitions',
  policyExemption: 'microsoft.authorization/policyexemptions',
  resourceChange: 'microsoft.resources/changes',
} as const;
