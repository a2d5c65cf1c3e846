// `synaml validate`: spec files checked offline (schema, references, the rules' spec-only checks). Registered by both
// entries (cli.ts with every command, cli-validate.ts alone), so it must not import what only other commands need.
import type { Command } from 'commander';
import { applySelection } from '../config/selection.js';
import type { AuditResult } from '../engine/types.js';
import { UsageError } from '../errors.js';
import { combineExitCodes, ExitCode, exitCodeForResults } from '../exit-codes.js';
import { loadRules, validateSpec } from '../validation.js';
import { parseFormats } from '../reporters/format-names.js';
import { compact } from '../reporters/compact.js';
import { orderResult, renderJsonBody } from '../reporters/json.js';
import { table } from '../reporters/table.js';
import type { ReporterOptions } from '../reporters/types.js';
import { VERSION } from '../version.js';
import {
  type ConfigOptions,
  configure,
  helpAfter,
  type OutputOptions,
  outputOptions,
  printDiagnostics,
  resolveFormats,
  resolveNow,
  stderr,
  stdout,
  stdoutReporterOptions,
  writeStdoutReport,
} from './program.js';

/** Adds `validate` to the root program (program.ts's newProgram). */
export function registerValidateCommand(program: Command, setExit: (code: ExitCode) => void): void {
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
}

/** `validate <spec...>`: each spec loaded and checked, one report on stdout, the most serious exit code. */
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
    const { buildSarif } = await import('../reporters/sarif.js');
    const logs = sarifResults.map((r) => buildSarif(r, sarifOptions));
    stdout(`${JSON.stringify({ ...logs[0]!, runs: logs.flatMap((l) => l.runs) }, null, 2)}\n`);
  } else if (format === 'json') {
    // One spec: the result object (the json contract). Several: an array of them, each naming its spec.
    const gated = options.failOn !== undefined ? { failOn: options.failOn } : {};
    if (specs.length === 1 && results[0]) writeStdoutReport([renderJsonBody(results[0], gated), '\n'], options);
    else if (specs.length > 1) writeStdoutReport(`${JSON.stringify(results.map((r) => orderResult(r, gated)), null, 2)}\n`, options);
  } else {
    const reporterOptions = { ...stdoutReporterOptions(options), ...(options.failOn !== undefined && { failOn: options.failOn }) };
    const reporter = format === 'compact' ? compact : table;
    stdout(results.map((r) => reporter.render(r, reporterOptions)).join('\n'));
  }
  return combineExitCodes(codes);
}

