// SA007: people working with the integration need Storage Blob Data Contributor on the default ADLS Gen2 storage.
import { describeAssignmentScope, isDefaultStorageBlobContributorEntry, roleDisplayName } from '../src/engine/access.js';
import { COMMON_MESSAGES, fail, notApplicable, pass, unknown } from '../src/engine/outcomes.js';
import { blobContainerId, defaultStorageOf } from '../src/engine/storage.js';
import type { Check, Rule } from '../src/engine/types.js';
import { AZURE_ROLES, assignmentsOf } from '../src/estate/roles.js';
import { DOCS } from './docs.js';

const SATISFYING = [AZURE_ROLES.storageBlobDataContributor.guid, AZURE_ROLES.storageBlobDataOwner.guid];

const rule: Rule = {
  meta: {
    id: 'SA007',
    name: 'storage-blob-data-contributor',
    title: 'Declared principals must be Storage Blob Data Contributor on the default ADLS Gen2 storage',
    severity: 'error',
    resourceTypes: ['microsoft.synapse/workspaces', 'microsoft.storage/storageaccounts'],
    dataSources: ['resourceGraph.resources', 'resourceGraph.authorizationresources', 'resourceGraph.resourcecontainers', 'spec'],
    judges: 'estate',
    rationale:
      'The Synapse quickstart lists as a prerequisite that whoever works with the integration is Storage Blob Data Contributor ' +
      "of the ADLS Gen2 filesystem they use: notebooks, Spark jobs and the scoring wizard read and write the workspace's " +
      'default storage with the caller\'s identity, and Owner or Contributor on the account grant no data access. The rule ' +
      'checks each access.required entry with role Storage Blob Data Contributor and scope synapse.defaultStorage. Storage ' +
      'Blob Data Owner (a superset) also satisfies it; assignments on the default filesystem container, on the account, or ' +
      'inherited from the resource group, subscription, management groups or the root scope count.',
    remediation:
      'Assign Storage Blob Data Contributor on the default storage account (or on its default filesystem). Portal: storage ' +
      'account > Access control (IAM) > Add role assignment > Storage Blob Data Contributor > select the principal. CLI: ' +
      '`az role assignment create --assignee-object-id <principal ID> --role "Storage Blob Data Contributor" --scope <storage ' +
      'account ID>` (append `/blobServices/default/containers/<filesystem>` to limit it to the filesystem).',
    docs: [DOCS.quickstart],
    messages: {
      ...COMMON_MESSAGES,
      'no-entries':
        'No access.required entry asks for Storage Blob Data Contributor on synapse.defaultStorage; add ' +
        '{ principalId: <object ID>, role: Storage Blob Data Contributor, scope: synapse.defaultStorage } to check who can use the default storage.',
      'synapse-missing': 'Synapse workspace {{workspace}} was not found (see SA016); its default storage is unknown.',
      'storage-not-found':
        'The default storage account {{storage}} of Synapse workspace {{workspace}} is not in the estate: the storage a workspace ' +
        'requires is missing or outside the audited subscriptions, so {{principal}} cannot hold a role on it.',
      granted: '{{principal}} holds {{role}} on the default storage {{storage}} of Synapse workspace {{workspace}} ({{where}}).',
      missing:
        '{{principal}} lacks Storage Blob Data Contributor on the default storage {{storage}} (filesystem {{filesystem}}) of Synapse ' +
        'workspace {{workspace}}; {{actual}}.',
    },
  },
  checkEstate({ integration, estate }) {
    const entries = (integration.access?.required ?? [])
      .map((entry, k) => ({ entry, k }))
      .filter(({ entry }) => isDefaultStorageBlobContributorEntry(entry));
    if (entries.length === 0) {
      return [notApplicable('no-entries', { resourceId: integration.synapse.workspaceId, path: integration.access ? ['access'] : [] })];
    }
    const synId = integration.synapse.workspaceId;
    const syn = estate.synapseWorkspace(synId);
    if (!syn.ok) return entries.map(({ k }) => unknown(syn.error, 'the Synapse workspace', { resourceId: synId, path: ['access', 'required', k] }));
    if (!syn.value) {
      return entries.map(({ k }) => notApplicable('synapse-missing', { resourceId: synId, path: ['access', 'required', k], data: { workspace: synId } }));
    }
    const ws = syn.value;
    const storage = defaultStorageOf(estate, ws);
    if (!storage.ok) {
      return entries.map(({ k }) => unknown(storage.error, `the default storage account of Synapse workspace ${ws.name}`, { resourceId: ws.id, path: ['access', 'required', k] }));
    }
    const account = storage.value.account;
    if (!account) {
      return entries.map(({ entry, k }) =>
        fail('storage-not-found', {
          resourceId: ws.id,
          path: ['access', 'required', k],
          data: { storage: storage.value.describe, workspace: ws.name, principal: entry.principalId },
          expected: `storage account ${storage.value.describe} in the estate`,
          actual: 'not found',
        }),
      );
    }
    const filesystem = storage.value.filesystem;
    // Assignments covering the filesystem container include the account's and everything above it.
    const scopeId = filesystem ? blobContainerId(account.id, filesystem) : account.id;
    const accountName = account.id.split('/').pop() ?? account.id;
    const where = (scope: string) =>
      filesystem && scope === scopeId.toLowerCase() ? `on the default filesystem ${filesystem}` : describeAssignmentScope(scope, account.id, 'the account');

    const resourceId = account.id;
    return entries.map(({ entry, k }): Check => {
      // The entry's principal's assignments only (a storage account has tens); a read error is the same for every entry.
      const covering = estate.roleAssignmentsCovering(scopeId, { principalId: entry.principalId });
      if (!covering.ok) return unknown(covering.error, `the role assignments on storage account ${account.id}`, { resourceId: account.id, path: ['access', 'required', k] });
      const assignments = covering.value;
      const base = { resourceId, path: ['access', 'required', k], expected: `Storage Blob Data Contributor (or Owner) on ${accountName}` };
      const data = { principal: entry.principalId, storage: accountName, workspace: ws.name, filesystem: filesystem ?? '(none)' };
      const first = assignmentsOf(assignments, entry.principalId, SATISFYING)[0];
      if (first) {
        const role = roleDisplayName(estate, first.roleDefinitionGuid);
        const at = where(first.scope);
        return pass('granted', { data: { role, where: at, ...data }, actual: `${role} (${at})`, ...base });
      }
      const who = entry.principalId.toLowerCase();
      const others = assignments.filter((a) => a.principalId === who);
      const actual = others.length
        ? `it has only ${others.map((a) => `${roleDisplayName(estate, a.roleDefinitionGuid)} (${where(a.scope)})`).join('; ')}`
        : 'it has no role there';
      return fail('missing', { data: { actual, ...data }, actual, ...base });
    });
  },
};

export default rule;
