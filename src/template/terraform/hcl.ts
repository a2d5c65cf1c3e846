// Where each `resource` block of a Terraform configuration is written (`--terraform-dir`), so a finding about a planned
// resource also points at the `.tf` file and line a reviewer changes. The `.tf` files are parsed with tree-sitter's HCL
// grammar (web-tree-sitter + @tree-sitter-grammars/tree-sitter-hcl, WebAssembly: no native build); modules are found
// through the plan's `module_calls` sources (local paths) or Terraform's `.terraform/modules/modules.json`.
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { InputFileError } from '../../errors.js';
import type { SourcePosition } from '../../spec/types.js';
import type { Json } from '../expressions.js';

type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface SyntaxNode {
  type: string;
  text: string;
  startPosition: { row: number; column: number };
  namedChildren: Array<SyntaxNode | null>;
  hasError: boolean;
}

type HclParser = { parse(text: string): { rootNode: SyntaxNode } | null };

let parserPromise: Promise<HclParser> | undefined;

async function hclParser(): Promise<HclParser> {
  parserPromise ??= (async () => {
    const { Parser, Language } = await import('web-tree-sitter');
    await Parser.init();
    const require = createRequire(import.meta.url);
    const language = await Language.load(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser as unknown as HclParser;
  })();
  return parserPromise;
}

/** The label of a block (`"azurerm_synapse_workspace"`) without its quotes. */
function label(node: SyntaxNode | null): string | undefined {
  if (node?.type !== 'string_lit') return undefined;
  const literal = node.namedChildren.find((c) => c?.type === 'template_literal');
  return literal?.text ?? '';
}

/** The `resource "<type>" "<name>"` blocks of one module folder, by `<type>.<name>`. */
async function moduleBlocks(dir: string, parser: HclParser): Promise<Map<string, SourcePosition>> {
  const out = new Map<string, SourcePosition>();
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.tf')).sort();
  } catch {
    return out;
  }
  for (const name of files) {
    const file = path.join(dir, name);
    const tree = parser.parse(await readFile(file, 'utf8'));
    const body = tree?.rootNode.namedChildren.find((c) => c?.type === 'body');
    for (const block of body?.namedChildren ?? []) {
      if (block?.type !== 'block') continue;
      const [keyword, type, resourceName] = block.namedChildren;
      if (keyword?.type !== 'identifier' || keyword.text !== 'resource') continue;
      const t = label(type ?? null);
      const n = label(resourceName ?? null);
      if (t === undefined || n === undefined) continue;
      out.set(`${t}.${n}`, { file, line: block.startPosition.row + 1, column: block.startPosition.column + 1 });
    }
  }
  return out;
}

/** Terraform's record of installed modules: key (`platform`, `platform.inner`) -> folder. */
async function installedModules(root: string): Promise<Map<string, string>> {
  try {
    const manifest = JSON.parse(await readFile(path.join(root, '.terraform', 'modules', 'modules.json'), 'utf8')) as { Modules?: Array<{ Key?: string; Dir?: string }> };
    return new Map((manifest.Modules ?? []).flatMap((m) => (m.Key && m.Dir ? [[m.Key, path.join(root, m.Dir)] as [string, string]] : [])));
  } catch {
    return new Map();
  }
}

/**
 * The `.tf` position of every resource block of the configuration, keyed by module path and resource
 * (`platform/azurerm_synapse_workspace.this`; root resources have no prefix).
 */
export async function resourceBlockPositions(root: string, configuration: Json | undefined): Promise<Map<string, SourcePosition>> {
  let parser: HclParser;
  try {
    parser = await hclParser();
  } catch (error) {
    throw new InputFileError(`cannot load the HCL parser: ${(error as Error).message}`, { file: root });
  }
  const installed = await installedModules(root);
  const out = new Map<string, SourcePosition>();
  const visit = async (dir: string, modulePath: string[], module: Json | undefined, depth: number): Promise<void> => {
    for (const [key, position] of await moduleBlocks(dir, parser)) out.set([...modulePath, key].join('/'), position);
    const calls = isObject(module) ? module['module_calls'] : undefined;
    if (!isObject(calls) || depth > 16) return;
    for (const [name, call] of Object.entries(calls)) {
      if (!isObject(call)) continue;
      const source = typeof call['source'] === 'string' ? call['source'] : '';
      const childPath = [...modulePath, name];
      const local = source.startsWith('./') || source.startsWith('../') ? path.join(dir, source) : undefined;
      const folder = local ?? installed.get(childPath.join('.'));
      if (folder) await visit(folder, childPath, call['module'], depth + 1);
    }
  };
  await visit(root, [], isObject(configuration) ? configuration['root_module'] : undefined, 0);
  return out;
}
