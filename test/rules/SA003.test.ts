import { describe, expect, it } from 'vitest';
import rule from '../../rules/SA003-mlflow-auth-unsupported-on-runtime.js';
import type { IntegrationSpec, SparkPoolSpec } from '../../src/spec/types.js';
import { SUB, SnapshotBuilder, sparkPoolRow } from '../support/payloads.js';
import { describeRule, runRule } from '../support/rule-harness.js';
import { SYNAPSE_ID } from '../support/scenario.js';

/** The live pools of the workspace become `pools` ([name, sparkVersion]). */
const livePools = (...pools: Array<[string, string]>) => (b: SnapshotBuilder) => {
  const keep = b.resources.filter((r) => r['type'] !== 'microsoft.synapse/workspaces/bigdatapools');
  b.resources.splice(0, b.resources.length, ...keep, ...pools.map(([name, v]) => sparkPoolRow(SYNAPSE_ID, name, v)));
};

const declarePool = (pool: SparkPoolSpec) => (i: IntegrationSpec) => {
  i.synapse.sparkPools = [pool];
};

describeRule(rule, {
  pass: [
    {
      name: 'declared and live 3.5 pool with linked-service tracking (reported once, from the live pool)',
      expect: [{ outcome: 'pass', messageId: 'unaffected', path: ['synapse', 'sparkPools', 0, 'sparkVersion'], resource: 'bigDataPools/mlpool', message: 'live in workspace syn-prod' }],
      exactly: true,
    },
    {
      name: '3.4 pool that tracks MLflow with a service principal',
      spec: declarePool({ name: 'mlpool', sparkVersion: '3.4', mlflowTracking: 'servicePrincipal' }),
      estate: livePools(['mlpool', '3.4']),
      expect: [{ outcome: 'pass', messageId: 'other-auth', path: ['synapse', 'sparkPools', 0, 'mlflowTracking'], message: 'mlflowTracking: servicePrincipal' }],
      exactly: true,
    },
    {
      name: '3.3 pool that does not use MLflow (none)',
      spec: declarePool({ name: 'mlpool', sparkVersion: '3.3', mlflowTracking: 'none' }),
      estate: livePools(['mlpool', '3.3']),
      expect: [{ outcome: 'pass', messageId: 'other-auth' }],
      exactly: true,
    },
    {
      name: 'live pool on Spark 2.4 (the example payload): not this rule\'s business, SA013 reports it',
      spec: (i) => { i.synapse.sparkPools = []; },
      estate: (b) => { b.resources.splice(1, 1, sparkPoolRow(SYNAPSE_ID, 'legacy', '2.4')); },
      expect: [{ outcome: 'pass', messageId: 'older-runtime', resource: 'bigDataPools/legacy', path: ['synapse', 'sparkPools'], message: 'see SA013' }],
      exactly: true,
    },
  ],
  fail: [
    {
      name: 'declared 3.4 pool with linked-service tracking (validate catches it offline)',
      specOnly: true,
      spec: declarePool({ name: 'mlpool', sparkVersion: '3.4', mlflowTracking: 'linkedService' }),
      expect: [{ outcome: 'fail', messageId: 'linked-service', severity: 'error', path: ['synapse', 'sparkPools', 0, 'mlflowTracking'] }],
      exactly: true,
    },
    {
      name: 'declared and live 3.4 pool with linked-service tracking: one finding in audit, not two (the live one)',
      spec: declarePool({ name: 'mlpool', sparkVersion: '3.4', mlflowTracking: 'linkedService' }),
      estate: livePools(['mlpool', '3.4']),
      expect: [{ outcome: 'fail', messageId: 'linked-service', message: 'live in workspace syn-prod' }],
      exactly: true,
    },
    {
      name: 'declared 3.4 pool with linked-service tracking, live on 3.5: the declaration still fails on its own',
      spec: declarePool({ name: 'mlpool', sparkVersion: '3.4', mlflowTracking: 'linkedService' }),
      estate: livePools(['mlpool', '3.5']),
      expect: [
        { outcome: 'fail', messageId: 'linked-service', message: 'declared in the spec' },
        { outcome: 'pass', messageId: 'unaffected', message: 'live in workspace syn-prod' },
      ],
      exactly: true,
    },
    {
      name: 'declared 3.3 pool without mlflowTracking: a warning',
      specOnly: true,
      spec: declarePool({ name: 'mlpool', sparkVersion: '3.3' }),
      expect: [{ outcome: 'fail', messageId: 'undeclared', severity: 'warning', path: ['synapse', 'sparkPools', 0], message: 'Declare mlflowTracking' }],
      exactly: true,
    },
    {
      name: 'declared 3.5 but live on 3.4 (patch version 3.4.1): the live runtime fails',
      estate: livePools(['MLPool', '3.4.1']),
      expect: [
        { outcome: 'fail', messageId: 'linked-service', severity: 'error', resource: 'bigDataPools/MLPool', path: ['synapse', 'sparkPools', 0, 'mlflowTracking'], message: 'live in workspace syn-prod' },
      ],
      exactly: true,
    },
    {
      name: 'undeclared live 3.4 pool: a warning on the pool list',
      estate: livePools(['mlpool', '3.5'], ['adhoc', '3.4']),
      expect: [
        { outcome: 'pass', messageId: 'unaffected' },
        { outcome: 'fail', messageId: 'undeclared', severity: 'warning', resource: 'bigDataPools/adhoc', path: ['synapse', 'sparkPools'] },
      ],
      exactly: true,
    },
    {
      name: 'declared pool without sparkVersion, live on 3.4: evaluated from the live version',
      spec: declarePool({ name: 'mlpool', mlflowTracking: 'linkedService' }),
      estate: livePools(['mlpool', '3.4']),
      expect: [{ outcome: 'fail', messageId: 'linked-service', path: ['synapse', 'sparkPools', 0, 'mlflowTracking'] }],
      exactly: true,
    },
  ],
  notApplicable: [
    {
      name: 'Synapse workspace does not exist and no pool is declared',
      spec: (i) => { delete i.synapse.sparkPools; },
      estate: (b) => { b.resources.shift(); },
      expect: [{ outcome: 'not-applicable', messageId: 'workspace-missing' }],
      exactly: true,
    },
    {
      name: 'no live pools and none declared',
      spec: (i) => { i.synapse.sparkPools = []; },
      estate: livePools(),
      expect: [{ outcome: 'not-applicable', messageId: 'no-pools' }],
      exactly: true,
    },
    {
      name: 'live pool reports no Spark version and the spec declares none',
      spec: (i) => { i.synapse.sparkPools = []; },
      estate: (b) => {
        livePools(['mlpool', '3.4'])(b);
        delete (b.resources[b.resources.length - 1]!['properties'] as Record<string, unknown>)['sparkVersion'];
      },
      expect: [{ outcome: 'not-applicable', messageId: 'no-version' }],
      exactly: true,
    },
  ],
  unknown: [
    {
      name: 'Resource Graph denied for the Synapse resource group: pools cannot be read',
      estate: (b) => b.error({ source: 'resourceGraph.resources', scope: `/subscriptions/${SUB}/resourceGroups/rg-analytics`, status: 403, code: 'AuthorizationFailed', message: 'no read access', missing: 'Reader on rg-analytics' }),
      expect: [{ outcome: 'unknown', message: 'Reader on rg-analytics', path: ['synapse', 'sparkPools'] }],
    },
    {
      name: 'pools unreadable: the declared 3.5 pool does not pass from the spec (issue 16)',
      estate: (b) => b.error({ source: 'resourceGraph.resources', scope: `/subscriptions/${SUB}`, status: 403, code: 'AuthorizationFailed', message: 'no read access' }),
      expect: [{ outcome: 'unknown', path: ['synapse', 'sparkPools'] }],
      exactly: true,
    },
    {
      name: 'pools unreadable: a declared 3.4 pool with linked-service tracking still fails, beside the unknown',
      spec: declarePool({ name: 'mlpool', sparkVersion: '3.4', mlflowTracking: 'linkedService' }),
      estate: (b) => b.error({ source: 'resourceGraph.resources', scope: `/subscriptions/${SUB}`, status: 403, code: 'AuthorizationFailed', message: 'no read access' }),
      expect: [{ outcome: 'fail', messageId: 'linked-service', message: 'declared in the spec' }, { outcome: 'unknown' }],
      exactly: true,
    },
    {
      name: 'Resource Graph denied: the Synapse workspace cannot be read',
      spec: (i) => { i.synapse.sparkPools = []; },
      estate: (b) => { b.resources.shift(); b.error({ source: 'resourceGraph.resources', scope: `/subscriptions/${SUB}`, status: 403, code: 'AuthorizationFailed', message: 'no read access', missing: 'Reader on the subscription' }); },
      expect: [{ outcome: 'unknown', message: 'Reader on the subscription' }],
      exactly: true,
    },
  ],
});

describe('SA003 declared pools in validate', () => {
  it('evaluates only declared pools with a sparkVersion', () => {
    const checks = runRule(rule, {
      specOnly: true,
      spec: (i) => {
        i.synapse.sparkPools = [
          { name: 'a', sparkVersion: '3.4', mlflowTracking: 'linkedService' },
          { name: 'b', mlflowTracking: 'linkedService' },
          { name: 'c', sparkVersion: '3.10', mlflowTracking: 'linkedService' },
        ];
      },
    });
    expect(checks.map((c) => [c.outcome, c.messageId, c.path])).toEqual([
      ['fail', 'linked-service', ['synapse', 'sparkPools', 0, 'mlflowTracking']],
      ['pass', 'unaffected', ['synapse', 'sparkPools', 2, 'sparkVersion']],
    ]);
  });
});
