// SA102: every role assignment listed under access.required must exist (SA007 covers the default-storage blob role).
import { azureRoleAssignments, azureRoleGuidsSatisfying, describeAssignmentScope, isDefaultStorageBlobContributorEntry, roleDisplayName, synapseRoleAssignmentsAtWorkspace, synapseRoleGuidsSatisfying } from '../src/engine/access.js';
import { sameId } from '../src/azure/ids.js';
import { COMMON_MESSAGES, fail, notApplicable, pass, unknown } from '../src/engine/outcomes.js';
import { defaultStorageOf } from '../src/engine/storage.js';
import type { Check, Rule, RuleContext } from '../src/engine/types.js';
import { resolveRole, roleGuidOf, roleNameOf } from '../src/estate/roles.js';
import type { RequiredAccess } from '../src/spec/types.js';
import { DOCS } from './docs.js';

const SCOPE_TOKENS = ['synapse.workspace', 'machineLearning.workspace', 'synapse.defaultStorage'];

const rule: Rule = {
  meta: {
    id: 'SA102',
    name: 'missing-required-access',
    title: 'Every role assignment listed under access.required must exist',
    severity: 'error',
    resourceTypes: ['microsoft.synapse/workspaces', 'microsoft.machinelearningservices/workspaces', 'microsoft.storage/storageaccounts'],
    dataSources: [
      'resourceGraph.resources',
      'resourceGraph.authorizationresources',
      'resourceGraph.resourcecontainers',
      'synapse.roleAssignments',
      'spec',
    ],
    judges: 'estate',
    rationale:
      'access.required lists the role assignments the integration depends on (for example the AML-side link identity as ' +
      'Synapse Apache Spark Administrator, or the linked service identity as Contributor on the AML workspace). A missing one ' +
      'breaks the integration for that principal. Azure roles are checked against Azure RBAC on the scope (synapse.workspace, ' +
      'machineLearning.workspace, synapse.defaultStorage or an ARM resource ID), counting assignments inherited from the ' +
      'resource group, subscription, management groups and the root scope, and built-in roles that contain the required one ' +
      '(Owner for Contributor or Reader; Storage Blob Data Owner for Storage Blob Data Contributor or Reader). Synapse RBAC ' +
      'roles are checked in the Synapse workspace at workspace scope; Synapse Administrator satisfies any of them. Storage ' +
      'Blob Data Contributor on synapse.defaultStorage is evaluated by SA007 instead.',
    remediation:
      'Create the missing assignment. Azure RBAC: `az role assignment create --assignee-object-id <principal ID> --role "<role>" ' +
      '--scope <scope ID>` (portal: the resource > Access control (IAM) > Add role assignment). Synapse RBAC: `az synapse role ' +
      'assignment create --workspace-name <workspace> --role "<role>" --assignee-object-id <principal ID>` (Synapse Studio: ' +
      'Manage > Access control > Add). If the entry is no longer needed, remove it from access.required.',
    docs: [DOCS.linkWorkspacesV1, DOCS.quickstart],
    messages: {
      ...COMMON_MESSAGES,
      'no-entries': 'access.required lists no role assignments for this rule{{why}}.',
      'unknown-role': 'access.required entry {{index}} names role "{{role}}", which is neither a built-in role synaml knows nor a role definition GUID.',
      'bad-scope': 'access.required entry {{index}} has scope "{{scope}}": use synapse.workspace, machineLearning.workspace, synapse.defaultStorage or an ARM resource ID.',
      'synapse-role-scope':
        'access.required entry {{index}} asks for Synapse RBAC role {{role}} on {{scope}}, but Synapse RBAC roles can only be assigned ' +
        'in a Synapse workspace: use scope synapse.workspace.',
      'scope-missing': 'The scope of access.required entry {{index}}, {{scope}}, was not found (see SA016); {{principal}} cannot hold {{role}} on it.',
      'storage-not-found':
        'The default storage account {{storage}} of Synapse workspace {{workspace}} is not in the estate (missing or outside the audited ' +
        'subscriptions), so {{principal}} cannot hold {{role}} on it.',
      granted: '{{principal}} holds {{held}} on {{target}}{{satisfies}}.',
      missing: '{{principal}} lacks {{role}} on {{target}}; {{actual}}.',
    },
  },
  checkEstate(ctx) {
    const required = ctx.integration.access?.required ?? [];
    const entries = required.map((entry, k) => ({ entry, k })).filter(({ entry }) => !isDefaultStorageBlobContributorEntry(entry));
    if (entries.length === 0) {
      const why = required.length > 0 ? ' (its entries are Storage Blob Data Contributor on synapse.defaultStorage, which SA007 checks)' : '';
      return [notApplicable('no-entries', { resourceId: ctx.integration.synapse.workspaceId, path: ctx.integration.access ? ['access'] : [], data: { why } })];
    }
    return entries.map(({ entry, k }) => evaluate(ctx, entry, k));
  },
};

type Target = { ok: true; id: string; name: string; isSynapseWorkspace: boolean } | { ok: false; check: Check };

function evaluate(ctx: RuleContext, entry: RequiredAccess, k: number): Check {
  const { estate } = ctx;
  const path = ['access', 'required', k];
  const role = resolveRole(entry.role);
  const index = String(k);
  if (!role) return fail('unknown-role', { path: [...path, 'role'], data: { index, role: entry.role }, expected: 'a built-in role name or a role definition GUID', actual: entry.role });

  const target = resolveScope(ctx, entry, k, role.name);
  if (!target.ok) return target.check;
  const base = { resourceId: target.id, path };
  const data = { principal: entry.principalId, role: role.name, target: target.name };

  if (role.plane === 'synapse') {
    if (!target.isSynapseWorkspace) {
      return fail('synapse-role-scope', { ...base, path: [...path, 'scope'], data: { index, role: role.name, scope: entry.scope }, expected: 'scope synapse.workspace', actual: `scope ${entry.scope}` });
    }
    const ws = estate.synapseWorkspace(target.id);
    if (!ws.ok) return unknown(ws.error, 'the Synapse workspace', base);
    if (!ws.value) return notApplicable('scope-missing', { data: { index, scope: entry.scope, principal: entry.principalId, role: role.name }, ...base });
    const held = synapseRoleAssignmentsAtWorkspace(estate, ws.value, entry.principalId, synapseRoleGuidsSatisfying(role.guid));
    if (!held.ok) return unknown(held.error, `the Synapse RBAC role assignments of Synapse workspace ${ws.value.name}`, base);
    const expected = `${role.name} at scope workspaces/${ws.value.name}`;
    const first = held.value[0];
    if (first) {
      const heldName = roleNameOf(roleGuidOf(first.roleDefinitionId)) ?? first.roleDefinitionId;
      const satisfies = roleGuidOf(first.roleDefinitionId) === role.guid ? '' : `, which includes ${role.name}`;
      return pass('granted', { data: { held: `${heldName} (Synapse RBAC, scope ${first.scope})`, satisfies, ...data }, expected, actual: heldName, ...base });
    }
    const all = estate.synapseRoleAssignments(ws.value.id);
    const who = entry.principalId.toLowerCase();
    const mine = all.ok ? all.value.filter((a) => a.principalId.toLowerCase() === who) : [];
    const actual = mine.length
      ? `it has only ${mine.map((a) => `${roleNameOf(roleGuidOf(a.roleDefinitionId)) ?? a.roleDefinitionId} at ${a.scope}`).sort().join('; ')}`
      : 'it has no Synapse RBAC role there';
    return fail('missing', { data: { actual, ...data }, expected, actual, ...base });
  }

  const held = azureRoleAssignments(estate, target.id, entry.principalId, azureRoleGuidsSatisfying(role.guid));
  if (!held.ok) return unknown(held.error, `the role assignments on ${target.name}`, base);
  const expected = `${role.name} on ${target.name}`;
  const first = held.value[0];
  if (first) {
    const heldName = roleDisplayName(estate, first.roleDefinitionGuid);
    const satisfies = first.roleDefinitionGuid === role.guid ? '' : `, which includes ${role.name}`;
    return pass('granted', {
      data: { held: `${heldName} (${where(first.scope, target.id)})`, satisfies, ...data },
      expected,
      actual: heldName,
      ...base,
    });
  }
  const covering = estate.roleAssignmentsCovering(target.id, { principalId: entry.principalId });
  const who = entry.principalId.toLowerCase();
  const mine = covering.ok ? covering.value.filter((a) => a.principalId === who) : [];
  const actual = mine.length
    ? `it has only ${mine.map((a) => `${roleDisplayName(estate, a.roleDefinitionGuid)} (${where(a.scope, target.id)})`).join('; ')}`
    : 'it has no role there';
  return fail('missing', { data: { actual, ...data }, expected, actual, ...base });
}

/** Where an assignment was made, relative to the entry's scope. */
function where(scope: string, targetId: string): string {
  return sameId(scope, targetId) ? 'assigned directly' : describeAssignmentScope(scope, targetId);
}

/** Resolves an entry's scope to a resource ID; or the check that ends the evaluation (bad scope, missing target, unknown). */
function resolveScope(ctx: RuleContext, entry: RequiredAccess, k: number, roleName: string): Target {
  const { integration, estate } = ctx;
  const path = ['access', 'required', k];
  const scope = entry.scope.trim();
  const synId = integration.synapse.workspaceId;
  const missing = (id: string) =>
    ({ ok: false, check: notApplicable('scope-missing', { resourceId: id, path, data: { index: String(k), scope, principal: entry.principalId, role: roleName } }) }) as const;

  if (scope === 'synapse.workspace') {
    const syn = estate.synapseWorkspace(synId);
    if (!syn.ok) return { ok: false, check: unknown(syn.error, 'the Synapse workspace', { resourceId: synId, path }) };
    if (!syn.value) return missing(synId);
    return { ok: true, id: syn.value.id, name: `Synapse workspace ${syn.value.name}`, isSynapseWorkspace: true };
  }
  if (scope === 'machineLearning.workspace') {
    const id = integration.machineLearning.workspaceId;
    const aml = estate.amlWorkspace(id);
    if (!aml.ok) return { ok: false, check: unknown(aml.error, 'the AML workspace', { resourceId: id, path }) };
    if (!aml.value) return missing(id);
    return { ok: true, id: aml.value.id, name: `AML workspace ${aml.value.name}`, isSynapseWorkspace: false };
  }
  if (scope === 'synapse.defaultStorage') {
    const syn = estate.synapseWorkspace(synId);
    if (!syn.ok) return { ok: false, check: unknown(syn.error, 'the Synapse workspace', { resourceId: synId, path }) };
    if (!syn.value) return missing(synId);
    const storage = defaultStorageOf(estate, syn.value);
    if (!storage.ok) return { ok: false, check: unknown(storage.error, `the default storage account of Synapse workspace ${syn.value.name}`, { resourceId: syn.value.id, path }) };
    const account = storage.value.account;
    if (!account) {
      return {
        ok: false,
        check: fail('storage-not-found', {
          resourceId: syn.value.id,
          path,
          data: { storage: storage.value.describe, workspace: syn.value.name, principal: entry.principalId, role: roleName },
          expected: `storage account ${storage.value.describe} in the estate`,
          actual: 'not found',
        }),
      };
    }
    return { ok: true, id: account.id, name: `the default storage ${account.id.split('/').pop()} of Synapse workspace ${syn.value.name}`, isSynapseWorkspace: false };
  }
  if (scope.startsWith('/')) {
    return { ok: true, id: scope, name: scope, isSynapseWorkspace: sameId(scope, synId) };
  }
  return {
    ok: false,
    check: fail('bad-scope', { path: [...path, 'scope'], data: { index: String(k), scope }, expected: SCOPE_TOKENS.join(' | ') + ' | an ARM ID', actual: scope }),
  };
}

export default rule;
