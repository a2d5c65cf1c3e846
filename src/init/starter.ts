// `synaml init` without a source: a commented starter spec. Every required value is a placeholder that validates
// (a GUID subscription of zeros, example names), so `synaml validate` accepts the file as written; the comments
// say what to put there and which rule each setting feeds.

/** The starter spec, `$schema` line first, for editors. */
export function starterSpec(schemaPath = './node_modules/synaml/schema/spec-v1.schema.json'): string {
  return `# yaml-language-server: $schema=${schemaPath}
# A synaml spec: the desired state of one or more Azure Synapse <-> Azure Machine Learning integrations.
# Replace the example IDs and names with yours, delete what you do not want checked, then run
#   synaml validate synaml.yaml                              # offline: the file and the spec-only rules
#   synaml audit synaml.yaml                                 # against Azure (read-only)
#   synaml check-template TemplateForWorkspace.json --spec synaml.yaml   # before a deployment
# \`synaml init --from-snapshot <file>\` writes a draft from what is deployed instead. \`synaml rules\` lists the rules.
version: 1
integrations:
  - name: analytics-prod                      # unique, lower-case kebab-case: findings and waivers name it
    synapse:
      # ARM ID of the Synapse workspace (az synapse workspace show -n <name> -g <group> --query id)
      workspaceId: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-synapse-rg/providers/Microsoft.Synapse/workspaces/my-synapse
      managedVirtualNetwork: true             # managed private endpoints need it (SA008, SA011); drift is SA100
      preventDataExfiltration: false          # must be false: the AML integration does not support it (SA001)
      # publicNetworkAccess: Enabled          # Enabled | Disabled: compared with Azure when declared (SA100)
      sparkPools:
        - name: mlpool
          sparkVersion: "3.5"                 # quoted: YAML reads 3.5 as a number; 3.4 is out of support (SA013)
          mlflowTracking: linkedService       # linkedService | servicePrincipal | none: Spark 3.3/3.4 cannot use the linked service (SA003)
    machineLearning:
      # ARM ID of the Azure Machine Learning workspace (az ml workspace show -n <name> -g <group> --query id)
      workspaceId: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-ml-rg/providers/Microsoft.MachineLearningServices/workspaces/my-aml
      publicNetworkAccess: Disabled           # a private AML workspace needs the Synapse managed VNet (SA011)
      dependencyPrivateEndpoints: [blob, file, dfs, vault, registry]   # approved private endpoints on its storage, key vault, registry (SA010)
    linkedService:
      name: AzureMLService1                   # the Synapse linked service of type AzureMLService (SA016)
      authentication: managedIdentity         # managedIdentity | servicePrincipal; needs Contributor on the AML workspace (SA004)
      integrationRuntime: AutoResolveIntegrationRuntime   # never a self-hosted runtime (SA002)
      # servicePrincipal:                     # with authentication: servicePrincipal
      #   clientId: <application (client) ID, a GUID>                        # not the app's name (SA015)
      #   objectId: <object ID of the service principal>                     # what its role assignments name (SA004)
      #   secret: { keyVault: { linkedService: <Key Vault linked service>, secretName: <secret> } }   # never inline (SA014)
    network:
      managedPrivateEndpoint: { name: synapse-to-aml, required: true }     # must exist and be Approved (SA008)
      # approvedPrivateEndpoints: [<ARM ID of a private endpoint>]        # any other connection to the AML workspace is drift (SA009)
    # access:
    #   privilegedPrincipals: [<object ID>]   # anyone else with Owner/Contributor on either workspace is drift (SA101)
    #   required:                             # role assignments that must exist (SA007, SA102)
    #     - { principalId: <object ID>, role: Storage Blob Data Contributor, scope: synapse.defaultStorage }

# waivers:                                    # accepted exceptions, with a reason and an expiry date
#   - { rule: SA013, integration: analytics-prod, reason: "migration to Spark 3.5 booked", expires: 2027-01-31 }
`;
}
