// Reads `terraform show -json <planfile>` output (Terraform's "JSON Output Format", format_version 1.x:
// https://developer.hashicorp.com/terraform/internals/json-format). Values come from JSON.parse; the positions of
// each planned resource and of its top-level attributes come from one streaming pass (jsonc-parser's visitor), so a
// plan of tens of thousands of resources is read without building a syntax tree of it.
import { visit } from 'jsonc-parser';
import { InputFileError } from '../../errors.js';
import type { SourcePosition } from '../../spec/types.js';
import { parseJsonDocument, positionsOf } from '../document.js';
import type { Json } from '../expressions.js';

export type JsonObject = { [key: string]: Json };

/** A resource of `planned_values` (root_module or a child module), with its `resource_changes` entry. */
export interface PlannedResource {
  address: string;
  mode: string;
  type: string;
  name: string;
  index?: string | number;
  values: JsonObject;
  /** `change.after_unknown`: `true` for an attribute (or nested value) known only after apply. */
  afterUnknown: Json;
  actions: string[];
}

/** A resource in `resource_changes` that the plan destroys (actions `["delete"]`): not in planned_values. */
export interface DestroyedResource {
  address: string;
  type: string;
}

interface ResourcePositions {
  /** The `address` property of the resource in planned_values. */
  at: number;
  attributes: Map<string, number>;
}

export interface PlanFile {
  file: string;
  text: string;
  json: JsonObject;
  resources: PlannedResource[];
  destroyed: DestroyedResource[];
  position(offset: number): SourcePosition;
  /** Where the plan writes the resource (its `address` in planned_values), or the file's start. */
  resourceAt(address: string): SourcePosition;
  /** Where the plan writes a top-level attribute of the resource's planned values, or undefined. */
  attributeAt(address: string, attribute: string): SourcePosition | undefined;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrayOf(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

/** Whether text looks like `terraform show -json` output (its first key is `format_version`, then `terraform_version`). */
export function looksLikeTerraformPlan(head: string): boolean {
  return /^\s*\{\s*"format_version"\s*:/.test(head) || /"terraform_version"\s*:/.test(head.slice(0, 2048));
}

/** Positions of planned_values resources and their top-level attributes, by address: one visitor pass. */
function indexPositions(text: string): Map<string, ResourcePositions> {
  const byAddress = new Map<string, ResourcePositions>();
  let depth = 0;
  // The resource object being read (its depth), the pending `address`, and the depth of its `values` object.
  let resourceDepth = -1;
  let pendingAddressAt = -1;
  let current: ResourcePositions | undefined;
  let valuesDepth = -1;
  let expectValues = false;
  visit(
    text,
    {
      onObjectBegin: () => {
        depth++;
        if (expectValues) {
          valuesDepth = depth;
          expectValues = false;
        }
      },
      onObjectEnd: () => {
        if (depth === valuesDepth) valuesDepth = -1;
        if (depth === resourceDepth) {
          resourceDepth = -1;
          current = undefined;
        }
        depth--;
      },
      onArrayBegin: () => {
        depth++;
        expectValues = false;
      },
      onArrayEnd: () => {
        depth--;
      },
      onObjectProperty: (property, offset, _length, _line, _char, pathSupplier) => {
        expectValues = false;
        if (depth === valuesDepth && current) {
          current.attributes.set(property, offset);
          return;
        }
        if (property === 'address') {
          const path = pathSupplier();
          if (path[0] === 'planned_values' && path[path.length - 2] === 'resources') {
            resourceDepth = depth;
            pendingAddressAt = offset;
          }
          return;
        }
        if (property === 'values' && depth === resourceDepth && current) expectValues = true;
      },
      onLiteralValue: (value) => {
        if (pendingAddressAt >= 0 && depth === resourceDepth && typeof value === 'string') {
          current = { at: pendingAddressAt, attributes: new Map() };
          byAddress.set(value, current);
        }
        pendingAddressAt = -1;
        expectValues = false;
      },
    },
    { disallowComments: true },
  );
  return byAddress;
}

function resourcesOf(module: Json | undefined, out: Array<JsonObject>): void {
  if (!isObject(module)) return;
  for (const r of arrayOf(module['resources'])) if (isObject(r)) out.push(r);
  for (const child of arrayOf(module['child_modules'])) resourcesOf(child, out);
}

/** Parses and checks a plan's JSON; throws a located InputFileError when it is not a Terraform plan. */
export function readPlanText(raw: string, file: string): PlanFile {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch {
    // The tolerant parser locates the syntax error (and throws it as an InputFileError).
    parseJsonDocument(text, file, 'the Terraform plan');
    throw new InputFileError('the Terraform plan is not valid JSON', { file });
  }
  const position = positionsOf(text, file);
  const start = position(0);
  if (!isObject(json)) throw new InputFileError('not a Terraform plan: expected a JSON object (terraform show -json <planfile>)', start);
  const version = json['format_version'];
  if (typeof version !== 'string') throw new InputFileError('not a Terraform plan: no "format_version" (write it with `terraform show -json <planfile>`)', start);
  if (!version.startsWith('1.')) throw new InputFileError(`Terraform JSON format_version ${version} is not supported: synaml reads format 1.x (Terraform 1.x)`, start);
  if (!isObject(json['planned_values'])) {
    const hint = isObject(json['values']) ? ': this is Terraform state (terraform show -json without a plan file); give the plan: `terraform plan -out tfplan && terraform show -json tfplan`' : '';
    throw new InputFileError(`not a Terraform plan: no "planned_values"${hint}`, start);
  }

  const changes = new Map<string, JsonObject>();
  const destroyed: DestroyedResource[] = [];
  for (const rc of arrayOf(json['resource_changes'])) {
    if (!isObject(rc) || typeof rc['address'] !== 'string') continue;
    changes.set(rc['address'], rc);
    const change = rc['change'];
    const actions = isObject(change) ? arrayOf(change['actions']).map(String) : [];
    if (actions.includes('delete') && !actions.includes('create') && rc['mode'] !== 'data') destroyed.push({ address: rc['address'], type: String(rc['type'] ?? '') });
  }

  const planned: JsonObject[] = [];
  resourcesOf(json['planned_values']['root_module'], planned);
  const resources: PlannedResource[] = [];
  for (const r of planned) {
    const address = r['address'];
    if (typeof address !== 'string') continue;
    const change = changes.get(address)?.['change'];
    const index = r['index'];
    resources.push({
      address,
      mode: String(r['mode'] ?? 'managed'),
      type: String(r['type'] ?? ''),
      name: String(r['name'] ?? ''),
      ...((typeof index === 'string' || typeof index === 'number') && { index }),
      values: isObject(r['values']) ? r['values'] : {},
      afterUnknown: isObject(change) ? (change['after_unknown'] ?? {}) : {},
      actions: isObject(change) ? arrayOf(change['actions']).map(String) : ['no-op'],
    });
  }

  const positions = indexPositions(text);
  return {
    file,
    text,
    json,
    resources,
    destroyed,
    position,
    resourceAt: (address) => {
      const p = positions.get(address);
      return p ? position(p.at) : start;
    },
    attributeAt: (address, attribute) => {
      const offset = positions.get(address)?.attributes.get(attribute);
      return offset === undefined ? undefined : position(offset);
    },
  };
}
