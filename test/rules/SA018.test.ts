import rule from '../../rules/SA018-attached-pool-identity-synapse-role.js';
import { SYNAPSE_ROLES } from '../../src/estate/roles.js';
import { COMPUTE_MSI, UAMI_ID, UAMI_PRINCIPAL, attach, compute, computes403, declare, healthyAttached, poolId, synapseRoles } from '../support/attached-pools.js';
import type { SnapshotBuilder } from '../support/payloads.js';
import { describeRule } from '../support/rule-harness.js';
import { AML_ID, SYNAPSE_ID } from '../support/scenario.js';

const ADMIN = SYNAPSE_ROLES.administrator.guid;
const SPARK_ADMIN = SYNAPSE_ROLES.sparkAdministrator.guid;
const withRoles = (...roles: Array<[string, string, string?]>) => (b: SnapshotBuilder) => {
  attach(compute())(b);
  synapseRoles(...roles)(b);
};
const uami = (b: SnapshotBuilder, ...roles: Array<[string, string, string?]>) => {
  attach(compute('synapse-uami', poolId(), { userAssigned: { [UAMI_ID]: UAMI_PRINCIPAL } }))(b);
  synapseRoles(...roles)(b);
};
const rbac403 = {
  source: 'synapse.roleAssignments' as const,
  scope: SYNAPSE_ID,
  status: 403,
  code: 'Forbidden',
  message: 'The principal does not have the required Synapse RBAC permission to perform this action.',
};

describeRule(rule, {
  pass: [
    {
      name: 'Synapse Administrator on the pool item (the v2 attach doc)',
      estate: healthyAttached,
      expect: [{ outcome: 'pass', messageId: 'granted', resource: 'computes/synapse-mlpool', message: 'holds Synapse Administrator at workspaces/syn-prod/bigDataPools/mlpool' }],
      exactly: true,
    },
    {
      name: 'Synapse Apache Spark Administrator at workspace scope (the v1 doc) covers every pool',
      estate: withRoles([COMPUTE_MSI, SPARK_ADMIN, 'workspaces/syn-prod']),
      expect: [{ outcome: 'pass', messageId: 'granted', message: 'Synapse Apache Spark Administrator at workspaces/syn-prod' }],
      exactly: true,
    },
    {
      name: 'a user-assigned identity with the role; IDs and scope in another case',
      spec: declare({ name: 'synapse-uami', pool: 'mlpool', identity: 'userAssigned', userAssignedIdentities: [UAMI_ID] }),
      estate: (b) => uami(b, [UAMI_PRINCIPAL.toUpperCase(), ADMIN.toUpperCase(), 'Workspaces/SYN-PROD/bigDataPools/MLPOOL/']),
      expect: [{ outcome: 'pass', messageId: 'granted', path: ['machineLearning', 'attachedSparkPools', 0, 'identity'], message: 'user-assigned identity id-spark' }],
      exactly: true,
    },
  ],
  fail: [
    {
      name: 'the identity lacks any Synapse role',
      estate: withRoles(),
      expect: [{ outcome: 'fail', messageId: 'missing', message: `(${COMPUTE_MSI}) holds no Synapse role that can use Spark pool mlpool` }],
      exactly: true,
    },
    {
      name: 'the role is on a different pool',
      estate: withRoles([COMPUTE_MSI, ADMIN, 'workspaces/syn-prod/bigDataPools/otherpool']),
      expect: [{ outcome: 'fail', messageId: 'missing', message: 'it has Synapse Administrator at workspaces/syn-prod/bigDataPools/otherpool' }],
      exactly: true,
    },
    {
      name: 'a role that cannot use compute (Synapse User) at workspace scope',
      estate: withRoles([COMPUTE_MSI, SYNAPSE_ROLES.user.guid]),
      expect: [{ outcome: 'fail', messageId: 'missing', message: 'Synapse User at workspaces/syn-prod' }],
      exactly: true,
    },
    {
      name: 'system- and user-assigned identities are judged one by one',
      estate: (b) => {
        attach(compute('synapse-both', poolId(), { systemPrincipalId: COMPUTE_MSI, userAssigned: { [UAMI_ID]: UAMI_PRINCIPAL } }))(b);
        synapseRoles([COMPUTE_MSI, ADMIN, 'workspaces/syn-prod/bigDataPools/mlpool'])(b);
      },
      expect: [
        { outcome: 'pass', messageId: 'granted', message: 'system-assigned identity' },
        { outcome: 'fail', messageId: 'missing', message: 'user-assigned identity id-spark' },
      ],
      exactly: true,
    },
  ],
  notApplicable: [
    { name: 'no attached pool', expect: [{ outcome: 'not-applicable', messageId: 'no-attached-pools', resource: AML_ID }], exactly: true },
    {
      name: 'declared but not attached (SA016 reports it)',
      spec: declare({ name: 'synapse-mlpool', pool: 'mlpool' }),
      expect: [{ outcome: 'not-applicable', messageId: 'declared-not-live', path: ['machineLearning', 'attachedSparkPools', 0], message: 'Attached Spark pool synapse-mlpool is declared but AML workspace aml-prod has no such compute (see SA016).' }],
      exactly: true,
    },
    {
      name: 'no identity (SA019 reports it)',
      estate: attach(compute('synapse-noid', poolId(), {})),
      expect: [{ outcome: 'not-applicable', messageId: 'no-identity' }],
      exactly: true,
    },
  ],
  unknown: [
    { name: 'a 403 on the computes list', estate: (b) => { healthyAttached(b); b.error(computes403); }, expect: [{ outcome: 'unknown', resource: AML_ID }], exactly: true },
    {
      name: 'the Synapse RBAC assignments could not be read',
      estate: (b) => { healthyAttached(b); b.error(rbac403); },
      expect: [{ outcome: 'unknown', resource: 'computes/synapse-mlpool', message: 'Synapse RBAC role assignments' }],
      exactly: true,
    },
    {
      name: 'a user-assigned identity returned without a principalId',
      estate: attach(compute('synapse-uami', poolId(), { userAssigned: { [UAMI_ID]: undefined } })),
      expect: [{ outcome: 'unknown', message: 'the object ID of user-assigned identity id-spark' }],
      exactly: true,
    },
  ],
});
