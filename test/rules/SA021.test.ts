import rule from '../../rules/SA021-serverless-spark-managed-network.js';
import { amlWorkspaceRow, ids, type SnapshotBuilder } from '../support/payloads.js';
import { describeRule } from '../support/rule-harness.js';
import { AML_ID, AML_KEYVAULT_ID, AML_REGISTRY_ID, AML_STORAGE_ID, principals } from '../support/scenario.js';

const DATA_LAKE = ids.storage('stdatalake');

/** A PrivateEndpoint outbound rule, in the shape of the managed network's outboundRules map. */
const peRule = (target: string, subresourceTarget: string, sparkEnabled?: boolean) => ({
  type: 'PrivateEndpoint',
  category: 'UserDefined',
  status: 'Active',
  destination: { serviceResourceId: target, subresourceTarget, ...(sparkEnabled === undefined ? {} : { sparkEnabled }) },
});

/** The healthy AML workspace with a managed network (the spec's serverlessSpark is set by `serverless`). */
const network = (managedNetwork: Record<string, unknown>) => (b: SnapshotBuilder) => {
  const at = b.resources.findIndex((r) => String(r['id']) === AML_ID);
  b.resources.splice(
    at,
    1,
    amlWorkspaceRow(AML_ID, {
      principalId: principals.amlMsi,
      storageAccount: AML_STORAGE_ID,
      keyVault: AML_KEYVAULT_ID,
      containerRegistry: AML_REGISTRY_ID,
      connections: [[ids.privateEndpoint('pe-aml-prod'), 'Approved'], [ids.privateEndpoint('syn-prod.synapse-to-aml', 'synapse-managed-rg'), 'Approved']],
      managedNetwork,
    }),
  );
};
const serverless = (i: { machineLearning: { serverlessSpark?: boolean } }) => {
  i.machineLearning.serverlessSpark = true;
};
const isolated = (mode: string, sparkReady: boolean | undefined, rules: Record<string, unknown>) =>
  network({ isolationMode: mode, networkId: '00000000-1111-2222-3333-444444444444', outboundRules: rules, status: { status: 'Active', ...(sparkReady === undefined ? {} : { sparkReady }) } });

describeRule(rule, {
  pass: [
    {
      name: 'provisioned for Spark, storage rules Spark-enabled; AllowOnlyApprovedOutbound notes the conda limitation',
      spec: serverless,
      estate: isolated('AllowOnlyApprovedOutbound', true, {
        'pe-blob': peRule(DATA_LAKE, 'blob', true),
        'pe-dfs': peRule(DATA_LAKE, 'dfs', true),
        pypi: { type: 'FQDN', category: 'UserDefined', destination: 'pypi.org' },
        'pe-kv': peRule(AML_KEYVAULT_ID, 'vault'),
      }),
      expect: [{ outcome: 'pass', messageId: 'ready', resource: AML_ID, message: 'its 2 storage private-endpoint rule(s) are Spark-enabled. With AllowOnlyApprovedOutbound, conda packages' }],
      exactly: true,
    },
  ],
  fail: [
    {
      name: 'not provisioned for Spark (sparkReady false), as in the Workspaces_Get example',
      spec: serverless,
      estate: isolated('AllowInternetOutbound', false, {}),
      expect: [{ outcome: 'fail', messageId: 'not-spark-ready', path: ['machineLearning', 'serverlessSpark'], message: 'status.sparkReady is false' }],
      exactly: true,
    },
    {
      name: 'a storage rule without sparkEnabled, one finding per rule',
      spec: serverless,
      estate: isolated('AllowOnlyApprovedOutbound', true, { 'pe-blob': peRule(DATA_LAKE, 'blob', true), 'pe-dfs': peRule(DATA_LAKE, 'dfs'), 'pe-file': peRule(DATA_LAKE, 'file', false) }),
      expect: [
        { outcome: 'fail', messageId: 'rule-not-spark-enabled', message: 'Outbound rule pe-dfs' },
        { outcome: 'fail', messageId: 'rule-not-spark-enabled', message: 'Outbound rule pe-file' },
      ],
      exactly: true,
    },
  ],
  notApplicable: [
    { name: 'serverlessSpark not declared', estate: isolated('AllowInternetOutbound', false, {}), expect: [{ outcome: 'not-applicable', messageId: 'not-declared' }], exactly: true },
    { name: 'no managed network', spec: serverless, expect: [{ outcome: 'not-applicable', messageId: 'not-isolated' }], exactly: true },
    { name: 'managed network Disabled', spec: serverless, estate: network({ isolationMode: 'Disabled' }), expect: [{ outcome: 'not-applicable', messageId: 'not-isolated' }], exactly: true },
  ],
  unknown: [
    {
      name: 'the AML workspace could not be read',
      spec: serverless,
      estate: (b) => {
        b.resources.splice(b.resources.findIndex((r) => String(r['id']) === AML_ID), 1);
        b.error({ source: 'resourceGraph.resources', scope: AML_ID, status: 403, code: 'Forbidden', message: 'no read' });
      },
      expect: [{ outcome: 'unknown', resource: AML_ID }],
      exactly: true,
    },
  ],
});
