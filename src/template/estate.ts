// The template as an Estate, so the audit's own rules judge what is about to be deployed. The template's resources
// become snapshot-shaped payloads (as the Synapse data plane and Resource Graph would return them once deployed) and
// go through the same normaliser as a recorded estate. A per-rule view then guards them: a lookup whose facts the
// rule reads but the template leaves unresolved is `unavailable` (UnresolvedExpression, naming the expression and its
// line:column), and anything a template cannot say at all (role assignments, approval state, the AML workspace) is
// `unavailable` as NotInTemplate, which check-template leaves out of the result and reports as not evaluated.
import { lastSegment, parseArmId, sameId } from '../azure/ids.js';
import type { AttachedSparkPool, Availability, Estate, PrivateEndpoint, RoleAssignment, SnapshotError, SparkPool } from '../estate/model.js';
import { normaliseSnapshot, RESOURCE_TYPES, toAttachedSparkPool } from '../estate/normalise.js';
import type { RawPayload, Snapshot } from '../estate/snapshot.js';
import type { IntegrationSpec } from '../spec/types.js';
import type { Json } from './expressions.js';
import { childName, childNameUnresolved, managedVirtualNetworkOf, workspaceByKey, type TemplateModel, type TemplateResource, type TemplateWorkspace, type UnresolvedAt } from './model.js';

/** The AML workspace of an integration drawn from a template that deploys no AzureMLService linked service. */
export const NO_AML_LINKED_SERVICE = '(none: the template has no AzureMLService linked service)';

/** Codes of the errors a template estate returns. */
export const NOT_IN_TEMPLATE = 'NotInTemplate';
export const UNRESOLVED_EXPRESSION = 'UnresolvedExpression';

export type WorkspaceFact = 'managedVirtualNetwork' | 'preventDataExfiltration' | 'publicNetworkAccess';
/** A property path inside a resource, or `name` for the resource's own name. */
export type FactPath = 'name' | readonly string[];

/** The template facts a rule reads: when one of them is unresolved, the lookup that returns it is unavailable. */
export interface RuleFacts {
  workspace?: readonly WorkspaceFact[];
  sparkPool?: readonly FactPath[];
  linkedService?: readonly FactPath[];
  /** Also the declared linked service's target (subscriptionId, resourceGroupName, mlWorkspaceName). */
  declaredLinkedServiceTarget?: boolean;
  integrationRuntime?: readonly FactPath[];
  managedPrivateEndpoint?: readonly FactPath[];
  /**
   * The rule judges each linked service and Spark pool on its own (it goes through the list): one whose facts are
   * unresolved is left out of the list and reported apart, `unknown`, naming the expression (`withheldChecks`). The
   * list fails as a whole only when none of its relevant items can be judged, or one cannot be told apart (its name is
   * unresolved). Rules that look items up by their declared name (SA016, SA100) keep the whole-list answer: a left-out
   * item would look missing to them.
   */
  perItem?: boolean;
}

/** A resource whose checks a rule's view cannot answer: a fact it reads (of it, or of its runtime) is unresolved or not in the template. */
export interface WithheldItem {
  resourceId: string;
  what: string;
  error: SnapshotError;
}

export const LS_TYPE = ['properties', 'type'] as const;
export const LS_CONNECT_VIA = ['properties', 'connectVia', 'referenceName'] as const;
export const typeProperty = (...path: string[]): readonly string[] => ['properties', 'typeProperties', ...path];
export const LS_TARGET: readonly FactPath[] = [typeProperty('subscriptionId'), typeProperty('resourceGroupName'), typeProperty('mlWorkspaceName')];

const AML_TYPE = 'azuremlservice';
const AUTO_RESOLVE = 'autoresolveintegrationruntime';

const ok = <T>(value: T): Availability<T> => ({ ok: true, value });

function str(value: Json | undefined): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** The resolved `properties.type` of a resource (lower-case), or undefined when it is not known. */
function resolvedType(r: TemplateResource): string | undefined {
  const t = r.read(LS_TYPE);
  return t.unresolved.length === 0 ? str(t.value)?.toLowerCase() : undefined;
}

export function isAmlLinkedService(r: TemplateResource): boolean {
  return resolvedType(r) === AML_TYPE;
}

/** Finds a child resource by its (resolved) name, case-insensitively. */
export function byName(list: readonly TemplateResource[], name: string | undefined): TemplateResource | undefined {
  if (name === undefined) return undefined;
  return list.find((r) => !childNameUnresolved(r) && childName(r).toLowerCase() === name.toLowerCase());
}

// ---- payloads --------------------------------------------------------------------------------------------------

/** The ARM ID a template workspace is audited under: the spec's, when matched to one, else the template's own. */
export type WorkspaceIdOf = (ws: TemplateWorkspace) => string;

/** The template's Synapse resources as the snapshot payloads Azure would return for them once deployed. */
export function templateSnapshot(model: TemplateModel, idOf: WorkspaceIdOf): Snapshot {
  const resources: RawPayload[] = [];
  const synapse: Snapshot['synapse'] = {};
  const arm: Snapshot['arm'] = {};
  for (const ws of model.workspaces) {
    const id = idOf(ws);
    const parsed = parseArmId(id);
    const key = id.toLowerCase();
    const mvnet = managedVirtualNetworkOf(ws);
    const props: Record<string, Json> = {};
    if (mvnet.known && mvnet.value) props['managedVirtualNetwork'] = 'default';
    if (ws.resource) {
      const prevent = ws.resource.read(['properties', 'managedVirtualNetworkSettings', 'preventDataExfiltration']).value;
      props['managedVirtualNetworkSettings'] = { preventDataExfiltration: prevent === true || prevent === 'true' };
      const pna = str(ws.resource.read(['properties', 'publicNetworkAccess']).value);
      if (pna !== undefined) props['publicNetworkAccess'] = pna;
    }
    resources.push({
      id,
      name: ws.name,
      type: RESOURCE_TYPES.synapseWorkspace,
      subscriptionId: parsed?.subscriptionId ?? '',
      resourceGroup: parsed?.resourceGroup ?? '',
      properties: props,
    });
    for (const pool of ws.bigDataPools) {
      const sparkVersion = str(pool.read(['properties', 'sparkVersion']).value);
      resources.push({
        id: `${id}/bigDataPools/${childName(pool)}`,
        name: childName(pool),
        type: RESOURCE_TYPES.sparkPool,
        properties: sparkVersion === undefined ? {} : { sparkVersion },
      });
    }
    synapse[key] = {
      linkedServices: ws.linkedServices.map((ls) => ({
        id: `${id}/linkedservices/${childName(ls)}`,
        name: childName(ls),
        type: 'Microsoft.Synapse/workspaces/linkedservices',
        properties: (ls.read(['properties']).value ?? {}) as RawPayload,
      })),
      managedPrivateEndpoints: ws.managedPrivateEndpoints.map((mpe) => {
        const target = str(mpe.read(['properties', 'privateLinkResourceId']).value);
        const groupId = str(mpe.read(['properties', 'groupId']).value);
        return {
          name: childName(mpe),
          type: 'Microsoft.Synapse/workspaces/managedVirtualNetworks/managedPrivateEndpoints',
          // No connectionState: approval happens after deployment (SA008 is left to the audit).
          properties: { ...(target !== undefined && { privateLinkResourceId: target }), ...(groupId !== undefined && { groupId }) },
        };
      }),
      // Synapse RBAC assignments are not deployed by templates: the view answers them as not in the template.
    };
    arm[key] = {
      integrationRuntimes: ws.integrationRuntimes.map((ir) => ({
        id: `${id}/integrationruntimes/${childName(ir)}`,
        name: childName(ir),
        properties: { type: str(ir.read(['properties', 'type']).value) ?? 'Unknown' },
      })),
    };
  }
  return { synamlSnapshot: 1, capturedAt: '', resourceGraph: { resources, authorizationresources: [] }, arm, synapse, errors: [] };
}

// ---- errors ----------------------------------------------------------------------------------------------------

function where(u: UnresolvedAt): string {
  return `${u.at.file}:${u.at.line}:${u.at.column}`;
}

/** An unresolved expression as a read error: the scope is its template location. */
export function unresolvedError(u: UnresolvedAt, what: string): SnapshotError {
  return {
    source: 'template',
    scope: where(u),
    code: UNRESOLVED_EXPRESSION,
    message: `${what}: ${u.expression} at ${where(u)} cannot be resolved: ${u.reason}`,
    ...(u.missing !== undefined && { missing: u.missing }),
  };
}

export function notInTemplateError(what: string, scope: string): SnapshotError {
  return {
    source: 'template',
    scope,
    code: NOT_IN_TEMPLATE,
    message: `${what} is not in the template`,
    missing: '`synaml audit` against the deployed estate',
  };
}

// ---- the per-rule view -------------------------------------------------------------------------------------------

/**
 * The estate one rule sees for one integration: the template's payloads, guarded by the facts the rule reads.
 * Workspaces are matched to the integration's IDs by name (case-insensitively): a template deploys into one place.
 */
export class TemplateEstate implements Estate {
  readonly origin = 'template' as const;
  readonly errors: readonly SnapshotError[] = [];
  private readonly base: Estate;

  private readonly withheld = new Map<string, WithheldItem>();

  constructor(
    private readonly model: TemplateModel,
    base: Estate,
    private readonly idOf: WorkspaceIdOf,
    private readonly facts: RuleFacts,
    private readonly integration: IntegrationSpec,
    /**
     * When the integrations come from the template itself: the AzureMLService linked services that make up this
     * integration (lower-case names). Others belong to another integration, even with an unresolved target.
     */
    private readonly ownLinkedServices?: ReadonlySet<string>,
  ) {
    this.base = base;
  }

  /**
   * The resources whose checks this view could not answer, one entry each (see `RuleFacts.perItem`): a linked service
   * or pool left out of a list, or a linked service whose integration runtime was left out. A rule's checks on them are
   * replaced by an `unknown` naming the expression.
   */
  withheldItems(): WithheldItem[] {
    return [...this.withheld.values()];
  }

  private withhold(item: WithheldItem): void {
    const key = item.resourceId.toLowerCase();
    if (!this.withheld.has(key)) this.withheld.set(key, item);
  }

  /**
   * Answers a list lookup per item: `base` without the items that have `problems`, each recorded as withheld; or the
   * first problem for the whole list when the rule does not judge per item, when every relevant item has a problem,
   * or when an item with a problem has no resolved name (it cannot be told apart from the others).
   */
  private answerPerItem<T extends { name: string }>(
    kind: string,
    relevant: readonly TemplateResource[],
    problems: ReadonlyArray<{ resource: TemplateResource; error: SnapshotError }>,
    base: () => Availability<T[]>,
    idOf: (name: string) => string,
  ): Availability<T[]> {
    if (problems.length === 0) return base();
    const whole = { ok: false as const, error: problems[0]!.error };
    if (!this.facts.perItem || problems.length >= relevant.length || problems.some((p) => childNameUnresolved(p.resource))) return whole;
    const answer = base();
    if (!answer.ok) return answer;
    const left = new Set<string>();
    for (const { resource, error } of problems) {
      const name = childName(resource);
      left.add(name.toLowerCase());
      this.withhold({ resourceId: idOf(name), what: `${kind} ${name}`, error });
    }
    return ok(answer.value.filter((item) => !left.has(item.name.toLowerCase())));
  }

  private find(id: string): TemplateWorkspace | undefined {
    return workspaceByKey(this.model, lastSegment(id).toLowerCase());
  }

  private unresolvedChild(kind: string, list: readonly TemplateResource[], paths: readonly FactPath[] | undefined, extra?: (r: TemplateResource) => readonly FactPath[]): SnapshotError | undefined {
    return this.unresolvedChildren(kind, list, paths, extra)[0]?.error;
  }

  /** Each resource of `list` with a fact the rule reads (`paths`, and `extra` for it) unresolved, with the first such fact. */
  private unresolvedChildren(
    kind: string,
    list: readonly TemplateResource[],
    paths: readonly FactPath[] | undefined,
    extra?: (r: TemplateResource) => readonly FactPath[],
  ): Array<{ resource: TemplateResource; error: SnapshotError }> {
    if (!paths) return [];
    const problems: Array<{ resource: TemplateResource; error: SnapshotError }> = [];
    for (const r of list) {
      const label = `${kind} ${childNameUnresolved(r) ? '(name not resolved)' : childName(r)}`;
      if (r.presence) {
        problems.push({ resource: r, error: unresolvedError(r.presence, label) });
        continue;
      }
      for (const path of [...paths, ...(extra?.(r) ?? [])]) {
        const u = path === 'name' ? childNameUnresolved(r) : r.read(path).unresolved[0];
        if (u) {
          problems.push({ resource: r, error: unresolvedError(u, path === 'name' ? `the name of ${kind}` : `${path.slice(1).join('.')} of ${label}`) });
          break;
        }
      }
    }
    return problems;
  }

  private unattributed(kind: TemplateResource['kind'], what: string): SnapshotError | undefined {
    const r = this.model.unattributed.find((x) => x.kind === kind);
    const u = r ? (r.segmentUnresolved.find((s) => s !== undefined) ?? r.presence) : undefined;
    return u ? unresolvedError(u, `the workspace of a ${what}`) : undefined;
  }

  private workspaceError(ws: TemplateWorkspace): SnapshotError | undefined {
    for (const fact of this.facts.workspace ?? []) {
      if (fact === 'managedVirtualNetwork') {
        const m = managedVirtualNetworkOf(ws);
        if (!m.known) return notInTemplateError(`Whether Synapse workspace ${ws.name} has a managed virtual network (the template deploys neither the workspace resource nor anything in its managed virtual network)`, ws.id);
        if (m.unresolved) return unresolvedError(m.unresolved, `managedVirtualNetwork of Synapse workspace ${ws.name}`);
        continue;
      }
      if (!ws.resource) {
        return notInTemplateError(`The ${fact} setting of Synapse workspace ${ws.name} (the template does not deploy the workspace resource, Microsoft.Synapse/workspaces)`, ws.id);
      }
      if (ws.resource.presence) return unresolvedError(ws.resource.presence, `Synapse workspace ${ws.name}`);
      const path = fact === 'preventDataExfiltration' ? ['properties', 'managedVirtualNetworkSettings', 'preventDataExfiltration'] : ['properties', fact];
      const u = ws.resource.read(path).unresolved[0];
      if (u) return unresolvedError(u, `${fact} of Synapse workspace ${ws.name}`);
    }
    return undefined;
  }

  synapseWorkspace(id: string) {
    const ws = this.find(id);
    if (!ws) return ok(undefined);
    const error = this.workspaceError(ws);
    return error ? { ok: false as const, error } : this.base.synapseWorkspace(this.idOf(ws));
  }

  sparkPools(workspaceId: string): Availability<SparkPool[]> {
    const ws = this.find(workspaceId);
    if (!ws) return ok([]);
    const error = this.facts.sparkPool && this.unattributed('bigDataPool', 'Spark pool');
    if (error) return { ok: false, error };
    const id = this.idOf(ws);
    const problems = this.unresolvedChildren('Spark pool', ws.bigDataPools, this.facts.sparkPool);
    return this.answerPerItem('Spark pool', ws.bigDataPools, problems, () => this.base.sparkPools(id), (name) => `${id}/bigDataPools/${name}`);
  }

  /**
   * The linked services the integration's rules look at: the declared one, AzureMLService ones that point at its AML
   * workspace (or whose target is not known), and any whose type or name is not known.
   */
  private relevantLinkedServices(ws: TemplateWorkspace): TemplateResource[] {
    const declared = this.integration.linkedService?.name.toLowerCase();
    const own = this.ownLinkedServices;
    return ws.linkedServices.filter((ls) => {
      const type = resolvedType(ls);
      if (type === undefined || childNameUnresolved(ls) !== undefined || childName(ls).toLowerCase() === declared) return true;
      if (type !== AML_TYPE) return false;
      if (own) return own.has(childName(ls).toLowerCase());
      const parts = LS_TARGET.map((path) => ls.read(path as readonly string[]));
      if (parts.some((p) => p.unresolved.length > 0)) return true;
      const [sub, rg, name] = parts.map((p) => str(p.value) ?? '');
      return sameId(`/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.MachineLearningServices/workspaces/${name}`, this.integration.machineLearning.workspaceId);
    });
  }

  synapseLinkedServices(synapseWorkspaceId: string) {
    const ws = this.find(synapseWorkspaceId);
    if (!ws) return ok([]);
    const declared = this.integration.linkedService?.name.toLowerCase();
    // Whether an undeclared linked service belongs to the integration depends on where it points: that matters to the
    // rules that go through the integration's linked services (perItem), not to those that look up the declared one.
    const target = (ls: TemplateResource): readonly FactPath[] =>
      childName(ls).toLowerCase() === declared ? (this.facts.declaredLinkedServiceTarget ? LS_TARGET : []) : this.facts.perItem ? LS_TARGET : [];
    const error = this.facts.linkedService && this.unattributed('linkedService', 'linked service');
    if (error) return { ok: false as const, error };
    const id = this.idOf(ws);
    // A rule that looks up the declared linked service by name reads only that one (or one whose name is not known).
    const all = this.relevantLinkedServices(ws);
    const relevant = this.facts.perItem ? all : all.filter((ls) => childNameUnresolved(ls) !== undefined || childName(ls).toLowerCase() === declared);
    const problems = this.unresolvedChildren('linked service', relevant, this.facts.linkedService, target);
    return this.answerPerItem('linked service', relevant, problems, () => this.base.synapseLinkedServices(id), (name) => `${id}/linkedservices/${name}`);
  }

  integrationRuntimes(synapseWorkspaceId: string) {
    const ws = this.find(synapseWorkspaceId);
    if (!ws) return ok([]);
    const id = this.idOf(ws);
    // Each runtime named by a linked service (or the spec), with the resources whose checks depend on it.
    const referenced = new Map<string, { why: string; users: string[] }>();
    for (const ls of this.relevantLinkedServices(ws)) {
      const via = str(ls.read(LS_CONNECT_VIA).value);
      if (via === undefined || ls.read(LS_CONNECT_VIA).unresolved.length > 0) continue;
      const entry = referenced.get(via.toLowerCase()) ?? { why: `connectVia of linked service ${childName(ls)}`, users: [] };
      entry.users.push(`${id}/linkedservices/${childName(ls)}`);
      referenced.set(via.toLowerCase(), entry);
    }
    const declared = this.integration.linkedService?.integrationRuntime;
    if (declared !== undefined) {
      const entry = referenced.get(declared.toLowerCase()) ?? { why: 'the integration runtime the spec declares', users: [] };
      entry.users.push(`${id.replace(/\/+$/, '')}/integrationruntimes/${declared}`);
      referenced.set(declared.toLowerCase(), entry);
    }
    const unnamed = ws.integrationRuntimes.filter((ir) => childNameUnresolved(ir) !== undefined);
    const relevant = [...unnamed];
    const missing: Array<{ name: string; why: string; users: string[] }> = [];
    for (const [name, entry] of referenced) {
      if (name === AUTO_RESOLVE) continue;
      const ir = byName(ws.integrationRuntimes, name);
      if (ir) relevant.push(ir);
      else if (unnamed.length === 0) missing.push({ name, ...entry });
    }
    const unattributed = this.facts.integrationRuntime && this.unattributed('integrationRuntime', 'integration runtime');
    if (unattributed) return { ok: false as const, error: unattributed };
    const problems = [
      ...missing.map((m) => ({ name: m.name, users: m.users, error: notInTemplateError(`Integration runtime ${m.name} (${m.why})`, ws.id) })),
      ...this.unresolvedChildren('integration runtime', relevant, this.facts.integrationRuntime).map((p) => ({
        name: childNameUnresolved(p.resource) ? undefined : childName(p.resource),
        users: referenced.get(childName(p.resource).toLowerCase())?.users ?? [],
        error: p.error,
      })),
    ];
    if (problems.length === 0) return this.base.integrationRuntimes(id);
    // A runtime is judged for the linked services that connect through it only: the others keep their verdicts.
    if (!this.facts.perItem || problems.some((p) => p.name === undefined)) return { ok: false as const, error: problems[0]!.error };
    const answer = this.base.integrationRuntimes(id);
    if (!answer.ok) return answer;
    const left = new Set<string>();
    for (const p of problems) {
      left.add(p.name!.toLowerCase());
      for (const user of p.users) this.withhold({ resourceId: user, what: `integration runtime ${p.name!}`, error: p.error });
    }
    return ok(answer.value.filter((ir) => !left.has(ir.name.toLowerCase())));
  }

  managedPrivateEndpoints(synapseWorkspaceId: string) {
    const ws = this.find(synapseWorkspaceId);
    if (!ws) return ok([]);
    const error = (this.facts.managedPrivateEndpoint && this.unattributed('managedPrivateEndpoint', 'managed private endpoint')) ?? this.unresolvedChild('managed private endpoint', ws.managedPrivateEndpoints, this.facts.managedPrivateEndpoint);
    return error ? { ok: false as const, error } : this.base.managedPrivateEndpoints(this.idOf(ws));
  }

  // ---- what a template does not deploy or cannot know ----

  amlWorkspace(id: string) {
    return { ok: false as const, error: notInTemplateError(`AML workspace ${lastSegment(id)}`, id) };
  }

  privateLinkTarget(id: string) {
    return { ok: false as const, error: notInTemplateError(`Resource ${lastSegment(id)}`, id) };
  }

  storageAccountByName(name: string) {
    return { ok: false as const, error: notInTemplateError(`Storage account ${name}`, name) };
  }

  privateEndpointsTo(targetId: string): Availability<PrivateEndpoint[]> {
    return { ok: false, error: notInTemplateError(`The private endpoints to ${lastSegment(targetId)}`, targetId) };
  }

  synapseRoleAssignments(synapseWorkspaceId: string) {
    return { ok: false as const, error: notInTemplateError(`The Synapse RBAC role assignments of workspace ${lastSegment(synapseWorkspaceId)}`, synapseWorkspaceId) };
  }

  amlLinkedServices(amlWorkspaceId: string) {
    return { ok: false as const, error: notInTemplateError(`The AML-side linked services of AML workspace ${lastSegment(amlWorkspaceId)}`, amlWorkspaceId) };
  }

  /**
   * The template's computes of type SynapseSpark on this AML workspace (matched by name, as workspaces are), pointing
   * at the pool's ID under the workspace's audited ID when the pool's workspace is one the template deploys to. A
   * template that deploys no compute to the AML workspace cannot say which pools are attached: not in the template.
   */
  attachedSparkPools(amlWorkspaceId: string): Availability<AttachedSparkPool[]> {
    const name = lastSegment(amlWorkspaceId).toLowerCase();
    const computes = this.model.amlComputes.filter((c) => c.names[0]?.toLowerCase() === name);
    if (computes.length === 0) return { ok: false, error: notInTemplateError(`The attached Spark pools of AML workspace ${lastSegment(amlWorkspaceId)} (the template deploys no Microsoft.MachineLearningServices/workspaces/computes to it)`, amlWorkspaceId) };
    const out: AttachedSparkPool[] = [];
    for (const c of computes) {
      const label = `compute ${childNameUnresolved(c) ? '(name not resolved)' : childName(c)}`;
      if (c.presence) return { ok: false, error: unresolvedError(c.presence, label) };
      for (const path of ['name', ['properties', 'computeType'], ['identity']] as const) {
        const u = path === 'name' ? childNameUnresolved(c) : c.read(path).unresolved[0];
        if (u) return { ok: false, error: unresolvedError(u, path === 'name' ? `the name of ${label}` : `${path.join('.')} of ${label}`) };
      }
      // The pool's ID: only its workspace and pool names matter (it is audited under the workspace's ID), so a
      // `resourceId()` whose subscription or resource group is left to the deployment still names the pool.
      const poolRef = c.read(['properties', 'resourceId']);
      const poolId = poolRef.unresolved.length === 0 ? str(poolRef.value) : poolRef.partial;
      const poolNames = poolId ? parseArmId(poolId)?.names : undefined;
      if (poolRef.unresolved[0] && (!poolNames || poolNames.length < 2 || poolNames.slice(0, 2).some((n) => n.includes('{')))) {
        return { ok: false, error: unresolvedError(poolRef.unresolved[0], `properties.resourceId of ${label}`) };
      }
      const properties = { ...((c.read(['properties']).value ?? {}) as Record<string, Json>), ...(poolId !== undefined && { resourceId: poolId }) };
      const body = { id: `${amlWorkspaceId}/computes/${childName(c)}`, name: childName(c), identity: c.read(['identity']).value ?? null, properties };
      const pool = toAttachedSparkPool(body, amlWorkspaceId.toLowerCase());
      if (!pool) continue;
      const parsed = pool.poolResourceId ? parseArmId(pool.poolResourceId) : undefined;
      const ws = parsed?.names[0] ? this.model.workspaces.find((w) => w.key === parsed.names[0]!.toLowerCase()) : undefined;
      if (ws && parsed?.names[1]) pool.poolResourceId = `${this.idOf(ws)}/bigDataPools/${parsed.names[1]}`;
      out.push(pool);
    }
    return ok(out);
  }

  roleAssignmentsCovering(resourceId: string): Availability<RoleAssignment[]> {
    return { ok: false, error: notInTemplateError(`The role assignments on ${lastSegment(resourceId)}`, resourceId) };
  }

  roleDefinition(): undefined {
    return undefined;
  }

  allSynapseWorkspaces() {
    return this.base.allSynapseWorkspaces();
  }
}

/** Normalises the template's payloads once; each rule then gets its own guarded view. */
export function templateBaseEstate(model: TemplateModel, idOf: WorkspaceIdOf): Estate {
  return normaliseSnapshot(templateSnapshot(model, idOf));
}
