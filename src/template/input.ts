// Which kind of input check-template was given, and the reader for each kind. Every reader returns the one
// TemplateModel the rules are checked against; adding an input kind means adding its reader here.
import { stat } from 'node:fs/promises';
import { InputFileError, UsageError } from '../errors.js';
import { readHead } from '../input-file.js';
import { parseJsonDocument, readInputText } from './document.js';
import type { DeploymentContext } from './expressions.js';
import { buildTemplateModel, type InputKind, type TemplateModel } from './model.js';
import { looksLikeTerraformPlan } from './terraform/plan-file.js';

export const INPUT_KINDS: readonly InputKind[] = ['arm', 'bicep', 'terraform', 'synapse-git'];

export interface ReadInputOptions {
  /** `--input`: the kind, when not detected. */
  kind?: InputKind;
  /** ARM: a parameters file. */
  parameters?: string;
  /** Terraform: the configuration folder, for the `.tf` location of each resource. */
  terraformDir?: string;
  /** Synapse Git: the workspace the folder is connected to. */
  workspaceName?: string;
  context: DeploymentContext;
}

/** Detects the input kind: a folder is a Synapse Git folder, `.bicep` is Bicep, a plan's JSON is Terraform, else ARM. */
export async function detectInputKind(path: string): Promise<InputKind> {
  let isDirectory = false;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputFileError(`cannot read the template: ${code === 'ENOENT' ? 'no such file or folder' : (error as Error).message}`, { file: path });
  }
  if (isDirectory) return 'synapse-git';
  if (/\.bicep$/i.test(path)) return 'bicep';
  try {
    if (looksLikeTerraformPlan(await readHead(path))) return 'terraform';
  } catch {
    // Unreadable: the ARM reader reports it.
  }
  return 'arm';
}

export function parseInputKind(value: string): InputKind {
  const kind = INPUT_KINDS.find((k) => k === value.trim().toLowerCase());
  if (!kind) throw new UsageError(`--input must be one of ${INPUT_KINDS.join(', ')}, got "${value}"`);
  return kind;
}

/** Reads the input with the reader of its kind. Throws InputFileError (exit 2) for input that is not of that kind. */
export async function readTemplateInput(path: string, options: ReadInputOptions): Promise<TemplateModel> {
  const kind = options.kind ?? (await detectInputKind(path));
  if (options.parameters !== undefined && kind !== 'arm' && kind !== 'bicep') {
    throw new UsageError(`--parameters is for ARM templates and Bicep; ${path} is read as ${kind}`);
  }
  if (options.terraformDir !== undefined && kind !== 'terraform') throw new UsageError(`--terraform-dir is for Terraform plans; ${path} is read as ${kind}`);
  if (options.workspaceName !== undefined && kind !== 'synapse-git') throw new UsageError(`--workspace is for Synapse Git folders; ${path} is read as ${kind}`);
  switch (kind) {
    case 'terraform': {
      const { readTerraformPlan } = await import('./terraform/read.js');
      return readTerraformPlan(path, { context: options.context, ...(options.terraformDir !== undefined && { terraformDir: options.terraformDir }) });
    }
    case 'bicep': {
      const { readBicep } = await import('./bicep/read.js');
      return readBicep(path, { context: options.context, ...(options.parameters !== undefined && { parameters: options.parameters }) });
    }
    case 'synapse-git': {
      const { readSynapseGitFolder } = await import('./synapse-git/read.js');
      const isDir = await stat(path).then((s) => s.isDirectory(), () => false);
      if (!isDir) throw new InputFileError('a Synapse Git input is the folder of the collaboration branch (the one holding linkedService/, integrationRuntime/, ...)', { file: path });
      return readSynapseGitFolder(path, { context: options.context, ...(options.workspaceName !== undefined && { workspaceName: options.workspaceName }) });
    }
    case 'arm':
    default: {
      const doc = parseJsonDocument(await readInputText(path, 'template'), path, 'the template');
      const parameters = options.parameters !== undefined ? parseJsonDocument(await readInputText(options.parameters, 'parameters file'), options.parameters, 'the parameters file') : undefined;
      return buildTemplateModel(doc, parameters, options.context);
    }
  }
}
