// The Synapse Git-mode reader: the collaboration branch's artifact folders (`linkedService/*.json`,
// `integrationRuntime/*.json`, `managedVirtualNetwork/default/managedPrivateEndpoint/*.json`, `managedVirtualNetwork/
// *.json`, `bigDataPool/*.json`; `credential/` and the rest are not read by any rule). Each artifact is the resource's
// ARM body (`{ "name", "properties" }`), so the rules read it as they read a template's resource, located at the
// property's line and column in the artifact file. Git mode does not record which workspace the folder belongs to:
// `--workspace` names it, else the spec's only integration, else the folder's name.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { getNodeValue } from 'jsonc-parser';
import type { SourcePosition } from '../../spec/types.js';
import { items, parseJsonDocument, property, readInputText, stringValue, type JsonDocument, type Node } from '../document.js';
import type { DeploymentContext, Json } from '../expressions.js';
import { groupByWorkspace, type SynapseKind, type TemplateModel, type TemplateNote, type TemplateResource } from '../model.js';
import { valueResource } from '../resource.js';

/** The folders read, the kind of their artifacts, and the ARM type they deploy as. */
const FOLDERS: ReadonlyArray<{ folder: string[]; kind: SynapseKind; type: string; middle: string[] }> = [
  { folder: ['linkedService'], kind: 'linkedService', type: 'Microsoft.Synapse/workspaces/linkedservices', middle: [] },
  { folder: ['integrationRuntime'], kind: 'integrationRuntime', type: 'Microsoft.Synapse/workspaces/integrationRuntimes', middle: [] },
  { folder: ['bigDataPool'], kind: 'bigDataPool', type: 'Microsoft.Synapse/workspaces/bigDataPools', middle: [] },
  { folder: ['managedVirtualNetwork'], kind: 'managedVirtualNetwork', type: 'Microsoft.Synapse/workspaces/managedVirtualNetworks', middle: [] },
  {
    folder: ['managedVirtualNetwork', 'default', 'managedPrivateEndpoint'],
    kind: 'managedPrivateEndpoint',
    type: 'Microsoft.Synapse/workspaces/managedVirtualNetworks/managedPrivateEndpoints',
    middle: ['default'],
  },
];

export interface SynapseGitReadOptions {
  context: DeploymentContext;
  /** The workspace the folder is connected to; default: the folder's name. */
  workspaceName?: string;
}

async function jsonFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.json')).map((e) => path.join(dir, e.name)).sort();
  } catch {
    return [];
  }
}

function locateIn(doc: JsonDocument, start: Node, p: ReadonlyArray<string | number>): SourcePosition | undefined {
  let node: Node | undefined = start;
  for (const seg of p) {
    node = typeof seg === 'number' ? items(node)[seg] : property(node, seg);
    if (!node) return undefined;
  }
  return doc.position(node.offset);
}

/** One artifact file as a template resource, or a note when it is not an artifact. */
function artifact(doc: JsonDocument, kind: SynapseKind, type: string, workspace: string, middle: string[], context: DeploymentContext): TemplateResource | TemplateNote {
  const root = doc.root;
  const name = stringValue(property(root, 'name'));
  if (root.type !== 'object' || name === undefined) {
    return { at: doc.position(root.offset), code: 'not-an-artifact', message: `${doc.file} is not a Synapse artifact (a JSON object with "name" and "properties"): not read` };
  }
  const at = doc.position(root.offset);
  return valueResource({
    kind,
    type,
    names: [workspace, ...middle, name],
    segmentUnresolved: [undefined, ...middle.map(() => undefined), undefined],
    context,
    at,
    nameAt: doc.position(property(root, 'name')!.offset),
    value: getNodeValue(root) as Json,
    unknown: [],
    locate: (p) => locateIn(doc, root, p),
  });
}

/** Reads a Synapse Git folder into the template model. */
export async function readSynapseGitFolder(dir: string, options: SynapseGitReadOptions): Promise<TemplateModel> {
  const workspace = options.workspaceName ?? path.basename(path.resolve(dir));
  const resources: TemplateResource[] = [];
  const notes: TemplateNote[] = [];
  for (const { folder, kind, type, middle } of FOLDERS) {
    for (const file of await jsonFiles(path.join(dir, ...folder))) {
      const doc = parseJsonDocument(await readInputText(file, 'Synapse artifact'), file, 'the Synapse artifact');
      const r = artifact(doc, kind, type, workspace, middle, options.context);
      if ('kind' in r) resources.push(r);
      else notes.push(r);
    }
  }
  const { workspaces, amlComputes, unattributed } = groupByWorkspace(resources);
  return { kind: 'synapse-git', file: dir, anchor: { file: dir, line: 1, column: 1 }, workspaces, amlComputes, unattributed, notes };
}

/** Whether a folder looks like a Synapse Git folder (one of the artifact folders, or publish_config.json). */
export async function looksLikeSynapseGitFolder(dir: string): Promise<boolean> {
  try {
    const names = new Set((await readdir(dir)).map((n) => n.toLowerCase()));
    return ['linkedservice', 'integrationruntime', 'managedvirtualnetwork', 'pipeline', 'notebook', 'credential', 'publish_config.json'].some((n) => names.has(n));
  } catch {
    return false;
  }
}
