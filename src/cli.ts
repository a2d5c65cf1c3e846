#!/usr/bin/env node
// The synaml command line, kept thin: commander → the programmatic API (index.ts) → reporters → exit code. What the
// commands share is in commands/program.ts; `synaml validate` alone starts from cli-validate.ts instead (the bin picks).
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import { findRule, suggestRules } from './engine/rule-lookup.js';
import type { AuditResult, Rule } from './engine/types.js';
import { exitCodeForError, InputFileError, UsageError } from './errors.js';
import { combineExitCodes, ExitCode, exitCodeForResults } from './exit-codes.js';
import { audit, type EstateSource, loadRules, snapshotSource } from './index.js';
import { FORMAT_NAMES, type FormatName, parseFormats, reporters, type ReporterOptions } from './reporters/index.js';
import { orderResult } from './reporters/json.js';
import { gateOf, gateText, reasonText } from './reporters/findings.js';
import { renderExplain, renderRulesJson, renderRulesTable } from './reporters/rules.js';
import { applySelection } from './config/selection.js';
import { useLeanHeap } from './collect/lean-heap.js';
import { liveOptions, liveSource, runSnapshot, type LiveOptions } from './commands/live.js';
import { registerDiffCommand } from './commands/diff.js';
import { registerCheckTemplateCommand } from './commands/check-template.js';
import { registerInitCommand } from './commands/init.js';
import {
  type ConfigOptions,
  configure,
  helpAfter,
  newProgram,
  NON_TTY_WIDTH,
  type OutputOptions,
  outputOptions,
  printDiagnostics,
  reportError,
  resolveFormats,
  resolveNow,
  runCli,
  stderr,
  stdout,
  stdoutReporterOptions,
  terminalWidth,
  writeStdoutReport,
} from './commands/program.js';
import { registerValidateCommand } from './commands/validate.js';

interface AuditCommandOptions extends OutputOptions, LiveOptions, ConfigOptions {
  snapshot?: string;
  baseline?: string;
  writeBaseline?: string;
  history?: string;
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
    writeStdoutReport(reporters[formats[0]!].render(result, { ...stdoutReporterOptions(options), ...shared }), options);
    return;
  }
  const dir = options.outputDir;
  const fileOptions: ReporterOptions = { all: options.all === true || options.verbose === true, color: false, width: NON_TTY_WIDTH, ...shared };
  try {
    await mkdir(dir, { recursive: true });
    for (const name of formats) {
      const file = path.join(dir, reporters[name].fileName);
      const chunks = reporters[name].chunks;
      if (chunks) await writeChunks(file, chunks(result, fileOptions));
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

/** Writes a report given in pieces, about a megabyte at a time: the whole text is never held at once. */
async function writeChunks(file: string, chunks: Iterable<string>): Promise<void> {
  const fd = openSync(file, 'w');
  try {
    let pending: string[] = [];
    let size = 0;
    for (const chunk of chunks) {
      pending.push(chunk);
      size += chunk.length;
      if (size >= 1 << 20) {
        writeSync(fd, pending.join(''), null, 'utf8');
        pending = [];
        size = 0;
      }
    }
    if (pending.length > 0) writeSync(fd, pending.join(''), null, 'utf8');
  } finally {
    closeSync(fd);
  }
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
  const { CONFIG_FILE_NAMES } = await import('./config/find.js');
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

function buildProgram(setExit: (code: ExitCode) => void): Command {
  const program = newProgram();
  registerValidateCommand(program, setExit);

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

await runCli(buildProgram);
