// SA016: everything the spec declares must exist: the two workspaces, the Spark pools, the linked service (of type
// AzureMLService), the managed private endpoint, the AML-side link and the attached Spark pools (AML computes).
import { lastSegment } from '../src/azure/ids.js';
import { computeId } from '../src/engine/attached-pools.js';
import { AZURE_ML_LINKED_SERVICE_TYPE, findDeclaredLinkedService } from '../src/engine/linked-services.js';
import { COMMON_MESSAGES, fail, notApplicable, pass, unknown } from '../src/engine/outcomes.js';
import { managedPrivateEndpointResourceId } from '../src/engine/private-endpoints.js';
import type { AmlWorkspace, Availability, SnapshotError, SynapseWorkspace } from '../src/estate/model.js';
import type { Check, Rule } from '../src/engine/types.js';
import { DOCS } from './docs.js';

const nameOf = lastSegment;

/** The parent workspace's state, for its children: found, missing (already reported), or unreadable. */
type Parent<T> = { kind: 'found'; value: T } | { kind: 'missing' } | { kind: 'unknown'; error: SnapshotError };

function parentOf<T>(read: Availability<T | undefined>): Parent<T> {
  if (!read.ok) return { kind: 'unknown', error: read.error };
  return read.value ? { kind: 'found', value: read.value } : { kind: 'missing' };
}

const rule: Rule = {
  meta: {
    id: 'SA016',
    name: 'declared-resource-exists',
    title: 'Every resource the spec declares must exist',
    severity: 'error',
    resourceTypes: ['microsoft.synapse/workspaces', 'microsoft.synapse/workspaces/bigdatapools', 'microsoft.machinelearningservices/workspaces'],
    dataSources: ['resourceGraph.resources', 'synapse.linkedServices', 'synapse.managedPrivateEndpoints', 'arm.linkedServices', 'arm.computes', 'spec'],
    judges: 'estate',
    rationale:
      'The spec is the desired state of the integration: a declared workspace, Spark pool, AzureML linked service, managed ' +
      'private endpoint, AML-side link or attached Spark pool (an AML compute of type SynapseSpark, by its compute name) that ' +
      'does not exist means the integration is not deployed as described, and the ' +
      'rules that check it cannot say anything about it. A linked service with the declared name but another type than ' +
      'AzureMLService is not the integration\'s linked service. Children of a missing workspace are not reported again.',
    remediation:
      'Deploy what is missing, or correct the spec: check the ARM IDs and names (pool and linked service names compare ' +
      'case-insensitively). Workspaces: `az synapse workspace show --ids <id>`, `az ml workspace show --name <ws> -g <rg>`. ' +
      'Spark pools: `az synapse spark pool list --workspace-name <ws> -g <rg>`. Linked service: Synapse Studio > Manage > ' +
      'Linked services > + New > Azure Machine Learning (publish it), or `az synapse linked-service create --workspace-name <ws> ' +
      '--name <name> --file @ls.json`. Managed private endpoint: Synapse Studio > Manage > Managed private endpoints > + New. ' +
      'Attached Spark pool: `az ml compute attach --file <file>.yaml --resource-group <rg> --workspace-name <aml workspace>` with ' +
      '`type: synapsespark` and the pool\'s `resource_id` in the file.',
    docs: [DOCS.quickstart, DOCS.privateEndpointIntegration, DOCS.linkWorkspacesV1],
    messages: {
      ...COMMON_MESSAGES,
      'synapse-found': 'Synapse workspace {{name}} exists.',
      'synapse-missing': 'Synapse workspace {{id}} does not exist (or is not visible to the audit).',
      'aml-found': 'AML workspace {{name}} exists.',
      'aml-missing': 'AML workspace {{id}} does not exist (or is not visible to the audit).',
      'pool-found': 'Spark pool {{name}} exists in Synapse workspace {{workspace}}.',
      'pool-missing': 'Spark pool {{name}} does not exist in Synapse workspace {{workspace}}.',
      'linked-service-found': 'Linked service {{name}} (AzureMLService) exists in Synapse workspace {{workspace}}.',
      'linked-service-missing': 'Linked service {{name}} does not exist in Synapse workspace {{workspace}}.',
      'linked-service-wrong-type': 'Linked service {{name}} in Synapse workspace {{workspace}} is of type {{type}}, not AzureMLService.',
      'mpe-found': 'Managed private endpoint {{name}} exists in Synapse workspace {{workspace}}.',
      'mpe-missing': 'Managed private endpoint {{name}} does not exist in Synapse workspace {{workspace}}.',
      'mpe-no-vnet': 'Managed private endpoint {{name}} does not exist: Synapse workspace {{workspace}} has no managed virtual network.',
      'mpe-optional': 'Managed private endpoint {{name}} does not exist in Synapse workspace {{workspace}}; the spec marks it required: false.',
      'link-found': 'AML-side linked service {{name}} exists in AML workspace {{workspace}}.',
      'link-missing': 'AML-side linked service {{name}} does not exist in AML workspace {{workspace}}.',
      'parent-missing': '{{what}} {{name}} is not checked: its workspace {{workspace}} does not exist (reported above).',
      'attached-found': 'Attached Spark pool {{name}} (compute of type SynapseSpark) exists in AML workspace {{workspace}}.',
      'attached-missing': 'Attached Spark pool {{name}} does not exist in AML workspace {{workspace}} (no compute of that name).',
    },
  },
  checkEstate({ integration, estate }) {
    const checks: Check[] = [];
    const synapseId = integration.synapse.workspaceId;
    const amlId = integration.machineLearning.workspaceId;

    // The workspaces.
    const synapseRead = estate.synapseWorkspace(synapseId);
    const synapse = parentOf<SynapseWorkspace>(synapseRead);
    const synapsePath = ['synapse', 'workspaceId'];
    if (synapse.kind === 'unknown') checks.push(unknown(synapse.error, 'the Synapse workspace', { resourceId: synapseId, path: synapsePath }));
    else if (synapse.kind === 'missing') checks.push(fail('synapse-missing', { resourceId: synapseId, path: synapsePath, data: { id: synapseId }, expected: 'exists', actual: 'not found' }));
    else checks.push(pass('synapse-found', { resourceId: synapse.value.id, path: synapsePath, data: { name: synapse.value.name } }));

    const amlRead = estate.amlWorkspace(amlId);
    const aml = parentOf<AmlWorkspace>(amlRead);
    const amlPath = ['machineLearning', 'workspaceId'];
    if (aml.kind === 'unknown') checks.push(unknown(aml.error, 'the AML workspace', { resourceId: amlId, path: amlPath }));
    else if (aml.kind === 'missing') checks.push(fail('aml-missing', { resourceId: amlId, path: amlPath, data: { id: amlId }, expected: 'exists', actual: 'not found' }));
    else checks.push(pass('aml-found', { resourceId: aml.value.id, path: amlPath, data: { name: aml.value.name } }));

    /** A child of a workspace that is missing or unreadable: not-applicable or unknown, without reading the child. */
    const orphan = <T>(parent: Parent<T>, parentId: string, what: string, name: string, resourceId: string, path: Array<string | number>): Check | undefined => {
      if (parent.kind === 'unknown') return unknown(parent.error, `${what} ${name} (its workspace could not be read)`, { resourceId, path });
      if (parent.kind === 'missing') return notApplicable('parent-missing', { resourceId, path, data: { what, name, workspace: nameOf(parentId) } });
      return undefined;
    };

    // Spark pools.
    const pools = integration.synapse.sparkPools ?? [];
    if (pools.length > 0) {
      const poolsRead = synapse.kind === 'found' ? estate.sparkPools(synapse.value.id) : undefined;
      pools.forEach((declared, index) => {
        const path = ['synapse', 'sparkPools', index, 'name'];
        const resourceId = `${synapseId}/bigDataPools/${declared.name}`;
        const early = orphan(synapse, synapseId, 'Spark pool', declared.name, resourceId, path);
        if (early) return void checks.push(early);
        if (!poolsRead!.ok) return void checks.push(unknown(poolsRead!.error, `the Spark pools of Synapse workspace ${nameOf(synapseId)}`, { resourceId, path }));
        const live = poolsRead!.value.find((p) => p.name.toLowerCase() === declared.name.toLowerCase());
        const data = { name: declared.name, workspace: nameOf(synapseId) };
        checks.push(
          live
            ? pass('pool-found', { resourceId: live.id, path, data })
            : fail('pool-missing', { resourceId, path, data, expected: 'exists', actual: 'not found' }),
        );
      });
    }

    // The Synapse linked service.
    const ls = integration.linkedService;
    if (ls) {
      const path = ['linkedService', 'name'];
      const resourceId = `${synapseId}/linkedservices/${ls.name}`;
      const data = { name: ls.name, workspace: nameOf(synapseId) };
      const early = orphan(synapse, synapseId, 'Linked service', ls.name, resourceId, path);
      if (early) checks.push(early);
      else if (synapse.kind === 'found') {
        const read = estate.synapseLinkedServices(synapse.value.id);
        if (!read.ok) checks.push(unknown(read.error, `the linked services of Synapse workspace ${synapse.value.name} (Synapse data plane)`, { resourceId, path }));
        else {
          const live = findDeclaredLinkedService(read.value, integration);
          if (!live) checks.push(fail('linked-service-missing', { resourceId, path, data, expected: 'exists', actual: 'not found' }));
          else if (live.type.toLowerCase() !== AZURE_ML_LINKED_SERVICE_TYPE.toLowerCase()) {
            checks.push(fail('linked-service-wrong-type', { resourceId, path, data: { type: live.type, ...data }, expected: `type ${AZURE_ML_LINKED_SERVICE_TYPE}`, actual: `type ${live.type}` }));
          } else checks.push(pass('linked-service-found', { resourceId, path, data }));
        }
      }
    }

    // The managed private endpoint.
    const mpe = integration.network?.managedPrivateEndpoint;
    if (mpe) {
      const path = ['network', 'managedPrivateEndpoint', 'name'];
      const resourceId = managedPrivateEndpointResourceId(synapseId, mpe.name);
      const data = { name: mpe.name, workspace: nameOf(synapseId) };
      const missing = (messageId: string, actual: string) =>
        mpe.required === false
          ? notApplicable('mpe-optional', { resourceId, path, data })
          : fail(messageId, { resourceId, path, data, expected: 'exists', actual });
      const early = orphan(synapse, synapseId, 'Managed private endpoint', mpe.name, resourceId, path);
      if (early) checks.push(early);
      else if (synapse.kind === 'found') {
        if (!synapse.value.managedVirtualNetwork) checks.push(missing('mpe-no-vnet', 'no managed virtual network'));
        else {
          const read = estate.managedPrivateEndpoints(synapse.value.id);
          if (!read.ok) checks.push(unknown(read.error, `the managed private endpoints of Synapse workspace ${synapse.value.name} (Synapse data plane)`, { resourceId, path }));
          else if (read.value.some((m) => m.name.toLowerCase() === mpe.name.toLowerCase())) checks.push(pass('mpe-found', { resourceId, path, data }));
          else checks.push(missing('mpe-missing', 'not found'));
        }
      }
    }

    // The AML-side (SDK v1) link.
    const link = integration.machineLearning.synapseLink;
    if (link) {
      const path = ['machineLearning', 'synapseLink', 'name'];
      const resourceId = `${amlId}/linkedServices/${link.name}`;
      const data = { name: link.name, workspace: nameOf(amlId) };
      const early = orphan(aml, amlId, 'AML-side linked service', link.name, resourceId, path);
      if (early) checks.push(early);
      else if (aml.kind === 'found') {
        const read = estate.amlLinkedServices(aml.value.id);
        if (!read.ok) checks.push(unknown(read.error, `the AML-side linked services of AML workspace ${aml.value.name}`, { resourceId, path }));
        else {
          const live = read.value.find((l) => l.name.toLowerCase() === link.name.toLowerCase());
          checks.push(
            live
              ? pass('link-found', { resourceId: live.id, path, data })
              : fail('link-missing', { resourceId, path, data, expected: 'exists', actual: 'not found' }),
          );
        }
      }
    }

    // Attached Spark pools (AML computes of type SynapseSpark). The collector keeps SynapseSpark computes only, so a
    // compute of another type with the declared name reads as missing.
    (integration.machineLearning.attachedSparkPools ?? []).forEach((declared, index) => {
      const path = ['machineLearning', 'attachedSparkPools', index, 'name'];
      const resourceId = computeId(amlId, declared.name);
      const data = { name: declared.name, workspace: nameOf(amlId) };
      const early = orphan(aml, amlId, 'Attached Spark pool', declared.name, resourceId, path);
      if (early) return void checks.push(early);
      if (aml.kind !== 'found') return;
      const read = estate.attachedSparkPools(aml.value.id);
      if (!read.ok) return void checks.push(unknown(read.error, `the computes (attached Spark pools) of AML workspace ${aml.value.name}`, { resourceId, path }));
      const live = read.value.find((c) => c.name.toLowerCase() === declared.name.toLowerCase());
      checks.push(
        live
          ? pass('attached-found', { resourceId: live.id, path, data })
          : fail('attached-missing', { resourceId, path, data, expected: 'exists', actual: 'not found' }),
      );
    });
    return checks;
  },
};

export default rule;
