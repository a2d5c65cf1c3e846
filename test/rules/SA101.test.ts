import { describe, expect, it } from 'vitest';
import rule from '../../rules/SA101-unexpected-privileged-access.js';
import { AZURE_ROLES } from '../../src/estate/roles.js';
import { SUB, roleAssignmentRow } from '../support/payloads.js';
import { describeRule, runRule } from '../support/rule-harness.js';
import { AML_ID, SYNAPSE_ID, principals } from '../support/scenario.js';

const PATH = ['access', 'privilegedPrincipals'];
const AML_RG = `/subscriptions/${SUB}/resourceGroups/rg-ml`;
const OTHER_A = '0000000a-0000-4000-8000-000000000001';
const OTHER_Z = 'ffffffff-ffff-4000-8000-000000000001';

describeRule(rule, {
  pass: [
    {
      name: 'only the platform owner and the Synapse MSI hold Owner/Contributor (one pass per workspace)',
      expect: [
        { outcome: 'pass', messageId: 'expected', resource: 'syn-prod', path: PATH },
        { outcome: 'pass', messageId: 'expected', resource: 'aml-prod', path: PATH },
      ],
      exactly: true,
    },
    {
      name: 'the linked service identity is implicitly allowed Contributor on the AML workspace',
      spec: (i) => { i.access!.privilegedPrincipals = [principals.platformOwner]; },
      expect: [
        { outcome: 'pass', resource: 'syn-prod' },
        { outcome: 'pass', resource: 'aml-prod' },
      ],
      exactly: true,
    },
    {
      name: 'privileged principals compared case-insensitively; Reader and data roles are not privileged',
      spec: (i) => { i.access!.privilegedPrincipals = [principals.platformOwner.toUpperCase(), principals.synapseMsi.toUpperCase()]; },
      estate: (b) => { b.assignment(roleAssignmentRow(AML_ID, principals.stranger, AZURE_ROLES.reader.guid, 'User')); },
      expect: [
        { outcome: 'pass', resource: 'syn-prod' },
        { outcome: 'pass', resource: 'aml-prod' },
      ],
      exactly: true,
    },
  ],
  fail: [
    {
      name: 'a stranger holds Owner inherited from the subscription: one finding per workspace',
      estate: (b) => { b.assignment(roleAssignmentRow(`/subscriptions/${SUB}`, principals.stranger, AZURE_ROLES.owner.guid, 'User')); },
      expect: [
        { outcome: 'fail', messageId: 'unexpected', resource: 'syn-prod', path: PATH, message: `Principal ${principals.stranger} is not in access.privilegedPrincipals but holds Owner inherited from subscription ${SUB} on Synapse workspace syn-prod` },
        { outcome: 'fail', messageId: 'unexpected', resource: 'aml-prod', message: 'on AML workspace aml-prod' },
      ],
      exactly: true,
    },
    {
      name: 'Contributor on the AML resource group only affects the AML workspace',
      estate: (b) => { b.assignment(roleAssignmentRow(AML_RG, principals.stranger, AZURE_ROLES.contributor.guid, 'User')); },
      expect: [
        { outcome: 'pass', resource: 'syn-prod' },
        { outcome: 'fail', messageId: 'unexpected', resource: 'aml-prod', message: 'Contributor inherited from resource group rg-ml' },
      ],
      exactly: true,
    },
    {
      name: 'Owner inherited from a management group, role definition in /providers/... form, upper-case principal ID',
      estate: (b) => {
        const row = roleAssignmentRow('/providers/Microsoft.Management/managementGroups/mg-data', principals.stranger.toUpperCase(), AZURE_ROLES.owner.guid, 'Group');
        (row['properties'] as Record<string, unknown>)['roleDefinitionId'] = `/providers/Microsoft.Authorization/roleDefinitions/${AZURE_ROLES.owner.guid}`;
        b.assignment(row);
        b.resourcecontainers.push({
          id: `/subscriptions/${SUB}`,
          type: 'microsoft.resources/subscriptions',
          subscriptionId: SUB,
          properties: { managementGroupAncestorsChain: [{ name: 'mg-data', displayName: 'Data' }] },
        });
      },
      expect: [
        { outcome: 'fail', resource: 'syn-prod', message: `${principals.stranger} is not in access.privilegedPrincipals but holds Owner inherited from management group mg-data` },
        { outcome: 'fail', resource: 'aml-prod' },
      ],
      exactly: true,
    },
    {
      name: 'the linked service identity holding Owner (more than it needs) is reported when not listed',
      spec: (i) => { i.access!.privilegedPrincipals = [principals.platformOwner]; },
      estate: (b) => { b.assignment(roleAssignmentRow(AML_ID, principals.synapseMsi, AZURE_ROLES.owner.guid)); },
      expect: [
        { outcome: 'pass', resource: 'syn-prod' },
        { outcome: 'fail', resource: 'aml-prod', message: 'holds Owner on the workspace itself' },
      ],
      exactly: true,
    },
    {
      name: 'an empty privilegedPrincipals list makes every holder unexpected',
      spec: (i) => { i.access!.privilegedPrincipals = []; },
      expect: [
        { outcome: 'fail', resource: 'syn-prod', message: principals.platformOwner },
        { outcome: 'fail', resource: 'aml-prod', message: principals.platformOwner },
      ],
      exactly: true,
    },
  ],
  notApplicable: [
    {
      name: 'Synapse workspace does not exist: not applicable there, the AML workspace is still checked',
      estate: (b) => { b.resources.shift(); },
      expect: [
        { outcome: 'not-applicable', messageId: 'workspace-missing', resource: 'syn-prod' },
        { outcome: 'pass', resource: 'aml-prod' },
      ],
      exactly: true,
    },
    { name: 'privilegedPrincipals not declared', spec: (i) => { delete i.access!.privilegedPrincipals; }, expect: [{ outcome: 'not-applicable', messageId: 'not-declared', path: ['access'] }], exactly: true },
  ],
  unknown: [
    {
      name: 'role assignments unreadable for the subscription',
      estate: (b) => { b.error({ source: 'resourceGraph.authorizationresources', scope: `/subscriptions/${SUB}`, status: 403, code: 'AuthorizationFailed', message: 'no access', missing: 'Reader on the subscription' }); },
      expect: [
        { outcome: 'unknown', resource: 'syn-prod', message: 'Reader on the subscription' },
        { outcome: 'unknown', resource: 'aml-prod' },
      ],
      exactly: true,
    },
    {
      name: 'linked services unreadable: the Contributor allowed only as the declared linked service identity is not a pass',
      spec: (i) => { i.access!.privilegedPrincipals = [principals.platformOwner]; },
      estate: (b) => { b.error({ source: 'synapse.linkedServices', scope: SYNAPSE_ID, status: 403, code: 'Forbidden', message: 'no data-plane access', missing: 'Synapse Artifact User' }); },
      expect: [
        { outcome: 'pass', resource: 'syn-prod' },
        { outcome: 'unknown', resource: 'aml-prod', message: 'Synapse Artifact User' },
      ],
      exactly: true,
    },
  ],
});

describe('SA101 ordering', () => {
  it('reports unexpected principals sorted by principal ID, Synapse workspace first', () => {
    const checks = runRule(rule, {
      estate: (b) => {
        b.assignment(
          roleAssignmentRow(AML_ID, OTHER_Z, AZURE_ROLES.contributor.guid),
          roleAssignmentRow(SYNAPSE_ID, OTHER_Z, AZURE_ROLES.owner.guid),
          roleAssignmentRow(AML_ID, OTHER_A, AZURE_ROLES.owner.guid),
          roleAssignmentRow(SYNAPSE_ID, OTHER_A, AZURE_ROLES.contributor.guid),
        );
      },
    });
    expect(checks.map((c) => [c.resourceId?.split('/').pop(), c.data?.['principal']])).toEqual([
      ['syn-prod', OTHER_A],
      ['syn-prod', OTHER_Z],
      ['aml-prod', OTHER_A],
      ['aml-prod', OTHER_Z],
    ]);
  });
});
