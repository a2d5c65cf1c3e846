import rule from '../../rules/SA002-self-hosted-runtime-unsupported.js';
import { SUB, SnapshotBuilder, azureMlLinkedService, ids, integrationRuntime } from '../support/payloads.js';
import { describeRule } from '../support/rule-harness.js';
import { AML_ID, SYNAPSE_ID } from '../support/scenario.js';

/** The workspace's runtimes: the built-in AutoResolve one plus `extra`. */
const runtimes = (b: SnapshotBuilder, ...extra: Array<[string, 'Managed' | 'SelfHosted']>) =>
  b.runtimes(
    SYNAPSE_ID,
    integrationRuntime(SYNAPSE_ID, 'AutoResolveIntegrationRuntime', 'Managed'),
    ...extra.map(([name, type]) => integrationRuntime(SYNAPSE_ID, name, type)),
  );

/** The declared linked service connects via `ir`. */
const connectVia = (ir: string) => (b: SnapshotBuilder) => {
  b.linkedServices(SYNAPSE_ID, azureMlLinkedService(SYNAPSE_ID, 'AzureMLService1', AML_ID, { connectVia: ir }));
};

const runtimesDenied = (b: SnapshotBuilder) =>
  b.error({ source: 'arm.integrationRuntimes', scope: SYNAPSE_ID, status: 403, code: 'AuthorizationFailed', message: 'no read access', missing: 'Reader on the Synapse workspace' });

describeRule(rule, {
  pass: [
    {
      name: 'linked service without connectVia uses AutoResolveIntegrationRuntime',
      expect: [{ outcome: 'pass', messageId: 'auto-resolve', resource: 'linkedservices/AzureMLService1', path: ['linkedService', 'integrationRuntime'] }],
      exactly: true,
    },
    {
      name: 'connectVia names a Managed integration runtime',
      estate: (b) => { runtimes(b, ['ManagedVnetIR', 'Managed']); connectVia('ManagedVnetIR')(b); },
      expect: [{ outcome: 'pass', messageId: 'managed', message: 'ManagedVnetIR of type Managed' }],
      exactly: true,
    },
    {
      name: 'no connectVia needs no runtime list: passes even when the runtimes cannot be read',
      estate: runtimesDenied,
      expect: [{ outcome: 'pass', messageId: 'auto-resolve' }],
      exactly: true,
    },
  ],
  fail: [
    {
      name: 'connectVia names a SelfHosted integration runtime',
      estate: (b) => { runtimes(b, ['shir-onprem', 'SelfHosted']); connectVia('shir-onprem')(b); },
      expect: [{ outcome: 'fail', messageId: 'self-hosted', resource: 'linkedservices/AzureMLService1', path: ['linkedService', 'integrationRuntime'], message: 'self-hosted integration runtime shir-onprem' }],
      exactly: true,
    },
    {
      name: 'runtime names and types compare case-insensitively',
      estate: (b) => {
        runtimes(b, ['SHIR-OnPrem', 'SelfHosted']);
        ((b.arm[SYNAPSE_ID.toLowerCase()]!.integrationRuntimes![1]!['properties']) as Record<string, unknown>)['type'] = 'selfhosted';
        connectVia('shir-onprem')(b);
      },
      expect: [{ outcome: 'fail', messageId: 'self-hosted' }],
    },
    {
      name: 'connectVia names a runtime the workspace does not have',
      estate: connectVia('DeletedIR'),
      expect: [{ outcome: 'fail', messageId: 'runtime-missing', message: 'DeletedIR, which Synapse workspace syn-prod does not have' }],
      exactly: true,
    },
    {
      name: 'the spec declares a self-hosted runtime (the live linked service is fine)',
      spec: (i) => { i.linkedService!.integrationRuntime = 'shir-onprem'; },
      estate: (b) => runtimes(b, ['shir-onprem', 'SelfHosted']),
      expect: [
        { outcome: 'fail', messageId: 'declared-self-hosted', path: ['linkedService', 'integrationRuntime'], resource: 'integrationruntimes/shir-onprem' },
        { outcome: 'pass', messageId: 'auto-resolve' },
      ],
      exactly: true,
    },
    {
      name: 'another AzureML linked service to the same AML workspace uses a self-hosted runtime',
      estate: (b) => {
        runtimes(b, ['shir-onprem', 'SelfHosted']);
        b.linkedServices(
          SYNAPSE_ID,
          azureMlLinkedService(SYNAPSE_ID, 'AzureMLService1', AML_ID),
          azureMlLinkedService(SYNAPSE_ID, 'AzureMLLegacy', AML_ID, { connectVia: 'shir-onprem' }),
        );
      },
      expect: [
        { outcome: 'pass', messageId: 'auto-resolve', resource: 'AzureMLService1' },
        { outcome: 'fail', messageId: 'self-hosted', resource: 'AzureMLLegacy', path: ['machineLearning', 'workspaceId'] },
      ],
      exactly: true,
    },
  ],
  notApplicable: [
    { name: 'Synapse workspace does not exist', estate: (b) => { b.resources.shift(); }, expect: [{ outcome: 'not-applicable', messageId: 'workspace-missing' }], exactly: true },
    {
      name: 'no AzureML linked service at all',
      estate: (b) => { b.linkedServices(SYNAPSE_ID); },
      expect: [{ outcome: 'not-applicable', messageId: 'no-linked-service' }],
      exactly: true,
    },
    {
      name: 'the only AzureML linked service points at another AML workspace (and is not the declared one)',
      estate: (b) => {
        runtimes(b, ['shir-onprem', 'SelfHosted']);
        b.linkedServices(SYNAPSE_ID, azureMlLinkedService(SYNAPSE_ID, 'OtherAml', ids.aml('aml-other'), { connectVia: 'shir-onprem' }));
      },
      expect: [{ outcome: 'not-applicable', messageId: 'no-linked-service' }],
      exactly: true,
    },
  ],
  unknown: [
    {
      name: 'Synapse data plane denied: linked services cannot be read',
      estate: (b) => b.error({ source: 'synapse.linkedServices', scope: SYNAPSE_ID, status: 403, code: 'Forbidden', message: 'caller is not authorized', missing: 'Synapse Artifact User on the workspace' }),
      expect: [{ outcome: 'unknown', message: 'Synapse Artifact User' }],
      exactly: true,
    },
    {
      name: 'integration runtimes cannot be read for a linked service with connectVia',
      estate: (b) => { connectVia('ManagedVnetIR')(b); runtimesDenied(b); },
      expect: [{ outcome: 'unknown', message: 'Reader on the Synapse workspace', path: ['linkedService', 'integrationRuntime'] }],
      exactly: true,
    },
    {
      name: 'integration runtimes cannot be read for a declared custom runtime',
      spec: (i) => { i.linkedService!.integrationRuntime = 'ManagedVnetIR'; },
      estate: runtimesDenied,
      expect: [{ outcome: 'unknown', resource: 'integrationruntimes/ManagedVnetIR' }, { outcome: 'pass', messageId: 'auto-resolve' }],
      exactly: true,
    },
    {
      name: 'Resource Graph denied: the Synapse workspace cannot be read',
      estate: (b) => { b.resources.shift(); b.error({ source: 'resourceGraph.resources', scope: `/subscriptions/${SUB}`, status: 403, code: 'AuthorizationFailed', message: 'no read access', missing: 'Reader on the subscription' }); },
      expect: [{ outcome: 'unknown', message: 'Reader on the subscription' }],
      exactly: true,
    },
  ],
});
