// The Synapse workspace's default ADLS Gen2 storage, as the estate resolves it (SA007, SA102).
import { withoutTrailingSlashes } from '../azure/ids.js';
import type { Availability, Estate, PrivateLinkTarget, SynapseWorkspace } from '../estate/model.js';

/** The Synapse workspace's default ADLS Gen2 storage account, as resolved from the estate. */
export interface DefaultStorage {
  /** The account, when it is in the estate. */
  account?: PrivateLinkTarget;
  /** How the workspace names it (its resource ID or account name), for messages. */
  describe: string;
  /** The default filesystem (container) name. */
  filesystem?: string;
}

/**
 * Resolves the workspace's default storage account: `defaultDataLakeStorage.resourceId` when Azure returned it, else
 * the account named in `accountUrl` (storage account names are globally unique).
 */
export function defaultStorageOf(estate: Estate, workspace: SynapseWorkspace): Availability<DefaultStorage> {
  const ds = workspace.defaultStorage;
  const storage = (describe: string, account?: PrivateLinkTarget): DefaultStorage => {
    const value: DefaultStorage = { describe };
    if (ds?.filesystem !== undefined) value.filesystem = ds.filesystem;
    if (account) value.account = account;
    return value;
  };
  if (ds?.resourceId) {
    const found = estate.privateLinkTarget(ds.resourceId);
    if (!found.ok) return found;
    return { ok: true, value: storage(ds.resourceId, found.value) };
  }
  if (ds?.accountName) {
    const found = estate.storageAccountByName(ds.accountName);
    if (!found.ok) return found;
    return { ok: true, value: storage(ds.accountName, found.value) };
  }
  return { ok: true, value: storage('(no defaultDataLakeStorage in the workspace properties)') };
}

/** ARM ID of a blob container (an ADLS Gen2 filesystem) in a storage account: a role assignment scope. */
export function blobContainerId(storageAccountId: string, container: string): string {
  return `${withoutTrailingSlashes(storageAccountId)}/blobServices/default/containers/${container}`;
}
