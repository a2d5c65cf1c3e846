import { describe, expect, it } from 'vitest';
import rule from '../../rules/SA013-spark-runtime-end-of-support.js';
import { assessSparkRuntime, compareSparkVersions, parseSparkVersion } from '../../src/engine/spark-runtimes.js';
import type { IntegrationSpec } from '../../src/spec/types.js';
import { SUB, SnapshotBuilder, sparkPoolRow } from '../support/payloads.js';
import { attach, compute, poolId } from '../support/attached-pools.js';
import { describeRule } from '../support/rule-harness.js';
import { SYNAPSE_ID } from '../support/scenario.js';

/** Declared and live, the pool `mlpool` is on `version`. */
const onVersion = (version: string) => ({
  spec: (i: IntegrationSpec) => { i.synapse.sparkPools![0]!.sparkVersion = version; },
  estate: (b: SnapshotBuilder) => { b.resources.splice(1, 1, sparkPoolRow(SYNAPSE_ID, 'mlpool', version)); },
});

const day = (iso: string) => new Date(iso);

describeRule(rule, {
  pass: [
    {
      name: '3.5 on the healthy audit date (before its long-term support)',
      expect: [{ outcome: 'pass', messageId: 'supported', path: ['synapse', 'sparkPools', 0, 'sparkVersion'], message: 'long-term support from 2027-11-01, supported until 2028-10-31' }],
      exactly: true,
    },
    {
      name: '3.4 the day before its end of support',
      ...onVersion('3.4'),
      now: day('2026-03-30T00:00:00Z'),
      expect: [{ outcome: 'pass', messageId: 'supported', message: 'supported until 2026-03-31' }],
      exactly: true,
    },
    {
      name: '3.4 exactly on 2026-03-31: still supported that day',
      ...onVersion('3.4'),
      now: day('2026-03-31T00:00:00Z'),
      expect: [{ outcome: 'pass', messageId: 'supported', message: 'supported on 2026-03-31' }],
      exactly: true,
    },
    {
      name: '3.4 late on 2026-03-31 (UTC): still that day',
      ...onVersion('3.4'),
      now: day('2026-03-31T23:59:59Z'),
      expect: [{ outcome: 'pass', messageId: 'supported' }],
      exactly: true,
    },
    {
      name: '3.5 on its last day of long-term support',
      ...onVersion('3.5'),
      now: day('2028-10-31T00:00:00Z'),
      expect: [{ outcome: 'pass', messageId: 'supported', message: 'in long-term support, supported until 2028-10-31' }],
      exactly: true,
    },
    {
      name: 'an attached pool is judged on the pool\'s own runtime (not the compute\'s cached 3.4) and the message names the compute',
      estate: (b) => {
        b.resource(sparkPoolRow(SYNAPSE_ID, 'otherpool', '3.5'));
        attach(compute('synapse-other', poolId('otherpool')))(b);
      },
      expect: [{ outcome: 'pass', messageId: 'supported', resource: 'bigDataPools/otherpool', message: 'Spark pool otherpool (live in workspace syn-prod; attached to AML workspace aml-prod as synapse-other) runs Apache Spark 3.5' }],
    },
  ],
  fail: [
    {
      name: '3.4 on 2026-04-01: past end of support (warning)',
      ...onVersion('3.4'),
      now: day('2026-04-01T00:00:00Z'),
      expect: [{ outcome: 'fail', messageId: 'end-of-support', severity: 'warning', message: 'reached end of support on 2026-03-31 (audit date 2026-04-01)' }],
      exactly: true,
    },
    {
      name: '3.4 on the healthy audit date (2026-11-23)',
      ...onVersion('3.4'),
      expect: [{ outcome: 'fail', messageId: 'end-of-support', severity: 'warning' }],
      exactly: true,
    },
    {
      name: '3.5 after 2028-10-31',
      ...onVersion('3.5'),
      now: day('2028-11-01T00:00:00Z'),
      expect: [{ outcome: 'fail', messageId: 'end-of-support', severity: 'warning', message: 'reached end of support on 2028-10-31' }],
      exactly: true,
    },
    {
      name: 'live pool on 2.4 (the example payload\'s version): disabled, an error',
      estate: (b) => { b.resources.push(sparkPoolRow(SYNAPSE_ID, 'legacy', '2.4')); },
      expect: [
        { outcome: 'pass', messageId: 'supported' },
        { outcome: 'fail', messageId: 'disabled', severity: 'error', resource: 'bigDataPools/legacy', path: ['synapse', 'sparkPools'], message: 'Apache Spark 2.4' },
      ],
      exactly: true,
    },
    {
      name: 'declared 3.3 pool: disabled (validate catches it offline)',
      specOnly: true,
      spec: onVersion('3.3').spec,
      expect: [{ outcome: 'fail', messageId: 'disabled', severity: 'error', path: ['synapse', 'sparkPools', 0, 'sparkVersion'] }],
      exactly: true,
    },
    {
      name: 'declared 3.5 but live on 3.3: the live pool fails, on the declared sparkVersion (no pass from the spec)',
      estate: onVersion('3.3').estate,
      expect: [
        { outcome: 'fail', messageId: 'disabled', severity: 'error', path: ['synapse', 'sparkPools', 0, 'sparkVersion'], message: 'live in workspace syn-prod' },
      ],
      exactly: true,
    },
    {
      name: 'a version the table does not know (4.0): a note',
      ...onVersion('4.0'),
      expect: [{ outcome: 'fail', messageId: 'unrecognised', severity: 'note', message: "synaml's runtime table does not know" }],
      exactly: true,
    },
    {
      name: 'not a version at all (banana): a note',
      ...onVersion('banana'),
      expect: [{ outcome: 'fail', messageId: 'unrecognised', severity: 'note', message: '"banana"' }],
      exactly: true,
    },
    {
      name: '3.10 is newer than 3.5 (numeric comparison), so unknown to the table, not disabled',
      ...onVersion('3.10'),
      expect: [{ outcome: 'fail', messageId: 'unrecognised', severity: 'note' }],
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
      estate: (b) => { b.resources.splice(1, 1); },
      expect: [{ outcome: 'not-applicable', messageId: 'no-pools' }],
      exactly: true,
    },
  ],
  unknown: [
    {
      name: 'Resource Graph denied for the Synapse resource group: pools cannot be read',
      estate: (b) => b.error({ source: 'resourceGraph.resources', scope: `/subscriptions/${SUB}/resourceGroups/rg-analytics`, status: 403, code: 'AuthorizationFailed', message: 'no read access', missing: 'Reader on rg-analytics' }),
      // The declared 3.5 pool is not reported as supported: its live runtime was not read (issue 16).
      expect: [{ outcome: 'unknown', message: 'Reader on rg-analytics', path: ['synapse', 'sparkPools'] }],
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

describe('Spark runtime table', () => {
  it('parses major.minor, ignoring patch versions and whitespace', () => {
    expect(parseSparkVersion('3.4')).toEqual({ major: 3, minor: 4 });
    expect(parseSparkVersion(' 3.4.1 ')).toEqual({ major: 3, minor: 4 });
    for (const bad of ['3', 'v3.4', 'banana', '', '3.x', undefined]) expect(parseSparkVersion(bad)).toBeUndefined();
  });

  it('compares numerically: 3.10 > 3.4 > 2.4', () => {
    const v = (s: string) => parseSparkVersion(s)!;
    expect(compareSparkVersions(v('3.10'), v('3.4'))).toBeGreaterThan(0);
    expect(compareSparkVersions(v('3.4'), v('2.4'))).toBeGreaterThan(0);
    expect(compareSparkVersions(v('3.4.0'), v('3.4'))).toBe(0);
  });

  it('knows 3.3 and older as disabled, 3.4 and 3.5 with their dates', () => {
    const now = new Date('2026-11-23T00:00:00Z');
    for (const old of ['3.3', '3.2', '3.1', '2.4']) expect(assessSparkRuntime(old, now).status).toBe('disabled');
    expect(assessSparkRuntime('3.4', now)).toEqual({ status: 'end-of-support', runtime: '3.4', endOfSupport: '2026-03-31' });
    expect(assessSparkRuntime('3.5', new Date('2027-11-01T00:00:00Z'))).toEqual({
      status: 'supported',
      runtime: '3.5',
      endOfSupport: '2028-10-31',
      ltsStart: '2027-11-01',
      inLts: true,
    });
    expect(assessSparkRuntime('3.6', now).status).toBe('unrecognised');
  });
});
