import rule from '../../rules/SA009-unapproved-private-endpoint.js';
import { SnapshotBuilder, SUB, amlWorkspaceRow, ids } from '../support/payloads.js';
import { describeRule } from '../support/rule-harness.js';
import { AML_ID, AML_KEYVAULT_ID, AML_PE_ID, AML_REGISTRY_ID, AML_STORAGE_ID, MANAGED_PE_ID, principals } from '../support/scenario.js';

const PATH = ['network', 'approvedPrivateEndpoints'];
const ROGUE_PE_ID = ids.privateEndpoint('pe-rogue', 'rg-other');

/** Replaces the AML workspace's private endpoint connections. */
const connections = (list: Array<[string, string]>) => (b: SnapshotBuilder) => {
  const i = b.resources.findIndex((r) => String(r['id']).toLowerCase() === AML_ID.toLowerCase());
  b.resources[i] = amlWorkspaceRow(AML_ID, {
    principalId: principals.amlMsi,
    storageAccount: AML_STORAGE_ID,
    keyVault: AML_KEYVAULT_ID,
    containerRegistry: AML_REGISTRY_ID,
    connections: list,
  });
};

describeRule(rule, {
  pass: [
    {
      name: 'listed endpoint plus the declared managed private endpoint (implicitly approved)',
      expect: [{ outcome: 'pass', messageId: 'all-approved', path: PATH, message: 'All 2' }],
      exactly: true,
    },
    {
      name: 'allow-list entry differs only in case',
      spec: (i) => { i.network!.approvedPrivateEndpoints = [AML_PE_ID.toUpperCase()]; },
      expect: [{ outcome: 'pass', messageId: 'all-approved' }],
      exactly: true,
    },
    {
      name: 'no connections at all, empty allow-list',
      spec: (i) => { i.network!.approvedPrivateEndpoints = []; },
      estate: connections([]),
      expect: [{ outcome: 'pass', messageId: 'all-approved', message: 'All 0' }],
      exactly: true,
    },
  ],
  fail: [
    {
      name: 'an unlisted private endpoint is connected (Pending)',
      estate: connections([[AML_PE_ID, 'Approved'], [MANAGED_PE_ID, 'Approved'], [ROGUE_PE_ID, 'Pending']]),
      expect: [{ outcome: 'fail', messageId: 'unapproved', resource: 'pe-rogue', path: PATH, message: '(Pending)' }],
      exactly: true,
    },
    {
      name: 'the managed private endpoint connection is drift when no managed private endpoint is declared',
      spec: (i) => { delete i.network!.managedPrivateEndpoint; },
      expect: [{ outcome: 'fail', messageId: 'unapproved', resource: 'syn-prod.synapse-to-aml' }],
      exactly: true,
    },
    {
      name: 'a connection from another workspace\'s managed private endpoint is not implicitly approved',
      estate: connections([[AML_PE_ID, 'Approved'], [MANAGED_PE_ID, 'Approved'], [ids.privateEndpoint('syn-dev.synapse-to-aml', 'synapse-managed-rg'), 'Approved']]),
      expect: [{ outcome: 'fail', messageId: 'unapproved', resource: 'syn-dev.synapse-to-aml', message: '(Approved)' }],
      exactly: true,
    },
    {
      name: 'a listed private endpoint is no longer connected (stale entry, note)',
      spec: (i) => { i.network!.approvedPrivateEndpoints = [AML_PE_ID, ROGUE_PE_ID]; },
      expect: [
        { outcome: 'pass', messageId: 'all-approved' },
        { outcome: 'fail', messageId: 'approved-not-connected', severity: 'note', resource: 'pe-rogue', path: [...PATH, 1] },
      ],
      exactly: true,
    },
  ],
  notApplicable: [
    {
      name: 'approvedPrivateEndpoints not declared',
      spec: (i) => { delete i.network!.approvedPrivateEndpoints; },
      expect: [{ outcome: 'not-applicable', messageId: 'not-declared' }],
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
      name: 'AML workspace cannot be read',
      estate: (b) => {
        b.resources.splice(b.resources.findIndex((r) => String(r['id']) === AML_ID), 1);
        b.error({ source: 'resourceGraph.resources', scope: `/subscriptions/${SUB}`, status: 403, code: 'AuthorizationFailed', message: 'denied', missing: 'Reader on the subscription' });
      },
      expect: [{ outcome: 'unknown', message: 'Reader on the subscription' }],
      exactly: true,
    },
  ],
});
