import rule from '../../rules/SA010-aml-dependencies-private.js';
import { SnapshotBuilder, amlWorkspaceRow, ids, privateEndpointRow, privateLinkTargetRow } from '../support/payloads.js';
import type { AmlWorkspaceOptions } from '../support/payloads.js';
import { describeRule } from '../support/rule-harness.js';
import { AML_ID, AML_KEYVAULT_ID, AML_PE_ID, AML_REGISTRY_ID, AML_STORAGE_ID, MANAGED_PE_ID, principals } from '../support/scenario.js';

const DECLARED = ['machineLearning', 'dependencyPrivateEndpoints'];
const pe = (name: string) => ids.privateEndpoint(name);
const BLOB_PE = pe('pe-stamlprod-blob');
const FILE_PE = pe('pe-stamlprod-file');
const DFS_PE = pe('pe-stamlprod-dfs');

const indexOf = (b: SnapshotBuilder, id: string) => b.resources.findIndex((r) => String(r['id']).toLowerCase() === id.toLowerCase());
const remove = (id: string) => (b: SnapshotBuilder) => { b.resources.splice(indexOf(b, id), 1); };
const replace = (b: SnapshotBuilder, id: string, row: Record<string, unknown>) => { b.resources[indexOf(b, id)] = row; };
const storageConnections = (list: Array<[string, string]>) => (b: SnapshotBuilder) =>
  replace(b, AML_STORAGE_ID, privateLinkTargetRow(AML_STORAGE_ID, 'Microsoft.Storage/storageAccounts', list));
const aml = (o: AmlWorkspaceOptions) => (b: SnapshotBuilder) =>
  replace(b, AML_ID, amlWorkspaceRow(AML_ID, {
    principalId: principals.amlMsi,
    storageAccount: AML_STORAGE_ID,
    keyVault: AML_KEYVAULT_ID,
    containerRegistry: AML_REGISTRY_ID,
    connections: [[AML_PE_ID, 'Approved'], [MANAGED_PE_ID, 'Approved']],
    ...o,
  }));

describeRule(rule, {
  pass: [
    {
      name: 'all five declared kinds have approved private endpoints, approved on the targets',
      expect: [
        { outcome: 'pass', messageId: 'approved', resource: 'stamlprod', path: [...DECLARED, 0], message: 'for blob' },
        { outcome: 'pass', messageId: 'approved', resource: 'stamlprod', path: [...DECLARED, 1], message: 'for file' },
        { outcome: 'pass', messageId: 'approved', resource: 'stamlprod', path: [...DECLARED, 2], message: 'for dfs' },
        { outcome: 'pass', messageId: 'approved', resource: 'kv-aml-prod', path: [...DECLARED, 3] },
        { outcome: 'pass', messageId: 'approved', resource: 'acramlprod', path: [...DECLARED, 4] },
      ],
      exactly: true,
    },
    {
      name: 'not declared but the AML workspace is private: all five are checked',
      spec: (i) => { delete i.machineLearning.dependencyPrivateEndpoints; },
      expect: [
        { outcome: 'pass', messageId: 'approved', path: ['machineLearning'], message: 'for blob' },
        { outcome: 'pass', messageId: 'approved', path: ['machineLearning'], message: 'for registry' },
      ],
    },
    {
      name: 'dependency not in the audited estate: the private endpoint status is trusted',
      estate: remove(AML_KEYVAULT_ID),
      expect: [{ outcome: 'pass', messageId: 'approved', resource: 'kv-aml-prod' }],
    },
    {
      name: 'group IDs compare case-insensitively',
      spec: (i) => { i.machineLearning.dependencyPrivateEndpoints = ['vault']; },
      estate: (b) => replace(b, pe('pe-kv-vault'), privateEndpointRow(pe('pe-kv-vault'), AML_KEYVAULT_ID, 'Vault')),
      expect: [{ outcome: 'pass', messageId: 'approved', resource: 'kv-aml-prod' }],
      exactly: true,
    },
  ],
  fail: [
    {
      name: 'storage has no dfs private endpoint',
      estate: remove(DFS_PE),
      expect: [{ outcome: 'fail', messageId: 'missing', resource: 'stamlprod', path: [...DECLARED, 2], message: 'for dfs' }],
    },
    {
      name: 'key vault private endpoint is Pending',
      estate: (b) => replace(b, pe('pe-kv-vault'), privateEndpointRow(pe('pe-kv-vault'), AML_KEYVAULT_ID, 'vault', 'Pending')),
      expect: [{ outcome: 'fail', messageId: 'not-approved', resource: 'kv-aml-prod', path: [...DECLARED, 3], message: 'pe-kv-vault is Pending' }],
    },
    {
      name: 'the storage account lists the file connection as Rejected',
      estate: storageConnections([[BLOB_PE, 'Approved'], [FILE_PE, 'Rejected'], [DFS_PE, 'Approved']]),
      expect: [{ outcome: 'fail', messageId: 'not-approved', path: [...DECLARED, 1], message: 'Rejected on the storage account' }],
    },
    {
      name: 'the storage account does not list the blob private endpoint at all',
      estate: storageConnections([[FILE_PE, 'Approved'], [DFS_PE, 'Approved']]),
      expect: [{ outcome: 'fail', messageId: 'not-approved', path: [...DECLARED, 0], message: 'not listed' }],
    },
    {
      name: 'a blob private endpoint does not satisfy file',
      spec: (i) => { i.machineLearning.dependencyPrivateEndpoints = ['file']; },
      estate: remove(FILE_PE),
      expect: [{ outcome: 'fail', messageId: 'missing', path: [...DECLARED, 0] }],
      exactly: true,
    },
  ],
  notApplicable: [
    {
      name: 'no container registry on the workspace yet',
      estate: aml({ containerRegistry: null }),
      expect: [
        { outcome: 'not-applicable', messageId: 'no-registry', path: [...DECLARED, 4] },
        { outcome: 'pass', messageId: 'approved', path: [...DECLARED, 0] },
      ],
    },
    {
      name: 'not declared and the AML workspace allows public access',
      spec: (i) => { delete i.machineLearning.dependencyPrivateEndpoints; },
      estate: aml({ publicNetworkAccess: 'Enabled' }),
      expect: [{ outcome: 'not-applicable', messageId: 'not-private' }],
      exactly: true,
    },
    {
      name: 'declared as an empty list',
      spec: (i) => { i.machineLearning.dependencyPrivateEndpoints = []; },
      expect: [{ outcome: 'not-applicable', messageId: 'none-declared' }],
      exactly: true,
    },
    {
      name: 'AML workspace does not exist',
      estate: remove(AML_ID),
      expect: [{ outcome: 'not-applicable', messageId: 'aml-missing' }],
      exactly: true,
    },
  ],
  unknown: [
    {
      name: 'AML workspace cannot be read',
      estate: (b) => {
        remove(AML_ID)(b);
        b.error({ source: 'resourceGraph.resources', scope: AML_ID, status: 403, code: 'AuthorizationFailed', message: 'denied', missing: 'Reader on the AML workspace' });
      },
      expect: [{ outcome: 'unknown', message: 'Reader on the AML workspace' }],
      exactly: true,
    },
    {
      name: 'private endpoints to the storage account cannot be read',
      estate: (b) => {
        b.error({ source: 'resourceGraph.resources', scope: AML_STORAGE_ID, status: 403, code: 'AuthorizationFailed', message: 'denied', missing: 'Reader on stamlprod' });
      },
      expect: [
        { outcome: 'unknown', resource: 'stamlprod', path: [...DECLARED, 0], message: 'private endpoints of storage account stamlprod' },
        { outcome: 'pass', resource: 'kv-aml-prod' },
      ],
    },
  ],
});
