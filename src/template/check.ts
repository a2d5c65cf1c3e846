// `synaml check-template`: the audit's rules over a deployment template instead of a deployed estate. Without a spec
// the integrations come from the template itself (one per Synapse workspace and AML workspace its AzureMLService
// linked services point at); with `--spec` the spec's integrations are matched to the template's workspaces by name
// and SA016/SA100 compare the declarations with the template. Findings point at the template's line and column.
import { lastSegment, parseArmId } from '../azure/ids.js';
import { evaluateRules } from '../engine/evaluate.js';
import { unknown } from '../engine/outcomes.js';
import { buildAuditResult } from '../engine/result.js';
import type { AuditResult, ResultEntry, Rule } from '../engine/types.js';
import { InputFileError, SpecInvalidError, UsageError } from '../errors.js';
import { kebabName, uniqueName } from '../spec/integration-name.js';
import { loadSpecFile } from '../spec/load.js';
import type { IntegrationSpec, LoadedSpec, SourcePosition, SpecDiagnostic, SpecPath } from '../spec/types.js';
import type { Estate } from '../estate/model.js';
import { loadSnapshotEstate } from '../index.js';
import { AfterDeploymentEstate } from './after-deployment.js';
import { isAmlLinkedService, NO_AML_LINKED_SERVICE, NOT_IN_TEMPLATE, TemplateEstate, templateBaseEstate, typeProperty, UNRESOLVED_EXPRESSION } from './estate.js';
import type { DeploymentContext, Json } from './expressions.js';
import { readTemplateInput } from './input.js';
import { locateInTemplate } from './locate.js';
import { childName, type InputKind, type SynapseKind, type TemplateModel, type TemplateResource, type TemplateWorkspace, type UnresolvedAt } from './model.js';
import { factsFor, SPEC_TEMPLATE_RULES, TEMPLATE_RULES, viewFor } from './plan.js';

export interface CheckTemplateInput {
  /** The rule registry. */
  rules: readonly Rule[];
  /** The audit date (SA013, waivers). */
  now: Date;
  auditedAt?: Date;
  /** A parameters file (deploymentParameters.json, or Synapse's TemplateParametersForWorkspace.json). */
  parameters?: string;
  /** A spec: its integrations are checked against the template, and SA016/SA100 compare it with the template. */
  spec?: string;
  /** The deployment's subscription and resource group, when known: `subscription()`, `resourceGroup()`, `resourceId()`. */
  context?: DeploymentContext;
  /** The input kind (`--input`); detected when not given. */
  kind?: InputKind;
  /** Terraform: the configuration folder (`--terraform-dir`). */
  terraformDir?: string;
  /** Synapse Git: the workspace the folder is connected to (`--workspace`). */
  workspaceName?: string;
  /** Plan + live: a snapshot of the deployed estate, for what the input does not deploy. */
  snapshot?: string;
}

const NOTHING_TO_CHECK: Readonly<Record<InputKind, string>> = {
  arm: 'the template deploys no Synapse workspace and nothing into one (Microsoft.Synapse/workspaces, or its linkedServices, integrationRuntimes, bigDataPools or managedVirtualNetworks/managedPrivateEndpoints): nothing to check',
  bicep: 'the Bicep file deploys no Synapse workspace and nothing into one (Microsoft.Synapse/workspaces or its child resources): nothing to check',
  terraform:
    'the Terraform plan creates or keeps no Synapse resource (azurerm_synapse_workspace, _spark_pool, _linked_service, _integration_runtime_self_hosted / _azure, _managed_private_endpoint, or an azapi_resource of a Microsoft.Synapse type): nothing to check',
  'synapse-git': 'the folder has no Synapse artifact check-template reads (linkedService/, integrationRuntime/, managedVirtualNetwork/default/managedPrivateEndpoint/): nothing to check',
};

/** One integration to check, and the template workspace it is about. */
interface Target {
  integration: IntegrationSpec;
  ws: TemplateWorkspace;
  /** The spec position of a path inside the integration (with --spec). */
  specLocate?: (path: SpecPath) => SourcePosition;
  /** Without --spec: the AzureMLService linked services (lower-case names) this integration is made of. */
  linkedServices?: ReadonlySet<string>;
}

function str(value: Json | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The parts of an AzureMLService linked service that name its AML workspace. */
const TARGET_PARTS = ['subscriptionId', 'resourceGroupName', 'mlWorkspaceName'] as const;

/**
 * The AML workspace an AzureMLService linked service points at, or the first of its parts that cannot be resolved
 * (then the workspace is not known, and nothing is made up from the expression's text).
 */
function targetOf(ls: TemplateResource): { id: string; name: string } | { unresolved: UnresolvedAt; part: string } {
  const parts: string[] = [];
  for (const key of TARGET_PARTS) {
    const read = ls.read(typeProperty(key));
    const u = read.unresolved[0];
    if (u) return { unresolved: u, part: key };
    parts.push(str(read.value) ?? `{${key}}`);
  }
  const [sub, rg, name] = parts as [string, string, string];
  return { id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.MachineLearningServices/workspaces/${name}`, name };
}

/** A group of AzureMLService linked services that make up one integration of a template. */
interface LinkedServiceGroup {
  /** The AML workspace's ID, or words saying why it is not known. */
  amlWorkspaceId: string;
  /** What names the integration beside the Synapse workspace: the AML workspace, or the linked service when that is not known. */
  label: string;
  linkedServices: TemplateResource[];
}

/**
 * Integrations described by the template alone: one per workspace and AML workspace its linked services point at. A
 * linked service whose AML workspace cannot be resolved is an integration of its own, named after the linked service
 * (never after the expression), with a warning at the expression: the rules that do not need the AML workspace
 * (its runtime, its key, its client ID) still judge it.
 */
function integrationsFromTemplate(model: TemplateModel, diagnostics: SpecDiagnostic[]): Target[] {
  const taken = new Set<string>();
  const targets: Target[] = [];
  for (const ws of model.workspaces) {
    const base = ws.nameUnresolved ? 'workspace' : ws.name;
    const groups = new Map<string, LinkedServiceGroup>();
    for (const ls of ws.linkedServices.filter(isAmlLinkedService)) {
      const target = targetOf(ls);
      if ('unresolved' in target) {
        const name = childName(ls);
        const where = `${target.unresolved.at.file}:${target.unresolved.at.line}:${target.unresolved.at.column}`;
        diagnostics.push(
          warning(
            target.unresolved.at,
            'unresolved-aml-workspace',
            `linked service ${name}: its AML workspace is not known (${target.part} ${target.unresolved.expression} cannot be resolved: ${target.unresolved.reason}); ` +
              'it is checked on its own for what does not depend on the AML workspace (its integration runtime, service principal ID and key)',
          ),
        );
        groups.set(`\u0000${name.toLowerCase()}`, { amlWorkspaceId: `(not resolved: ${target.part} of linked service ${name}, ${target.unresolved.expression} at ${where})`, label: name, linkedServices: [ls] });
        continue;
      }
      const group = groups.get(target.id.toLowerCase()) ?? { amlWorkspaceId: target.id, label: target.name, linkedServices: [] };
      group.linkedServices.push(ls);
      groups.set(target.id.toLowerCase(), group);
    }
    const synapse = { workspaceId: ws.id };
    if (groups.size === 0) {
      targets.push({ ws, linkedServices: new Set(), integration: { name: uniqueName(base, taken), synapse, machineLearning: { workspaceId: NO_AML_LINKED_SERVICE } } });
      continue;
    }
    for (const group of groups.values()) {
      const ls = group.linkedServices[0]!;
      const auth = str(ls.read(typeProperty('authentication')).value);
      const servicePrincipal = auth?.toLowerCase() !== 'msi' && ls.read(typeProperty('servicePrincipalId')).found;
      targets.push({
        ws,
        linkedServices: new Set(group.linkedServices.map((l) => childName(l).toLowerCase())),
        integration: {
          name: uniqueName(groups.size > 1 ? `${kebabName(base)}-${kebabName(group.label)}` : base, taken),
          synapse,
          machineLearning: { workspaceId: group.amlWorkspaceId },
          linkedService: { name: childName(ls), authentication: servicePrincipal ? 'servicePrincipal' : 'managedIdentity' },
        },
      });
    }
  }
  return targets;
}

function warning(at: SourcePosition, code: string, message: string): SpecDiagnostic {
  return { file: at.file, line: at.line, column: at.column, severity: 'warning', code, message };
}

function positionOfScope(scope: string): SourcePosition | undefined {
  const m = /^(.*):(\d+):(\d+)$/.exec(scope);
  return m ? { file: m[1]!, line: Number(m[2]), column: Number(m[3]) } : undefined;
}

/** The spec's integrations matched to the template's workspaces by name; the others are reported and not checked. */
function matchSpec(model: TemplateModel, loaded: LoadedSpec, diagnostics: SpecDiagnostic[]): Target[] {
  const targets: Target[] = [];
  loaded.spec.integrations.forEach((integration, index) => {
    const name = lastSegment(integration.synapse.workspaceId).toLowerCase();
    const ws = model.workspaces.find((w) => !w.nameUnresolved && w.key === name);
    const specLocate = (path: SpecPath) => loaded.locate(['integrations', index, ...path]);
    if (!ws) {
      diagnostics.push(warning(specLocate(['synapse', 'workspaceId']), 'not-in-template', `integration ${integration.name} is not checked: the template deploys nothing to Synapse workspace ${lastSegment(integration.synapse.workspaceId)}`));
      return;
    }
    targets.push({ integration, ws, specLocate });
  });
  if (targets.length === 0) {
    const inTemplate = model.workspaces.map((w) => (w.nameUnresolved ? `${w.nameUnresolved.expression} (not resolved: ${w.nameUnresolved.reason})` : w.name));
    throw new UsageError(
      `no integration in ${loaded.file} is about a Synapse workspace the template deploys to (template: ${inTemplate.join(', ')}; spec: ${loaded.spec.integrations.map((i) => lastSegment(i.synapse.workspaceId)).join(', ')})`,
    );
  }
  return targets;
}

const ID_SEGMENT: Readonly<Record<SynapseKind, string>> = {
  workspace: 'workspaces',
  linkedService: 'linkedservices',
  integrationRuntime: 'integrationruntimes',
  bigDataPool: 'bigdatapools',
  managedVirtualNetwork: 'managedvirtualnetworks',
  managedPrivateEndpoint: 'managedprivateendpoints',
  amlCompute: 'computes',
};

/**
 * Names, in each message, the input's own name for the resource a finding is about (a Terraform resource address),
 * so a reader of a plan's findings knows which `resource` block to change.
 */
function nameSources(entries: ResultEntry[], model: TemplateModel): void {
  const byKey = new Map<string, TemplateResource>();
  const key = (workspace: string, segment: string, name: string) => `${workspace}/${segment}/${name}`.toLowerCase();
  for (const ws of model.workspaces) {
    for (const r of [...(ws.resource ? [ws.resource] : []), ...ws.linkedServices, ...ws.integrationRuntimes, ...ws.bigDataPools, ...ws.managedPrivateEndpoints]) {
      if (r.source !== undefined || r.declaredAt !== undefined) byKey.set(key(ws.name, ID_SEGMENT[r.kind], childName(r)), r);
    }
  }
  for (const c of model.amlComputes) {
    if (c.source !== undefined || c.declaredAt !== undefined) byKey.set(key(c.names[0] ?? '', ID_SEGMENT.amlCompute, childName(c)), c);
  }
  if (byKey.size === 0) return;
  for (const e of entries) {
    // An unresolved value's entry already names where it comes from, and points there.
    if (e.reason?.code === UNRESOLVED_EXPRESSION) continue;
    const parsed = e.resourceId === undefined ? undefined : parseArmId(e.resourceId);
    const segment = parsed?.type?.split('/').pop();
    if (!parsed || segment === undefined || parsed.names.length === 0) continue;
    const r = byKey.get(key(parsed.names[0]!, segment, parsed.names[parsed.names.length - 1]!));
    if (r?.source !== undefined && !e.message.includes(r.source)) e.message = `${e.message} [${r.source}]`;
    if (r?.declaredAt) e.relatedLocations = [r.declaredAt];
  }
}

/** Gives each input workspace the ID of the deployed workspace of the same name, when the input leaves it open. */
function bindToDeployed(model: TemplateModel, live: Estate): void {
  const deployed = live.allSynapseWorkspaces();
  for (const ws of model.workspaces) {
    const match = deployed.find((w) => w.name.toLowerCase() === ws.key);
    if (!match || !ws.id.includes('{')) continue;
    ws.id = match.id;
    ws.context = { subscriptionId: match.subscriptionId, resourceGroup: match.resourceGroup };
  }
}

/**
 * The rule with only its estate checks (the spec's own checks are `synaml validate`'s), followed by an `unknown` for
 * each linked service or pool its view left out because a fact it reads is unresolved (`RuleFacts.perItem`).
 */
function estateOnly(rule: Rule, estate: TemplateEstate, deployedBehind = false): Rule {
  const { checkEstate } = rule;
  if (!checkEstate) return { meta: rule.meta };
  return {
    meta: rule.meta,
    checkEstate: (ctx) => {
      const checks = checkEstate(ctx);
      // With the deployed estate behind the view, what is not in the template is read from it: not withheld.
      const withheld = estate.withheldItems().filter((w) => !(deployedBehind && w.error.code === NOT_IN_TEMPLATE));
      if (withheld.length === 0) return checks;
      // What the rule said about a withheld resource rests on a list without it (e.g. "runtime not found"): replaced.
      const ids = new Set(withheld.map((w) => w.resourceId.toLowerCase()));
      const kept = checks.filter((c) => c.resourceId === undefined || !ids.has(c.resourceId.toLowerCase()));
      return [...kept, ...withheld.map((w) => unknown(w.error, w.what, { resourceId: w.resourceId }))];
    },
  };
}

/** Runs the template-answerable rules over a template. Throws InputFileError / SpecInvalidError / UsageError (exit 2). */
export async function runTemplateCheck(templateFile: string, input: CheckTemplateInput): Promise<AuditResult> {
  const context = input.context ?? {};
  const model = await readTemplateInput(templateFile, {
    context,
    ...(input.kind !== undefined && { kind: input.kind }),
    ...(input.terraformDir !== undefined && { terraformDir: input.terraformDir }),
    ...(input.workspaceName !== undefined && { workspaceName: input.workspaceName }),
    ...(input.parameters !== undefined && { parameters: input.parameters }),
  });
  if (model.workspaces.length === 0) throw new InputFileError(NOTHING_TO_CHECK[model.kind], model.anchor);
  const diagnostics: SpecDiagnostic[] = model.notes.map((n) => warning(n.at, n.code, n.message));

  // Plan + live: the deployed estate answers what the input does not deploy; the input's workspaces take its IDs.
  const live = input.snapshot !== undefined ? (await loadSnapshotEstate(input.snapshot)).estate : undefined;
  if (live) bindToDeployed(model, live);

  let loaded: LoadedSpec | undefined;
  let targets: Target[];
  if (input.spec !== undefined) {
    const outcome = await loadSpecFile(input.spec, { knownRuleIds: input.rules.map((r) => r.meta.id), now: input.now });
    if (!outcome.ok || outcome.diagnostics.some((d) => d.severity === 'error')) throw new SpecInvalidError(input.spec, outcome.diagnostics);
    loaded = outcome.loaded;
    diagnostics.push(...outcome.diagnostics);
    const only = loaded.spec.integrations.length === 1 ? loaded.spec.integrations[0] : undefined;
    if (model.kind === 'synapse-git' && input.workspaceName === undefined && only) {
      // A Git folder does not name its workspace: a spec of one integration does.
      for (const ws of model.workspaces) {
        ws.name = lastSegment(only.synapse.workspaceId);
        ws.key = ws.name.toLowerCase();
        ws.id = ws.id.replace(/[^/]*$/, ws.name);
      }
    }
    targets = matchSpec(model, loaded, diagnostics);
  } else {
    targets = integrationsFromTemplate(model, diagnostics);
  }

  // A template that leaves its subscription and resource group to the deployment is audited under the spec's IDs.
  const bound = new Map<string, string>();
  for (const t of targets) if (t.ws.id.includes('{') && !bound.has(t.ws.key)) bound.set(t.ws.key, t.integration.synapse.workspaceId);
  const idOf = (ws: TemplateWorkspace) => (loaded ? (bound.get(ws.key) ?? ws.id) : ws.id);
  const base = templateBaseEstate(model, idOf);

  const ids = new Set<string>([...TEMPLATE_RULES, ...(loaded ? SPEC_TEMPLATE_RULES : [])]);
  // With the deployed estate, every rule has what it reads: the audit's rules (the spec-only ones with --spec).
  const selected = input.rules.filter((r) => (live ? r.checkEstate !== undefined && (loaded !== undefined || !SPEC_TEMPLATE_RULES.includes(r.meta.id as never)) : ids.has(r.meta.id)));
  const entries: ResultEntry[] = [];
  for (const target of targets) {
    for (const rule of selected) {
      const ruleId = rule.meta.id;
      const amlName = lastSegment(target.integration.machineLearning.workspaceId).toLowerCase();
      const computes = model.amlComputes.filter((c) => c.names[0]?.toLowerCase() === amlName);
      // With the deployed estate nothing the spec declares is left out: the estate answers what the input lacks.
      const view = viewFor(ruleId, target.integration, target.ws, loaded !== undefined && !live, computes);
      for (const o of view.omitted) diagnostics.push(warning(target.specLocate?.(o.path) ?? target.ws.anchor, 'not-in-template', o.message));
      const guarded = new TemplateEstate(model, base, idOf, factsFor(ruleId, view.integration), view.integration, target.linkedServices);
      const estate = live ? new AfterDeploymentEstate(model, guarded, base, live) : guarded;
      const ruleLoaded: LoadedSpec = {
        file: loaded?.file ?? templateFile,
        spec: { version: 1, integrations: [view.integration], ...(loaded?.spec.waivers && { waivers: loaded.spec.waivers }) },
        locate: (path) => {
          const inside = path.slice(2);
          return locateInTemplate(ruleId, inside, view.integration, target.ws, computes) ?? target.specLocate?.(inside) ?? target.ws.anchor;
        },
      };
      entries.push(...evaluateRules({ loaded: ruleLoaded, rules: [estateOnly(rule, guarded, live !== undefined)], estate, now: input.now, mode: 'audit' }));
    }
  }

  // What the template cannot say is left out and reported; an unresolved expression points at itself.
  const seen = new Set<string>();
  const kept = entries.filter((e) => {
    if (e.outcome !== 'unknown' || !e.reason) return true;
    if (e.reason.code === NOT_IN_TEMPLATE) {
      const key = `${e.ruleId}\u0000${e.integration}\u0000${e.reason.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        const at = e.location ?? model.anchor;
        diagnostics.push(warning(at, 'not-in-template', `${e.ruleId} (${e.ruleName}) is not evaluated for integration ${e.integration}: ${e.reason.message}; \`synaml audit\` checks it against the deployed estate`));
      }
      return false;
    }
    if (e.reason.code === UNRESOLVED_EXPRESSION) {
      const at = positionOfScope(e.reason.scope);
      if (at) e.location = at;
    }
    return true;
  });
  nameSources(kept, model);
  diagnostics.sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1));

  return buildAuditResult({
    spec: loaded?.file ?? templateFile,
    entries: kept,
    auditedAt: input.auditedAt ?? input.now,
    source: { kind: 'template', file: templateFile },
    diagnostics,
  });
}
