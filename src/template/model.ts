// The Synapse side of a deployment template: which workspaces it deploys to, and their linked services,
// integration runtimes, Spark pools and managed private endpoints, each with its node in the file. Handles the
// shapes Azure tooling produces: Synapse Studio's TemplateForWorkspace.json (child resources named
// `[concat(parameters('workspaceName'), '/<name>')]`, no workspace resource), hand-written ARM templates (nested child
// `resources`, `condition`), and Bicep output (`format()` names, `languageVersion: 2.0` symbolic resources, `existing`
// references, modules as nested deployments with inner-scoped parameters). Values are evaluated lazily, per property.
import { getNodeValue } from 'jsonc-parser';
import { InputFileError } from '../errors.js';
import { setOwn } from '../own-property.js';
import type { SourcePosition } from '../spec/types.js';
import { entries, items, property, stringValue, type JsonDocument, type Node } from './document.js';
import {
  evaluateTemplateString,
  isExpressionString,
  type DeploymentContext,
  type EvaluationScope,
  type Evaluated,
  type Json,
  type Unresolved,
} from './expressions.js';

/** An unresolved value and where in the template its expression is. */
export interface UnresolvedAt extends Unresolved {
  at: SourcePosition;
}

/** A property read from a resource: its value (unresolved leaves keep their expression text), and what failed. */
export interface Resolution {
  value: Json | undefined;
  unresolved: UnresolvedAt[];
  /** The node holding the value (or the deepest existing ancestor when `found` is false). */
  at: SourcePosition;
  found: boolean;
  /** An unresolved string's rendering with each unresolved piece written `{expression}`, when the evaluator has one. */
  partial?: string;
}

export type SynapseKind = 'workspace' | 'linkedService' | 'integrationRuntime' | 'bigDataPool' | 'managedVirtualNetwork' | 'managedPrivateEndpoint' | 'amlCompute';

/** The Synapse kind of an ARM resource type (lower-case); shared by the readers of ARM-shaped input. */
export const KIND_BY_TYPE: Readonly<Record<string, SynapseKind>> = {
  'microsoft.synapse/workspaces': 'workspace',
  'microsoft.synapse/workspaces/linkedservices': 'linkedService',
  'microsoft.synapse/workspaces/integrationruntimes': 'integrationRuntime',
  'microsoft.synapse/workspaces/bigdatapools': 'bigDataPool',
  'microsoft.synapse/workspaces/managedvirtualnetworks': 'managedVirtualNetwork',
  'microsoft.synapse/workspaces/managedvirtualnetworks/managedprivateendpoints': 'managedPrivateEndpoint',
  // An AML compute (an attached Synapse Spark pool when its computeType is SynapseSpark): kept in `amlComputes`.
  'microsoft.machinelearningservices/workspaces/computes': 'amlCompute',
};

const DEPLOYMENTS = 'microsoft.resources/deployments';

export interface TemplateResource {
  kind: SynapseKind;
  /** Full type as written (or composed for a nested child), e.g. `Microsoft.Synapse/workspaces/linkedServices`. */
  type: string;
  /** Where the resource comes from, in the input's own terms (a Terraform address); named in findings' messages. */
  source?: string;
  /** Where the input's own source declares the resource (a `.tf` resource block), when known: a related location. */
  declaredAt?: SourcePosition;
  /** Name segments along the type chain (workspace first); unresolved parts are written `{expression}`. */
  names: string[];
  /** Per segment: why it could not be resolved. */
  segmentUnresolved: Array<UnresolvedAt | undefined>;
  /** Set when whether the resource is deployed at all is not known (an unresolved `condition`, a `copy` loop). */
  presence?: UnresolvedAt;
  context: DeploymentContext;
  /** The resource object, and its `name` value. */
  at: SourcePosition;
  nameAt: SourcePosition;
  /** Reads a property (`['properties', 'sparkVersion']`), evaluating expressions on the way. */
  read(path: ReadonlyArray<string | number>): Resolution;
  /** The position of the node at `path`, or undefined when the template does not write it. */
  locate(path: ReadonlyArray<string | number>): SourcePosition | undefined;
}

export interface TemplateWorkspace {
  /** Lower-case name: the key workspaces are matched by. */
  key: string;
  name: string;
  /** Why the name is not known, when it is not. */
  nameUnresolved?: UnresolvedAt;
  /** The `Microsoft.Synapse/workspaces` resource, when the template deploys the workspace itself. */
  resource?: TemplateResource;
  linkedServices: TemplateResource[];
  integrationRuntimes: TemplateResource[];
  bigDataPools: TemplateResource[];
  managedVirtualNetworks: TemplateResource[];
  managedPrivateEndpoints: TemplateResource[];
  context: DeploymentContext;
  /** ARM ID; the subscription and resource group are `{subscription().subscriptionId}` / `{resourceGroup().name}` when not known. */
  id: string;
  /** Where findings about the workspace as a whole point: the workspace resource's name, else its first child's. */
  anchor: SourcePosition;
}

export interface TemplateNote {
  at: SourcePosition;
  message: string;
  code: string;
}

/** The input kinds check-template reads; each has its reader (src/template/<kind>/ or model.ts for ARM). */
export type InputKind = 'arm' | 'bicep' | 'terraform' | 'synapse-git';

/**
 * A role assignment the input creates (a Terraform `azurerm_role_assignment` or `azurerm_synapse_role_assignment`).
 * Plan + live adds it to the deployed estate's; a part known only after apply leaves `unresolved` set.
 */
export interface PlannedGrant {
  plane: 'azure' | 'synapse';
  /** The input's name for it (a resource address). */
  source: string;
  /** Azure: the scope's ARM ID. Synapse: the workspace name (lower-case). */
  scope?: string;
  roleGuid?: string;
  principalId?: string;
  principalType?: string;
  unresolved?: UnresolvedAt;
}

/**
 * An AML workspace the input creates or updates (a Terraform `azurerm_machine_learning_workspace`). Plan + live lays
 * its settings over the deployed workspace of the same name; a setting known only after apply leaves `unresolved` set.
 */
export interface PlannedAmlWorkspace {
  /** The input's name for it (a resource address). */
  source: string;
  name: string;
  resourceGroup?: string;
  /** `Enabled` or `Disabled`, when the input sets it. */
  publicNetworkAccess?: string;
  storageAccount?: string;
  keyVault?: string;
  containerRegistry?: string;
  unresolved?: UnresolvedAt;
}

/**
 * A private endpoint the input creates (a Terraform `azurerm_private_endpoint`): its connection to the target and the
 * state the connection will have (`Approved` when automatic, `Pending` when it waits for the target owner's approval).
 */
export interface PlannedPrivateEndpoint {
  source: string;
  /** The endpoint's ARM ID (`{subscription}` where the input leaves it to the deployment). */
  id: string;
  /** The target's ARM ID (`private_connection_resource_id`). */
  targetId?: string;
  groupIds: string[];
  status: 'Approved' | 'Pending';
  unresolved?: UnresolvedAt;
}

export interface TemplateModel {
  /** Role assignments the input creates (Terraform). */
  grants?: PlannedGrant[];
  /** AML workspaces the input creates or updates (Terraform). */
  amlWorkspaces?: PlannedAmlWorkspace[];
  /** Private endpoints the input creates (Terraform). */
  privateEndpoints?: PlannedPrivateEndpoint[];
  kind: InputKind;
  /** The input as given (a file, or the Synapse Git folder). */
  file: string;
  /** Where findings about the input as a whole point. */
  anchor: SourcePosition;
  workspaces: TemplateWorkspace[];
  /**
   * AML computes (`Microsoft.MachineLearningServices/workspaces/computes`, names: AML workspace, compute). Generic on
   * purpose: any template format that deploys an attached Synapse Spark pool maps onto a compute resource here.
   */
  amlComputes: TemplateResource[];
  /** Synapse child resources whose workspace could not be told (their name did not resolve into segments). */
  unattributed: TemplateResource[];
  notes: TemplateNote[];
}

export interface ParametersInput {
  doc: JsonDocument;
}

// ---- scopes ----------------------------------------------------------------------------------------------------

type Thunk = () => Evaluated;

function toEvaluated(r: { value: Json | undefined; unresolved: UnresolvedAt[] }): Evaluated {
  const first = r.unresolved[0];
  if (first) {
    const { at: _at, ...unresolved } = first;
    void _at;
    return { ok: false, unresolved };
  }
  return { ok: true, value: r.value === undefined ? null : r.value };
}

/** Parameters and variables of one template (the root, or a nested deployment with inner scope). */
class TemplateScope implements EvaluationScope {
  private readonly params = new Map<string, Evaluated>();
  private readonly vars = new Map<string, Evaluated>();
  private readonly busy = new Set<string>();

  constructor(
    private readonly doc: JsonDocument,
    private readonly declared: ReadonlyMap<string, { name: string; node: Node }>,
    private readonly given: ReadonlyMap<string, Thunk>,
    private readonly variables: ReadonlyMap<string, { name: string; node?: Node }>,
    readonly context: DeploymentContext,
  ) {}

  private guarded(key: string, cache: Map<string, Evaluated>, compute: () => Evaluated, name: string): Evaluated {
    const hit = cache.get(key);
    if (hit) return hit;
    if (this.busy.has(key)) return { ok: false, unresolved: { expression: '', reason: `${name} refers to itself` } };
    this.busy.add(key);
    try {
      const value = compute();
      cache.set(key, value);
      return value;
    } finally {
      this.busy.delete(key);
    }
  }

  /** The same parameters and variables, seen from a nested deployment into another resource group or subscription. */
  withContext(context: DeploymentContext): TemplateScope {
    return new TemplateScope(this.doc, this.declared, this.given, this.variables, context);
  }

  parameter(name: string): Evaluated | undefined {
    const key = name.toLowerCase();
    const decl = this.declared.get(key);
    const given = this.given.get(key);
    if (!decl && !given) return undefined;
    return this.guarded(`p:${key}`, this.params, () => {
      if (given) return given();
      const fallback = property(decl!.node, 'defaultValue');
      if (fallback) return toEvaluated(resolveNode(fallback, this, this.doc));
      return {
        ok: false,
        unresolved: {
          expression: '',
          reason: `parameter "${decl!.name}" has no value: no parameters file gives it (--parameters) and the template has no defaultValue`,
          missing: `a value for parameter "${decl!.name}" (--parameters)`,
        },
      };
    }, `parameter "${name}"`);
  }

  variable(name: string): Evaluated | undefined {
    const key = name.toLowerCase();
    const v = this.variables.get(key);
    if (!v) return undefined;
    return this.guarded(`v:${key}`, this.vars, () => {
      if (!v.node) return { ok: false, unresolved: { expression: '', reason: `variable "${v.name}" is built by a copy loop, which synaml does not expand` } };
      return toEvaluated(resolveNode(v.node, this, this.doc));
    }, `variable "${name}"`);
  }
}

function declaredParameters(template: Node): Map<string, { name: string; node: Node }> {
  return new Map(entries(property(template, 'parameters')).map(([name, node]) => [name.toLowerCase(), { name, node }]));
}

function declaredVariables(template: Node): Map<string, { name: string; node?: Node }> {
  const out = new Map<string, { name: string; node?: Node }>();
  for (const [name, node] of entries(property(template, 'variables'))) {
    if (name.toLowerCase() === 'copy') {
      for (const item of items(node)) {
        const copyName = stringValue(property(item, 'name'));
        if (copyName) out.set(copyName.toLowerCase(), { name: copyName });
      }
    } else out.set(name.toLowerCase(), { name, node });
  }
  return out;
}

// ---- values ----------------------------------------------------------------------------------------------------

/** Evaluates every expression in a node (deeply); unresolved strings keep their raw text in `value`. */
function resolveNode(node: Node, scope: EvaluationScope, doc: JsonDocument): { value: Json; unresolved: UnresolvedAt[]; partial?: string } {
  switch (node.type) {
    case 'string': {
      const text = node.value as string;
      if (!isExpressionString(text)) return { value: text.startsWith('[[') ? text.slice(1) : text, unresolved: [] };
      const r = evaluateTemplateString(text, scope);
      if (r.ok) return { value: r.value, unresolved: [] };
      return { value: text, unresolved: [{ ...r.unresolved, at: doc.position(node.offset) }], ...(r.partial !== undefined && { partial: r.partial }) };
    }
    case 'object': {
      const value: { [key: string]: Json } = {};
      const unresolved: UnresolvedAt[] = [];
      for (const [key, child] of entries(node)) {
        const r = resolveNode(child, scope, doc);
        setOwn(value, key, r.value);
        unresolved.push(...r.unresolved);
      }
      return { value, unresolved };
    }
    case 'array': {
      const value: Json[] = [];
      const unresolved: UnresolvedAt[] = [];
      for (const child of items(node)) {
        const r = resolveNode(child, scope, doc);
        value.push(r.value);
        unresolved.push(...r.unresolved);
      }
      return { value, unresolved };
    }
    default:
      return { value: getNodeValue(node) as Json, unresolved: [] };
  }
}

/** Indexes a JSON value by key (case-insensitively, as ARM property names compare) or array position. */
export function indexJson(value: Json | undefined, key: string | number): Json | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return typeof key === 'number' ? value[key] : undefined;
  if (typeof value === 'object') {
    const k = Object.keys(value).find((x) => x === String(key)) ?? Object.keys(value).find((x) => x.toLowerCase() === String(key).toLowerCase());
    return k === undefined ? undefined : value[k];
  }
  return undefined;
}

function readAt(start: Node, path: ReadonlyArray<string | number>, scope: EvaluationScope, doc: JsonDocument): Resolution {
  let node = start;
  let i = 0;
  for (; i < path.length; i++) {
    if (node.type === 'string' && isExpressionString(node.value as string)) break;
    const seg = path[i]!;
    const next = typeof seg === 'number' ? items(node)[seg] : property(node, seg);
    if (!next) return { value: undefined, unresolved: [], at: doc.position(node.offset), found: false };
    node = next;
  }
  const resolved = resolveNode(node, scope, doc);
  const at = doc.position(node.offset);
  if (resolved.unresolved.length > 0 && i < path.length) return { value: undefined, unresolved: resolved.unresolved, at, found: true };
  let value: Json | undefined = resolved.value;
  for (; i < path.length && value !== undefined; i++) value = indexJson(value, path[i]!);
  // ARM treats a null property as absent (`if(cond, 'default', null())`).
  if (value === null) value = undefined;
  return { value, unresolved: resolved.unresolved, at, found: value !== undefined || resolved.unresolved.length > 0, ...(resolved.partial !== undefined && i === path.length && { partial: resolved.partial }) };
}

function locateAt(start: Node, path: ReadonlyArray<string | number>, doc: JsonDocument): SourcePosition | undefined {
  let node: Node | undefined = start;
  for (const seg of path) {
    node = typeof seg === 'number' ? items(node)[seg] : property(node, seg);
    if (!node) return undefined;
  }
  return doc.position(node.offset);
}

// ---- resources -------------------------------------------------------------------------------------------------

interface Frame {
  doc: JsonDocument;
  scope: TemplateScope;
  context: DeploymentContext;
  presence?: UnresolvedAt;
}

interface Parent {
  type: string;
  names: string[];
  segmentUnresolved: Array<UnresolvedAt | undefined>;
}

function evaluateString(node: Node | undefined, frame: Frame): { text?: string; partial?: string; unresolved?: UnresolvedAt } {
  if (!node) return {};
  if (node.type !== 'string') return { text: String(getNodeValue(node)) };
  const r = evaluateTemplateString(node.value as string, frame.scope);
  if (r.ok) return { text: typeof r.value === 'string' ? r.value : JSON.stringify(r.value) };
  return { partial: r.partial, unresolved: { ...r.unresolved, at: frame.doc.position(node.offset) } };
}

class Collector {
  readonly resources: TemplateResource[] = [];
  readonly notes: TemplateNote[] = [];

  walk(list: Node | undefined, frame: Frame, parent?: Parent): void {
    // languageVersion 2.0 (Bicep) writes resources as an object keyed by symbolic name.
    const nodes = list?.type === 'object' ? entries(list).map(([, n]) => n) : items(list);
    for (const node of nodes) this.resource(node, frame, parent);
  }

  private resource(node: Node, outer: Frame, parent?: Parent): void {
    if (node.type !== 'object') return;
    const doc = outer.doc;
    if (property(node, 'existing')?.value === true) return;
    let frame = outer;
    const condition = property(node, 'condition');
    if (condition) {
      const c = condition.type === 'string' ? evaluateTemplateString(condition.value as string, frame.scope) : { ok: true as const, value: getNodeValue(condition) as Json };
      if (c.ok && c.value === false) return;
      if (!c.ok) frame = { ...frame, presence: frame.presence ?? { ...c.unresolved, reason: `whether this resource is deployed depends on its condition: ${c.unresolved.reason}`, at: doc.position(condition.offset) } };
    }
    const copy = property(node, 'copy');
    if (copy && !frame.presence) {
      frame = { ...frame, presence: { expression: 'copy', reason: 'the resource is deployed by a copy loop, which synaml does not expand', at: doc.position(copy.offset) } };
    }
    const typeText = evaluateString(property(node, 'type'), frame).text;
    if (!typeText) return;
    const nested = parent !== undefined && !typeText.split('/')[0]!.includes('.');
    const type = nested ? `${parent.type}/${typeText}` : typeText;
    const nameNode = property(node, 'name');
    const name = evaluateString(nameNode, frame);
    const nameText = name.text ?? name.partial ?? `{${name.unresolved?.expression ?? 'name'}}`;
    const own = nameText.split('/');
    // With a partial name, only the segments holding a `{placeholder}` are unresolved.
    const ownUnresolved = own.map((segment) => (name.unresolved && (name.partial === undefined || segment.includes('{')) ? name.unresolved : undefined));
    const names = nested ? [...parent.names, ...own] : own;
    const segmentUnresolved = nested ? [...parent.segmentUnresolved, ...ownUnresolved] : ownUnresolved;
    const lower = type.toLowerCase();

    if (lower === DEPLOYMENTS) this.deployment(node, frame);
    const kind = KIND_BY_TYPE[lower];
    if (kind) {
      const scope = frame.scope;
      this.resources.push({
        kind,
        type,
        names,
        segmentUnresolved,
        ...(frame.presence && { presence: frame.presence }),
        context: frame.context,
        at: doc.position(node.offset),
        nameAt: doc.position((nameNode ?? node).offset),
        read: (path) => readAt(node, path, scope, doc),
        locate: (path) => locateAt(node, path, doc),
      });
    }
    const children = property(node, 'resources');
    if (children) this.walk(children, frame, { type, names, segmentUnresolved });
  }

  /** A nested deployment: an inline template is walked with its own scope; a linked one cannot be read. */
  private deployment(node: Node, frame: Frame): void {
    const props = property(node, 'properties');
    const template = property(props, 'template');
    const doc = frame.doc;
    if (!template) {
      const link = property(props, 'templateLink');
      if (link) this.notes.push({ at: doc.position(link.offset), code: 'linked-template', message: 'a linked template (templateLink) is not read: check it with its own `synaml check-template` run' });
      return;
    }
    const context: DeploymentContext = { ...frame.context };
    const rg = evaluateString(property(node, 'resourceGroup'), frame);
    const sub = evaluateString(property(node, 'subscriptionId'), frame);
    if (property(node, 'resourceGroup')) {
      if (rg.text !== undefined) context.resourceGroup = rg.text;
      else delete context.resourceGroup;
    }
    if (property(node, 'subscriptionId')) {
      if (sub.text !== undefined) context.subscriptionId = sub.text;
      else delete context.subscriptionId;
    }
    const inner = stringValue(property(property(props, 'expressionEvaluationOptions'), 'scope'))?.toLowerCase() === 'inner';
    if (!inner) {
      this.walk(property(template, 'resources'), { ...frame, context, scope: frame.scope.withContext(context) });
      return;
    }
    const given = new Map<string, Thunk>();
    for (const [name, value] of entries(property(props, 'parameters'))) {
      const v = property(value, 'value');
      const outerScope = frame.scope;
      if (v) given.set(name.toLowerCase(), () => toEvaluated(resolveNode(v, outerScope, doc)));
      else if (property(value, 'reference')) given.set(name.toLowerCase(), () => ({ ok: false, unresolved: { expression: '', reason: `parameter "${name}" is a Key Vault reference: synaml does not read secrets` } }));
    }
    const scope = new TemplateScope(doc, declaredParameters(template), given, declaredVariables(template), context);
    this.walk(property(template, 'resources'), { doc, scope, context, ...(frame.presence && { presence: frame.presence }) });
  }
}

// ---- the model -------------------------------------------------------------------------------------------------

function isTemplate(root: Node): boolean {
  const resources = property(root, 'resources');
  return resources?.type === 'array' || resources?.type === 'object';
}

/** Checks that a parsed file is a deployment template; throws a located InputFileError otherwise. */
export function assertTemplate(doc: JsonDocument): void {
  const schema = stringValue(property(doc.root, '$schema')) ?? '';
  if (/deploymentParameters\.json/i.test(schema)) {
    throw new InputFileError('this is a parameters file (deploymentParameters.json), not a template: give the template first and this file with --parameters', doc.position(doc.root.offset));
  }
  if (doc.root.type !== 'object' || !isTemplate(doc.root)) {
    throw new InputFileError('not an ARM deployment template: a template is a JSON object with "resources" (an array, or an object in languageVersion 2.0)', doc.position(doc.root.offset));
  }
}

/** Reads a parameters file's values: `{ "parameters": { "<name>": { "value": ... } } }` (deploymentParameters.json). */
export function parametersOf(doc: JsonDocument): Map<string, { name: string; value?: Json; reference?: boolean; at: SourcePosition }> {
  const params = property(doc.root, 'parameters');
  if (doc.root.type !== 'object' || params?.type !== 'object') {
    throw new InputFileError('not a parameters file: expected a JSON object with "parameters": { "<name>": { "value": ... } }', doc.position(doc.root.offset));
  }
  const out = new Map<string, { name: string; value?: Json; reference?: boolean; at: SourcePosition }>();
  for (const [name, node] of entries(params)) {
    const value = property(node, 'value');
    if (node.type !== 'object' || (!value && !property(node, 'reference'))) {
      throw new InputFileError(`parameter "${name}" must be an object with "value" (or a Key Vault "reference")`, doc.position(node.offset));
    }
    out.set(name.toLowerCase(), { name, ...(value ? { value: getNodeValue(value) as Json } : { reference: true }), at: doc.position(node.offset) });
  }
  return out;
}

function workspaceId(name: string, context: DeploymentContext): string {
  return `/subscriptions/${context.subscriptionId ?? '{subscription().subscriptionId}'}/resourceGroups/${context.resourceGroup ?? '{resourceGroup().name}'}/providers/Microsoft.Synapse/workspaces/${name}`;
}

const DEPTH: Readonly<Record<SynapseKind, number>> = {
  workspace: 1,
  linkedService: 2,
  integrationRuntime: 2,
  bigDataPool: 2,
  managedVirtualNetwork: 2,
  managedPrivateEndpoint: 3,
  amlCompute: 2,
};

/**
 * Builds the model of a template. `parameters` is the parameters file, if any (its values win over defaultValue);
 * `context` holds the deployment's subscription and resource group when the caller knows them.
 */
export function buildTemplateModel(doc: JsonDocument, parameters: JsonDocument | undefined, context: DeploymentContext): TemplateModel {
  assertTemplate(doc);
  const declared = declaredParameters(doc.root);
  const given = new Map<string, Thunk>();
  const notes: TemplateNote[] = [];
  if (parameters) {
    for (const [key, p] of parametersOf(parameters)) {
      if (!declared.has(key)) {
        notes.push({ at: p.at, code: 'unknown-parameter', message: `the parameters file gives "${p.name}", which the template does not declare (Azure would reject the deployment)` });
        continue;
      }
      given.set(key, () =>
        p.reference
          ? { ok: false, unresolved: { expression: '', reason: `parameter "${p.name}" is a Key Vault reference in ${parameters.file}: synaml does not read secrets` } }
          : { ok: true, value: p.value ?? null },
      );
    }
  }
  const scope = new TemplateScope(doc, declared, given, declaredVariables(doc.root), context);
  const collector = new Collector();
  collector.walk(property(doc.root, 'resources'), { doc, scope, context });
  notes.push(...collector.notes);

  const { workspaces, amlComputes, unattributed } = groupByWorkspace(collector.resources);
  return { kind: 'arm', file: doc.file, anchor: doc.position(doc.root.offset), workspaces, amlComputes, unattributed, notes };
}

/**
 * Groups a reader's Synapse resources by the workspace their first name segment names. Resources whose name does not
 * have the depth of their kind (the workspace could not be told) are `unattributed`. Shared by every input reader.
 */
export function groupByWorkspace(resources: readonly TemplateResource[]): { workspaces: TemplateWorkspace[]; amlComputes: TemplateResource[]; unattributed: TemplateResource[] } {
  const byKey = new Map<string, TemplateWorkspace>();
  const unattributed: TemplateResource[] = [];
  const amlComputes: TemplateResource[] = [];
  for (const r of resources) {
    if (r.kind === 'amlCompute') {
      if (r.names.length === DEPTH[r.kind]) amlComputes.push(r);
      continue;
    }
    if (r.names.length !== DEPTH[r.kind]) {
      unattributed.push(r);
      continue;
    }
    const name = r.names[0]!;
    const key = name.toLowerCase();
    let ws = byKey.get(key);
    if (!ws) {
      ws = {
        key,
        name,
        ...(r.segmentUnresolved[0] && { nameUnresolved: r.segmentUnresolved[0] }),
        linkedServices: [],
        integrationRuntimes: [],
        bigDataPools: [],
        managedVirtualNetworks: [],
        managedPrivateEndpoints: [],
        context: r.context,
        id: workspaceId(name, r.context),
        anchor: r.nameAt,
      };
      byKey.set(key, ws);
    }
    switch (r.kind) {
      case 'workspace':
        ws.resource ??= r;
        ws.context = r.context;
        ws.id = workspaceId(name, r.context);
        ws.anchor = r.nameAt;
        break;
      case 'linkedService':
        ws.linkedServices.push(r);
        break;
      case 'integrationRuntime':
        ws.integrationRuntimes.push(r);
        break;
      case 'bigDataPool':
        ws.bigDataPools.push(r);
        break;
      case 'managedVirtualNetwork':
        ws.managedVirtualNetworks.push(r);
        break;
      case 'managedPrivateEndpoint':
        ws.managedPrivateEndpoints.push(r);
        break;
    }
  }
  return { workspaces: [...byKey.values()], amlComputes, unattributed };
}

const workspaceIndex = new WeakMap<TemplateModel, Map<string, TemplateWorkspace>>();

/**
 * The model's workspace with this key (lower-case name), through an index built on first use: estates look
 * workspaces up for every rule and integration, and a plan can hold thousands. Build it only once names are final.
 */
export function workspaceByKey(model: TemplateModel, key: string): TemplateWorkspace | undefined {
  let index = workspaceIndex.get(model);
  if (!index) {
    index = new Map();
    for (const ws of model.workspaces) if (!index.has(ws.key)) index.set(ws.key, ws);
    workspaceIndex.set(model, index);
  }
  return index.get(key);
}

/** The last name segment of a child resource (the linked service, pool, ... name). */
export function childName(r: TemplateResource): string {
  return r.names[r.names.length - 1] ?? '';
}

/** Why the child's own name is not known, when it is not. */
export function childNameUnresolved(r: TemplateResource): UnresolvedAt | undefined {
  return r.segmentUnresolved[r.segmentUnresolved.length - 1];
}

/**
 * Whether the workspace runs in a managed virtual network, as far as the template says: the workspace resource's
 * `managedVirtualNetwork` when it deploys one, else `true` when a managed virtual network, a managed private endpoint
 * or an integration runtime in it is deployed, else not known (a Synapse Studio template does not carry the setting).
 */
export function managedVirtualNetworkOf(ws: TemplateWorkspace): { known: true; value: boolean; unresolved?: UnresolvedAt } | { known: false } {
  if (ws.resource) {
    const r = ws.resource.read(['properties', 'managedVirtualNetwork']);
    const value = typeof r.value === 'string' && r.value.toLowerCase() === 'default';
    return { known: true, value, ...(r.unresolved[0] && { unresolved: r.unresolved[0] }) };
  }
  const evidence =
    ws.managedVirtualNetworks.length > 0 ||
    ws.managedPrivateEndpoints.length > 0 ||
    ws.integrationRuntimes.some((ir) => typeof ir.read(['properties', 'managedVirtualNetwork', 'referenceName']).value === 'string');
  return evidence ? { known: true, value: true } : { known: false };
}
