// synaml's programmatic API: what the CLI calls (load spec → evaluate rules → AuditResult), usable from scripts.
// Nothing Azure-related is imported at the top: `validate` must start fast, so estate loading is imported lazily.
import { startOfUtcDay } from './dates.js';
import { evaluateRules } from './engine/evaluate.js';
import { buildAuditResult } from './engine/result.js';
import type { AuditResult } from './engine/types.js';
import { SpecInvalidError } from './errors.js';
import type { Estate } from './estate/model.js';
import type { Snapshot } from './estate/snapshot.js';
import type { InitDraft, InitOptions } from './init/from-snapshot.js';
import type { LoadedSpec } from './spec/types.js';
import { asInputFileError, type CommonOptions, loadRules, loadSpec } from './validation.js';

// Validation (loadRules, parseAuditDate, validateSpec) lives in validation.ts, so `validate` can import it without
// this module's other exports (every reporter, baselines, diffs).
export { loadRules, parseAuditDate, validateSpec, type CommonOptions, type SpecValidation } from './validation.js';
export { startOfUtcDay };

/** Where an audit's estate comes from: a recorded snapshot now; the live collectors slot in here later. */
export interface EstateSource {
  load(loaded: LoadedSpec): Promise<{ estate: Estate; source: NonNullable<AuditResult['source']> }>;
}

/** A snapshot file (`--snapshot`) read and normalised: the estate it recorded, and when. */
export async function loadSnapshotEstate(file: string): Promise<{ estate: Estate; capturedAt: string }> {
  const [{ loadSnapshotFile }, { normaliseSnapshot }] = await Promise.all([
    import('./estate/load-snapshot.js'),
    import('./estate/normalise.js'),
  ]);
  let snapshot;
  try {
    snapshot = await loadSnapshotFile(file);
  } catch (error) {
    throw asInputFileError(error, file, 'snapshot');
  }
  return { estate: normaliseSnapshot(snapshot), capturedAt: snapshot.capturedAt };
}

/** An estate replayed from a snapshot file (`--snapshot`). */
export function snapshotSource(file: string): EstateSource {
  return {
    async load() {
      const { estate, capturedAt } = await loadSnapshotEstate(file);
      return { estate, source: { kind: 'snapshot', file, capturedAt } };
    },
  };
}

export interface AuditOptions extends CommonOptions {
  estateSource: EstateSource;
  /** `auditedAt` in the result. Default: `now`. */
  auditedAt?: Date;
}

/**
 * `synaml audit`: loads the spec (throwing `SpecInvalidError` with every diagnostic when it is invalid), loads
 * the estate, evaluates every rule and applies waivers. The exit code is `exitCodeForResults(result.results, failOn)`.
 */
export async function audit(specFile: string, options: AuditOptions): Promise<AuditResult> {
  const rules = options.rules ?? (await loadRules());
  const now = options.now ?? startOfUtcDay(new Date());
  const { loaded, diagnostics } = await loadSpec(specFile, rules, now);
  if (!loaded) throw new SpecInvalidError(specFile, diagnostics);
  const { estate, source } = await options.estateSource.load(loaded);
  const entries = evaluateRules({ loaded, rules, estate, now, mode: 'audit' });
  return buildAuditResult({ spec: specFile, entries, auditedAt: options.auditedAt ?? now, source, diagnostics });
}

export interface CheckTemplateOptions extends CommonOptions {
  /** A parameters file: deploymentParameters.json, or Synapse Studio's TemplateParametersForWorkspace.json. */
  parameters?: string;
  /** A spec to check the template against (its integrations are matched to the template's workspaces by name). */
  spec?: string;
  /** The deployment's subscription, for `subscription()` and `resourceId()`; unresolved when not given. */
  subscriptionId?: string;
  /** The deployment's resource group, for `resourceGroup()` and `resourceId()`; unresolved when not given. */
  resourceGroup?: string;
  /** `auditedAt` in the result. Default: `now`. */
  auditedAt?: Date;
  /** The input kind; detected from the path when not given (a folder: synapse-git, `.bicep`, a Terraform plan's JSON, else ARM). */
  input?: 'arm' | 'bicep' | 'terraform' | 'synapse-git';
  /** Terraform: the configuration folder, so findings also point at the `.tf` file and line of the resource block. */
  terraformDir?: string;
  /** Synapse Git folder: the workspace it is connected to (default: the spec's only integration's, else the folder's name). */
  workspaceName?: string;
  /** Plan + live: a snapshot of the deployed estate; what the input does not deploy is read from it. */
  snapshot?: string;
  /**
   * Plan + live, read live (instead of `snapshot`): reads the deployed estate of the integrations checked, e.g. the
   * CLI's live collectors; it is given a spec of those integrations, with their workspaces' resource IDs.
   */
  deployed?: EstateSource;
}

/**
 * `synaml check-template`: evaluates the rules a deployment template can answer (see README, "Before you deploy")
 * over the template instead of a deployed estate; findings are located in the template. Throws InputFileError for a
 * file that is not JSON or not a template, SpecInvalidError for an invalid spec (both exit 2).
 */
export async function checkTemplate(templateFile: string, options: CheckTemplateOptions = {}): Promise<AuditResult> {
  const rules = options.rules ?? (await loadRules());
  const now = options.now ?? startOfUtcDay(new Date());
  const { runTemplateCheck } = await import('./template/check.js');
  return runTemplateCheck(templateFile, {
    rules,
    now,
    ...(options.auditedAt && { auditedAt: options.auditedAt }),
    ...(options.parameters !== undefined && { parameters: options.parameters }),
    ...(options.spec !== undefined && { spec: options.spec }),
    ...(options.input !== undefined && { kind: options.input }),
    ...(options.terraformDir !== undefined && { terraformDir: options.terraformDir }),
    ...(options.workspaceName !== undefined && { workspaceName: options.workspaceName }),
    ...(options.snapshot !== undefined && { snapshot: options.snapshot }),
    ...(options.deployed !== undefined && { deployed: options.deployed }),
    context: {
      ...(options.subscriptionId !== undefined && { subscriptionId: options.subscriptionId }),
      ...(options.resourceGroup !== undefined && { resourceGroup: options.resourceGroup }),
    },
  });
}

/**
 * `synaml init --from-snapshot` as a function: a commented draft spec of the integrations a snapshot's estate has
 * deployed, the integrations it declares, and the Synapse workspaces it left out (and why). No I/O.
 */
export async function initFromSnapshot(snapshot: Snapshot, options?: InitOptions): Promise<InitDraft> {
  const draft = await import('./init/from-snapshot.js');
  return draft.initFromSnapshot(snapshot, options);
}

export { starterSpec } from './init/starter.js';
export type { InitDraft, InitOptions, SkippedWorkspace } from './init/from-snapshot.js';
export { evaluateRules, summarise } from './engine/evaluate.js';
export type { EvaluateInput, EvaluationMode } from './engine/evaluate.js';
export { buildAuditResult } from './engine/result.js';
export { renderMessage, renderRuleMessage, MessageTemplateError } from './engine/messages.js';
export { applyWaivers, waiverIsActive, waiverMatches } from './engine/waivers.js';
export { findRule, suggestRules } from './engine/rule-lookup.js';
export { FINGERPRINT_KEY, fingerprintOf, fingerprintsOf } from './engine/fingerprint.js';
export { applyBaseline, createBaseline, loadBaselineFile, renderBaseline } from './baseline.js';
export type { Baseline } from './baseline.js';
export { diffResults, loadResultFile } from './diff/compare.js';
export type { DiffItem, ResultDiff } from './diff/compare.js';
export * from './engine/types.js';
export * from './errors.js';
export * from './exit-codes.js';
export { reporters, parseFormats, FORMAT_NAMES } from './reporters/index.js';
export type { FormatName, Reporter, ReporterOptions, ReportFormat } from './reporters/index.js';
export type { LoadedSpec, SpecDiagnostic, Spec, IntegrationSpec, WaiverSpec } from './spec/types.js';
export type { Estate } from './estate/model.js';
export { VERSION } from './version.js';
