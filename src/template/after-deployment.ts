// Plan + live: the estate as it will be after the deployment. What the input deploys comes from the input (its
// guarded view, so an unresolved value is still unknown); what it does not deploy is read from the deployed estate
// (a snapshot, or a live read): the workspace settings a template that only adds a linked service leaves alone, role
// assignments, private endpoint approval, the AML workspace. Lists are the union, the input's resource winning over
// the deployed one of the same name, except a managed private endpoint's approval, which a redeploy keeps.
import { lastSegment, scopeCovers } from '../azure/ids.js';
import type { AttachedSparkPool, Availability, Estate, ManagedPrivateEndpoint, PolicyRead, RoleAssignment, RoleAssignmentFilter, SynapseRoleAssignment, SynapseWorkspace } from '../estate/model.js';
import { NOT_IN_TEMPLATE, unresolvedError } from './estate.js';
import { managedVirtualNetworkOf, workspaceByKey, type TemplateModel, type TemplateWorkspace } from './model.js';

type Named = { name: string };

function union<T extends Named>(input: readonly T[], deployed: readonly T[], deployedWins = false): T[] {
  const key = (x: Named) => x.name.toLowerCase();
  const mine = new Map(input.map((x) => [key(x), x]));
  const out = deployed.map((x) => (deployedWins ? x : (mine.get(key(x)) ?? x)));
  const seen = new Set(deployed.map(key));
  for (const x of input) if (!seen.has(key(x))) out.push(x);
  return out;
}

/** The estate after the deployment, for one rule and integration (`guarded` is that rule's TemplateEstate). */
export class AfterDeploymentEstate implements Estate {
  readonly origin = 'template' as const;

  constructor(
    private readonly model: TemplateModel,
    private readonly guarded: Estate,
    /** The input's payloads without the per-rule guards. */
    private readonly base: Estate,
    private readonly live: Estate,
  ) {}

  get capturedAt(): string | undefined {
    return this.live.capturedAt;
  }

  get errors() {
    return this.live.errors;
  }

  private find(id: string): TemplateWorkspace | undefined {
    return workspaceByKey(this.model, lastSegment(id).toLowerCase());
  }

  /** The input's answer, its unguarded payloads when the answer is "not in the template", or the deployed estate's. */
  private merged<T extends Named>(id: string, ask: (e: Estate) => Availability<T[]>, deployedWins = false): Availability<T[]> {
    if (!this.find(id)) return ask(this.live);
    let mine = ask(this.guarded);
    if (!mine.ok && mine.error.code === NOT_IN_TEMPLATE) mine = ask(this.base);
    if (!mine.ok) return mine;
    const deployed = ask(this.live);
    if (!deployed.ok) return deployed;
    return { ok: true, value: union(mine.value, deployed.value, deployedWins) };
  }

  synapseWorkspace(id: string): Availability<SynapseWorkspace | undefined> {
    const ws = this.find(id);
    const deployed = this.live.synapseWorkspace(id);
    if (!ws) return deployed;
    const mine = this.guarded.synapseWorkspace(id);
    if (!mine.ok && mine.error.code !== NOT_IN_TEMPLATE) return mine;
    const planned = this.base.synapseWorkspace(id);
    if (!planned.ok || !planned.value) return deployed.ok && deployed.value ? deployed : planned;
    if (!deployed.ok) return ws.resource ? planned : deployed;
    if (!deployed.value) return planned;
    // The deployed workspace, with the settings the input sets.
    const out: SynapseWorkspace = { ...deployed.value };
    const mvnet = managedVirtualNetworkOf(ws);
    if (mvnet.known) out.managedVirtualNetwork = planned.value.managedVirtualNetwork;
    if (ws.resource) {
      out.preventDataExfiltration = planned.value.preventDataExfiltration;
      if (planned.value.publicNetworkAccess !== undefined) out.publicNetworkAccess = planned.value.publicNetworkAccess;
    }
    return { ok: true, value: out };
  }

  sparkPools(workspaceId: string) {
    return this.merged(workspaceId, (e) => e.sparkPools(workspaceId));
  }

  synapseLinkedServices(workspaceId: string) {
    return this.merged(workspaceId, (e) => e.synapseLinkedServices(workspaceId));
  }

  integrationRuntimes(workspaceId: string) {
    return this.merged(workspaceId, (e) => e.integrationRuntimes(workspaceId));
  }

  managedPrivateEndpoints(workspaceId: string): Availability<ManagedPrivateEndpoint[]> {
    return this.merged(workspaceId, (e) => e.managedPrivateEndpoints(workspaceId), true);
  }

  /** The attached pools the input creates, and the deployed ones (by compute name). */
  attachedSparkPools(amlWorkspaceId: string): Availability<AttachedSparkPool[]> {
    const mine = this.guarded.attachedSparkPools(amlWorkspaceId);
    const deployed = this.live.attachedSparkPools(amlWorkspaceId);
    if (!mine.ok && mine.error.code === NOT_IN_TEMPLATE) return deployed;
    if (!mine.ok) return mine;
    if (!deployed.ok) return deployed;
    return { ok: true, value: union(mine.value, deployed.value) };
  }

  // ---- what no input here deploys: the deployed estate ----

  amlWorkspace(id: string) {
    return this.live.amlWorkspace(id);
  }

  privateLinkTarget(id: string) {
    return this.live.privateLinkTarget(id);
  }

  storageAccountByName(name: string) {
    return this.live.storageAccountByName(name);
  }

  privateEndpointsTo(targetId: string) {
    return this.live.privateEndpointsTo(targetId);
  }

  /** The deployed Synapse RBAC assignments of the workspace, and those the input creates on it. */
  synapseRoleAssignments(workspaceId: string): Availability<SynapseRoleAssignment[]> {
    const deployed = this.live.synapseRoleAssignments(workspaceId);
    const name = lastSegment(workspaceId).toLowerCase();
    const mine = (this.model.grants ?? []).filter((g) => g.plane === 'synapse' && (g.scope === undefined || g.scope === name));
    if (mine.length === 0) return deployed;
    const unknown = mine.find((g) => g.unresolved);
    if (unknown?.unresolved) return { ok: false, error: unresolvedError(unknown.unresolved, `Synapse role assignment ${unknown.source}`) };
    const planned = mine.flatMap((g) =>
      g.roleGuid !== undefined && g.principalId !== undefined
        ? [{ id: g.source, roleDefinitionId: g.roleGuid, principalId: g.principalId, scope: `workspaces/${name}`, ...(g.principalType !== undefined && { principalType: g.principalType }) }]
        : [],
    );
    if (!deployed.ok) return deployed;
    return { ok: true, value: [...deployed.value, ...planned] };
  }

  amlLinkedServices(amlWorkspaceId: string) {
    return this.live.amlLinkedServices(amlWorkspaceId);
  }

  /** The deployed assignments, and those the input creates; one whose scope or principal is not known is unknown. */
  roleAssignmentsCovering(resourceId: string, only: RoleAssignmentFilter = {}): Availability<RoleAssignment[]> {
    const deployed = this.live.roleAssignmentsCovering(resourceId, only);
    if (!deployed.ok) return deployed;
    const planned: RoleAssignment[] = [];
    for (const g of this.model.grants ?? []) {
      if (g.plane !== 'azure') continue;
      const mayCover = g.scope === undefined || scopeCovers(g.scope, resourceId);
      const mayMatch =
        (only.principalId === undefined || g.principalId === undefined || g.principalId.toLowerCase() === only.principalId.toLowerCase()) &&
        (only.roleGuids === undefined || g.roleGuid === undefined || only.roleGuids.includes(g.roleGuid));
      if (!mayCover || !mayMatch) continue;
      if (g.unresolved) return { ok: false, error: unresolvedError(g.unresolved, `role assignment ${g.source}`) };
      if (g.scope === undefined || g.roleGuid === undefined || g.principalId === undefined) continue;
      planned.push({ id: `${g.scope}/providers/Microsoft.Authorization/roleAssignments/${g.source}`, scope: g.scope, roleDefinitionGuid: g.roleGuid, principalId: g.principalId, ...(g.principalType !== undefined && { principalType: g.principalType }) });
    }
    return { ok: true, value: [...deployed.value, ...planned] };
  }

  roleDefinition(guid: string) {
    return this.live.roleDefinition(guid);
  }

  /** Azure Policy applies to the estate after the deployment as it does now (SA103). */
  policyFor(resourceId: string): PolicyRead {
    return this.live.policyFor ? this.live.policyFor(resourceId) : { kind: 'not-recorded' };
  }

  allSynapseWorkspaces(): SynapseWorkspace[] {
    const deployed = this.live.allSynapseWorkspaces();
    const names = new Set(deployed.map((w) => w.name.toLowerCase()));
    return [...deployed, ...this.base.allSynapseWorkspaces().filter((w) => !names.has(w.name.toLowerCase()))];
  }
}
