// Azure Policy and change-record rows as Resource Graph returns them, for tests. Where each shape comes from:
// - definitions: the built-in definitions' JSON from Azure/azure-policy (test/fixtures/azure-examples/policies, copied
//   from shared/azure-examples/policies; see its SOURCES.md), as ARG rows (id, name, type lower-case, properties);
// - assignments: the fields of "Azure Policy assignment structure" (learn.microsoft.com, governance/policy/concepts/
//   assignment-structure) and Microsoft.Authorization/policyAssignments 2022-06-01 (overrides, resourceSelectors);
// - exemptions: "Azure Policy exemption structure" (policyAssignmentId, policyDefinitionReferenceIds,
//   exemptionCategory, expiresOn); the exempted scope is the part of the ID before /providers/Microsoft.Authorization/;
// - the initiative: Azure Landing Zones' Enforce-Guardrails-Synapse (Azure/Enterprise-Scale, src/resources/
//   Microsoft.Authorization/policySetDefinitions/Enforce-Guardrails-Synapse.json, v1.1.0), as deployed (ARM's `[[`
//   escaping resolved to `[`), reduced to the members these tests need;
// - change records: "Get resource configuration changes" (governance/resource-graph/how-to/get-resource-changes,
//   targetResourceId, changeType, changes.<path>.previousValue/newValue as strings) and a published resourcechanges
//   row (changeAttributes: changedBy, changedByType, clientType, operation, timestamp).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawPayload } from '../../src/estate/snapshot.js';
import { SUB, TENANT } from './payloads.js';

const POLICIES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'azure-examples', 'policies');

export const POLICY = {
  exfiltration: '3484ce98-c0c5-4c83-994b-c5ac24785218',
  synapseManagedVnet: '2d9dbfa3-927b-4cf0-9d0f-08747f971650',
  synapsePublicNetwork: '38d8df46-cf4e-4073-8e03-48c24b29de0d',
  synapseTenants: '3a003702-13d2-4679-941b-937e58c443f0',
  amlPublicNetwork: '438c38d2-3772-465a-a9cc-7a6666a275ce',
} as const;

const FILES: Record<string, string> = {
  [POLICY.exfiltration]: 'Synapse-Workspace_RestrictOutboundDataTraffic_Audit.json',
  [POLICY.synapseManagedVnet]: 'Synapse-WorkspaceManagedVnet_Audit.json',
  [POLICY.synapsePublicNetwork]: 'Synapse-WorkspacePublicNetworkAccess_Deny.json',
  [POLICY.synapseTenants]: 'Synapse-Workspace_DataExfiltrationPrevention_Deny.json',
  [POLICY.amlPublicNetwork]: 'Machine_Learning-Workspace_PublicNetworkAccessDisabled_Audit.json',
};

export const MG_ALZ = 'alz-landingzones';
export const mgScope = (name: string) => `/providers/Microsoft.Management/managementGroups/${name}`;
export const builtInId = (guid: string) => `/providers/Microsoft.Authorization/policyDefinitions/${guid}`;

/** A built-in definition as a policyresources row, from its Azure/azure-policy JSON. */
export function builtInDefinitionRow(guid: string): RawPayload {
  const file = FILES[guid];
  if (!file) throw new Error(`no fixture for policy ${guid}`);
  const json = JSON.parse(readFileSync(join(POLICIES, file), 'utf8')) as { properties: Record<string, unknown> };
  return {
    id: builtInId(guid),
    name: guid,
    type: 'microsoft.authorization/policydefinitions',
    subscriptionId: '',
    properties: json.properties,
  };
}

export const ALZ_SYNAPSE_SET = `${mgScope(MG_ALZ)}/providers/Microsoft.Authorization/policySetDefinitions/Enforce-Guardrails-Synapse`;

/** ALZ's Enforce-Guardrails-Synapse, as deployed at a management group (the members these tests use). */
export function alzSynapseInitiativeRow(defaults: { synapseDataTraffic?: string; synapseManagedVnet?: string } = {}): RawPayload {
  const effectParam = (defaultValue: string) => ({ type: 'string', defaultValue, allowedValues: ['Audit', 'Deny', 'Disabled'] });
  return {
    id: ALZ_SYNAPSE_SET,
    name: 'Enforce-Guardrails-Synapse',
    type: 'microsoft.authorization/policysetdefinitions',
    subscriptionId: '',
    properties: {
      policyType: 'Custom',
      displayName: 'Enforce recommended guardrails for Synapse workspaces',
      metadata: { version: '1.1.0', category: 'Synapse', source: 'https://github.com/Azure/Enterprise-Scale/' },
      parameters: {
        synapseManagedVnet: effectParam(defaults.synapseManagedVnet ?? 'Deny'),
        synapseDataTraffic: effectParam(defaults.synapseDataTraffic ?? 'Deny'),
        synapseTenants: effectParam('Deny'),
        synapseAllowedTenantIds: { type: 'array', defaultValue: [TENANT] },
      },
      policyDefinitions: [
        {
          policyDefinitionId: builtInId(POLICY.synapseTenants),
          policyDefinitionReferenceId: 'Deny-Synapse-Tenant-Access',
          groupNames: [],
          parameters: { effect: { value: "[parameters('synapseTenants')]" }, allowedTenantIds: { value: "[parameters('synapseAllowedTenantIds')]" } },
        },
        {
          policyDefinitionId: builtInId(POLICY.exfiltration),
          policyDefinitionReferenceId: 'Deny-Synapse-Data-Traffic',
          groupNames: [],
          parameters: { effect: { value: "[parameters('synapseDataTraffic')]" } },
        },
        {
          policyDefinitionId: builtInId(POLICY.synapseManagedVnet),
          policyDefinitionReferenceId: 'Deny-Synapse-Managed-Vnet',
          groupNames: [],
          parameters: { effect: { value: "[parameters('synapseManagedVnet')]" } },
        },
      ],
    },
  };
}

export interface AssignmentOptions {
  displayName?: string;
  parameters?: Record<string, unknown>;
  enforcementMode?: 'Default' | 'DoNotEnforce';
  notScopes?: string[];
  overrides?: unknown[];
  resourceSelectors?: unknown[];
  assignedBy?: string;
}

/** A policy assignment row at `scope`. */
export function assignmentRow(scope: string, name: string, policyDefinitionId: string, o: AssignmentOptions = {}): RawPayload {
  const id = `${scope}/providers/Microsoft.Authorization/policyAssignments/${name}`;
  const sub = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1] ?? '';
  return {
    id,
    name,
    type: 'microsoft.authorization/policyassignments',
    subscriptionId: sub,
    properties: {
      displayName: o.displayName ?? name,
      policyDefinitionId,
      scope,
      notScopes: o.notScopes ?? [],
      parameters: Object.fromEntries(Object.entries(o.parameters ?? {}).map(([k, v]) => [k, { value: v }])),
      enforcementMode: o.enforcementMode ?? 'Default',
      metadata: { assignedBy: o.assignedBy ?? 'Cloud Center of Excellence', createdOn: '2026-06-01T09:00:00Z' },
      ...(o.overrides ? { overrides: o.overrides } : {}),
      ...(o.resourceSelectors ? { resourceSelectors: o.resourceSelectors } : {}),
      nonComplianceMessages: [],
    },
  };
}

export interface ExemptionOptions {
  category?: string;
  expiresOn?: string;
  referenceIds?: string[];
  displayName?: string;
}

/** A policy exemption row at `scope` (a resource group, a resource, ...). */
export function exemptionRow(scope: string, name: string, policyAssignmentId: string, o: ExemptionOptions = {}): RawPayload {
  const sub = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1] ?? '';
  return {
    id: `${scope}/providers/Microsoft.Authorization/policyExemptions/${name}`,
    name,
    type: 'microsoft.authorization/policyexemptions',
    subscriptionId: sub,
    properties: {
      policyAssignmentId,
      policyDefinitionReferenceIds: o.referenceIds ?? [],
      exemptionCategory: o.category ?? 'Waiver',
      displayName: o.displayName ?? name,
      ...(o.expiresOn ? { expiresOn: o.expiresOn } : {}),
      metadata: { requestedBy: 'Data platform team' },
    },
  };
}

export interface ChangeOptions {
  changeType?: 'Create' | 'Update' | 'Delete';
  changes?: Record<string, [string | null, string | null]>;
  changedBy?: string;
  changedByType?: string;
  clientType?: string;
  operation?: string;
}

/** A resourcechanges row for `targetId`. */
export function changeRow(targetId: string, name: string, timestamp: string, o: ChangeOptions = {}): RawPayload {
  const parts = targetId.split('/');
  const changes = Object.fromEntries(
    Object.entries(o.changes ?? {}).map(([path, [previousValue, newValue]]) => [path, { propertyChangeType: 'Update', changeCategory: 'User', previousValue, newValue }]),
  );
  return {
    id: `${targetId}/providers/Microsoft.Resources/changes/${name}`,
    name,
    type: 'microsoft.resources/changes',
    subscriptionId: parts[2] ?? SUB,
    resourceGroup: parts[4] ?? '',
    properties: {
      targetResourceId: targetId,
      targetResourceType: `${parts[6]}/${parts[7]}`.toLowerCase(),
      changeType: o.changeType ?? 'Update',
      changeAttributes: {
        previousResourceSnapshotId: `${name}-before`,
        newResourceSnapshotId: `${name}-after`,
        correlationId: '43c5d84a-c3bb-47c7-bdc5-7ecf69209fc2',
        changesCount: Object.keys(changes).length,
        timestamp,
        changedByType: o.changedByType ?? 'User',
        clientType: o.clientType ?? 'Azure Portal',
        operation: o.operation ?? `${parts[6]}/${parts[7]}/write`,
        changedBy: o.changedBy ?? 'alex@contoso.example',
      },
      ...(Object.keys(changes).length ? { changes } : {}),
    },
  };
}
