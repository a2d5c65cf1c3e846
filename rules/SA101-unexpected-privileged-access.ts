// SA101: Owner or Contributor on either workspace held by a principal outside access.privilegedPrincipals is drift.
import { describeAssignmentScope, roleDisplayName } from '../src/engine/access.js';
import { linkedServiceUses } from '../src/engine/linked-services.js';
import { COMMON_MESSAGES, fail, notApplicable, pass, unknown } from '../src/engine/outcomes.js';
import type { Check, Rule } from '../src/engine/types.js';
import type { Availability, Estate, RoleAssignment, SnapshotError } from '../src/estate/model.js';
import { AZURE_ROLES } from '../src/estate/roles.js';
import type { IntegrationSpec } from '../src/spec/types.js';
import { DOCS } from './docs.js';

const PRIVILEGED: readonly string[] = [AZURE_ROLES.owner.guid, AZURE_ROLES.contributor.guid];
const PATH = ['access', 'privilegedPrincipals'];

const rule: Rule = {
  meta: {
    id: 'SA101',
    name: 'unexpected-privileged-access',
    title: 'Only the declared privileged principals may be Owner or Contributor on the workspaces',
    severity: 'warning',
    resourceTypes: ['microsoft.synapse/workspaces', 'microsoft.machinelearningservices/workspaces'],
    dataSources: [
      'resourceGraph.resources',
      'resourceGraph.authorizationresources',
      'resourceGraph.resourcecontainers',
      'synapse.linkedServices',
      'spec',
    ],
    judges: 'estate',
    rationale:
      'Owner on the Synapse workspace is what lets a principal register it with AML, and Contributor on the AML workspace is ' +
      'what lets an identity drive AML from Synapse (the linked-service and secure-integration docs): these roles control the ' +
      'whole integration. Least privilege means only the principals listed in access.privilegedPrincipals hold them. Any ' +
      'other principal holding Owner or Contributor on either workspace — directly or inherited from the resource group, ' +
      'subscription, management groups or the root scope — is drift, reported once per principal and workspace with the ' +
      'role and where it is assigned. The identity the AzureML linked service uses is implicitly allowed Contributor (not ' +
      'Owner) on the AML workspace, because it needs exactly that (SA004). Only the built-in Owner and Contributor roles are ' +
      'considered.',
    remediation:
      'Remove the assignment, or narrow it to a less privileged role, or — if the principal is meant to have it — add its ' +
      'object ID to access.privilegedPrincipals. Portal: the workspace (or the scope named in the finding) > Access control ' +
      '(IAM) > Role assignments > remove. CLI: `az role assignment list --assignee <principal ID> --scope <workspace ID> ' +
      '--include-inherited` then `az role assignment delete --assignee <principal ID> --role <Owner|Contributor> --scope <scope>`.',
    docs: [DOCS.privateEndpointIntegration, DOCS.linkWorkspacesV1],
    messages: {
      ...COMMON_MESSAGES,
      'not-declared': 'access.privilegedPrincipals is not declared: declare the principals allowed Owner or Contributor on the workspaces to check for others.',
      'workspace-missing': '{{kind}} workspace {{workspace}} was not found (see SA016); nobody can hold a role on it.',
      expected: 'Only expected principals hold Owner or Contributor on {{kind}} workspace {{workspace}}.',
      unexpected: 'Principal {{principal}} is not in access.privilegedPrincipals but holds {{roles}} on {{kind}} workspace {{workspace}}.',
    },
  },
  checkEstate({ integration, estate }) {
    const privileged = integration.access?.privilegedPrincipals;
    if (privileged === undefined) {
      return [notApplicable('not-declared', { resourceId: integration.synapse.workspaceId, path: integration.access ? ['access'] : [] })];
    }
    const allowed = new Set(privileged.map((p) => p.trim().toLowerCase()));
    const synId = integration.synapse.workspaceId;
    const amlId = integration.machineLearning.workspaceId;
    const syn = estate.synapseWorkspace(synId);
    const aml = estate.amlWorkspace(amlId);

    return [
      ...evaluateWorkspace('Synapse', synId, syn, estate, allowed, { ids: new Set() }),
      ...evaluateWorkspace('AML', amlId, aml, estate, allowed, linkedServicePrincipals(integration, estate, syn)),
    ];
  },
};

/** Principals allowed Contributor beyond `privilegedPrincipals`; `readError` when they are the declared ones because the live linked services could not be read. */
interface ContributorAllowance {
  ids: ReadonlySet<string>;
  readError?: SnapshotError;
}

/** Object IDs the linked service authenticates as (allowed Contributor on the AML workspace). */
function linkedServicePrincipals(
  integration: IntegrationSpec,
  estate: Estate,
  syn: ReturnType<Estate['synapseWorkspace']>,
): ContributorAllowance {
  if (!syn.ok || !syn.value) return { ids: new Set() };
  const { uses, readError } = linkedServiceUses(integration, estate, syn.value);
  const ids = new Set(uses.flatMap((u) => (u.identity.principalId ? [u.identity.principalId.toLowerCase()] : [])));
  return readError ? { ids, readError } : { ids };
}

function evaluateWorkspace(
  kind: 'Synapse' | 'AML',
  id: string,
  found: Availability<{ id: string; name: string } | undefined>,
  estate: Estate,
  allowed: ReadonlySet<string>,
  contributorAllowed: ContributorAllowance,
): Check[] {
  if (!found.ok) return [unknown(found.error, `the ${kind} workspace`, { resourceId: id, path: PATH })];
  if (!found.value) return [notApplicable('workspace-missing', { resourceId: id, path: PATH, data: { kind, workspace: id } })];
  const ws = found.value;
  const covering = estate.roleAssignmentsCovering(ws.id, { roleGuids: PRIVILEGED });
  if (!covering.ok) return [unknown(covering.error, `the role assignments on ${kind} workspace ${ws.name}`, { resourceId: ws.id, path: PATH })];

  const byPrincipal = new Map<string, RoleAssignment[]>();
  let allowedAsDeclared = false;
  for (const a of covering.value) {
    if (!PRIVILEGED.includes(a.roleDefinitionGuid) || allowed.has(a.principalId)) continue;
    if (a.roleDefinitionGuid === AZURE_ROLES.contributor.guid && contributorAllowed.ids.has(a.principalId)) {
      allowedAsDeclared ||= contributorAllowed.readError !== undefined;
      continue;
    }
    byPrincipal.set(a.principalId, [...(byPrincipal.get(a.principalId) ?? []), a]);
  }
  if (byPrincipal.size === 0 && allowedAsDeclared) {
    // A Contributor was allowed only because the spec declares the linked service's identity: the live linked
    // services, which say who it really is, could not be read. Not a pass.
    const what = `the Synapse linked services (they say which identity may hold Contributor on ${kind} workspace ${ws.name} as the linked service's)`;
    return [unknown(contributorAllowed.readError!, what, { resourceId: ws.id, path: PATH })];
  }
  if (byPrincipal.size === 0) {
    return [pass('expected', { resourceId: ws.id, path: PATH, data: { kind, workspace: ws.name }, expected: 'only access.privilegedPrincipals', actual: 'no other Owner or Contributor' })];
  }
  return [...byPrincipal.keys()].sort().map((principal) => {
    const roles = byPrincipal
      .get(principal)!
      .map((a) => `${roleDisplayName(estate, a.roleDefinitionGuid)} ${describeAssignmentScope(a.scope, ws.id, 'the workspace')}`)
      .sort()
      .join('; ');
    return fail('unexpected', {
      resourceId: ws.id,
      path: PATH,
      data: { principal, roles, kind, workspace: ws.name },
      key: principal,
      expected: `${principal} holds neither Owner nor Contributor`,
      actual: roles,
    });
  });
}

export default rule;
