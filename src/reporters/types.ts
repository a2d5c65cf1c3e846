// The reporter contract: a pure function from a result to the text of one output format.
import type { AuditResult, RuleMeta } from '../engine/types.js';
import type { FailOn } from '../exit-codes.js';
import type { TrendRun } from './trend.js';

export interface ReporterOptions {
  /** Show every evaluation, pass and not-applicable included (`--verbose` / `--all`). */
  all?: boolean;
  /** ANSI colours; the CLI turns them on only for a TTY without `NO_COLOR`. */
  color?: boolean;
  /** Width the table's columns fit; no fitting when absent. */
  width?: number;
  /**
   * The text goes to a terminal: lines outside the table wrap to `width` too (and long words break), and narrow
   * columns are dropped. Off for pipes and files, where a line stays whole for grep and CI logs.
   */
  terminal?: boolean;
  /**
   * Rule metadata (titles, rationale, remediation, Microsoft docs) for the formats that describe rules: SARIF rule
   * descriptors, HTML and Markdown links. The CLI passes the registry's; without it those formats fall back to what
   * the result itself carries (rule ID, name, remediation).
   */
  rules?: readonly RuleMeta[];
  /**
   * The directory spec paths are relative to in SARIF (`%SRCROOT%`, normally the repository root = the working
   * directory). An absolute spec path inside it is made relative; one outside it stays an absolute `file:` URI.
   */
  srcRoot?: string;
  /**
   * The `--fail-on` the run's exit code used (default `error`): every format says what the gate decided with it, and
   * calls a failure below it "reported, not failing".
   */
  failOn?: FailOn;
  /** SARIF: the spec's diagnostics as results (`validate --format sarif`), so they annotate a pull request. */
  specProblemsAsResults?: boolean;
  /** Earlier runs (`audit --history <dir>`): HTML draws the trend as a chart, Markdown as a table. */
  history?: readonly TrendRun[];
}

export type Reporter = (result: AuditResult, options?: ReporterOptions) => string;

export interface ReportFormat {
  render: Reporter;
  /**
   * The same text as `render`, in pieces, for formats whose output grows with the result (json): the CLI writes a
   * report file piece by piece, so a large tenant's result never exists as one string (issue #5: 100,000 entries).
   */
  chunks?: (result: AuditResult, options?: ReporterOptions) => Iterable<string>;
  /** The file written under `--output-dir`. */
  fileName: string;
  /** One line for `--help`. */
  description: string;
}
