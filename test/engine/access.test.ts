// The role and access helpers the rules share (src/engine/access.ts, linked-services.ts, storage.ts: SA004–SA007, SA101, SA102).
import { describe, expect, it } from 'vitest';
import { amlWorkspaceRoleCoverage, azureRoleGuidsSatisfying, describeAssignmentScope, isDefaultStorageBlobContributorEntry, roleDisplayName, synapseRoleGuidsSatisfying } from '../../src/engine/access.js';
import { amlSideLinksTo, linkedServiceUses } from '../../src/engine/linked-services.js';
import { blobContainerId, defaultStorageOf } from '../../src/engine/storage.js';
import type { SynapseWorkspace } from '../../src/estate/model.js';
import { AZURE_ROLES, SYNAPSE_ROLES } from '../../src/estate/roles.js';
import { SUB, amlSideLinkedService, azureMlLinkedService, ids, roleDefinitionRow } from '../support/payloads.js';
import { AML_ID, DEFAULT_STORAGE_ID, SYNAPSE_ID, estateOf, healthyIntegration, healthySnapshot, principals } from '../support/scenario.js';

const role = (actions: string[], notActions: string[] = []) => ({ actions, notActions });

describe('amlWorkspaceRoleCoverage (custom roles for SA004)', () => {
  it.each([
    ['*', true],
    ['Microsoft.MachineLearningServices/*', true],
    ['microsoft.machinelearningservices/WORKSPACES/*', true],
    ['Microsoft.MachineLearningServices/workspaces/*/read', false],
    ['Microsoft.MachineLearningServices/workspaces/write', false],
    ['*/read', false],
    ['Microsoft.Storage/*', false],
  ])('actions [%s] -> sufficient %s', (action, sufficient) => {
    expect(amlWorkspaceRoleCoverage(role([action])).sufficient).toBe(sufficient);
  });

  it('names the granting action', () => {
    expect(amlWorkspaceRoleCoverage(role(['Microsoft.Network/*', 'Microsoft.MachineLearningServices/workspaces/*']))).toEqual({
      sufficient: true,
      grantedBy: 'Microsoft.MachineLearningServices/workspaces/*',
      removedBy: [],
    });
  });

  it.each([
    ['*'],
    ['Microsoft.MachineLearningServices/*'],
    ['Microsoft.MachineLearningServices/workspaces/*'],
    ['Microsoft.MachineLearningServices/workspaces/delete'],
    ['Microsoft.MachineLearningServices/workspaces/computes/*'],
    ['*/write'],
    ['Microsoft.Machine*'],
  ])('a notActions entry %s removing workspace actions makes it insufficient', (notAction) => {
    const coverage = amlWorkspaceRoleCoverage(role(['*'], [notAction]));
    expect(coverage.sufficient).toBe(false);
    expect(coverage.removedBy).toEqual([notAction]);
  });

  it.each([
    ['Microsoft.Authorization/*/Write'],
    ['Microsoft.Authorization/elevateAccess/Action'],
    ['Microsoft.MachineLearningServices/registries/*'],
    ['Microsoft.MachineLearningServices/workspaces'],
    ['Microsoft.Storage/*/delete'],
  ])('a notActions entry %s outside the workspace actions leaves it sufficient (Contributor-like)', (notAction) => {
    expect(amlWorkspaceRoleCoverage(role(['*'], [notAction])).sufficient).toBe(true);
  });
});

describe('role equivalences', () => {
  it('Synapse Administrator satisfies Synapse Apache Spark Administrator (and itself)', () => {
    expect(synapseRoleGuidsSatisfying(SYNAPSE_ROLES.sparkAdministrator.guid.toUpperCase())).toEqual([
      SYNAPSE_ROLES.sparkAdministrator.guid,
      SYNAPSE_ROLES.administrator.guid,
    ]);
    expect(synapseRoleGuidsSatisfying(SYNAPSE_ROLES.administrator.guid)).toEqual([SYNAPSE_ROLES.administrator.guid]);
  });

  it('built-in Azure supersets satisfy narrower roles; Owner grants no data access', () => {
    expect(azureRoleGuidsSatisfying(AZURE_ROLES.contributor.guid)).toEqual([AZURE_ROLES.contributor.guid, AZURE_ROLES.owner.guid]);
    expect(azureRoleGuidsSatisfying(AZURE_ROLES.storageBlobDataContributor.guid)).toEqual([
      AZURE_ROLES.storageBlobDataContributor.guid,
      AZURE_ROLES.storageBlobDataOwner.guid,
    ]);
    expect(azureRoleGuidsSatisfying(AZURE_ROLES.storageBlobDataReader.guid)).not.toContain(AZURE_ROLES.owner.guid);
    expect(azureRoleGuidsSatisfying('0A1B2C3D-0000-4000-8000-00000000C0DE')).toEqual(['0a1b2c3d-0000-4000-8000-00000000c0de']);
  });

  it('recognises the entries SA007 evaluates', () => {
    expect(isDefaultStorageBlobContributorEntry({ role: 'storage blob data contributor', scope: 'synapse.defaultStorage' })).toBe(true);
    expect(isDefaultStorageBlobContributorEntry({ role: AZURE_ROLES.storageBlobDataContributor.guid, scope: 'synapse.defaultStorage' })).toBe(true);
    expect(isDefaultStorageBlobContributorEntry({ role: 'Storage Blob Data Contributor', scope: DEFAULT_STORAGE_ID })).toBe(false);
    expect(isDefaultStorageBlobContributorEntry({ role: 'Storage Blob Data Owner', scope: 'synapse.defaultStorage' })).toBe(false);
  });
});

describe('describeAssignmentScope', () => {
  it.each([
    [AML_ID.toLowerCase(), 'on the workspace itself'],
    [`/subscriptions/${SUB}/resourceGroups/rg-ml`, 'inherited from resource group rg-ml'],
    [`/subscriptions/${SUB}`, `inherited from subscription ${SUB}`],
    ['/providers/Microsoft.Management/managementGroups/MG-Data', 'inherited from management group mg-data'],
    ['/', 'inherited from the root scope (/)'],
  ])('%s -> %s', (scope, words) => {
    expect(describeAssignmentScope(scope, AML_ID, 'the workspace')).toBe(words);
  });

  it('names a parent resource and a child scope', () => {
    expect(describeAssignmentScope(DEFAULT_STORAGE_ID, blobContainerId(DEFAULT_STORAGE_ID, 'default'))).toBe(`inherited from parent resource ${DEFAULT_STORAGE_ID.toLowerCase()}`);
    expect(describeAssignmentScope(blobContainerId(DEFAULT_STORAGE_ID, 'default'), DEFAULT_STORAGE_ID)).toBe(
      `at ${DEFAULT_STORAGE_ID.toLowerCase()}/blobservices/default/containers/default`,
    );
  });
});

describe('estate-reading helpers', () => {
  const synapse = (): SynapseWorkspace => {
    const ws = estateOf(healthySnapshot()).synapseWorkspace(SYNAPSE_ID);
    if (!ws.ok || !ws.value) throw new Error('healthy scenario has no Synapse workspace');
    return ws.value;
  };

  it('roleDisplayName: built-in name, custom definition name, else the GUID', () => {
    const custom = '0a1b2c3d-0000-4000-8000-00000000c0de';
    const estate = estateOf(healthySnapshot().assignment(roleDefinitionRow(custom, { roleName: 'ML Integrator' })));
    expect(roleDisplayName(estate, AZURE_ROLES.owner.guid)).toBe('Owner');
    expect(roleDisplayName(estate, custom.toUpperCase())).toBe('ML Integrator');
    expect(roleDisplayName(estate, '0a1b2c3d-0000-4000-8000-00000000beef')).toBe('0a1b2c3d-0000-4000-8000-00000000beef');
  });

  it('linkedServiceUses: the declared linked service, live when read', () => {
    const { uses, readError } = linkedServiceUses(healthyIntegration(), estateOf(healthySnapshot()), synapse());
    expect(readError).toBeUndefined();
    expect(uses).toHaveLength(1);
    expect(uses[0]).toMatchObject({ name: 'AzureMLService1', declared: true, identity: { kind: 'managedIdentity', principalId: principals.synapseMsi } });
    expect(uses[0]?.live?.name).toBe('AzureMLService1');
  });

  it('linkedServiceUses: falls back to the declared authentication when the linked services cannot be read', () => {
    const b = healthySnapshot().error({ source: 'synapse.linkedServices', scope: SYNAPSE_ID, status: 403, message: 'denied' });
    const integration = healthyIntegration();
    integration.linkedService = { name: 'AzureMLService1', authentication: 'servicePrincipal', servicePrincipal: { clientId: principals.spClient, objectId: principals.spObject } };
    const { uses, readError } = linkedServiceUses(integration, estateOf(b), synapse());
    expect(readError?.status).toBe(403);
    expect(uses[0]?.identity).toMatchObject({ kind: 'servicePrincipal', principalId: principals.spObject, clientId: principals.spClient });
  });

  it('linkedServiceUses: drops the declared objectId when the live client ID differs', () => {
    const b = healthySnapshot();
    b.linkedServices(SYNAPSE_ID, azureMlLinkedService(SYNAPSE_ID, 'AzureMLService1', AML_ID, { authentication: 'ServicePrincipal', servicePrincipalId: principals.stranger }));
    const integration = healthyIntegration();
    integration.linkedService = { name: 'AzureMLService1', authentication: 'servicePrincipal', servicePrincipal: { clientId: principals.spClient, objectId: principals.spObject } };
    const [use] = linkedServiceUses(integration, estateOf(b), synapse()).uses;
    expect(use?.clientIdMismatch).toEqual({ live: principals.stranger, declared: principals.spClient });
    expect(use?.identity.principalId).toBeUndefined();
  });

  it('linkedServiceUses: without a declared linked service, every live one pointing at the AML workspace', () => {
    const b = healthySnapshot();
    b.linkedServices(
      SYNAPSE_ID,
      azureMlLinkedService(SYNAPSE_ID, 'ls-a', AML_ID),
      azureMlLinkedService(SYNAPSE_ID, 'ls-other', ids.aml('aml-other')),
    );
    const integration = healthyIntegration();
    delete integration.linkedService;
    expect(linkedServiceUses(integration, estateOf(b), synapse()).uses.map((u) => u.name)).toEqual(['ls-a']);
  });

  it('amlSideLinksTo keeps only links to the given Synapse workspace (case-insensitive)', () => {
    const b = healthySnapshot();
    b.amlLinks(AML_ID, amlSideLinkedService(AML_ID, 'a', SYNAPSE_ID.toUpperCase(), principals.amlMsi), amlSideLinkedService(AML_ID, 'b', ids.synapse('other'), principals.amlMsi));
    const links = amlSideLinksTo(estateOf(b), AML_ID, SYNAPSE_ID);
    expect(links.ok && links.value.map((l) => l.name)).toEqual(['a']);
  });

  it('defaultStorageOf resolves by account name, or by resource ID when Azure returns it', () => {
    const byName = defaultStorageOf(estateOf(healthySnapshot()), synapse());
    expect(byName.ok && byName.value).toMatchObject({ describe: 'synprodadls', filesystem: 'default', account: { id: DEFAULT_STORAGE_ID } });
    const ws = { ...synapse(), defaultStorage: { resourceId: DEFAULT_STORAGE_ID.toUpperCase(), filesystem: 'fs' } };
    const byId = defaultStorageOf(estateOf(healthySnapshot()), ws);
    expect(byId.ok && byId.value.account?.id).toBe(DEFAULT_STORAGE_ID);
    const none = defaultStorageOf(estateOf(healthySnapshot()), { ...synapse(), defaultStorage: { accountName: 'nosuchaccount' } });
    expect(none.ok && none.value.account).toBeUndefined();
  });
});
