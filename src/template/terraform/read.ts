// The Terraform reader: the azurerm (and azapi) resources of a plan mapped onto the ARM shapes the template model
// holds, so the rules judge a plan exactly as they judge an ARM template. Attribute names follow the azurerm provider's
// documentation (hashicorp/terraform-provider-azurerm, website/docs/r/<resource>.html.markdown); `azapi_resource`
// bodies are ARM bodies already. A value known only after apply is followed through the configuration's references
// (references.ts); what stays unknown makes the reads that need it unresolved, naming the resource address and attribute.
import { stat } from 'node:fs/promises';
import { parseArmId } from '../../azure/ids.js';
import { UsageError } from '../../errors.js';
import type { SourcePosition } from '../../spec/types.js';
import { readInputText } from '../document.js';
import type { DeploymentContext, Json } from '../expressions.js';
import { resolveRole, roleGuidOf } from '../../estate/roles.js';
import { groupByWorkspace, KIND_BY_TYPE, type PlannedGrant, type SynapseKind, type TemplateModel, type TemplateNote, type TemplateResource, type UnresolvedAt } from '../model.js';
import { valueResource, type UnknownPart } from '../resource.js';
import { readPlanText, type JsonObject, type PlanFile, type PlannedResource } from './plan-file.js';
import { ConfigurationReferences, parseAddress } from './references.js';

type Path = ReadonlyArray<string | number>;

/** How one attribute of an azurerm resource lands in the ARM shape. */
interface AttributeMap {
  tf: Path;
  arm: readonly string[];
  convert?: (value: Json) => Json | undefined;
}

interface AzurermType {
  kind: SynapseKind;
  armType: string;
  attributes: readonly AttributeMap[];
  /** Properties every resource of the type has (the runtime type of an `_integration_runtime_*`). */
  fixed?: JsonObject;
}

const enabledToAccess = (value: Json): Json | undefined => (value === true ? 'Enabled' : value === false ? 'Disabled' : undefined);

/** The azurerm resources check-template reads, and where each documented attribute goes in the ARM resource. */
const AZURERM: Readonly<Record<string, AzurermType>> = {
  // website/docs/r/synapse_workspace.html.markdown
  azurerm_synapse_workspace: {
    kind: 'workspace',
    armType: 'Microsoft.Synapse/workspaces',
    attributes: [
      { tf: ['managed_virtual_network_enabled'], arm: ['properties', 'managedVirtualNetwork'], convert: (v) => (v === true ? 'default' : '') },
      { tf: ['data_exfiltration_protection_enabled'], arm: ['properties', 'managedVirtualNetworkSettings', 'preventDataExfiltration'], convert: (v) => v === true },
      { tf: ['public_network_access_enabled'], arm: ['properties', 'publicNetworkAccess'], convert: enabledToAccess },
    ],
  },
  // website/docs/r/synapse_spark_pool.html.markdown
  azurerm_synapse_spark_pool: {
    kind: 'bigDataPool',
    armType: 'Microsoft.Synapse/workspaces/bigDataPools',
    attributes: [{ tf: ['spark_version'], arm: ['properties', 'sparkVersion'], convert: (v) => (typeof v === 'number' ? v.toFixed(1) : v) }],
  },
  // website/docs/r/synapse_linked_service.html.markdown: type, type_properties_json, integration_runtime { name }
  azurerm_synapse_linked_service: {
    kind: 'linkedService',
    armType: 'Microsoft.Synapse/workspaces/linkedservices',
    attributes: [
      { tf: ['type'], arm: ['properties', 'type'] },
      { tf: ['type_properties_json'], arm: ['properties', 'typeProperties'] },
      { tf: ['integration_runtime', 0, 'name'], arm: ['properties', 'connectVia', 'referenceName'] },
    ],
  },
  // website/docs/r/synapse_integration_runtime_self_hosted.html.markdown
  azurerm_synapse_integration_runtime_self_hosted: {
    kind: 'integrationRuntime',
    armType: 'Microsoft.Synapse/workspaces/integrationRuntimes',
    attributes: [],
    fixed: { type: 'SelfHosted' },
  },
  // website/docs/r/synapse_integration_runtime_azure.html.markdown (an Azure runtime is ARM type Managed)
  azurerm_synapse_integration_runtime_azure: {
    kind: 'integrationRuntime',
    armType: 'Microsoft.Synapse/workspaces/integrationRuntimes',
    attributes: [],
    fixed: { type: 'Managed' },
  },
  // website/docs/r/synapse_managed_private_endpoint.html.markdown: target_resource_id, subresource_name
  azurerm_synapse_managed_private_endpoint: {
    kind: 'managedPrivateEndpoint',
    armType: 'Microsoft.Synapse/workspaces/managedVirtualNetworks/managedPrivateEndpoints',
    attributes: [
      { tf: ['target_resource_id'], arm: ['properties', 'privateLinkResourceId'] },
      { tf: ['subresource_name'], arm: ['properties', 'groupId'] },
    ],
  },
};

export interface TerraformReadOptions {
  context: DeploymentContext;
  /** The configuration folder: each resource's `.tf` block becomes its `declaredAt`. */
  terraformDir?: string;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(value: Json | undefined, path: Path): Json | undefined {
  let v = value;
  for (const seg of path) {
    if (Array.isArray(v)) v = typeof seg === 'number' ? v[seg] : undefined;
    else if (isObject(v)) v = v[String(seg)];
    else return undefined;
  }
  return v;
}

/** Whether `after_unknown` marks the attribute at `path` (or a value it is part of) as known only after apply. */
function isUnknown(afterUnknown: Json, path: Path): boolean {
  let v: Json | undefined = afterUnknown;
  for (const seg of path) {
    if (v === true) return true;
    if (Array.isArray(v)) v = typeof seg === 'number' ? v[seg] : undefined;
    else if (isObject(v)) v = v[String(seg)];
    else return false;
  }
  return v === true;
}

function pathText(path: Path): string {
  return path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '');
}

function setIn(target: JsonObject, path: readonly string[], value: Json): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (!isObject(next)) node[key] = {};
    node = node[key] as JsonObject;
  }
  node[path[path.length - 1]!] = value;
}

class PlanReader {
  readonly resources: TemplateResource[] = [];
  readonly notes: TemplateNote[] = [];
  private readonly refs: ConfigurationReferences;

  constructor(
    private readonly plan: PlanFile,
    private readonly context: DeploymentContext,
    private readonly blocks: ReadonlyMap<string, SourcePosition>,
  ) {
    this.refs = new ConfigurationReferences(plan.json['configuration'], plan.resources);
  }

  private unresolved(r: PlannedResource, path: Path, why: string): UnresolvedAt {
    const attribute = pathText(path);
    return {
      expression: `${r.address}.${attribute}`,
      reason: why,
      missing: `the value of ${attribute} once applied (check the applied estate with \`synaml audit\`)`,
      at: this.plan.attributeAt(r.address, String(path[0])) ?? this.plan.resourceAt(r.address),
    };
  }

  /** An attribute's planned value; one known only after apply is followed through the configuration's references. */
  private attribute(r: PlannedResource, path: Path): { value?: Json; unresolved?: UnresolvedAt } {
    if (!isUnknown(r.afterUnknown, path)) {
      const value = valueAt(r.values, path);
      return value === undefined || value === null ? {} : { value };
    }
    const target = this.refs.follow(r, path);
    if (target && !isUnknown(target.resource.afterUnknown, target.attribute)) {
      const value = valueAt(target.resource.values, target.attribute);
      if (value !== undefined && value !== null) return { value };
    }
    const via = target ? ` (it is ${target.resource.address}.${target.attribute.join('.')}, itself known only after apply)` : '';
    return { unresolved: this.unresolved(r, path, `${pathText(path)} of ${r.address} is known only after apply${via}`) };
  }

  /**
   * The workspace a child resource is deployed to, from an ARM ID attribute (`synapse_workspace_id`, an azapi
   * `parent_id`): the ID itself when the plan knows it, else the workspace resource its expression refers to.
   */
  private workspaceOf(r: PlannedResource, path: Path): { names: string[]; unresolved?: UnresolvedAt; context: DeploymentContext } {
    const attr = this.attribute(r, path);
    if (typeof attr.value === 'string') {
      const parsed = parseArmId(attr.value);
      const at = parsed?.names ?? [];
      return {
        names: at,
        context: {
          ...this.context,
          ...(parsed?.subscriptionId !== undefined && { subscriptionId: parsed.subscriptionId }),
          ...(parsed?.resourceGroup !== undefined && { resourceGroup: parsed.resourceGroup }),
        },
      };
    }
    const target = this.refs.follow(r, path);
    const ws = target?.resource;
    if (ws && target.attribute[0] === 'id' && (ws.type === 'azurerm_synapse_workspace' || ws.type === 'azapi_resource')) {
      const name = this.attribute(ws, ['name']).value;
      if (typeof name === 'string') {
        const names = ws.type === 'azapi_resource' ? [...this.parentNames(ws), name] : [name];
        const rg = ws.type === 'azapi_resource' ? this.workspaceOf(ws, ['parent_id']).context.resourceGroup : this.attribute(ws, ['resource_group_name']).value;
        return { names, context: { ...this.context, ...(typeof rg === 'string' && { resourceGroup: rg }) } };
      }
    }
    // No workspace name segment: the resource is unattributed, and the rules that read its kind are unknown.
    const u = attr.unresolved ?? this.unresolved(r, path, `${pathText(path)} of ${r.address} is not set`);
    return { names: [], unresolved: u, context: this.context };
  }

  /** The Synapse names in an azapi resource's parent_id: `[]` for a resource group, `['ws']` for a workspace, ... */
  private parentNames(r: PlannedResource): string[] {
    const parent = this.attribute(r, ['parent_id']).value;
    if (typeof parent !== 'string') return [];
    return parseArmId(parent)?.names ?? [];
  }

  readonly grants: PlannedGrant[] = [];

  /**
   * `azurerm_role_assignment` (website/docs/r/role_assignment.html.markdown: scope, role_definition_id or
   * role_definition_name, principal_id, principal_type) and `azurerm_synapse_role_assignment` (synapse_workspace_id,
   * role_name, principal_id, principal_type).
   */
  private readGrant(r: PlannedResource): void {
    const text = (path: Path): { value?: string; unresolved?: UnresolvedAt } => {
      const a = this.attribute(r, path);
      return { ...(typeof a.value === 'string' && { value: a.value }), ...(a.unresolved && { unresolved: a.unresolved }) };
    };
    const principal = text(['principal_id']);
    const principalType = text(['principal_type']).value;
    if (r.type === 'azurerm_role_assignment') {
      const scope = text(['scope']);
      const byId = text(['role_definition_id']);
      const byName = text(['role_definition_name']);
      const roleGuid = byId.value !== undefined ? roleGuidOf(byId.value) : byName.value !== undefined ? resolveRole(byName.value)?.guid : undefined;
      const unresolved = scope.unresolved ?? principal.unresolved ?? (roleGuid === undefined ? (byId.unresolved ?? byName.unresolved) : undefined);
      this.grants.push({
        plane: 'azure',
        source: r.address,
        ...(scope.value !== undefined && { scope: scope.value }),
        ...(roleGuid !== undefined && { roleGuid }),
        ...(principal.value !== undefined && { principalId: principal.value }),
        ...(principalType !== undefined && { principalType }),
        ...(unresolved && { unresolved }),
      });
      return;
    }
    const ws = this.workspaceOf(r, ['synapse_workspace_id']);
    const role = text(['role_name']);
    // The provider's "Apache Spark Administrator" is the data plane's name; synaml's table calls it "Synapse Apache ...".
    const roleGuid = role.value === undefined ? undefined : resolveRole(role.value)?.guid ?? resolveRole(`Synapse ${role.value}`)?.guid;
    const unresolved = ws.unresolved ?? principal.unresolved ?? role.unresolved;
    this.grants.push({
      plane: 'synapse',
      source: r.address,
      ...(ws.names[0] !== undefined && { scope: ws.names[0].toLowerCase() }),
      ...(roleGuid !== undefined && { roleGuid }),
      ...(principal.value !== undefined && { principalId: principal.value }),
      ...(principalType !== undefined && { principalType }),
      ...(unresolved && { unresolved }),
    });
  }

  read(r: PlannedResource): void {
    if (r.mode !== 'managed') return;
    if (r.type === 'azapi_resource') return this.readAzapi(r);
    if (r.type === 'azurerm_role_assignment' || r.type === 'azurerm_synapse_role_assignment') return this.readGrant(r);
    if (r.type === 'azurerm_machine_learning_synapse_spark') return this.readAttachedPool(r);
    const map = AZURERM[r.type];
    if (!map) return;
    const value: JsonObject = { properties: { ...(map.fixed ?? {}) } };
    const unknown: UnknownPart[] = [];
    for (const a of map.attributes) {
      const got = this.attribute(r, a.tf);
      if (got.unresolved) {
        unknown.push({ path: a.arm, unresolved: got.unresolved });
        continue;
      }
      if (got.value === undefined) continue;
      if (r.type === 'azurerm_synapse_linked_service' && a.tf[0] === 'type_properties_json') {
        const parsed = this.typeProperties(r, got.value);
        if ('unresolved' in parsed) unknown.push({ path: a.arm, unresolved: parsed.unresolved });
        else setIn(value, a.arm, parsed.value);
        continue;
      }
      const converted = a.convert ? a.convert(got.value) : got.value;
      if (converted !== undefined) setIn(value, a.arm, converted);
    }
    if (r.type === 'azurerm_synapse_linked_service' && valueAt(value, ['properties', 'connectVia', 'referenceName']) !== undefined) {
      setIn(value, ['properties', 'connectVia', 'type'], 'IntegrationRuntimeReference');
    }
    const nameAttr = this.attribute(r, ['name']);
    const own = typeof nameAttr.value === 'string' ? nameAttr.value : `{${r.address}.name}`;
    let names: string[];
    let segmentUnresolved: Array<UnresolvedAt | undefined>;
    let context: DeploymentContext;
    if (map.kind === 'workspace') {
      names = [own];
      segmentUnresolved = [nameAttr.unresolved];
      const rg = this.attribute(r, ['resource_group_name']).value;
      context = { ...this.context, ...(typeof rg === 'string' && { resourceGroup: rg }) };
    } else {
      const ws = this.workspaceOf(r, ['synapse_workspace_id']);
      const middle = map.kind === 'managedPrivateEndpoint' ? ['default'] : [];
      names = [...ws.names, ...middle, own];
      segmentUnresolved = [...(ws.unresolved ? [ws.unresolved] : ws.names.map(() => undefined)), ...middle.map(() => undefined), nameAttr.unresolved];
      context = ws.context;
    }
    this.push(r, map.kind, map.armType, names, segmentUnresolved, context, value, unknown, map.attributes);
  }

  /**
   * `azurerm_machine_learning_synapse_spark` (website/docs/r/machine_learning_synapse_spark.html.markdown:
   * machine_learning_workspace_id, synapse_spark_pool_id, identity { type, identity_ids }) as the AML compute of type
   * SynapseSpark it creates (`Microsoft.MachineLearningServices/workspaces/computes`).
   */
  private readAttachedPool(r: PlannedResource): void {
    const aml = this.attribute(r, ['machine_learning_workspace_id']);
    let amlName = typeof aml.value === 'string' ? parseArmId(aml.value)?.names[0] : undefined;
    if (amlName === undefined) {
      const target = this.refs.follow(r, ['machine_learning_workspace_id']);
      const name = target?.resource.type === 'azurerm_machine_learning_workspace' ? this.attribute(target.resource, ['name']).value : undefined;
      if (typeof name === 'string') amlName = name;
    }
    const unknown: UnknownPart[] = [];
    // The pool: its ID when the plan knows it, else built from the pool resource the reference names (names known).
    const pool = this.attribute(r, ['synapse_spark_pool_id']);
    let poolId = typeof pool.value === 'string' ? pool.value : undefined;
    if (poolId === undefined) {
      const target = this.refs.follow(r, ['synapse_spark_pool_id']);
      const poolName = target?.resource.type === 'azurerm_synapse_spark_pool' ? this.attribute(target.resource, ['name']).value : undefined;
      if (target && typeof poolName === 'string') {
        const ws = this.workspaceOf(target.resource, ['synapse_workspace_id']);
        if (!ws.unresolved && ws.names[0] !== undefined) {
          poolId = `/subscriptions/${ws.context.subscriptionId ?? '{subscription}'}/resourceGroups/${ws.context.resourceGroup ?? '{resourceGroup}'}/providers/Microsoft.Synapse/workspaces/${ws.names[0]}/bigDataPools/${poolName}`;
        }
      }
      if (poolId === undefined) unknown.push({ path: ['properties', 'resourceId'], unresolved: pool.unresolved ?? this.unresolved(r, ['synapse_spark_pool_id'], `synapse_spark_pool_id of ${r.address} is not set`) });
    }
    const identityType = this.attribute(r, ['identity', 0, 'type']);
    const identityIds = this.attribute(r, ['identity', 0, 'identity_ids']);
    if (identityType.unresolved) unknown.push({ path: ['identity'], unresolved: identityType.unresolved });
    const identity: JsonObject | null =
      typeof identityType.value === 'string'
        ? {
            type: identityType.value,
            ...(Array.isArray(identityIds.value) && { userAssignedIdentities: Object.fromEntries(identityIds.value.filter((id): id is string => typeof id === 'string').map((id) => [id, {}])) }),
          }
        : null;
    const nameAttr = this.attribute(r, ['name']);
    const own = typeof nameAttr.value === 'string' ? nameAttr.value : `{${r.address}.name}`;
    const amlUnresolved = amlName === undefined ? (aml.unresolved ?? this.unresolved(r, ['machine_learning_workspace_id'], `machine_learning_workspace_id of ${r.address} is not set`)) : undefined;
    const value: JsonObject = { identity, properties: { computeType: 'SynapseSpark', ...(poolId !== undefined && { resourceId: poolId }) } };
    this.push(
      r,
      'amlCompute',
      'Microsoft.MachineLearningServices/workspaces/computes',
      amlName === undefined ? [own] : [amlName, own],
      amlName === undefined ? [amlUnresolved, nameAttr.unresolved] : [undefined, nameAttr.unresolved],
      this.context,
      value,
      unknown,
      [
        { tf: ['synapse_spark_pool_id'], arm: ['properties', 'resourceId'] },
        { tf: ['identity'], arm: ['identity'] },
      ],
    );
  }

  /** `type_properties_json` is a JSON string (the linked service's ARM `typeProperties`). */
  private typeProperties(r: PlannedResource, raw: Json): { value: Json } | { unresolved: UnresolvedAt } {
    if (typeof raw !== 'string') return { value: raw };
    try {
      return { value: JSON.parse(raw) as Json };
    } catch {
      return { unresolved: this.unresolved(r, ['type_properties_json'], `type_properties_json of ${r.address} is not valid JSON`) };
    }
  }

  /** An `azapi_resource` whose type is a Synapse one: its `body` is the ARM resource body. */
  private readAzapi(r: PlannedResource): void {
    const typeValue = this.attribute(r, ['type']).value;
    if (typeof typeValue !== 'string') return;
    const armType = typeValue.split('@')[0]!;
    const kind = KIND_BY_TYPE[armType.toLowerCase()];
    if (!kind) return;
    const unknown: UnknownPart[] = [];
    let body: Json | undefined;
    if (isUnknown(r.afterUnknown, ['body']) && !isObject(valueAt(r.afterUnknown, ['body']))) {
      unknown.push({ path: ['properties'], unresolved: this.unresolved(r, ['body'], `body of ${r.address} is known only after apply`) });
    } else {
      const raw = valueAt(r.values, ['body']);
      try {
        body = typeof raw === 'string' ? (JSON.parse(raw) as Json) : raw;
      } catch {
        unknown.push({ path: ['properties'], unresolved: this.unresolved(r, ['body'], `body of ${r.address} is not valid JSON`) });
      }
      // Parts of an object body known only after apply.
      const walk = (marks: Json | undefined, path: string[]) => {
        if (marks === true) unknown.push({ path, unresolved: this.unresolved(r, ['body', ...path], `body.${path.join('.')} of ${r.address} is known only after apply`) });
        else if (isObject(marks)) for (const [k, v] of Object.entries(marks)) walk(v, [...path, k]);
      };
      walk(valueAt(r.afterUnknown, ['body']), []);
    }
    const nameAttr = this.attribute(r, ['name']);
    const own = typeof nameAttr.value === 'string' ? nameAttr.value : `{${r.address}.name}`;
    let names: string[];
    let segmentUnresolved: Array<UnresolvedAt | undefined>;
    let context: DeploymentContext;
    if (kind === 'workspace') {
      names = [own];
      segmentUnresolved = [nameAttr.unresolved];
      context = this.workspaceOf(r, ['parent_id']).context;
    } else {
      const ws = this.workspaceOf(r, ['parent_id']);
      names = [...ws.names, own];
      segmentUnresolved = [...(ws.unresolved ? [ws.unresolved] : ws.names.map(() => undefined)), nameAttr.unresolved];
      context = ws.context;
    }
    const value: JsonObject = isObject(body) ? body : {};
    this.push(r, kind, armType, names, segmentUnresolved, context, value, unknown, [{ tf: ['body'], arm: [] }]);
  }

  private push(
    r: PlannedResource,
    kind: SynapseKind,
    type: string,
    names: string[],
    segmentUnresolved: Array<UnresolvedAt | undefined>,
    context: DeploymentContext,
    value: JsonObject,
    unknown: UnknownPart[],
    attributes: readonly AttributeMap[],
  ): void {
    const plan = this.plan;
    const at = plan.resourceAt(r.address);
    const parsed = parseAddress(r.address);
    const declaredAt = parsed ? this.blocks.get([...parsed.modulePath, parsed.resource].join('/')) : undefined;
    const locate = (path: Path): SourcePosition | undefined => {
      const hit = attributes.find((a) => a.arm.every((seg, i) => path[i] === undefined || String(path[i]).toLowerCase() === seg.toLowerCase()) && a.arm.length <= path.length);
      return hit ? plan.attributeAt(r.address, String(hit.tf[0])) : undefined;
    };
    this.resources.push(
      valueResource({
        kind,
        type,
        source: r.address,
        ...(declaredAt && { declaredAt }),
        names,
        segmentUnresolved,
        context,
        at,
        nameAt: plan.attributeAt(r.address, 'name') ?? at,
        value,
        unknown,
        locate,
      }),
    );
  }
}

const SYNAPSE_TYPES = /^azurerm_(synapse_|machine_learning_synapse)|^azapi_resource$/;

/** Reads a plan into the template model (throws a located InputFileError when the file is not a Terraform plan). */
export function terraformModel(plan: PlanFile, options: TerraformReadOptions, blocks: ReadonlyMap<string, SourcePosition> = new Map()): TemplateModel {
  const reader = new PlanReader(plan, options.context, blocks);
  for (const r of plan.resources) reader.read(r);
  const notes = [...reader.notes];
  for (const d of plan.destroyed) {
    if (!SYNAPSE_TYPES.test(d.type)) continue;
    const offset = plan.text.indexOf(JSON.stringify(d.address), Math.max(0, plan.text.indexOf('"resource_changes"')));
    notes.push({ at: plan.position(Math.max(0, offset)), code: 'destroyed', message: `${d.address} is destroyed by this plan: it is not judged as deployed` });
  }
  const { workspaces, amlComputes, unattributed } = groupByWorkspace(reader.resources);
  return { kind: 'terraform', file: plan.file, anchor: plan.position(0), workspaces, amlComputes, unattributed, notes, grants: reader.grants };
}

/** Reads `terraform show -json` output from a file. */
export async function readTerraformPlan(file: string, options: TerraformReadOptions): Promise<TemplateModel> {
  const plan = readPlanText(await readInputText(file, 'Terraform plan'), file);
  let blocks: ReadonlyMap<string, SourcePosition> = new Map();
  if (options.terraformDir !== undefined) {
    const dir = options.terraformDir;
    const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
    if (!isDir) throw new UsageError(`--terraform-dir ${dir}: no such folder`);
    const { resourceBlockPositions } = await import('./hcl.js');
    blocks = await resourceBlockPositions(dir, plan.json['configuration']);
  }
  return terraformModel(plan, options, blocks);
}
