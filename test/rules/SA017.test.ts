import rule from '../../rules/SA017-attached-pool-target-exists.js';
import { OTHER_SYNAPSE_ID, attach, compute, computes403, declare, healthyAttached, poolId } from '../support/attached-pools.js';
import { describeRule } from '../support/rule-harness.js';
import { AML_ID, SYNAPSE_ID } from '../support/scenario.js';

describeRule(rule, {
  pass: [
    {
      name: 'an undeclared attached compute on an existing pool of the Synapse workspace is checked and passes',
      estate: healthyAttached,
      expect: [{ outcome: 'pass', messageId: 'exists', resource: 'computes/synapse-mlpool', path: ['machineLearning', 'workspaceId'], message: 'points at Spark pool mlpool' }],
      exactly: true,
    },
    {
      name: 'a declared attached pool: the check points at its pool field',
      spec: declare({ name: 'Synapse-MLPool', pool: 'mlpool', identity: 'systemAssigned' }),
      estate: healthyAttached,
      expect: [{ outcome: 'pass', messageId: 'exists', path: ['machineLearning', 'attachedSparkPools', 0, 'pool'] }],
      exactly: true,
    },
  ],
  fail: [
    {
      name: 'a dangling resourceId: the pool was deleted or renamed',
      estate: attach(compute('synapse-gone', poolId('deletedpool'))),
      expect: [{ outcome: 'fail', messageId: 'pool-missing', resource: 'computes/synapse-gone', message: 'Spark pool deletedpool, which does not exist' }],
      exactly: true,
    },
    {
      name: 'a declared compute that points at a pool of another Synapse workspace',
      spec: declare({ name: 'synapse-elsewhere', pool: 'mlpool' }),
      estate: attach(compute('synapse-elsewhere', poolId('mlpool', OTHER_SYNAPSE_ID))),
      expect: [{ outcome: 'fail', messageId: 'other-workspace', message: 'syn-other' }],
      exactly: true,
    },
    {
      name: 'a declared compute with no resourceId at all',
      spec: declare({ name: 'synapse-empty', pool: 'mlpool' }),
      estate: attach(compute('synapse-empty', null)),
      expect: [{ outcome: 'fail', messageId: 'no-resource-id' }],
      exactly: true,
    },
  ],
  notApplicable: [
    {
      name: 'no attached pool at all',
      expect: [{ outcome: 'not-applicable', messageId: 'no-attached-pools', resource: AML_ID }],
      exactly: true,
    },
    {
      name: 'an undeclared compute on another Synapse workspace belongs to another integration',
      estate: attach(compute('synapse-elsewhere', poolId('mlpool', OTHER_SYNAPSE_ID))),
      expect: [{ outcome: 'not-applicable', messageId: 'no-attached-pools' }],
      exactly: true,
    },
    {
      name: 'declared but not attached: SA016 reports it',
      spec: declare({ name: 'synapse-mlpool', pool: 'mlpool' }),
      expect: [{ outcome: 'not-applicable', messageId: 'declared-not-live', path: ['machineLearning', 'attachedSparkPools', 0], message: 'Attached Spark pool synapse-mlpool is declared but AML workspace aml-prod has no such compute (see SA016).' }],
      exactly: true,
    },
    {
      name: 'the AML workspace does not exist',
      estate: (b) => {
        b.resources.splice(b.resources.findIndex((r) => String(r['id']) === AML_ID), 1);
        b.error({ ...computes403, status: 404, code: 'ResourceNotFound', message: 'not found' });
      },
      expect: [{ outcome: 'not-applicable', messageId: 'aml-missing' }],
      exactly: true,
    },
  ],
  unknown: [
    {
      name: 'a 403 on the computes list',
      estate: (b) => {
        healthyAttached(b);
        b.error(computes403);
      },
      expect: [{ outcome: 'unknown', messageId: 'unknown', resource: AML_ID, message: 'computes/read' }],
      exactly: true,
    },
    {
      name: 'the Spark pools of the Synapse workspace could not be read',
      estate: (b) => {
        healthyAttached(b);
        b.error({ source: 'resourceGraph.resources', scope: SYNAPSE_ID, status: 403, code: 'Forbidden', message: 'no read' });
      },
      expect: [{ outcome: 'unknown', resource: 'computes/synapse-mlpool' }],
      exactly: true,
    },
  ],
});
