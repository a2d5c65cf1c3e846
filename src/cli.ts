#!/usr/bin/env node
// The synaml command line, kept thin: commander → the programmatic API (index.ts) → reporters → exit code.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { findRule, suggestRules } from './engine/rule-lookup.js';
import type { AuditResult, Rule } from './engine/types.js';
import { describeError, exitCodeForError, InputFileError, redactSecrets, SpecInvalidError, UsageError } from './errors.js';
import { combineExitCodes, DEFAULT_FAIL_ON, EXIT_CODE_HELP, ExitCode, exitCodeForResults, FAIL_ON_VALUES } from './exit-codes.js';
import { audit, type EstateSource, loadRules, parseAuditDate, snapshotSource, startOfUtcDay, validateSpec } from './index.js';
import { formatDiagnostic } from './reporters/diagnostics.js';
import { FORMAT_NAMES, type FormatName, parseFormats, reporters, type ReporterOptions } from './reporters/index.js';
import { orderResult } from './reporters/json.js';
import { writePieces, writeReportFile } from './reporters/report-file.js';
import { gateOf, gateText, reasonText } from './reporters/findings.js';
import { renderExplain, renderRulesJson, renderRulesTable } from './reporters/rules.js';
import { wrapLines } from './reporters/wrap.js';
import type { SpecDiagnostic } from './spec/types.js';
import { VERSION } from './version.js';
import { applySelection, type RuleSelection } from './config/selection.js';
import { useLeanHeap } from './collect/lean-heap.js';
import { liveOptions, liveSource, runSnapshot, type LiveOptions } from './commands/live.js';
import { registerDiffCommand } from './commands/diff.js';
import { registerCheckTemplateCommand, type OutputCommandOptions } from './commands/check-template.js';
import { registerInitCommand } from './commands/init.js';

/** The output options every reporting command shares (declared beside the ReportingKit that lends them). */
type OutputOptions = OutputCommandOptions;

interface AuditCommandOptions extends OutputOptions, LiveOptions, ConfigOptions {
  snapshot?: string;
  baseline?: string;
  writeBaseline?: string;
  history?: string;
}

const stdout = (text: string) => void process.stdout.write(text);
const stderr = (line: string) => void process.stderr.write(`${line}\n`);

/** Tables written to a pipe or a file (CI logs, report files) wrap their message column at this width. */
const NON_TTY_WIDTH = 160;

/**
 * Colours on stdout: `--no-color` turns them off; else `FORCE_COLOR` decides when set (`0` / `false` off, anything
 * else on, even into a pipe); else `NO_COLOR` (any non-empty value) turns them off; else a terminal has them.
 */
function wantColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, tty: boolean): boolean {
  if (flag === false) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return !['0', 'false'].includes(force.toLowerCase());
  if ((env.NO_COLOR ?? '') !== '') return false;
  return tty;
}

/** The terminal's width, when stdout is one. */
function terminalWidth(): number | undefined {
  return process.stdout.isTTY === true && process.stdout.columns ? process.stdout.columns : undefined;
}

/** Reports on stdout fit the terminal (or NON_TTY_WIDTH into a pipe), in colour as wantColor says. */
function stdoutReporterOptions(options: OutputOptions): ReporterOptions {
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
function resolveFormats(options: OutputOptions): FormatName[] {
  const fallback: FormatName = options.outputDir === undefined && process.stdout.isTTY === true ? 'table' : 'json';
  const formats = options.format === undefined ? [fallback] : parseFormats(options.format);
  if (options.outputDir === undefined && formats.length > 1) {
    throw new UsageError(`--format ${formats.join(',')} writes several reports: add --output-dir <dir>, or give one format for stdout`);
  }
  return formats;
}

function resolveNow(options: OutputOptions): Date {
  return options.now === undefined ? startOfUtcDay(new Date()) : parseAuditDate(options.now);
}

function printDiagnostics(diagnostics: readonly SpecDiagnostic[], quiet: boolean | undefined): void {
  for (const d of diagnostics) if (d.severity === 'error' || !quiet) stderr(formatDiagnostic(d));
}

/**
 * Writes one report per format: to stdout, or to `<output-dir>/<format file>`. Every format gets the rules' metadata
 * (SARIF rule descriptors, doc links) and the working directory as the SARIF source root, unless `extra` says otherwise.
 */
async function emitReports(result: AuditResult, formats: readonly FormatName[], options: OutputOptions, extra: ReporterOptions = {}): Promise<void> {
  const shared: ReporterOptions = {
    rules: (await loadRules()).map((r) => r.meta),
    srcRoot: process.cwd(),
    ...(options.failOn !== undefined && { failOn: options.failOn }),
    ...extra,
  };
  if (options.outputDir === undefined) {
    // A format that renders in pieces (json, junit) streams to stdout too: `audit --format json > result.json`.
    const format = reporters[formats[0]!];
    const stdoutOptions = { ...stdoutReporterOptions(options), ...shared };
    writeStdoutReport(format.chunks ? format.chunks(result, stdoutOptions) : format.render(result, stdoutOptions), options);
    return;
  }
  const dir = options.outputDir;
  const fileOptions: ReporterOptions = { all: options.all === true || options.verbose === true, color: false, width: NON_TTY_WIDTH, ...shared };
  try {
    await mkdir(dir, { recursive: true });
    for (const name of formats) {
      const file = path.join(dir, reporters[name].fileName);
      const chunks = reporters[name].chunks;
      if (chunks) await writeReportFile(file, chunks(result, fileOptions));
      else await writeFile(file, reporters[name].render(result, fileOptions), 'utf8');
      if (!options.quiet) stderr(`synaml: wrote ${file}`);
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === 'EEXIST' || code === 'ENOTDIR'
          ? 'is a file, not a directory: give --output-dir a directory (it is created when missing)'
          : code === 'EACCES' || code === 'EPERM'
            ? 'cannot be written: permission denied'
            : code === 'EISDIR'
              ? 'holds a directory where a report file goes'
              : `cannot be written (${code ?? 'error'})`;
      throw new InputFileError(`cannot write reports: the output directory ${why}`, { file: dir }, { cause: error });
    }
    throw error;
  }
  logSummary(result, options);
}

/**
 * With --output-dir the CI log would otherwise show only file names: one line with the gate's decision (also with
 * --quiet, which keeps only it) and, when something is unknown (exit 3), why — the first failed read on that line,
 * and every distinct failed read below it unless --quiet.
 */
function logSummary(result: AuditResult, options: OutputOptions): void {
  const gate = gateOf(result, options.failOn);
  const reasons = [...new Set(result.results.filter((e) => e.outcome === 'unknown' && !e.waived && e.reason).map((e) => reasonText(e.reason!)))];
  const s = result.summary;
  const counts = `${s.pass} pass, ${s.fail} fail, ${s.notApplicable} not applicable, ${s.unknown} unknown, ${s.waived} waived`;
  const why = reasons.length > 0 ? ` — unknown because ${reasons[0]}${reasons.length > 1 ? ` (and ${reasons.length - 1} more failed ${reasons.length === 2 ? 'read' : 'reads'})` : ''}` : '';
  stderr(`synaml: ${result.spec}: ${gateText(gate)} [${counts}]${why}`);
  if (!options.quiet) for (const reason of reasons.slice(1)) stderr(`  unknown because ${reason}`);
}

/**
 * Writes a report to stdout, a report in pieces about a megabyte at a time; when JSON was chosen only because stdout is
 * not a terminal, stderr says so first.
 */
function writeStdoutReport(text: string | Iterable<string>, options: OutputOptions): void {
  if (options.format === undefined && process.stdout.isTTY !== true && !options.quiet) {
    stderr('synaml: stdout is not a terminal: writing JSON (--format table or compact for text)');
  }
  if (typeof text === 'string') stdout(text);
  else writePieces(stdout, text);
}

/** The configuration options, as commander parses them (`--config false` is `--no-config`). */
interface ConfigOptions {
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
async function configure(spec: string, options: OutputOptions & ConfigOptions, command: Command, reports: boolean): Promise<RuleSelection> {
  const { findConfigFile } = await import('./config/load.js');
  const file = options.config === false ? undefined : (options.config ?? findConfigFile(path.dirname(spec)));
  const config = file === undefined ? {} : (await (await import('./config/load.js')).loadConfigFile(file)).config;
  if (file !== undefined && options.verbose) stderr(`synaml: configuration from ${file}`);
  if (config.failOn !== undefined && command.getOptionValueSource('failOn') === 'default') options.failOn = config.failOn;
  if (reports && options.format === undefined && config.format !== undefined) {
    options.format = Array.isArray(config.format) ? config.format.join(',') : config.format;
  }
  if (reports && options.outputDir === undefined && config.outputDir !== undefined) options.outputDir = config.outputDir;
  const { resolveSelection, ruleNames, severityFlags } = await import('./config/selection.js');
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

/** Progress on a terminal's stderr, one line redrawn in place (as the live collection's); never with --quiet. */
function stderrProgress(options: OutputOptions, text: string): void {
  if (options.quiet || process.stderr.isTTY !== true) return;
  const width = process.stderr.columns || 100;
  process.stderr.write(`\r${text.slice(0, width - 1).padEnd(width - 1)}`);
}

function clearStderrLine(options: OutputOptions): void {
  if (!options.quiet && process.stderr.isTTY === true) process.stderr.write(`\r${' '.repeat((process.stderr.columns || 100) - 1)}\r`);
}

/** A snapshot audit shows its phases too: reading the snapshot (a large one takes seconds), then evaluating. */
function withSnapshotProgress(source: EstateSource, options: AuditCommandOptions): EstateSource {
  if (options.snapshot === undefined) return source;
  const file = options.snapshot;
  return {
    async load(loaded) {
      stderrProgress(options, `reading snapshot ${file}…`);
      const estate = await source.load(loaded);
      stderrProgress(options, `evaluating ${loaded.spec.integrations.length} integrations against the snapshot…`);
      return estate;
    },
  };
}

/** Where the estate comes from: a recorded snapshot, or Azure itself. */
function resolveEstateSource(spec: string, options: AuditCommandOptions): EstateSource {
  if (options.snapshot !== undefined) {
    // A recorded estate is as large as a live one, and so are its reports: the same leaner heap as a live run.
    useLeanHeap();
    return snapshotSource(options.snapshot);
  }
  return liveSource(spec, options);
}

async function runValidate(specs: string[], options: OutputOptions & ConfigOptions, command: Command): Promise<ExitCode> {
  const selection = await configure(specs[0]!, options, command, false);
  if (options.format !== undefined && parseFormats(options.format).length > 1) {
    throw new UsageError('validate prints one format to stdout: give --format table, compact, json or sarif');
  }
  if (options.format !== undefined && !['table', 'json', 'compact', 'sarif'].includes(parseFormats(options.format)[0]!)) {
    throw new UsageError('validate prints table, compact, json or sarif; the other report formats (junit, markdown, html) come from audit');
  }
  const now = resolveNow(options);
  const [format] = resolveFormats(options);
  const rules = await loadRules();
  const codes: ExitCode[] = [];
  const results: AuditResult[] = [];
  /** For SARIF: every spec, an invalid one as a result with only its diagnostics. */
  const sarifResults: AuditResult[] = [];
  for (const spec of specs) {
    const validation = await validateSpec(spec, { rules, now });
    printDiagnostics(validation.diagnostics, options.quiet);
    if (!validation.ok || !validation.result) {
      const errors = validation.diagnostics.filter((d) => d.severity === 'error').length;
      stderr(`synaml: ${spec}: invalid spec (${errors} ${errors === 1 ? 'error' : 'errors'})`);
      codes.push(ExitCode.Usage);
      sarifResults.push({
        synamlResult: 1,
        tool: { name: 'synaml', version: VERSION },
        auditedAt: now.toISOString(),
        spec,
        summary: { pass: 0, fail: 0, notApplicable: 0, unknown: 0, waived: 0 },
        results: [],
        diagnostics: validation.diagnostics,
      });
      continue;
    }
    const selected = applySelection(validation.result, selection);
    results.push(selected);
    sarifResults.push(selected);
    codes.push(exitCodeForResults(selected.results, options.failOn));
  }
  if (format === 'sarif') {
    // One SARIF log, one run per spec: findings and the spec's own problems, located in the spec.
    const sarifOptions: ReporterOptions = { rules: rules.map((r) => r.meta), srcRoot: process.cwd(), specProblemsAsResults: true, failOn: options.failOn };
    const { buildSarif } = await import('./reporters/sarif.js');
    const logs = sarifResults.map((r) => buildSarif(r, sarifOptions));
    stdout(`${JSON.stringify({ ...logs[0]!, runs: logs.flatMap((l) => l.runs) }, null, 2)}\n`);
  } else if (format === 'json') {
    // One spec: the result object (the json contract). Several: an array of them, each naming its spec.
    const gated = options.failOn !== undefined ? { failOn: options.failOn } : {};
    if (specs.length === 1 && results[0]) writeStdoutReport(reporters.json.render(results[0], gated), options);
    else if (specs.length > 1) writeStdoutReport(`${JSON.stringify(results.map((r) => orderResult(r, gated)), null, 2)}\n`, options);
  } else {
    const reporterOptions = { ...stdoutReporterOptions(options), ...(options.failOn !== undefined && { failOn: options.failOn }) };
    stdout(results.map((r) => reporters[format!].render(r, reporterOptions)).join('\n'));
  }
  return combineExitCodes(codes);
}

/**
 * `audit` of one spec. With `several` (one of many specs), its reports go to `<output-dir>/<name>/`, and a JSON
 * result for stdout is collected instead of printed (the caller prints them as one array).
 */
async function runAudit(
  spec: string,
  options: AuditCommandOptions,
  command: Command,
  several?: { subdir: string; collected: AuditResult[] },
): Promise<ExitCode> {
  const selection = await configure(spec, options, command, true);
  if (several && options.outputDir !== undefined) options.outputDir = path.join(options.outputDir, several.subdir);
  const now = resolveNow(options);
  const formats = resolveFormats(options);
  const estateSource = withSnapshotProgress(resolveEstateSource(spec, options), options);
  const audited = await audit(spec, { now, auditedAt: options.now === undefined ? new Date() : now, estateSource });
  clearStderrLine(options);
  printDiagnostics(audited.diagnostics ?? [], options.quiet);
  let result = applySelection(audited, selection);
  if (options.baseline !== undefined || options.writeBaseline !== undefined) {
    const { applyBaselineOptions } = await import('./baseline.js');
    const applied = await applyBaselineOptions(result, { baseline: options.baseline, writeBaseline: options.writeBaseline });
    result = applied.result;
    if (applied.wrote !== undefined && !options.quiet) stderr(`synaml: wrote baseline ${applied.wrote}`);
  }
  if (several && options.outputDir === undefined && formats[0] === 'json') several.collected.push(result);
  else await emitReports(result, formats, options, await historyOptions(options));
  return exitCodeForResults(result.results, options.failOn);
}

/** The spec files named: files as given, and in a directory its `*.yaml` / `*.yml` (not configuration files), sorted. */
async function expandSpecs(args: readonly string[]): Promise<string[]> {
  const { readdir, stat } = await import('node:fs/promises');
  const { CONFIG_FILE_NAMES } = await import('./config/load.js');
  const specs: string[] = [];
  for (const arg of args) {
    const info = await stat(arg).catch(() => undefined);
    if (!info?.isDirectory()) {
      specs.push(arg);
      continue;
    }
    const names = (await readdir(arg)).filter((n) => /\.ya?ml$/i.test(n) && !(CONFIG_FILE_NAMES as readonly string[]).includes(n)).sort();
    if (names.length === 0) throw new UsageError(`${arg} is a directory with no spec in it (*.yaml, *.yml)`);
    specs.push(...names.map((n) => path.join(arg, n)));
  }
  return specs;
}

/**
 * `audit <spec...>`: one spec as always; several (or a directory of them) each audited in turn, the exit code the
 * most serious (usage > incomplete > findings > ok). Their reports go to one folder per spec under --output-dir;
 * to stdout, table and compact follow each other and JSON is one array.
 */
async function runAuditSpecs(args: string[], options: AuditCommandOptions, command: Command): Promise<ExitCode> {
  const specs = await expandSpecs(args);
  if (specs.length === 1) return runAudit(specs[0]!, options, command);
  if (options.baseline !== undefined || options.writeBaseline !== undefined) {
    throw new UsageError('--baseline and --write-baseline go with one spec: audit the specs one at a time');
  }
  const stems = specs.map((s) => path.basename(s).replace(/\.ya?ml$/i, ''));
  const collected: AuditResult[] = [];
  const codes: ExitCode[] = [];
  for (const [i, spec] of specs.entries()) {
    const subdir = stems.indexOf(stems[i]!) === i && stems.lastIndexOf(stems[i]!) === i ? stems[i]! : `${stems[i]}-${i + 1}`;
    const own: AuditCommandOptions = { ...options };
    if (own.outputDir === undefined && own.format !== undefined && !['table', 'compact', 'json'].includes(parseFormats(own.format)[0]!)) {
      throw new UsageError(`several specs print table, compact or json to stdout; for ${own.format} add --output-dir (one folder per spec)`);
    }
    try {
      codes.push(await runAudit(spec, own, command, { subdir, collected }));
    } catch (error) {
      // One spec that cannot be audited does not stop the others; it decides the exit code like any usage error.
      reportError(error, options.verbose === true);
      codes.push(exitCodeForError(error));
    }
  }
  if (collected.length > 0) writeStdoutReport(`${JSON.stringify(collected.map((r) => orderResult(r, { failOn: options.failOn })), null, 2)}\n`, options);
  return combineExitCodes(codes);
}

/** `--history <dir>`: the earlier results the HTML and Markdown reports draw the trend from. */
async function historyOptions(options: AuditCommandOptions): Promise<ReporterOptions> {
  if (options.history === undefined) return {};
  const { loadHistory } = await import('./history.js');
  const { runs, skipped } = await loadHistory(options.history);
  if (!options.quiet) {
    for (const file of skipped) stderr(`synaml: --history: ${file} is not a synaml result, skipped`);
    if (runs.length === 0) stderr(`synaml: --history: no earlier results in ${options.history}`);
  }
  return { history: runs };
}

async function runRules(options: { format?: string }): Promise<ExitCode> {
  const format = (options.format ?? 'table').trim().toLowerCase();
  if (format !== 'table' && format !== 'json') throw new UsageError(`unknown format "${format}" for rules; available: table, json`);
  const rules = await loadRules();
  stdout(format === 'json' ? renderRulesJson(rules) : renderRulesTable(rules, terminalWidth()));
  return ExitCode.Ok;
}

function unknownRuleError(rules: readonly Rule[], typed: string): UsageError {
  const suggestions = suggestRules(rules, typed).map((r) => `${r.meta.id} (${r.meta.name})`);
  const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.join(', ')}?` : '';
  return new UsageError(`unknown rule "${typed}".${hint} \`synaml rules\` lists them all.`);
}

async function runExplain(id: string): Promise<ExitCode> {
  const rules = await loadRules();
  const rule = findRule(rules, id);
  if (!rule) throw unknownRuleError(rules, id);
  const columns = process.stdout.isTTY === true ? process.stdout.columns : undefined;
  stdout(renderExplain(rule, Math.min(columns || 100, 100)));
  return ExitCode.Ok;
}

/** Help's examples, each within 80 columns: a comment that would not fit goes on its own line, above its command. */
function helpAfter(examples: string[]): string {
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

function outputOptions(command: Command, formats: string): Command {
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

function buildProgram(setExit: (code: ExitCode) => void): Command {
  const program = new Command('synaml')
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

  outputOptions(
    program
      .command('validate')
      .description('check spec files offline: schema, references, and the rules\' spec-only checks (never contacts Azure)')
      .argument('<spec...>', 'spec files (YAML, version: 1)'),
    'table | json',
  )
    .addHelpText(
      'after',
      helpAfter([
        'synaml validate spec.yaml',
        'synaml validate specs/*.yaml --format json   # one spec: a result object; several: an array',
        'synaml validate spec.yaml --now 2026-11-23 --fail-on warning',
      ]) + '\nSpec problems print to stderr as file:line:column: error|warning: message [code].\n',
    )
    .action(async (specs: string[], options: OutputOptions, command: Command) => setExit(await runValidate(specs, options, command)));

  outputOptions(
    liveOptions(
      program
        .command('audit')
      .description('audit the Azure estate against a spec: read live from Azure, or from a recorded snapshot')
      .argument('<spec...>', 'spec files (YAML, version: 1), or directories of them; several: one report folder each under --output-dir')
      .option('--snapshot <file>', 'read the estate from a snapshot (synamlSnapshot: 1) instead of Azure')
      .option('--output-dir <dir>', `write one report file per format (${FORMAT_NAMES.map((f) => reporters[f].fileName).join(', ')}) instead of stdout`)
      .option('--baseline <file>', 'fail only on findings not in this baseline; report known and fixed ones (unknowns still exit 3)')
      .option('--write-baseline <file>', "record this run's failing findings (by fingerprint) as a baseline")
      .option('--history <dir>', 'earlier JSON results (synaml audit --format json): the HTML report draws the trend (fail / unknown / waived per run), Markdown tabulates it'),
    ),
    `${FORMAT_NAMES.join(' | ')}, comma-separated with --output-dir`,
  )
    .addHelpText(
      'after',
      helpAfter([
        'synaml audit spec.yaml                      # live, read-only, as the signed-in identity',
        'synaml audit spec.yaml --preflight --tenant <tenant-id> --timeout 300',
        'synaml audit spec.yaml --snapshot state.json',
        'synaml audit spec.yaml --snapshot state.json --format json > result.json',
        'synaml audit spec.yaml --snapshot state.json --format table,json --output-dir reports/',
        'synaml audit spec.yaml --format sarif,junit,markdown,json --output-dir reports/   # CI gate',
        'synaml audit spec.yaml --format html,json,markdown --output-dir reports/ --fail-on never   # nightly',
        'synaml audit spec.yaml --snapshot state.json --write-baseline .synaml/baseline.json',
        'synaml audit spec.yaml --baseline .synaml/baseline.json   # fail only on new findings',
        'synaml audit spec.yaml --format html,json,markdown --output-dir reports/ --history results/   # with the trend',
        'synaml audit spec.yaml --snapshot state.json --fail-on never   # report only',
      ]) +
        '\nWithout --snapshot, synaml reads Azure (read-only) with DefaultAzureCredential, or the bearer tokens in\n' +
        'SYNAML_ARM_TOKEN (Resource Manager / Resource Graph) and SYNAML_SYNAPSE_TOKEN (Synapse data plane).\n' +
        'Reads that fail (403, network, throttling past retries, the --timeout deadline) make the rules that need\n' +
        'them unknown, and the audit exits 3.\n' +
        '\nWith --baseline, findings already in the baseline are reported as known and do not exit 1; unknowns\n' +
        'still exit 3. --write-baseline alone accepts what it records (every current failure becomes known).\n' +
        'SARIF lists failures and unknowns (add --all for passes too); every format shows waivers as waived.\n',
    )
    .action(async (specs: string[], options: AuditCommandOptions, command: Command) => setExit(await runAuditSpecs(specs, options, command)));

  liveOptions(
    program
      .command('snapshot')
      .description('record the live estate a spec declares into a snapshot file (read-only), for offline audits')
      .argument('<spec>', 'spec file (YAML, version: 1)')
      .requiredOption('-o, --output <file>', 'where to write the snapshot (synamlSnapshot: 1); "-" for stdout')
      .option('--verbose', 'print stack traces on errors')
      .addOption(new Option('--quiet', 'no progress or summary on stderr').conflicts('verbose')),
  )
    .addHelpText(
      'after',
      helpAfter(['synaml snapshot spec.yaml -o state.json', 'synaml audit spec.yaml --snapshot state.json']) +
        '\nThe snapshot holds the raw payloads as Azure returned them, with secrets masked, plus every read that failed\n' +
        '(exit 3 when there is one; the file is still written so the audit reports those as unknown).\n',
    )
    .action(async (spec: string, options: LiveOptions & { output: string }) => setExit(await runSnapshot(spec, options)));

  registerDiffCommand(program, setExit, helpAfter);
  registerCheckTemplateCommand(
    program,
    {
      setExit,
      helpAfter,
      outputOptions,
      resolveFormats,
      resolveNow,
      emitReports,
      printDiagnostics,
      configure: async (near, options, command) => {
        const selection = await configure(near, options, command, true);
        return (result) => applySelection(result, selection);
      },
    },
    `${FORMAT_NAMES.join(' | ')}, comma-separated with --output-dir`,
  );
  registerInitCommand(program, setExit, helpAfter);

  program
    .command('rules')
    .description('list the rules: ID, name, severity, title')
    .option('--format <format>', 'table | json', 'table')
    .addHelpText('after', helpAfter(['synaml rules', 'synaml rules --format json']))
    .action(async (options: { format?: string }) => setExit(await runRules(options)));

  program
    .command('explain')
    .description('explain one rule: rationale, remediation, data sources, Microsoft docs')
    .argument('<rule>', 'rule ID (SA001) or name (exfiltration-protection-blocks-aml), any case')
    .addHelpText('after', helpAfter(['synaml explain SA001', 'synaml explain exfiltration-protection-blocks-aml']))
    .action(async (id: string) => setExit(await runExplain(id)));

  return program;
}

function reportError(error: unknown, verbose: boolean): void {
  if (error instanceof SpecInvalidError) for (const d of error.diagnostics) stderr(formatDiagnostic(d));
  stderr(`synaml: ${describeError(error)}`);
  if (verbose && error instanceof Error && error.stack) stderr(redactSecrets(error.stack));
}

async function main(argv: string[]): Promise<ExitCode> {
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

// `synaml ... | head` closes the pipe early: that is not an error. Any other stdout failure means the report was lost.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.Ok);
  stderr(`synaml: cannot write to stdout: ${error.message}`);
  process.exit(ExitCode.Incomplete);
});

process.exitCode = await main(process.argv);
