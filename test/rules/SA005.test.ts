import rule from '../../rules/SA005-linking-needs-owner.js';
import { AZURE_ROLES } from '../../src/estate/roles.js';
import type { IntegrationSpec } from '../../src/spec/types.js';
import { SUB, SnapshotBuilder, amlSideLinkedService, ids, roleAssignmentRow } from '../support/payloads.js';
import { describeRule } from '../support/rule-harness.js';
import { AML_ID, SYNAPSE_ID, principals } from '../support/scenario.js';

const SYN_RG = `/subscriptions/${SUB}/resourceGroups/rg-analytics`;
const LINK_MSI = '12121212-0000-4000-8000-000000000001';
const PATH = ['machineLearning', 'synapseLink', 'linkedBy'];

const liveLink = (b: SnapshotBuilder) => { b.amlLinks(AML_ID, amlSideLinkedService(AML_ID, 'synapselink1', SYNAPSE_ID, LINK_MSI)); };
const declare = (linkedBy?: string) => (i: IntegrationSpec) => {
  i.machineLearning.synapseLink = { name: 'synapselink1', ...(linkedBy ? { linkedBy } : {}) };
};

describeRule(rule, {
  pass: [
    {
      name: 'declared and live link; the linking principal is Owner inherited from the subscription',
      spec: declare(principals.platformOwner),
      estate: liveLink,
      expect: [{ outcome: 'pass', messageId: 'owner', path: PATH, resource: 'syn-prod', message: `Owner on Synapse workspace syn-prod (inherited from subscription ${SUB})` }],
      exactly: true,
    },
    {
      name: 'declared link only (not live), linkedBy in upper case, Owner on the Synapse resource group',
      spec: declare(principals.dataEngineer.toUpperCase()),
      estate: (b) => { b.assignment(roleAssignmentRow(SYN_RG, principals.dataEngineer, AZURE_ROLES.owner.guid, 'User')); },
      expect: [{ outcome: 'pass', messageId: 'owner', message: 'inherited from resource group rg-analytics' }],
      exactly: true,
    },
    {
      name: 'Owner inherited from a management group above the subscription, role definition in /providers/... form',
      spec: declare(principals.dataEngineer),
      estate: (b) => {
        liveLink(b);
        const row = roleAssignmentRow('/providers/Microsoft.Management/managementGroups/mg-data', principals.dataEngineer, AZURE_ROLES.owner.guid, 'User');
        (row['properties'] as Record<string, unknown>)['roleDefinitionId'] = `/providers/Microsoft.Authorization/roleDefinitions/${AZURE_ROLES.owner.guid}`;
        b.assignment(row);
        b.resourcecontainers.push({
          id: `/subscriptions/${SUB}`,
          type: 'microsoft.resources/subscriptions',
          subscriptionId: SUB,
          properties: { managementGroupAncestorsChain: [{ name: 'mg-data', displayName: 'Data' }] },
        });
      },
      expect: [{ outcome: 'pass', messageId: 'owner', message: 'inherited from management group mg-data' }],
      exactly: true,
    },
    {
      name: 'declared link while the AML-side links cannot be read: the declared link is enough to check',
      spec: declare(principals.platformOwner),
      estate: (b) => { b.error({ source: 'arm.linkedServices', scope: AML_ID, status: 403, code: 'AuthorizationFailed', message: 'denied' }); },
      expect: [{ outcome: 'pass', messageId: 'owner' }],
      exactly: true,
    },
  ],
  fail: [
    {
      name: 'linking principal is only Contributor on the Synapse workspace',
      spec: declare(principals.dataEngineer),
      estate: (b) => { liveLink(b); b.assignment(roleAssignmentRow(SYNAPSE_ID, principals.dataEngineer, AZURE_ROLES.contributor.guid, 'User')); },
      expect: [{ outcome: 'fail', messageId: 'only-contributor', path: PATH, message: 'can only use existing linked services' }],
      exactly: true,
    },
    {
      name: 'linking principal has no role on the Synapse workspace (Owner of the AML workspace does not count)',
      spec: declare(principals.dataEngineer),
      estate: (b) => { liveLink(b); b.assignment(roleAssignmentRow(AML_ID, principals.dataEngineer, AZURE_ROLES.owner.guid, 'User')); },
      expect: [{ outcome: 'fail', messageId: 'no-owner' }],
      exactly: true,
    },
  ],
  notApplicable: [
    { name: 'no AML-side link live or declared', expect: [{ outcome: 'not-applicable', messageId: 'no-link' }], exactly: true },
    {
      name: 'a live link exists but linkedBy is not declared',
      estate: liveLink,
      expect: [{ outcome: 'not-applicable', messageId: 'linked-by-missing', message: 'declare machineLearning.synapseLink.linkedBy' }],
      exactly: true,
    },
    {
      name: 'a declared link without linkedBy',
      spec: declare(undefined),
      expect: [{ outcome: 'not-applicable', messageId: 'linked-by-missing', path: ['machineLearning', 'synapseLink'] }],
      exactly: true,
    },
    {
      name: 'the live AML-side link points at another Synapse workspace',
      estate: (b) => { b.amlLinks(AML_ID, amlSideLinkedService(AML_ID, 'other', ids.synapse('syn-other'), LINK_MSI)); },
      expect: [{ outcome: 'not-applicable', messageId: 'no-link' }],
      exactly: true,
    },
  ],
  unknown: [
    {
      name: 'AML-side links unreadable and no link declared',
      estate: (b) => { b.error({ source: 'arm.linkedServices', scope: AML_ID, status: 403, code: 'AuthorizationFailed', message: 'denied', missing: 'Reader on the AML workspace' }); },
      expect: [{ outcome: 'unknown', message: 'Reader on the AML workspace' }],
      exactly: true,
    },
    {
      name: 'role assignments unreadable',
      spec: declare(principals.platformOwner),
      estate: (b) => { liveLink(b); b.error({ source: 'resourceGraph.authorizationresources', scope: `/subscriptions/${SUB}`, status: 403, message: 'no access' }); },
      expect: [{ outcome: 'unknown', path: PATH }],
      exactly: true,
    },
  ],
});
