// Typed errors: each carries its exit code, so nothing that goes wrong can exit 0 or 1 by accident.
import { ExitCode } from './exit-codes.js';
import type { SpecDiagnostic } from './spec/types.js';

/** Base class of every error synaml expects and explains in one line. */
export abstract class SynamlError extends Error {
  abstract readonly exitCode: ExitCode;
}

/** Bad command line: unknown format, invalid `--now`, a missing option. */
export class UsageError extends SynamlError {
  override readonly name = 'UsageError';
  readonly exitCode = ExitCode.Usage;
}

/** The spec failed to load; `diagnostics` holds every problem found, each located in the file. */
export class SpecInvalidError extends SynamlError {
  override readonly name = 'SpecInvalidError';
  readonly exitCode = ExitCode.Usage;
  constructor(
    readonly file: string,
    readonly diagnostics: readonly SpecDiagnostic[],
    /** What the file is: the spec, or the configuration file (`synaml.config.yaml`). */
    what: 'spec' | 'configuration file' = 'spec',
  ) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    super(`${file}: invalid ${what} (${errors} ${errors === 1 ? 'error' : 'errors'})`);
  }
}

export interface InputFileLocation {
  file: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
}

/**
 * An input file other than the spec (e.g. a snapshot) that cannot be read or is malformed. `message` is located
 * (`state.json:3:7: ...`); `detail` is the bare explanation.
 */
export class InputFileError extends SynamlError {
  override readonly name = 'InputFileError';
  readonly exitCode = ExitCode.Usage;
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly detail: string;
  constructor(detail: string, location: InputFileLocation, options?: ErrorOptions) {
    super(`${formatLocation(location)}: ${detail}`, options);
    this.file = location.file;
    if (location.line !== undefined) this.line = location.line;
    if (location.column !== undefined) this.column = location.column;
    this.detail = detail;
  }
}

/** The audit could not complete as a whole (e.g. no credential at all); partial failures are `unknown` outcomes instead. */
export class AuditIncompleteError extends SynamlError {
  override readonly name = 'AuditIncompleteError';
  readonly exitCode = ExitCode.Incomplete;
}

/**
 * No credential could give a token before any read was made: the audit stops at once, with one line on what to do,
 * instead of every read failing with the same SDK text.
 */
export class NoCredentialError extends SynamlError {
  override readonly name = 'NoCredentialError';
  readonly exitCode = ExitCode.Incomplete;
}

/** `file`, `file:line` or `file:line:column`. */
export function formatLocation(location: InputFileLocation): string {
  if (location.line === undefined) return location.file;
  if (location.column === undefined) return `${location.file}:${location.line}`;
  return `${location.file}:${location.line}:${location.column}`;
}

/** The exit code for anything thrown: a known error's own code, else 3 (an internal error never looks like a pass or a finding). */
export function exitCodeForError(error: unknown): ExitCode {
  return error instanceof SynamlError ? error.exitCode : ExitCode.Incomplete;
}

const TOKEN_ENV_VARS = ['SYNAML_ARM_TOKEN', 'SYNAML_SYNAPSE_TOKEN'] as const;

/**
 * Removes anything that looks like a credential before text reaches a terminal or a CI log: the values of
 * synaml's token variables, bearer tokens, JWTs and `key=value` secrets in connection strings.
 */
export function redactSecrets(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = text;
  for (const name of TOKEN_ENV_VARS) {
    const value = env[name];
    if (value && value.length >= 8) out = out.split(value).join('[redacted]');
  }
  return out
    // A token has a digit, a symbol or an inner dot, or is long: "bearer tokens." in a sentence is not one.
    .replace(/\bBearer\s+(?=[A-Za-z0-9._~+/-]{20}|[A-Za-z0-9._~+/-]*(?:[0-9_~+/-]|\.[A-Za-z0-9]))[A-Za-z0-9\-._~+/]+=*/gi, 'Bearer [redacted]')
    .replace(/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[redacted]')
    .replace(/\b(AccountKey|SharedAccessKey|SharedAccessSignature|client_secret|password|sig)=([^;&\s]+)/gi, '$1=[redacted]');
}

/**
 * The one line the CLI prints for an error (before the `synaml: ` prefix). Known errors explain themselves;
 * anything else is an internal error. Always redacted.
 */
export function describeError(error: unknown): string {
  if (error instanceof SynamlError) return redactSecrets(error.message);
  const message = error instanceof Error ? error.message : String(error);
  return redactSecrets(`internal error: ${message}`);
}
