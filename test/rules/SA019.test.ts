import rule from '../../rules/SA019-attached-pool-has-identity.js';
import { UAMI_ID, UAMI_PRINCIPAL, attach, compute, computes403, declare, healthyAttached, poolId } from '../support/attached-pools.js';
import { describeRule } from '../support/rule-harness.js';
import { AML_ID } from '../support/scenario.js';

describeRule(rule, {
  pass: [
    { name: 'a system-assigned identity', estate: healthyAttached, expect: [{ outcome: 'pass', messageId: 'has-identity', message: '(system-assigned)' }], exactly: true },
    {
      name: 'a user-assigned identity',
      estate: attach(compute('synapse-uami', poolId(), { userAssigned: { [UAMI_ID]: UAMI_PRINCIPAL } })),
      expect: [{ outcome: 'pass', messageId: 'has-identity', message: 'user-assigned id-spark' }],
      exactly: true,
    },
  ],
  fail: [
    {
      name: 'no identity: jobs default to a system-assigned identity the pool does not have',
      estate: attach(compute('synapse-noid', poolId(), {})),
      expect: [{ outcome: 'fail', messageId: 'no-identity', severity: 'warning', resource: 'computes/synapse-noid' }],
      exactly: true,
    },
    {
      name: 'declared with identity: none is still reported, at the declaration',
      spec: declare({ name: 'synapse-noid', pool: 'mlpool', identity: 'none' }),
      estate: attach(compute('synapse-noid', poolId(), {})),
      expect: [{ outcome: 'fail', messageId: 'no-identity', path: ['machineLearning', 'attachedSparkPools', 0, 'identity'] }],
      exactly: true,
    },
  ],
  notApplicable: [
    { name: 'no attached pool', expect: [{ outcome: 'not-applicable', messageId: 'no-attached-pools', resource: AML_ID }], exactly: true },
    { name: 'declared but not attached', spec: declare({ name: 'synapse-mlpool', pool: 'mlpool', identity: 'systemAssigned' }), expect: [{ outcome: 'not-applicable', messageId: 'declared-not-live', path: ['machineLearning', 'attachedSparkPools', 0, 'identity'], message: 'Attached Spark pool synapse-mlpool is declared but AML workspace aml-prod has no such compute (see SA016).' }], exactly: true },
  ],
  unknown: [
    { name: 'a 403 on the computes list', estate: (b) => { healthyAttached(b); b.error(computes403); }, expect: [{ outcome: 'unknown', message: 'computes (attached Spark pools) of AML workspace aml-prod' }], exactly: true },
  ],
});
