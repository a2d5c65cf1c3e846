// What every synaml command line shares: the root program (name, version, help, error handling), the output and
// configuration options, formats, dates, diagnostics and the run itself. Two entries build on it: cli.ts (every
// command) and cli-validate.ts (`validate` alone, which the bin starts for `synaml validate ...` so that the
// commonest command loads only what it runs). Both build `validate` with registerValidateCommand (validate.ts) on
// the root built here, so its options, help, errors and exit codes are the same either way.
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { describeError, exitCodeForError, redactSecrets, SpecInvalidError, UsageError } from '../errors.js';
import { DEFAULT_FAIL_ON, EXIT_CODE_HELP, ExitCode, FAIL_ON_VALUES } from '../exit-codes.js';
import { startOfUtcDay } from '../dates.js';
import { loadRules, parseAuditDate } from '../validation.js';
import { formatDiagnostic } from '../reporters/diagnostics.js';
import { type FormatName, parseFormats } from '../reporters/format-names.js';
import type { ReporterOptions } from '../reporters/types.js';
import { wrapLines } from '../reporters/wrap.js';
import type { SpecDiagnostic } from '../spec/types.js';
import { VERSION } from '../version.js';
import type { RuleSelection } from '../config/selection.js';
import type { OutputCommandOptions } from './check-template.js';

/** The output options every reporting command shares (declared beside the ReportingKit that lends them). */
export type OutputOptions = OutputCommandOptions;

export const stdout = (text: string) => void process.stdout.write(text);
export const stderr = (line: string) => void process.stderr.write(`${line}\n`);

/** Tables written to a pipe or a file (CI logs, report files) wrap their message column at this width. */
export const NON_TTY_WIDTH = 160;

/**
 * Colours on stdout: `--no-color` turns them off; else `FORCE_COLOR` decides when set (`0` / `false` off, anything
 * else on, even into a pipe); else `NO_COLOR` (any non-empty value) turns them off; else a terminal has them.
 */
export function wantColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, tty: boolean): boolean {
  if (flag === false) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return !['0', 'false'].includes(force.toLowerCase());
  if ((env.NO_COLOR ?? '') !== '') return false;
  return tty;
}

/** The terminal's width, when stdout is one. */
export function terminalWidth(): number | undefined {
  return process.stdout.isTTY === true && process.stdout.columns ? process.stdout.columns : undefined;
}

/** Reports on stdout fit the terminal (or NON_TTY_WIDTH into a pipe), in colour as wantColor says. */
export function stdoutReporterOptions(options: OutputOptions): ReporterOptions {
  return {
    all: options.all === true || options.verbose === true,
    color: wantColor(options.color, process.env, process.stdout.isTTY === true),
    width: terminalWidth() ?? NON_TTY_WIDTH,
    terminal: terminalWidth() !== undefined,
  };
}


/**
 * Default: `table` on a terminal, `json` otherwise (and `json` into `--output-dir`); a pipe is told so on stderr,
 * since someone who expected the table sees JSON. Several formats need `--output-dir`.
 */
export function resolveFormats(options: OutputOptions): FormatName[] {
  const fallback: FormatName = options.outputDir === undefined && process.stdout.isTTY === true ? 'table' : 'json';
  const formats = options.format === undefined ? [fallback] : parseFormats(options.format);
  if (options.outputDir === undefined && formats.length > 1) {
    throw new UsageError(`--format ${formats.join(',')} writes several reports: add --output-dir <dir>, or give one format for stdout`);
  }
  return formats;
}

export function resolveNow(options: OutputOptions): Date {
  return options.now === undefined ? startOfUtcDay(new Date()) : parseAuditDate(options.now);
}

export function printDiagnostics(diagnostics: readonly SpecDiagnostic[], quiet: boolean | undefined): void {
  for (const d of diagnostics) if (d.severity === 'error' || !quiet) stderr(formatDiagnostic(d));
}


/**
 * Writes a report to stdout, whole or piece by piece (a large report in pieces of about a megabyte); when JSON was
 * chosen only because stdout is not a terminal, stderr says so first.
 */
export function writeStdoutReport(text: string | Iterable<string>, options: OutputOptions): void {
  if (options.format === undefined && process.stdout.isTTY !== true && !options.quiet) {
    stderr('synaml: stdout is not a terminal: writing JSON (--format table or compact for text)');
  }
  writeToStdout(text);
}

/** Text, or its pieces in order, to stdout, a long one in slices (below): reports and `synaml snapshot -o -`. */
export function writeToStdout(text: string | Iterable<string>): void {
  if (typeof text === 'string') writeInSlices(text);
  else for (const piece of text) writeInSlices(piece);
}

/** Characters per write of a long text. */
const SLICE = 1 << 20;

/**
 * `text` to stdout in slices of about 1 Mi characters: Node encodes each write into a buffer of its own, and one of
 * 18 MB (validate's JSON report of the bench's large spec) took ten times as long as writing the same text in slices.
 * A slice never ends between the two halves of a surrogate pair (each would be written as U+FFFD).
 */
function writeInSlices(text: string): void {
  let start = 0;
  while (text.length - start > SLICE) {
    let end = start + SLICE;
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end -= 1;
    stdout(text.slice(start, end));
    start = end;
  }
  stdout(start === 0 ? text : text.slice(start));
}

/** The configuration options, as commander parses them (`--config false` is `--no-config`). */
export interface ConfigOptions {
  config?: string | false;
  rules?: string[];
  skipRules?: string[];
  severity?: string[];
}

/**
 * Reads the configuration file (`--config`, else synaml.config.yaml / .synamlrc.yaml at or above the spec's folder,
 * unless `--no-config`) and merges it under the command line: a flag given wins, else the file, else the default.
 * `reports`: the command writes report files, so the file's `format` and `outputDir` apply. Returns the rule
 * selection to apply to the result.
 */
export async function configure(spec: string, options: OutputOptions & ConfigOptions, command: Command, reports: boolean): Promise<RuleSelection> {
  const { findConfigFile } = await import('../config/find.js');
  const file = options.config === false ? undefined : (options.config ?? findConfigFile(path.dirname(spec)));
  const config = file === undefined ? {} : (await (await import('../config/load.js')).loadConfigFile(file)).config;
  if (file !== undefined && options.verbose) stderr(`synaml: configuration from ${file}`);
  if (config.failOn !== undefined && command.getOptionValueSource('failOn') === 'default') options.failOn = config.failOn;
  if (reports && options.format === undefined && config.format !== undefined) {
    options.format = Array.isArray(config.format) ? config.format.join(',') : config.format;
  }
  if (reports && options.outputDir === undefined && config.outputDir !== undefined) options.outputDir = config.outputDir;
  const { resolveSelection, ruleNames, severityFlags } = await import('../config/selection.js');
  const flagSeverity = severityFlags(options.severity);
  const inFile = file === undefined ? 'the configuration file' : file;
  return resolveSelection(
    await loadRules(),
    {
      ...((ruleNames(options.rules) ?? config.rules) !== undefined && { rules: ruleNames(options.rules) ?? config.rules }),
      ...((ruleNames(options.skipRules) ?? config.skipRules) !== undefined && { skipRules: ruleNames(options.skipRules) ?? config.skipRules }),
      severity: { ...config.severity, ...flagSeverity },
    },
    {
      rules: options.rules ? '--rules' : `${inFile}: rules`,
      skipRules: options.skipRules ? '--skip-rules' : `${inFile}: skipRules`,
      severity: flagSeverity ? '--severity' : `${inFile}: severity`,
    },
  );
}


/** Help's examples, each within 80 columns: a comment that would not fit goes on its own line, above its command. */
export function helpAfter(examples: string[]): string {
  const lines = examples.flatMap((e) => {
    const comment = /^(.*?)\s+(# .*)$/.exec(e);
    return `  $ ${e}`.length <= 80 || !comment ? [`  $ ${e}`] : [`  ${comment[2]}`, `  $ ${comment[1]}`];
  });
  return `\nExamples:\n${lines.join('\n')}\n\n${EXIT_CODE_HELP}\n`;
}

/** A repeatable option's values, in order. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function outputOptions(command: Command, formats: string): Command {
  return command
    .option('--format <formats>', `output format: ${formats} (default: table on a terminal, json otherwise)`)
    .addOption(
      new Option('--fail-on <severity>', 'lowest severity that exits 1; "never" is report-only mode: always exit 0')
        .choices(FAIL_ON_VALUES as string[])
        .default(DEFAULT_FAIL_ON),
    )
    .option('--now <date>', 'audit date YYYY-MM-DD for end-of-support and waiver expiry (default: today, UTC)')
    .option('--all', 'list every evaluation, pass and not-applicable included')
    .option('--no-color', 'no ANSI colours on stdout (as NO_COLOR=1; FORCE_COLOR=1 forces them, even into a pipe)')
    // Comma-separated and repeatable, not variadic: a variadic option would swallow the spec written after it.
    .addOption(new Option('--rules <rules>', 'run only these rules: IDs or names, comma-separated (config: rules)').argParser(collect))
    .addOption(new Option('--skip-rules <rules>', 'do not run these rules, comma-separated (config: skipRules)').argParser(collect))
    .addOption(new Option('--severity <rule=severity>', 'override a rule\'s severity, e.g. SA013=error; comma-separated (config: severity)').argParser(collect))
    .option('--config <file>', 'configuration file (default: synaml.config.yaml or .synamlrc.yaml at or above the spec\'s folder)')
    .option('--no-config', 'ignore any configuration file')
    .option('--verbose', 'like --all, and print stack traces on errors')
    .addOption(new Option('--quiet', 'no warnings or progress on stderr (errors still print)').conflicts('verbose'));
}


export function reportError(error: unknown, verbose: boolean): void {
  if (error instanceof SpecInvalidError) for (const d of error.diagnostics) stderr(formatDiagnostic(d));
  stderr(`synaml: ${describeError(error)}`);
  if (verbose && error instanceof Error && error.stack) stderr(redactSecrets(error.stack));
}

/** The root program, before its commands: name, version, help, and commander's errors thrown, not exited on. */
export function newProgram(): Command {
  return new Command('synaml')
    .description('Validate and audit Azure Synapse Analytics <-> Azure Machine Learning integrations against a YAML spec.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    // Help fits the terminal: commander wraps its own columns; the examples and notes added after it wrap here.
    .configureOutput({ writeOut: (text) => stdout(wrapLines(text, terminalWidth(), 4)) })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      helpAfter([
        'synaml validate spec.yaml',
        'synaml audit spec.yaml --snapshot state.json --fail-on warning',
        'synaml audit spec.yaml --snapshot state.json --format json,table --output-dir reports/',
        'synaml explain SA001',
      ]),
    );
}

async function main(argv: string[], buildProgram: (setExit: (code: ExitCode) => void) => Command): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.Ok;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message; --help and --version exit 0, every parse error is a usage error.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    reportError(error, argv.includes('--verbose'));
    return exitCodeForError(error);
  }
}

/** Runs the program `buildProgram` makes on process.argv and sets the exit code. */
export async function runCli(buildProgram: (setExit: (code: ExitCode) => void) => Command): Promise<void> {
  // `synaml ... | head` closes the pipe early: that is not an error. Any other stdout failure means the report was lost.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.Ok);
    stderr(`synaml: cannot write to stdout: ${error.message}`);
    process.exit(ExitCode.Incomplete);
  });
  process.exitCode = await main(process.argv, buildProgram);
}
