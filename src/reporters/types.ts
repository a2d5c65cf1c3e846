// The reporter contract: a pure function from a result to the text of one output format.
import type { AuditResult } from '../engine/types.js';

export interface ReporterOptions {
  /** Show every evaluation, pass and not-applicable included (`--verbose` / `--all`). */
  all?: boolean;
  /** ANSI colours; the CLI turns them on only for a TTY without `NO_COLOR`. */
  color?: boolean;
  /** Terminal width to wrap to; no wrapping when absent (files, pipes). */
  width?: number;
}

export type Reporter = (result: AuditResult, options?: ReporterOptions) => string;

export interface ReportFormat {
  render: Reporter;
  /** The file written under `--output-dir`. */
  fileName: string;
  /** One line for `--help`. */
  description: string;
}
