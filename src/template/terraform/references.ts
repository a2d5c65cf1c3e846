// What a value known only after apply refers to, from the plan's `configuration`: each resource's `expressions`
// carry `references` (`azurerm_synapse_workspace.this.id`, `var.workspace_id`, `module.platform.workspace_id`), and
// `module_calls` carry the expressions of each module's input variables and outputs. A reference is followed inside
// the module the resource is in, through input variables to the calling module and through outputs into a called one,
// until it names another resource of the plan.
import type { Json } from '../expressions.js';
import type { JsonObject, PlannedResource } from './plan-file.js';

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An instance address split into its module instance path and the resource within it. */
export interface ParsedAddress {
  /** Module calls with their instance keys: `module.platform["a"]`. */
  moduleInstance: string;
  /** Module call names only, for the configuration: `['platform']`. */
  modulePath: string[];
  /** `azurerm_synapse_workspace.this` (data sources keep their `data.` prefix). */
  resource: string;
  /** The instance key, `[0]` or `["a"]`, or ''. */
  key: string;
}

const MODULE = /^module\.([A-Za-z_][\w-]*)((?:\[(?:\d+|"(?:[^"\\]|\\.)*")\])?)\./;
const RESOURCE = /^((?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*)((?:\[(?:\d+|"(?:[^"\\]|\\.)*")\])?)$/;

/** Splits `module.a["x"].module.b.azurerm_x.y[0]`; undefined for anything else. */
export function parseAddress(address: string): ParsedAddress | undefined {
  let rest = address;
  const modulePath: string[] = [];
  let moduleInstance = '';
  for (let m = MODULE.exec(rest); m; m = MODULE.exec(rest)) {
    modulePath.push(m[1]!);
    moduleInstance += `${moduleInstance ? '.' : ''}module.${m[1]!}${m[2]!}`;
    rest = rest.slice(m[0].length);
  }
  const r = RESOURCE.exec(rest);
  return r ? { moduleInstance, modulePath, resource: r[1]!, key: r[2]! } : undefined;
}

/** The expression of a configuration attribute at a path: nested blocks are arrays of expression objects, as in the values. */
function expressionAt(expressions: Json | undefined, path: ReadonlyArray<string | number>): JsonObject | undefined {
  let node: Json | undefined = expressions;
  for (const seg of path) {
    if (Array.isArray(node)) node = typeof seg === 'number' ? node[seg] : undefined;
    else if (isObject(node)) node = node[String(seg)];
    else return undefined;
  }
  return isObject(node) ? node : undefined;
}

/** What a reference ended at: an attribute of a resource instance of the plan. */
export interface ReferenceTarget {
  resource: PlannedResource;
  /** The attribute path after the resource (`['id']`, `['name']`). */
  attribute: string[];
  /** The references followed, for messages: `var.workspace_id -> azurerm_synapse_workspace.this.id`. */
  via: string[];
}

export class ConfigurationReferences {
  private readonly byAddress = new Map<string, PlannedResource>();
  /** Instances of a counted or for_each resource, by their address without the instance key. */
  private readonly instances = new Map<string, PlannedResource[]>();

  constructor(
    private readonly configuration: Json | undefined,
    resources: readonly PlannedResource[],
  ) {
    for (const r of resources) {
      this.byAddress.set(r.address, r);
      const parsed = r.address.endsWith(']') ? parseAddress(r.address) : undefined;
      if (parsed?.key) {
        const base = `${parsed.moduleInstance ? `${parsed.moduleInstance}.` : ''}${parsed.resource}`;
        this.instances.set(base, [...(this.instances.get(base) ?? []), r]);
      }
    }
  }

  private moduleConfig(modulePath: readonly string[]): JsonObject | undefined {
    let module: Json | undefined = isObject(this.configuration) ? this.configuration['root_module'] : undefined;
    for (const name of modulePath) {
      const calls: Json | undefined = isObject(module) ? module['module_calls'] : undefined;
      const call: Json | undefined = isObject(calls) ? calls[name] : undefined;
      module = isObject(call) ? call['module'] : undefined;
    }
    return isObject(module) ? module : undefined;
  }

  private resourceConfig(modulePath: readonly string[], resource: string): JsonObject | undefined {
    const module = this.moduleConfig(modulePath);
    const list = module?.['resources'];
    if (!Array.isArray(list)) return undefined;
    return list.find((r): r is JsonObject => isObject(r) && r['address'] === resource);
  }

  /** The references of a resource attribute's expression, or undefined when it is a constant or not configured. */
  referencesOf(resource: PlannedResource, path: ReadonlyArray<string | number>): string[] | undefined {
    const parsed = parseAddress(resource.address);
    if (!parsed) return undefined;
    const expr = expressionAt(this.resourceConfig(parsed.modulePath, parsed.resource)?.['expressions'], path);
    const refs = expr?.['references'];
    return Array.isArray(refs) ? refs.filter((r): r is string => typeof r === 'string') : undefined;
  }

  /** Follows the references of a resource attribute to another resource of the plan, or undefined. */
  follow(resource: PlannedResource, path: ReadonlyArray<string | number>): ReferenceTarget | undefined {
    const parsed = parseAddress(resource.address);
    const refs = this.referencesOf(resource, path);
    if (!parsed || !refs) return undefined;
    return this.resolve(refs, parsed.moduleInstance, parsed.modulePath, parsed.key, [], 0);
  }

  private resolve(refs: readonly string[], instance: string, modulePath: readonly string[], key: string, via: string[], depth: number): ReferenceTarget | undefined {
    if (depth > 32) return undefined;
    // `references` lists the longest reference first (`a.b.id`, then `a.b`): the first one that leads somewhere wins.
    for (const ref of refs) {
      const target = this.resolveOne(ref, instance, modulePath, key, [...via, ref], depth);
      if (target) return target;
    }
    return undefined;
  }

  private resolveOne(ref: string, instance: string, modulePath: readonly string[], key: string, via: string[], depth: number): ReferenceTarget | undefined {
    const parts = ref.split('.');
    if (parts[0] === 'var' && parts[1] && modulePath.length > 0) {
      // An input variable: the expression the calling module gives it.
      const parentPath = modulePath.slice(0, -1);
      const call = this.moduleConfig(parentPath)?.['module_calls'];
      const callConfig = isObject(call) ? call[modulePath[modulePath.length - 1]!] : undefined;
      const expressions = isObject(callConfig) ? callConfig['expressions'] : undefined;
      const expr = isObject(expressions) ? expressions[parts[1]] : undefined;
      const refs = isObject(expr) && Array.isArray(expr['references']) ? expr['references'].filter((r): r is string => typeof r === 'string') : [];
      const parentInstance = instance.includes('.module.') ? instance.slice(0, instance.lastIndexOf('.module.')) : '';
      return this.resolve(refs, parentInstance, parentPath, '', via, depth + 1);
    }
    if (parts[0] === 'module' && parts[1] && parts[2]) {
      // A called module's output: the expression of that output inside it.
      const name = parts[1].replace(/\[.*$/, '');
      const outputs = this.moduleConfig([...modulePath, name])?.['outputs'];
      const output = isObject(outputs) ? outputs[parts[2]] : undefined;
      const expr = isObject(output) ? output['expression'] : undefined;
      const refs = isObject(expr) && Array.isArray(expr['references']) ? expr['references'].filter((r): r is string => typeof r === 'string') : [];
      const inner = `${instance ? `${instance}.` : ''}module.${parts[1]}`;
      return this.resolve(refs, inner, [...modulePath, name], '', via, depth + 1);
    }
    if (parts[0] === 'var' || parts[0] === 'local' || parts[0] === 'each' || parts[0] === 'count' || parts[0] === 'path' || parts[0] === 'terraform') return undefined;
    const dataPrefix = parts[0] === 'data' ? 1 : 0;
    if (parts.length < 3 + dataPrefix) return undefined;
    const resource = parts.slice(0, 2 + dataPrefix).join('.').replace(/\[.*$/, '');
    const attribute = parts.slice(2 + dataPrefix);
    const base = `${instance ? `${instance}.` : ''}${resource}`;
    const exact = this.byAddress.get(base);
    if (exact) return { resource: exact, attribute, via };
    // count / for_each: the instance with the referring resource's own key, or the only instance.
    const keyed = key ? this.byAddress.get(`${base}${key}`) : undefined;
    if (keyed) return { resource: keyed, attribute, via };
    const instances = this.instances.get(base) ?? [];
    return instances.length === 1 ? { resource: instances[0]!, attribute, via } : undefined;
  }
}
