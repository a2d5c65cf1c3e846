// Reads `terraform show -json <planfile>` output (Terraform's "JSON Output Format", format_version 1.x:
// https://developer.hashicorp.com/terraform/internals/json-format). Values come from JSON.parse; the position of each
// planned resource comes from one native pass for its "address", and of its attributes from a scan of that resource's
// `values` only when a finding asks, so a plan of tens of thousands of resources is read without a syntax tree.
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

/**
 * Where each address is first written: planned_values comes before every other section that repeats addresses
 * (resource_drift, resource_changes, prior_state, configuration) in Terraform's output, so the first occurrence of a
 * resource's `"address"` is its planned_values entry. One native regular-expression pass over the JSON text.
 */
function firstAddresses(text: string, from: number): Map<string, number> {
  const out = new Map<string, number>();
  const pattern = /"address"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
  pattern.lastIndex = from;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const address = m[1]!.includes('\\') ? (JSON.parse(`"${m[1]!}"`) as string) : m[1]!;
    if (!out.has(address)) out.set(address, m.index);
  }
  return out;
}

/** The offsets of the top-level keys of the JSON object starting at `open` (a `{`): a scan of that object only. */
function objectKeys(text: string, open: number): Map<string, number> {
  const keys = new Map<string, number>();
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const start = i;
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92 /* \ */) i++;
      if (depth === 1) {
        let j = i + 1;
        while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13 || text.charCodeAt(j) === 9)) j++;
        if (text.charCodeAt(j) === 58 /* : */) keys.set(JSON.parse(text.slice(start, i + 1)) as string, start);
      }
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) break;
    }
  }
  return keys;
}

/** The `values` object of the planned_values resource whose `"address"` is at `at`: its attribute offsets. */
function valuesKeys(text: string, at: number): Map<string, number> {
  // The resource object encloses `at`: its keys sit at the same depth as "address"; find its "values" from there.
  const pattern = /"values"\s*:\s*\{/g;
  pattern.lastIndex = at;
  const m = pattern.exec(text);
  if (!m) return new Map();
  // A "values" of a later resource would come after this resource's closing brace: check nothing closes in between.
  let depth = 0;
  for (let i = at; i < m.index; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; i < m.index && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth < 0) return new Map();
    }
  }
  return objectKeys(text, m.index + m[0].length - 1);
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

  const plannedAt = text.indexOf('"planned_values"');
  const addresses = firstAddresses(text, Math.max(0, plannedAt));
  const attributes = new Map<string, Map<string, number>>();
  return {
    file,
    text,
    json,
    resources,
    destroyed,
    position,
    resourceAt: (address) => {
      const at = addresses.get(address);
      return at === undefined ? start : position(at);
    },
    attributeAt: (address, attribute) => {
      const at = addresses.get(address);
      if (at === undefined) return undefined;
      let keys = attributes.get(address);
      if (!keys) {
        keys = valuesKeys(text, at);
        attributes.set(address, keys);
      }
      const offset = keys.get(attribute);
      return offset === undefined ? undefined : position(offset);
    },
  };
}
