// SA009: every private endpoint connection on the AML workspace must be in the spec's approvedPrivateEndpoints
// allow-list (the declared managed private endpoint's own connection is implicitly approved).
import { sameId } from '../src/azure/ids.js';
import { COMMON_MESSAGES, fail, notApplicable, pass, unknown } from '../src/engine/outcomes.js';
import { connectionsOfManagedPrivateEndpoint } from '../src/engine/private-endpoints.js';
import type { PrivateEndpointConnection } from '../src/estate/model.js';
import type { Check, Rule } from '../src/engine/types.js';
import { DOCS } from './docs.js';

const rule: Rule = {
  meta: {
    id: 'SA009',
    name: 'unapproved-private-endpoint',
    title: 'Every private endpoint connection on the AML workspace must be on the approved list',
    severity: 'warning',
    resourceTypes: ['microsoft.machinelearningservices/workspaces', 'microsoft.network/privateendpoints'],
    dataSources: ['resourceGraph.resources', 'spec'],
    judges: 'estate',
    rationale:
      'In the secure setup the AML workspace is reachable only through private endpoints, so each private endpoint connection ' +
      'on it is a network path into the workspace. network.approvedPrivateEndpoints lists the private endpoints the platform ' +
      'team expects; any other connection (whatever its state: Pending, Approved, Rejected, Disconnected) is drift to review. ' +
      "The connection that belongs to the declared managed private endpoint (its private endpoint is named " +
      '<synapse workspace>.<managed private endpoint>, in a Synapse-managed resource group whose ID is not known in advance) is ' +
      'implicitly approved: SA008 checks it. A listed private endpoint that has no connection on the workspace is reported as a ' +
      'note: the allow-list entry is stale.',
    remediation:
      'Review each unexpected connection: if it is legitimate, add its private endpoint ID to network.approvedPrivateEndpoints; ' +
      'otherwise remove it: Azure portal > the AML workspace > Networking > Private endpoint connections > select it > Remove (or ' +
      'Reject), or `az network private-endpoint-connection delete --id <AML workspace ID>/privateEndpointConnections/<connection>`. ' +
      'Remove stale entries (private endpoints no longer connected) from the allow-list.',
    docs: [DOCS.privateEndpointIntegration],
    messages: {
      ...COMMON_MESSAGES,
      'not-declared': 'network.approvedPrivateEndpoints is not declared: private endpoint connections on AML workspace {{aml}} are not compared with an allow-list.',
      'aml-missing': 'AML workspace {{aml}} was not found (see SA016).',
      unapproved:
        'AML workspace {{aml}} has a private endpoint connection {{connection}} ({{status}}) from private endpoint {{endpoint}}, which is not in approvedPrivateEndpoints.',
      'all-approved': 'All {{count}} private endpoint connection(s) on AML workspace {{aml}} are approved in the spec.',
      'approved-not-connected': 'Approved private endpoint {{endpoint}} has no connection on AML workspace {{aml}}: the allow-list entry is stale.',
    },
  },
  checkEstate({ integration, estate }) {
    const amlId = integration.machineLearning.workspaceId;
    const approved = integration.network?.approvedPrivateEndpoints;
    const path = ['network', 'approvedPrivateEndpoints'];
    if (approved === undefined) {
      return [notApplicable('not-declared', { resourceId: amlId, path: ['network'], data: { aml: amlId } })];
    }
    const read = estate.amlWorkspace(amlId);
    if (!read.ok) return [unknown(read.error, 'the AML workspace and its private endpoint connections', { resourceId: amlId, path })];
    if (!read.value) return [notApplicable('aml-missing', { resourceId: amlId, path, data: { aml: amlId } })];
    const aml = read.value;

    const mpeName = integration.network?.managedPrivateEndpoint?.name;
    const implicit = new Set<PrivateEndpointConnection>(
      mpeName === undefined ? [] : connectionsOfManagedPrivateEndpoint(aml.privateEndpointConnections, integration.synapse.workspaceId, mpeName),
    );

    const checks: Check[] = [];
    for (const connection of aml.privateEndpointConnections) {
      if (implicit.has(connection)) continue;
      if (approved.some((peId) => sameId(peId, connection.privateEndpointId))) continue;
      const endpoint = connection.privateEndpointId ?? '(unknown private endpoint)';
      checks.push(
        fail('unapproved', {
          resourceId: connection.privateEndpointId ?? connection.id ?? aml.id,
          path,
          data: { aml: aml.name, connection: connection.name ?? '(unnamed)', status: connection.status ?? 'no status', endpoint },
          expected: 'a private endpoint listed in approvedPrivateEndpoints',
          actual: `${endpoint} (${connection.status ?? 'no status'})`,
        }),
      );
    }
    if (checks.length === 0) {
      checks.push(pass('all-approved', { resourceId: aml.id, path, data: { aml: aml.name, count: aml.privateEndpointConnections.length } }));
    }

    approved.forEach((peId, index) => {
      if (aml.privateEndpointConnections.some((c) => sameId(c.privateEndpointId, peId))) return;
      checks.push(
        fail('approved-not-connected', {
          severity: 'note',
          resourceId: peId,
          path: [...path, index],
          data: { aml: aml.name, endpoint: peId },
          expected: `a connection from ${peId}`,
          actual: 'not connected',
        }),
      );
    });
    return checks;
  },
};

export default rule;
