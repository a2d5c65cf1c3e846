// Plan + live: the estate as it will be after the deployment. What the input deploys comes from the input (its
// guarded view, so an unresolved value is still unknown); what it does not deploy is read from the deployed estate
// (a snapshot, or a live read): the workspace settings a template that only adds a linked service leaves alone, role
// assignments, private endpoint approval, the AML workspace. Lists are the union, the input's resource winning over
// the deployed one of the same name, except a managed private endpoint's approval, which a redeploy keeps.
import { lastSegment } from '../azure/ids.js';
import type { Availability, Estate, ManagedPrivateEndpoint, RoleAssignmentFilter, SynapseWorkspace } from '../estate/model.js';
import { NOT_IN_TEMPLATE } from './estate.js';
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

  synapseRoleAssignments(workspaceId: string) {
    return this.live.synapseRoleAssignments(workspaceId);
  }

  amlLinkedServices(amlWorkspaceId: string) {
    return this.live.amlLinkedServices(amlWorkspaceId);
  }

  roleAssignmentsCovering(resourceId: string, only?: RoleAssignmentFilter) {
    return this.live.roleAssignmentsCovering(resourceId, only);
  }

  roleDefinition(guid: string) {
    return this.live.roleDefinition(guid);
  }

  allSynapseWorkspaces(): SynapseWorkspace[] {
    const deployed = this.live.allSynapseWorkspaces();
    const names = new Set(deployed.map((w) => w.name.toLowerCase()));
    return [...deployed, ...this.base.allSynapseWorkspaces().filter((w) => !names.has(w.name.toLowerCase()))];
  }
}
