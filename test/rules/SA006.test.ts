import rule from '../../rules/SA006-aml-link-identity-needs-spark-admin.js';
import { SYNAPSE_ROLES } from '../../src/estate/roles.js';
import type { IntegrationSpec } from '../../src/spec/types.js';
import { SnapshotBuilder, amlSideLinkedService, ids, synapseRoleAssignment } from '../support/payloads.js';
import { describeRule } from '../support/rule-harness.js';
import { AML_ID, SYNAPSE_ID } from '../support/scenario.js';

const LINK_MSI = '12121212-0000-4000-8000-000000000001';
const LINK2_MSI = '13131313-0000-4000-8000-000000000001';

const link = (name = 'synapselink1', principal = LINK_MSI, target = SYNAPSE_ID) => amlSideLinkedService(AML_ID, name, target, principal);
const withLink = (...roles: Array<[principal: string, role: string, scope?: string]>) => (b: SnapshotBuilder) => {
  b.amlLinks(AML_ID, link());
  b.synapseRoles(SYNAPSE_ID, ...roles.map(([p, r, s]) => synapseRoleAssignment('syn-prod', p, r, s)));
};
const declare = (i: IntegrationSpec) => { i.machineLearning.synapseLink = { name: 'synapselink1' }; };
const synapseRbac403 = {
  source: 'synapse.roleAssignments' as const,
  scope: SYNAPSE_ID,
  status: 403,
  code: 'Forbidden',
  message: 'The principal does not have the required Synapse RBAC permission to perform this action.',
  missing: 'Synapse RBAC role that can read role assignments (e.g. Synapse User)',
};

describeRule(rule, {
  pass: [
    {
      name: 'link identity holds Synapse Apache Spark Administrator at workspace scope',
      estate: withLink([LINK_MSI, SYNAPSE_ROLES.sparkAdministrator.guid]),
      expect: [{ outcome: 'pass', messageId: 'granted', resource: 'linkedServices/synapselink1', path: ['machineLearning'], message: 'holds Synapse Apache Spark Administrator' }],
      exactly: true,
    },
    {
      name: 'Synapse Administrator (a superset) satisfies it; declared link points the path at synapseLink',
      spec: declare,
      estate: withLink([LINK_MSI, SYNAPSE_ROLES.administrator.guid]),
      expect: [{ outcome: 'pass', messageId: 'granted', path: ['machineLearning', 'synapseLink'], message: 'Synapse Administrator' }],
      exactly: true,
    },
    {
      name: 'principal ID and role GUID differ in case, scope has a trailing slash',
      estate: withLink([LINK_MSI.toUpperCase(), SYNAPSE_ROLES.sparkAdministrator.guid.toUpperCase(), 'workspaces/syn-prod/']),
      expect: [{ outcome: 'pass', messageId: 'granted' }],
      exactly: true,
    },
  ],
  fail: [
    {
      name: 'link identity has no Synapse RBAC role',
      estate: withLink(),
      expect: [{ outcome: 'fail', messageId: 'missing', message: `managed identity ${LINK_MSI} of AML-side linked service synapselink1 lacks` }],
      exactly: true,
    },
    {
      name: 'role only on a Spark pool, not at workspace scope',
      estate: withLink([LINK_MSI, SYNAPSE_ROLES.sparkAdministrator.guid, 'workspaces/syn-prod/bigDataPools/mlpool']),
      expect: [{ outcome: 'fail', messageId: 'missing', message: 'has Synapse Apache Spark Administrator at workspaces/syn-prod/bigDataPools/mlpool' }],
      exactly: true,
    },
    {
      name: 'Synapse Contributor is not enough; another principal holding the role does not count',
      estate: withLink([LINK_MSI, SYNAPSE_ROLES.contributor.guid], [LINK2_MSI, SYNAPSE_ROLES.sparkAdministrator.guid]),
      expect: [{ outcome: 'fail', messageId: 'missing', message: 'has Synapse Contributor at workspaces/syn-prod' }],
      exactly: true,
    },
    {
      name: 'two links: one granted, one not (one check per link)',
      estate: (b) => {
        b.amlLinks(AML_ID, link('synapselink1'), link('synapselink2', LINK2_MSI));
        b.synapseRoles(SYNAPSE_ID, synapseRoleAssignment('syn-prod', LINK_MSI, SYNAPSE_ROLES.sparkAdministrator.guid));
      },
      expect: [
        { outcome: 'pass', messageId: 'granted', resource: 'synapselink1' },
        { outcome: 'fail', messageId: 'missing', resource: 'synapselink2' },
      ],
      exactly: true,
    },
  ],
  notApplicable: [
    { name: 'no AML-side link', expect: [{ outcome: 'not-applicable', messageId: 'no-link' }], exactly: true },
    { name: 'declared link that does not exist live', spec: declare, expect: [{ outcome: 'not-applicable', messageId: 'declared-not-live', message: 'see SA016' }], exactly: true },
    {
      name: 'the only link points at another Synapse workspace',
      estate: (b) => { b.amlLinks(AML_ID, link('other', LINK_MSI, ids.synapse('syn-other'))); },
      expect: [{ outcome: 'not-applicable', messageId: 'no-link' }],
      exactly: true,
    },
  ],
  unknown: [
    {
      name: 'Synapse data plane denies reading role assignments (403)',
      estate: (b) => { withLink()(b); b.error(synapseRbac403); },
      expect: [{ outcome: 'unknown', resource: 'synapselink1', message: 'Synapse RBAC role that can read role assignments (e.g. Synapse User)' }],
      exactly: true,
    },
    {
      name: 'AML-side linked services cannot be read',
      spec: declare,
      estate: (b) => { b.error({ source: 'arm.linkedServices', scope: AML_ID, status: 403, code: 'AuthorizationFailed', message: 'denied' }); },
      expect: [{ outcome: 'unknown', message: 'AML-side linked services of AML workspace aml-prod' }],
      exactly: true,
    },
  ],
});
