// The `synaml diff` command: two JSON results in, new / resolved / unchanged findings out. Registered by cli.ts; the
// result reader (jsonc-parser, ajv) loads only when the command runs, so other commands start without it.
import { type Command, Option } from 'commander';
import { type ExitCode, exitCodeForDiff } from '../exit-codes.js';
import { loadRules } from '../index.js';
import { DIFF_FORMATS, type DiffFormat, renderDiff } from '../diff/render.js';

interface DiffCommandOptions {
  format?: DiffFormat;
  failOnNew?: boolean;
}

async function runDiff(olderFile: string, newerFile: string, options: DiffCommandOptions): Promise<ExitCode> {
  const { diffResults, loadResultFile } = await import('../diff/compare.js');
  const older = await loadResultFile(olderFile);
  const newer = await loadResultFile(newerFile);
  const diff = diffResults(older, newer, { from: olderFile, to: newerFile });
  const tty = process.stdout.isTTY === true;
  const format = options.format ?? (tty ? 'table' : 'json');
  const rules = format === 'markdown' ? (await loadRules()).map((r) => r.meta) : undefined;
  process.stdout.write(renderDiff(diff, format, { ...(rules && { rules }), width: tty && process.stdout.columns ? process.stdout.columns : 160 }));
  return exitCodeForDiff(diff.new, options.failOnNew === true);
}

/** Adds `synaml diff` to the program; `helpAfter` renders the examples and exit-code table every command shows. */
export function registerDiffCommand(program: Command, setExit: (code: ExitCode) => void, helpAfter: (examples: string[]) => string): void {
  program
    .command('diff')
    .description('compare two JSON results (synaml audit --format json): new, resolved and unchanged findings')
    .argument('<old>', 'the older result, e.g. last night\'s synaml.json')
    .argument('<new>', 'the newer result')
    .addOption(
      new Option('--format <format>', 'output format: table | markdown | json (default: table on a terminal, json otherwise)').choices(DIFF_FORMATS),
    )
    .option('--fail-on-new', 'exit 1 when the newer result has a finding (not waived) the older one did not have')
    .addHelpText(
      'after',
      helpAfter([
        'synaml diff reports/yesterday/synaml.json reports/today/synaml.json',
        'synaml diff old.json new.json --format markdown >> "$GITHUB_STEP_SUMMARY"',
        'synaml diff old.json new.json --format json --fail-on-new',
      ]) +
        '\nA finding is a fail or an unknown outcome, matched across the two results by its fingerprint (rule,\n' +
        'integration, resource, message ID and spec path). diff is report-only: it exits 0 whatever changed, or 1\n' +
        'with --fail-on-new when there are new findings; 2 when a result file is missing or invalid.\n',
    )
    .action(async (older: string, newer: string, options: DiffCommandOptions) => setExit(await runDiff(older, newer, options)));
}
