// The Bicep reader: a `.bicep` file is compiled with the Bicep CLI on PATH (`bicep build <file> --stdout`, else
// `az bicep build --file <file> --stdout`) and its ARM output read by the ARM reader. The compiler emits no source
// map, so positions are mapped back by declaration: each top-level resource of the output to its `resource` (or, for a
// nested deployment, its `module`) declaration in the .bicep file, by symbolic name where the output keeps it
// (languageVersion 2.0), else by type and order. A finding inside a module points at the module's declaration.
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { InputFileError, UsageError } from '../../errors.js';
import type { SourcePosition } from '../../spec/types.js';
import { entries, items, parseJsonDocument, property, readInputText, stringValue, type JsonDocument, type Node } from '../document.js';
import type { DeploymentContext } from '../expressions.js';
import { buildTemplateModel, type TemplateModel } from '../model.js';

const run = promisify(execFile);

export interface BicepReadOptions {
  context: DeploymentContext;
  parameters?: string;
  /** PATH to look for the CLI on (tests); default: the process's. */
  searchPath?: string;
}

interface BicepCli {
  command: string;
  args: (file: string) => string[];
  /** The command line, for messages. */
  display: (file: string) => string;
}

async function onPath(name: string, searchPath: string): Promise<string | undefined> {
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', '.bat', ''] : [''];
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Not here.
      }
    }
  }
  return undefined;
}

/** The Bicep CLI to compile with: `bicep` itself, else the Azure CLI's `az bicep`. */
export async function findBicepCli(searchPath = process.env['PATH'] ?? ''): Promise<BicepCli | undefined> {
  const bicep = await onPath('bicep', searchPath);
  if (bicep) return { command: bicep, args: (f) => ['build', f, '--stdout'], display: (f) => `bicep build ${f} --stdout` };
  const az = await onPath('az', searchPath);
  if (az) return { command: az, args: (f) => ['bicep', 'build', '--file', f, '--stdout'], display: (f) => `az bicep build --file ${f} --stdout` };
  return undefined;
}

/** A `resource` or `module` declaration of a .bicep file. */
interface Declaration {
  keyword: 'resource' | 'module';
  symbol: string;
  /** The type without its API version (`Microsoft.Synapse/workspaces`, or `bigDataPools` for a nested child). */
  type: string;
  existing: boolean;
  at: SourcePosition;
}

const DECLARATION = /^(\s*)(resource|module)\s+([A-Za-z_][A-Za-z0-9_]*)\s+'([^']*)'(.*)$/;

/** The declarations of a .bicep file, in order (a line scan: declarations start a line in Bicep). */
function declarations(text: string, file: string): Declaration[] {
  const out: Declaration[] = [];
  text.split('\n').forEach((line, i) => {
    const m = DECLARATION.exec(line);
    if (!m) return;
    out.push({
      keyword: m[2] as 'resource' | 'module',
      symbol: m[3]!,
      type: m[4]!.split('@')[0]!,
      existing: /\bexisting\b/.test(m[5]!),
      at: { file, line: i + 1, column: m[1]!.length + 1 },
    });
  });
  return out;
}

const sameType = (declared: string, compiled: string) =>
  declared.includes('.') ? declared.toLowerCase() === compiled.toLowerCase() : compiled.toLowerCase().endsWith(`/${declared.toLowerCase()}`);

/** Each top-level resource of the compiled template (offset range) with the declaration it comes from. */
function mapDeclarations(compiled: JsonDocument, decls: readonly Declaration[]): Array<{ start: number; end: number; at: SourcePosition }> {
  const list = property(compiled.root, 'resources');
  const top: Array<{ node: Node; symbol?: string }> = list?.type === 'object' ? entries(list).map(([symbol, node]) => ({ node, symbol })) : items(list).map((node) => ({ node }));
  const used = new Set<Declaration>();
  const out: Array<{ start: number; end: number; at: SourcePosition }> = [];
  for (const { node, symbol } of top) {
    const type = stringValue(property(node, 'type')) ?? '';
    const isModule = type.toLowerCase() === 'microsoft.resources/deployments';
    const decl =
      (symbol !== undefined ? decls.find((d) => d.symbol === symbol) : undefined) ??
      decls.find((d) => !used.has(d) && (isModule ? d.keyword === 'module' : d.keyword === 'resource' && !d.existing && sameType(d.type, type)));
    if (!decl) continue;
    used.add(decl);
    out.push({ start: node.offset, end: node.offset + node.length, at: decl.at });
  }
  return out;
}

/** Compiles a .bicep file and reads its output; positions point back into the .bicep file. */
export async function readBicep(file: string, options: BicepReadOptions): Promise<TemplateModel> {
  const source = await readInputText(file, 'Bicep file');
  const cli = await findBicepCli(options.searchPath);
  if (!cli) {
    throw new UsageError(
      `${file} is Bicep source, and compiling it needs a Bicep CLI: neither bicep nor az is on PATH. Install one (\`az bicep install\`), or compile it and check the output: \`az bicep build --file ${file} --outfile ${file.replace(/\.bicep$/i, '.json')}\` then \`synaml check-template ${file.replace(/\.bicep$/i, '.json')}\``,
    );
  }
  let stdout: string;
  try {
    ({ stdout } = await run(cli.command, cli.args(file), { maxBuffer: 256 * 1024 * 1024, timeout: 300_000, encoding: 'utf8' }));
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    const detail = (e.stderr ?? e.message).trim().split('\n').slice(0, 5).join('; ');
    throw new InputFileError(`\`${cli.display(file)}\` failed: ${detail}`, { file });
  }
  const compiled = parseJsonDocument(stdout, `${file} (compiled)`, `the output of \`${cli.display(file)}\``);
  const ranges = mapDeclarations(compiled, declarations(source, file));
  const start: SourcePosition = { file, line: 1, column: 1 };
  const mapped: JsonDocument = {
    ...compiled,
    file,
    position: (offset) => ranges.find((r) => offset >= r.start && offset < r.end)?.at ?? start,
  };
  if (options.parameters !== undefined && /\.bicepparam$/i.test(options.parameters)) {
    throw new UsageError('--parameters takes a JSON parameters file (deploymentParameters.json); build a .bicepparam file with `bicep build-params` first');
  }
  const parameters = options.parameters !== undefined ? parseJsonDocument(await readInputText(options.parameters, 'parameters file'), options.parameters, 'the parameters file') : undefined;
  return { ...buildTemplateModel(mapped, parameters, options.context), kind: 'bicep', anchor: start };
}
