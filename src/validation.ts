// The programmatic `validate` (index.ts re-exports it): the rule registry, the audit date, and a spec loaded and
// checked by the rules' spec-only checks. Apart from index.ts so that `synaml validate` loads only this.
import { calendarDay, startOfUtcDay } from './dates.js';
import { evaluateRules } from './engine/evaluate.js';
import { buildAuditResult } from './engine/result.js';
import type { AuditResult, Rule } from './engine/types.js';
import { InputFileError, SynamlError, UsageError } from './errors.js';
import { loadSpecFile } from './spec/load.js';
import type { LoadedSpec, SpecDiagnostic, SpecLoadResult } from './spec/types.js';

/** The rule registry, loaded on first use. */
export async function loadRules(): Promise<readonly Rule[]> {
  const registry = await import('../rules/index.js');
  return registry.rules;
}

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
export function asInputFileError(error: unknown, file: string, what: string): unknown {
  if (error instanceof SynamlError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && FILE_ERRORS.has(code)) {
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'permission denied';
    return new InputFileError(`cannot read ${what}: ${why}`, { file }, { cause: error });
  }
  return error;
}

export async function loadSpec(file: string, rules: readonly Rule[], now: Date): Promise<{ loaded?: LoadedSpec; diagnostics: SpecDiagnostic[] }> {
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
