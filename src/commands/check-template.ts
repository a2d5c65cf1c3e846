// The `synaml check-template` command: the audit's rules over a deployment template, before it is deployed.
// Registered by cli.ts; the template reader and evaluator load only when the command runs.
import { Option, type Command } from 'commander';
import { isGuid } from '../azure/ids.js';
import type { AuditResult } from '../engine/types.js';
import { UsageError } from '../errors.js';
import { type ExitCode, exitCodeForResults, type FailOn } from '../exit-codes.js';
import { checkTemplate, type CheckTemplateOptions, loadRules } from '../index.js';
import type { FormatName, ReporterOptions } from '../reporters/index.js';
import type { SpecDiagnostic } from '../spec/types.js';
import { liveOptions, type LiveOptions, liveSource } from './live.js';

/** The output options every reporting command shares (cli.ts's `outputOptions`). */
export interface OutputCommandOptions {
  format?: string;
  outputDir?: string;
  failOn: FailOn;
  now?: string;
  verbose?: boolean;
  quiet?: boolean;
  all?: boolean;
  /** false with `--no-color`. */
  color?: boolean;
}

/** What cli.ts lends a reporting command, so every command writes reports, dates and diagnostics the same way. */
export interface ReportingKit {
  setExit(code: ExitCode): void;
  helpAfter(examples: string[]): string;
  outputOptions(command: Command, formats: string): Command;
  resolveFormats(options: OutputCommandOptions): FormatName[];
  resolveNow(options: OutputCommandOptions): Date;
  emitReports(result: AuditResult, formats: readonly FormatName[], options: OutputCommandOptions, extra?: ReporterOptions): Promise<void>;
  printDiagnostics(diagnostics: readonly SpecDiagnostic[], quiet: boolean | undefined): void;
  /**
   * Merges the configuration file found from `near` under the command line's options, and returns what keeps the
   * result to the selected rules at their configured severities.
   */
  configure(near: string, options: OutputCommandOptions, command: Command): Promise<(result: AuditResult) => AuditResult>;
}

interface CheckTemplateCommandOptions extends OutputCommandOptions, LiveOptions {
  live?: boolean;
  parameters?: string;
  spec?: string;
  subscriptionId?: string;
  resourceGroup?: string;
  input?: string;
  terraformDir?: string;
  workspace?: string;
  snapshot?: string;
}

async function runCheckTemplate(template: string, options: CheckTemplateCommandOptions, kit: ReportingKit, command: Command): Promise<ExitCode> {
  const select = await kit.configure(options.spec ?? template, options, command);
  if (options.subscriptionId !== undefined && !isGuid(options.subscriptionId.trim())) {
    throw new UsageError(`--subscription-id must be a subscription ID (a GUID), got "${options.subscriptionId}"`);
  }
  const deployed = await liveReading(template, options);
  const now = kit.resolveNow(options);
  const formats = kit.resolveFormats(options);
  const rules = await loadRules();
  const checked = await checkTemplate(template, {
    rules,
    now,
    auditedAt: options.now === undefined ? new Date() : now,
    ...(options.parameters !== undefined && { parameters: options.parameters }),
    ...(options.spec !== undefined && { spec: options.spec }),
    ...(options.subscriptionId !== undefined && { subscriptionId: options.subscriptionId.trim() }),
    ...(options.resourceGroup !== undefined && { resourceGroup: options.resourceGroup.trim() }),
    // commander's choices() has checked the value.
    ...(options.input !== undefined && { input: options.input as NonNullable<CheckTemplateOptions['input']> }),
    ...(options.terraformDir !== undefined && { terraformDir: options.terraformDir }),
    ...(options.workspace !== undefined && { workspaceName: options.workspace }),
    ...(options.snapshot !== undefined && { snapshot: options.snapshot }),
    ...(deployed !== undefined && { deployed }),
  });
  const result = select(checked);
  kit.printDiagnostics(result.diagnostics ?? [], options.quiet);
  await kit.emitReports(result, formats, options, { rules: rules.map((r) => r.meta), srcRoot: process.cwd() });
  return exitCodeForResults(result.results, options.failOn);
}

/** The live options given without --live: they would be ignored, so they are refused. */
function liveOptionsGiven(options: CheckTemplateCommandOptions): string[] {
  const given: Array<[boolean, string]> = [
    [options.subscription !== undefined, '--subscription'],
    [options.tenant !== undefined, '--tenant'],
    [options.cloud !== undefined && options.cloud !== 'public', '--cloud'],
    [options.armEndpoint !== undefined, '--arm-endpoint'],
    [options.concurrency !== undefined, '--concurrency'],
    [options.timeout !== undefined, '--timeout'],
    [options.preflight === true, '--preflight'],
  ];
  return given.filter(([on]) => on).map(([, flag]) => flag);
}

/** Plan + live, read live: only with --live (offline otherwise), through the live collectors `audit` uses. */
async function liveReading(template: string, options: CheckTemplateCommandOptions) {
  if (options.live !== true) {
    const given = liveOptionsGiven(options);
    if (given.length > 0) throw new UsageError(`${given.join(', ')} ${given.length === 1 ? 'is a' : 'are'} live option${given.length === 1 ? '' : 's'}: add --live to read the deployed estate from Azure (check-template is offline without it)`);
    return undefined;
  }
  if (options.snapshot !== undefined) throw new UsageError('--live and --snapshot both say where the deployed estate comes from: give one');
  return liveSource(options.spec ?? template, options);
}

/** Help text: what the command reads and which rules it evaluates (kept in step with src/template/plan.ts). */
export const CHECK_TEMPLATE_HELP = `
Input kinds (detected, or --input): an ARM template; a .bicep file (compiled with \`bicep build --stdout\` or
\`az bicep build\` on PATH; findings at the resource or module declaration); a Terraform plan as JSON
(\`terraform show -json tfplan\`: azurerm_synapse_* resources and azapi_resource bodies; with plan + live also
azurerm_role_assignment, azurerm_machine_learning_workspace and azurerm_private_endpoint; a value known only after
apply is followed through the configuration's references, else unknown; findings name the resource address, and
with --terraform-dir also the .tf resource block); a Synapse Git folder (linkedService/, integrationRuntime/,
managedVirtualNetwork/default/managedPrivateEndpoint/; findings in the artifact file; --workspace names the workspace).

What it reads: the Synapse resources of an ARM deployment template — Synapse Studio's TemplateForWorkspace.json
(workspace_publish branch), a hand-written ARM template, or Bicep compiled to JSON (az bicep build):
  Microsoft.Synapse/workspaces                 managedVirtualNetwork, managedVirtualNetworkSettings.preventDataExfiltration
  .../linkedServices (type AzureMLService)     authentication, servicePrincipalId, servicePrincipalKey, tenant, connectVia
  .../integrationRuntimes                      Managed or SelfHosted
  .../bigDataPools                             sparkVersion
  .../managedVirtualNetworks/managedPrivateEndpoints   privateLinkResourceId, groupId
Nested child resources, conditions, and Bicep modules (nested deployments with inline templates) are followed.

Rules evaluated (same IDs and outcomes as audit):
  SA001  the workspace resource's preventDataExfiltration (when the template deploys the workspace itself)
  SA002  each AzureMLService linked service's connectVia, and the type of the runtime it names
  SA003  each Spark pool's sparkVersion (with --spec, the pool's declared mlflowTracking)
  SA013  each Spark pool's sparkVersion on --now
  SA014  the service principal key: SecureString (inline) fails, AzureKeyVaultSecret passes
  SA015  the servicePrincipalId is a GUID
  SA016  with --spec: the declared pools, linked service and managed private endpoint are in the template
  SA100  with --spec: declared workspace settings, pool runtimes and linked service properties match the template
With --snapshot, or --live (plan + live), what the input does not deploy is read from the deployed estate and every
rule is evaluated on the estate as it will be after the deployment. --live reads it from Azure, read-only, as
\`synaml audit\` does (--subscription, --tenant, --cloud, --arm-endpoint, --concurrency, --timeout, --preflight; tokens
from SYNAML_ARM_TOKEN / SYNAML_SYNAPSE_TOKEN, else DefaultAzureCredential): the Synapse and AML workspaces of the
integrations checked, by resource ID (a template that leaves its subscription or resource group to the deployment
needs --subscription-id and --resource-group, or --spec). A read that fails makes only the rules that need it unknown
(exit 3). Without --snapshot or --live, check-template reads nothing from Azure, and these are not evaluated (a template cannot
answer them; \`synaml audit\` does): role assignments (SA004-SA007, SA101, SA102),
approval of private endpoints (SA008, SA009), the AML workspace and its dependencies (SA010-SA012). Anything a rule
needs that the template does not contain is listed as a not-in-template warning, never reported as a pass.

Expressions: parameters() (from --parameters, else the parameter's defaultValue), variables(), concat(), format(),
resourceId(), subscriptionResourceId(), subscription() and resourceGroup() (with --subscription-id/--resource-group),
toLower(), toUpper(), string(), replace(), trim(), if(), equals(), not(), and(), or(), empty(), coalesce(),
createObject(), createArray(), tryGet(), bool(), int(), length(), split(), first(), last(), contains(), and
string literals ('' escapes a quote, [[ a leading bracket). A value that depends on anything else (reference(),
uniqueString(), a parameter without a value, a copy loop) is unresolved: the rules that need it are unknown (exit 3),
naming the expression and its line:column.
`;

/** Adds `synaml check-template` to the program. */
export function registerCheckTemplateCommand(program: Command, kit: ReportingKit, formats: string): void {
  kit
    .outputOptions(
      liveOptions(
        program
        .command('check-template')
        .description('check a deployment template before it is deployed: the rules a template can answer, located in the template')
        .argument('<template>', 'what is about to be deployed: an ARM template (TemplateForWorkspace.json, azuredeploy.json, compiled Bicep), a .bicep file, a Terraform plan (terraform show -json), or a Synapse Git folder')
        .addOption(new Option('--input <kind>', 'the input kind, when not detected').choices(['arm', 'bicep', 'terraform', 'synapse-git']))
        .option('--terraform-dir <dir>', 'Terraform: the configuration folder, so findings also point at the .tf file and line of each resource block')
        .option('--live', 'plan + live: read what the input does not deploy from Azure (read-only, the live options below, as audit); without it nothing is read from Azure')
        .option('--snapshot <file>', 'plan + live: a snapshot of the deployed estate (synaml snapshot); what the input does not deploy is read from it, so every rule is evaluated on the estate as it will be after the deployment')
        .option('--workspace <name>', 'Synapse Git folder: the workspace it is connected to (default: the spec\'s only integration\'s, else the folder\'s name)')
        .option('--parameters <file>', 'parameters file: TemplateParametersForWorkspace.json or a deploymentParameters.json')
        .option('--spec <file>', 'spec to check the template against: its integrations are matched by workspace name (adds SA016, SA100)')
        .addOption(new Option('--subscription-id <id>', 'the deployment\'s subscription, for subscription() and resourceId()'))
        .addOption(new Option('--resource-group <name>', 'the deployment\'s resource group, for resourceGroup() and resourceId()'))
        .option('--output-dir <dir>', 'write one report file per format instead of stdout'),
      ),
      formats,
    )
    .addHelpText(
      'after',
      kit.helpAfter([
        'synaml check-template syn-prod/TemplateForWorkspace.json          # in a checkout of the workspace_publish branch',
        'synaml check-template TemplateForWorkspace.json --parameters TemplateParametersForWorkspace.json --spec synaml.yaml',
        'synaml check-template azuredeploy.json --parameters azuredeploy.parameters.json --subscription-id <id> --resource-group <rg>',
        'synaml check-template main.json --format sarif,markdown,json --output-dir synaml-reports   # CI gate',
        'terraform show -json tfplan > tfplan.json && synaml check-template tfplan.json --terraform-dir .',
        'synaml check-template synapse/ --workspace syn-prod   # a Synapse Git folder',
        'synaml check-template infra/main.bicep   # needs bicep or az on PATH',
      ]) + CHECK_TEMPLATE_HELP,
    )
    .action(async (template: string, options: CheckTemplateCommandOptions, command: Command) => kit.setExit(await runCheckTemplate(template, options, kit, command)));
}
