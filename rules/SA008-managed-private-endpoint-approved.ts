// SA008: the managed private endpoint from the Synapse managed VNet to the AML workspace must exist and be Approved on
// both sides (the managed private endpoint's connectionState and the AML workspace's privateEndpointConnections entry).
import { sameId } from '../src/azure/ids.js';
import { COMMON_MESSAGES, fail, notApplicable, pass, unknown } from '../src/engine/outcomes.js';
import { connectionsOfManagedPrivateEndpoint, isApprovedStatus, managedPrivateEndpointPrefix, managedPrivateEndpointResourceId } from '../src/engine/private-endpoints.js';
import type { AmlWorkspace, ManagedPrivateEndpoint, SynapseWorkspace } from '../src/estate/model.js';
import type { Check, Rule } from '../src/engine/types.js';
import { DOCS } from './docs.js';

/** The group ID (sub-resource) of an AML workspace private endpoint. */
const AML_GROUP_ID = 'amlworkspace';
const PATH = ['network', 'managedPrivateEndpoint'] as const;

/** Approval of one managed private endpoint to the AML workspace, on both sides. */
function approvalCheck(mpe: ManagedPrivateEndpoint, synapse: SynapseWorkspace, aml: AmlWorkspace): Check {
  const resourceId = managedPrivateEndpointResourceId(synapse.id, mpe.name);
  const data = { endpoint: mpe.name, workspace: synapse.name, aml: aml.name };
  const path = [...PATH];
  if (!isApprovedStatus(mpe.status)) {
    return fail('not-approved', {
      resourceId,
      path,
      data: { status: mpe.status ?? '(no status)', ...data },
      expected: 'connectionState.status: Approved',
      actual: `connectionState.status: ${mpe.status ?? '(none)'}`,
    });
  }
  const [connection] = connectionsOfManagedPrivateEndpoint(aml.privateEndpointConnections, synapse.name, mpe.name, mpe.privateEndpointId);
  if (!connection) {
    return pass('approved-trusted', { resourceId, path, data: { prefix: managedPrivateEndpointPrefix(synapse.name, mpe.name), ...data } });
  }
  const connectionName = connection.name ?? connection.privateEndpointId ?? '(unnamed)';
  if (!isApprovedStatus(connection.status)) {
    return fail('aml-side-not-approved', {
      resourceId,
      path,
      data: { connection: connectionName, status: connection.status ?? '(no status)', ...data },
      expected: 'Approved on the AML workspace',
      actual: `${connection.status ?? '(no status)'} on the AML workspace`,
    });
  }
  return pass('approved', { resourceId, path, data: { connection: connectionName, ...data } });
}

const rule: Rule = {
  meta: {
    id: 'SA008',
    name: 'managed-private-endpoint-approved',
    title: 'The managed private endpoint to the AML workspace must exist and be Approved',
    severity: 'error',
    resourceTypes: ['microsoft.synapse/workspaces', 'microsoft.machinelearningservices/workspaces'],
    dataSources: ['resourceGraph.resources', 'synapse.managedPrivateEndpoints', 'spec'],
    judges: 'estate',
    rationale:
      'Without data exfiltration protection, the secure path from a Synapse workspace to Azure Machine Learning is a managed ' +
      'private endpoint from the Synapse managed virtual network to the AML workspace (groupId amlworkspace). It carries no ' +
      'traffic until the AML workspace owner approves the connection: until then it stays Pending. The managed private ' +
      "endpoint's connection state mirrors the approval; the AML workspace's own privateEndpointConnections entry (whose " +
      'private endpoint is named <synapse workspace>.<managed private endpoint>) is checked as well when it can be matched. ' +
      'A private AML workspace (public network access disabled) cannot be reached from Synapse without such an endpoint.',
    remediation:
      'Create the endpoint in Synapse Studio: Manage > Managed private endpoints > + New > Azure Machine Learning, pick the AML ' +
      'workspace, Create. Then approve it on the AML side: Azure portal > the AML workspace > Networking > Private endpoint ' +
      'connections > select the Pending connection > Approve. With the CLI: ' +
      '`az synapse managed-private-endpoints create --workspace-name <synapse> --pe-name <name> --file @mpe.json` ' +
      '(mpe.json: {"privateLinkResourceId": "<AML workspace ID>", "groupId": "amlworkspace"}), then ' +
      '`az network private-endpoint-connection approve --id <AML workspace ID>/privateEndpointConnections/<connection>`.',
    docs: [DOCS.privateEndpointIntegration, DOCS.quickstart],
    messages: {
      ...COMMON_MESSAGES,
      'synapse-missing': 'Synapse workspace {{workspace}} was not found (see SA016).',
      'aml-missing': 'AML workspace {{aml}} was not found (see SA016).',
      'no-managed-vnet':
        'Managed private endpoint {{endpoint}} cannot exist: Synapse workspace {{workspace}} has no managed virtual network.',
      missing: 'Managed private endpoint {{endpoint}} does not exist in Synapse workspace {{workspace}}.',
      'not-required': 'Managed private endpoint {{endpoint}} does not exist in Synapse workspace {{workspace}}, and the spec marks it required: false.',
      'wrong-target':
        'Managed private endpoint {{endpoint}} in Synapse workspace {{workspace}} points at {{target}} (groupId {{groupId}}), not at AML workspace {{aml}} (groupId amlworkspace).',
      'not-approved':
        'Managed private endpoint {{endpoint}} from Synapse workspace {{workspace}} to AML workspace {{aml}} is {{status}}, not Approved: approve it on the AML workspace.',
      'aml-side-not-approved':
        'AML workspace {{aml}} lists the connection {{connection}} of managed private endpoint {{endpoint}} (Synapse workspace {{workspace}}) as {{status}}, not Approved.',
      approved: 'Managed private endpoint {{endpoint}} from Synapse workspace {{workspace}} to AML workspace {{aml}} is Approved on both sides (AML connection {{connection}}).',
      'approved-trusted':
        'Managed private endpoint {{endpoint}} from Synapse workspace {{workspace}} to AML workspace {{aml}} is Approved; no connection on the AML workspace has a private endpoint named {{prefix}}*, so its status is trusted.',
      'none-to-private-aml':
        'Synapse workspace {{workspace}} has no managed private endpoint to AML workspace {{aml}}, whose public network access is disabled: Synapse has no path to it.',
      'none-declared': 'No managed private endpoint is declared, none in Synapse workspace {{workspace}} targets AML workspace {{aml}}, and the AML workspace allows public network access.',
    },
  },
  checkEstate({ integration, estate }) {
    const synapseId = integration.synapse.workspaceId;
    const amlId = integration.machineLearning.workspaceId;
    const declared = integration.network?.managedPrivateEndpoint;
    const path = [...PATH];

    const ws = estate.synapseWorkspace(synapseId);
    if (!ws.ok) return [unknown(ws.error, 'the Synapse workspace', { resourceId: synapseId, path })];
    if (!ws.value) return [notApplicable('synapse-missing', { resourceId: synapseId, path, data: { workspace: synapseId } })];
    const synapse = ws.value;

    const amlRead = estate.amlWorkspace(amlId);
    if (!amlRead.ok) return [unknown(amlRead.error, 'the AML workspace', { resourceId: amlId, path })];
    if (!amlRead.value) return [notApplicable('aml-missing', { resourceId: amlId, path, data: { aml: amlId } })];
    const aml = amlRead.value;
    const amlPrivate = aml.publicNetworkAccess?.toLowerCase() === 'disabled';

    // Without a managed VNet there are no managed private endpoints (and the data plane has none to list).
    let mpes: ManagedPrivateEndpoint[] = [];
    if (synapse.managedVirtualNetwork) {
      const read = estate.managedPrivateEndpoints(synapse.id);
      if (!read.ok) {
        return [unknown(read.error, `the managed private endpoints of Synapse workspace ${synapse.name} (Synapse data plane)`, { resourceId: synapse.id, path })];
      }
      mpes = read.value;
    }

    if (declared) {
      const resourceId = managedPrivateEndpointResourceId(synapse.id, declared.name);
      const data = { endpoint: declared.name, workspace: synapse.name, aml: aml.name };
      const mpe = mpes.find((m) => m.name.toLowerCase() === declared.name.toLowerCase());
      if (!mpe) {
        if (declared.required === false) return [notApplicable('not-required', { resourceId, path, data })];
        return [
          fail(synapse.managedVirtualNetwork ? 'missing' : 'no-managed-vnet', {
            resourceId,
            path,
            data,
            expected: `managed private endpoint ${declared.name} to ${aml.name} (groupId amlworkspace), Approved`,
            actual: synapse.managedVirtualNetwork ? 'absent' : 'no managed virtual network',
          }),
        ];
      }
      const targetOk = sameId(mpe.privateLinkResourceId, aml.id) && mpe.groupId?.toLowerCase() === AML_GROUP_ID;
      if (!targetOk) {
        return [
          fail('wrong-target', {
            resourceId: managedPrivateEndpointResourceId(synapse.id, mpe.name),
            path,
            data: { ...data, endpoint: mpe.name, target: mpe.privateLinkResourceId ?? '(none)', groupId: mpe.groupId ?? '(none)' },
            expected: `${aml.id} (groupId ${AML_GROUP_ID})`,
            actual: `${mpe.privateLinkResourceId ?? '(none)'} (groupId ${mpe.groupId ?? '(none)'})`,
          }),
        ];
      }
      return [approvalCheck(mpe, synapse, aml)];
    }

    const toAml = mpes.filter((m) => sameId(m.privateLinkResourceId, aml.id));
    if (toAml.length > 0) return toAml.map((m) => approvalCheck(m, synapse, aml));
    const data = { workspace: synapse.name, aml: aml.name };
    if (amlPrivate) {
      return [
        fail('none-to-private-aml', {
          resourceId: synapse.id,
          path,
          data,
          expected: 'an Approved managed private endpoint to the AML workspace',
          actual: synapse.managedVirtualNetwork ? 'none' : 'no managed virtual network',
        }),
      ];
    }
    return [notApplicable('none-declared', { resourceId: synapse.id, path, data })];
  },
};

export default rule;
