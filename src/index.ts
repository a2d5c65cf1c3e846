// synaml's programmatic API: what the CLI calls (load spec → evaluate rules → AuditResult), usable from scripts.
// Nothing Azure-related is imported at the top: `validate` must start fast, so estate loading is imported lazily.
import { calendarDay, startOfUtcDay } from './dates.js';
import { evaluateRules } from './engine/evaluate.js';
import { buildAuditResult } from './engine/result.js';
import type { AuditResult, Rule } from './engine/types.js';
import { InputFileError, SpecInvalidError, SynamlError, UsageError } from './errors.js';
import type { Estate } from './estate/model.js';
import type { Snapshot } from './estate/snapshot.js';
import type { InitDraft, InitOptions } from './init/from-snapshot.js';
import { loadSpecFile } from './spec/load.js';
import type { LoadedSpec, SpecDiagnostic, SpecLoadResult } from './spec/types.js';

/** The rule registry, loaded on first use. */
export async function loadRules(): Promise<readonly Rule[]> {
  const registry = await import('../rules/index.js');
  return registry.rules;
}

export { startOfUtcDay };

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses `--now`: `YYYY-MM-DD` (midnight UTC) or an ISO 8601 date-time with a zone. Anything else is a usage error. */
export function parseAuditDate(text: string): Date {
  const value = text.trim();
  const midnight = calendarDay(value.slice(0, 10));
  if (midnight && value.length === 10) return midnight;
  if (midnight && DATE_TIME.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new UsageError(`invalid date "${text}" for --now: use YYYY-MM-DD (e.g. 2026-11-23)`);
}

export interface CommonOptions {
  /** Defaults to the registry (`loadRules()`). */
  rules?: readonly Rule[];
  /** The audit date given to rules and waivers. Default: today, midnight UTC. */
  now?: Date;
}

export interface SpecValidation {
  file: string;
  ok: boolean;
  /** Every spec problem, errors and warnings, each located. */
  diagnostics: SpecDiagnostic[];
  /** The spec-only findings (`checkSpec`), when the spec is valid. */
  result?: AuditResult;
}

const FILE_ERRORS = new Set(['ENOENT', 'EISDIR', 'EACCES', 'EPERM', 'ENOTDIR']);

/** Turns a raw fs error (file missing, a directory, no permission) into a located InputFileError. */
function asInputFileError(error: unknown, file: string, what: string): unknown {
  if (error instanceof SynamlError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && FILE_ERRORS.has(code)) {
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'permission denied';
    return new InputFileError(`cannot read ${what}: ${why}`, { file }, { cause: error });
  }
  return error;
}

async function loadSpec(file: string, rules: readonly Rule[], now: Date): Promise<{ loaded?: LoadedSpec; diagnostics: SpecDiagnostic[] }> {
  let outcome: SpecLoadResult;
  try {
    outcome = await loadSpecFile(file, { knownRuleIds: rules.map((r) => r.meta.id), now });
  } catch (error) {
    throw asInputFileError(error, file, 'spec');
  }
  const hasErrors = outcome.diagnostics.some((d) => d.severity === 'error');
  if (!outcome.ok || hasErrors) return { diagnostics: outcome.diagnostics };
  return { loaded: outcome.loaded, diagnostics: outcome.diagnostics };
}

/** `synaml validate` for one file: loads the spec and runs the rules' spec-only checks. Never reads Azure. */
export async function validateSpec(file: string, options: CommonOptions = {}): Promise<SpecValidation> {
  const rules = options.rules ?? (await loadRules());
  const now = options.now ?? startOfUtcDay(new Date());
  const { loaded, diagnostics } = await loadSpec(file, rules, now);
  if (!loaded) return { file, ok: false, diagnostics };
  const entries = evaluateRules({ loaded, rules, now, mode: 'validate' });
  return { file, ok: true, diagnostics, result: buildAuditResult({ spec: file, entries, auditedAt: now, diagnostics }) };
}

/** Where an audit's estate comes from: a recorded snapshot now; the live collectors slot in here later. */
export interface EstateSource {
  load(loaded: LoadedSpec): Promise<{ estate: Estate; source: NonNullable<AuditResult['source']> }>;
}

/** A snapshot file (`--snapshot`) read and normalised: the estate it recorded, and when. */
export async function loadSnapshotEstate(file: string): Promise<{ estate: Estate; capturedAt: string }> {
  const [{ loadSnapshotFile }, { normaliseSnapshot }, { collectGarbageNow }] = await Promise.all([
    import('./estate/load-snapshot.js'),
    import('./estate/normalise.js'),
    import('./collect/lean-heap.js'),
  ]);
  let snapshot;
  try {
    snapshot = await loadSnapshotFile(file);
  } catch (error) {
    throw asInputFileError(error, file, 'snapshot');
  }
  // The snapshot's text is garbage now: in the CLI (lean heap), collected before the estate is built.
  collectGarbageNow();
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
