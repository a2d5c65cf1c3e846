// The `synaml init` command: a commented starter spec, or a draft of the deployed integrations (--from-snapshot, or
// --from-live: discovered in Azure). Registered by cli.ts; the drafting code and the collectors load only when it runs.
import type { Command } from 'commander';
import type { ExitCode } from '../exit-codes.js';
import type { InitCommandOptions } from '../init/run.js';
import { connectionOptions } from './live.js';

/** Adds `synaml init` to the program; `helpAfter` renders the examples and exit-code table every command shows. */
export function registerInitCommand(program: Command, setExit: (code: ExitCode) => void, helpAfter: (examples: string[]) => string): void {
  const command = program
    .command('init')
    .description('write a first spec: a commented starter, or a draft of what is deployed (--from-live, --from-snapshot)')
    .option('-o, --output <file>', 'where to write the spec; "-" for stdout', 'synaml.yaml')
    .option('--force', 'overwrite the output file if it exists')
    .option('--from-snapshot <file>', 'draft the spec from a recorded estate (synamlSnapshot: 1)')
    .option('--from-live', 'draft the spec from Azure: discover every Synapse workspace with an AzureMLService linked service')
    .option('--subscription <id...>', 'with --from-live: subscriptions to search (default, with no --management-group: every subscription the identity can read)')
    .option('--management-group <id...>', 'with --from-live: management groups to search (their subscriptions, as far as the identity can read them)');
  connectionOptions(command)
    .option('--now <date>', 'audit date YYYY-MM-DD for the rules the draft already fails (default: today, UTC)')
    .option('--quiet', 'no summary on stderr (errors still print)')
    .addHelpText(
      'after',
      helpAfter([
        'synaml init                                   # synaml.yaml: a commented starter spec',
        'synaml init --from-live --subscription <id> --subscription <id> -o synaml.yaml',
        'synaml init --from-live --management-group mg-data-platform',
        'synaml init --from-snapshot state.json -o synaml.yaml',
      ]) +
        '\nWith a source, every Synapse workspace that has an AzureMLService linked service becomes an integration with\n' +
        'the deployed values as its desired state; a comment beside each value says where it came from. Workspaces whose\n' +
        'linked services could not be read, and scopes that could not be searched, are listed in the draft and on stderr,\n' +
        'not left out silently. After writing, init audits the same estate with the draft and prints the rules that\n' +
        'already fail. --from-live reads Azure only (Reader on the subscriptions, Synapse User on the workspaces;\n' +
        'see the README) and uses DefaultAzureCredential like `synaml audit`.\n' +
        'Exit 0 when the draft is written; 3 when it is written but part of the estate could not be read (listed).\n',
    )
    .action(async (options: InitCommandOptions) => {
      const { runInit } = await import('../init/run.js');
      setExit(await runInit(options));
    });
}
