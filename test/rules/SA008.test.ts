import rule from '../../rules/SA008-managed-private-endpoint-approved.js';
import { SnapshotBuilder, amlWorkspaceRow, ids, managedPrivateEndpoint, synapseWorkspaceRow } from '../support/payloads.js';
import type { AmlWorkspaceOptions } from '../support/payloads.js';
import { describeRule } from '../support/rule-harness.js';
import { AML_ID, AML_KEYVAULT_ID, AML_PE_ID, AML_REGISTRY_ID, AML_STORAGE_ID, MANAGED_PE_ID, SYNAPSE_ID, principals } from '../support/scenario.js';

const PATH = ['network', 'managedPrivateEndpoint'];

/** Replaces the healthy AML workspace row. */
function amlRow(b: SnapshotBuilder, o: AmlWorkspaceOptions): void {
  const i = b.resources.findIndex((r) => String(r['id']).toLowerCase() === AML_ID.toLowerCase());
  b.resources[i] = amlWorkspaceRow(AML_ID, {
    principalId: principals.amlMsi,
    storageAccount: AML_STORAGE_ID,
    keyVault: AML_KEYVAULT_ID,
    containerRegistry: AML_REGISTRY_ID,
    connections: [
      [AML_PE_ID, 'Approved'],
      [MANAGED_PE_ID, 'Approved'],
    ],
    ...o,
  });
}

const mpe = (status: string, target = AML_ID, groupId = 'amlworkspace', name = 'synapse-to-aml') => (b: SnapshotBuilder) => {
  b.managedPrivateEndpoints(SYNAPSE_ID, managedPrivateEndpoint(name, target, status, groupId));
};
const noMpes = (b: SnapshotBuilder) => { b.managedPrivateEndpoints(SYNAPSE_ID); };

describeRule(rule, {
  pass: [
    {
      name: 'declared endpoint is Approved, and its AML-side connection (syn-prod.synapse-to-aml) too',
      expect: [{ outcome: 'pass', messageId: 'approved', path: PATH, resource: 'managedPrivateEndpoints/synapse-to-aml', message: 'conn1' }],
      exactly: true,
    },
    {
      name: 'endpoint name differs only in case from the declared name',
      spec: (i) => { i.network!.managedPrivateEndpoint = { name: 'Synapse-To-AML' }; },
      expect: [{ outcome: 'pass', messageId: 'approved' }],
      exactly: true,
    },
    {
      name: 'no AML-side connection matches the name prefix: the managed private endpoint status is trusted',
      estate: (b) => amlRow(b, { connections: [[AML_PE_ID, 'Approved'], [ids.privateEndpoint('some-other-pe'), 'Pending']] }),
      expect: [{ outcome: 'pass', messageId: 'approved-trusted', message: 'syn-prod.synapse-to-aml*' }],
      exactly: true,
    },
    {
      name: 'AML-side private endpoint name carries a suffix after the prefix',
      estate: (b) => amlRow(b, { connections: [[ids.privateEndpoint('syn-prod.synapse-to-aml-2b1f', 'synapse-managed-rg'), 'Approved']] }),
      expect: [{ outcome: 'pass', messageId: 'approved' }],
      exactly: true,
    },
    {
      name: 'not declared: an existing approved endpoint to the AML workspace is evaluated',
      spec: (i) => { delete i.network!.managedPrivateEndpoint; },
      expect: [{ outcome: 'pass', messageId: 'approved', resource: 'synapse-to-aml' }],
      exactly: true,
    },
  ],
  fail: [
    {
      name: 'declared endpoint does not exist',
      estate: noMpes,
      expect: [{ outcome: 'fail', messageId: 'missing', path: PATH, message: 'synapse-to-aml' }],
      exactly: true,
    },
    {
      name: 'declared endpoint is still Pending',
      estate: mpe('Pending'),
      expect: [{ outcome: 'fail', messageId: 'not-approved', message: 'is Pending' }],
      exactly: true,
    },
    {
      name: 'declared endpoint was Rejected',
      estate: mpe('Rejected'),
      expect: [{ outcome: 'fail', messageId: 'not-approved', message: 'is Rejected' }],
    },
    {
      name: 'Approved on the Synapse side but the AML connection is Disconnected',
      estate: (b) => amlRow(b, { connections: [[AML_PE_ID, 'Approved'], [MANAGED_PE_ID, 'Disconnected']] }),
      expect: [{ outcome: 'fail', messageId: 'aml-side-not-approved', message: 'as Disconnected' }],
      exactly: true,
    },
    {
      name: 'the AML-side connection is found by the endpoint\'s resourceId even when its name does not carry the prefix',
      estate: (b) => {
        const oddlyNamed = ids.privateEndpoint('pe-renamed-by-provider', 'synapse-managed-rg');
        b.managedPrivateEndpoints(SYNAPSE_ID, managedPrivateEndpoint('synapse-to-aml', AML_ID, 'Approved', 'amlworkspace', oddlyNamed));
        amlRow(b, { connections: [[AML_PE_ID, 'Approved'], [MANAGED_PE_ID, 'Approved'], [oddlyNamed, 'Rejected']] });
      },
      expect: [{ outcome: 'fail', messageId: 'aml-side-not-approved', message: 'as Rejected' }],
      exactly: true,
    },
    {
      name: 'declared endpoint points at a storage account',
      estate: mpe('Approved', AML_STORAGE_ID, 'blob'),
      expect: [{ outcome: 'fail', messageId: 'wrong-target', message: 'stamlprod' }],
      exactly: true,
    },
    {
      name: 'declared endpoint targets the AML workspace with the wrong groupId',
      estate: mpe('Approved', AML_ID, 'blob'),
      expect: [{ outcome: 'fail', messageId: 'wrong-target', message: 'groupId blob' }],
    },
    {
      name: 'Synapse workspace has no managed virtual network',
      estate: (b) => { b.resources[0] = synapseWorkspaceRow(SYNAPSE_ID, { principalId: principals.synapseMsi, managedVirtualNetwork: false }); },
      expect: [{ outcome: 'fail', messageId: 'no-managed-vnet' }],
      exactly: true,
    },
    {
      name: 'not declared, none exists, and the AML workspace is private',
      spec: (i) => { delete i.network!.managedPrivateEndpoint; },
      estate: noMpes,
      expect: [{ outcome: 'fail', messageId: 'none-to-private-aml', resource: 'workspaces/syn-prod' }],
      exactly: true,
    },
    {
      name: 'not declared: an endpoint to the AML workspace is Pending',
      spec: (i) => { delete i.network; },
      estate: mpe('Pending', AML_ID, 'amlworkspace', 'adhoc-aml'),
      expect: [{ outcome: 'fail', messageId: 'not-approved', resource: 'adhoc-aml' }],
      exactly: true,
    },
  ],
  notApplicable: [
    {
      name: 'declared with required: false and missing',
      spec: (i) => { i.network!.managedPrivateEndpoint = { name: 'synapse-to-aml', required: false }; },
      estate: noMpes,
      expect: [{ outcome: 'not-applicable', messageId: 'not-required' }],
      exactly: true,
    },
    {
      name: 'not declared, none exists, and the AML workspace allows public access',
      spec: (i) => { delete i.network!.managedPrivateEndpoint; },
      estate: (b) => { noMpes(b); amlRow(b, { publicNetworkAccess: 'Enabled' }); },
      expect: [{ outcome: 'not-applicable', messageId: 'none-declared' }],
      exactly: true,
    },
    {
      name: 'Synapse workspace does not exist',
      estate: (b) => { b.resources.shift(); },
      expect: [{ outcome: 'not-applicable', messageId: 'synapse-missing' }],
      exactly: true,
    },
    {
      name: 'AML workspace does not exist',
      estate: (b) => { b.resources.splice(b.resources.findIndex((r) => String(r['id']) === AML_ID), 1); },
      expect: [{ outcome: 'not-applicable', messageId: 'aml-missing' }],
      exactly: true,
    },
  ],
  unknown: [
    {
      name: 'Synapse data plane denied (managed private endpoints)',
      estate: (b) => {
        b.error({ source: 'synapse.managedPrivateEndpoints', scope: SYNAPSE_ID, status: 403, code: 'Forbidden', message: 'not authorized', missing: 'Synapse Artifact User' });
      },
      expect: [{ outcome: 'unknown', message: 'Synapse Artifact User' }],
      exactly: true,
    },
    {
      name: 'AML workspace cannot be read',
      estate: (b) => {
        b.resources.splice(b.resources.findIndex((r) => String(r['id']) === AML_ID), 1);
        b.error({ source: 'resourceGraph.resources', scope: AML_ID.split('/').slice(0, 5).join('/'), status: 403, code: 'AuthorizationFailed', message: 'denied', missing: 'Reader on rg-ml' });
      },
      expect: [{ outcome: 'unknown', message: 'AML workspace' }],
      exactly: true,
    },
  ],
});
