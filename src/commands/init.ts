// The `synaml init` command: a commented starter spec, or a draft of the deployed integrations (--from-snapshot;
// --from-live once live discovery exists). Registered by cli.ts; the drafting code loads only when the command runs.
import type { Command } from 'commander';
import type { ExitCode } from '../exit-codes.js';

export interface InitCommandOptions {
  output: string;
  force?: boolean;
  fromSnapshot?: string;
  fromLive?: boolean;
  subscription?: string[];
  managementGroup?: string[];
  now?: string;
  quiet?: boolean;
}

/** Adds `synaml init` to the program; `helpAfter` renders the examples and exit-code table every command shows. */
export function registerInitCommand(program: Command, setExit: (code: ExitCode) => void, helpAfter: (examples: string[]) => string): void {
  program
    .command('init')
    .description('write a first spec: a commented starter, or a draft of what is deployed (--from-snapshot, --from-live)')
    .option('-o, --output <file>', 'where to write the spec; "-" for stdout', 'synaml.yaml')
    .option('--force', 'overwrite the output file if it exists')
    .option('--from-snapshot <file>', 'draft the spec from a recorded estate (synamlSnapshot: 1)')
    .option('--from-live', 'draft the spec from Azure: discover every Synapse workspace with an AzureMLService linked service')
    .option('--subscription <id...>', 'with --from-live: subscriptions to discover in')
    .option('--management-group <id...>', 'with --from-live: management groups to discover in')
    .option('--now <date>', 'audit date YYYY-MM-DD for the rules the draft already fails (default: today, UTC)')
    .option('--quiet', 'no summary on stderr (errors still print)')
    .addHelpText(
      'after',
      helpAfter([
        'synaml init                                   # synaml.yaml: a commented starter spec',
        'synaml init --from-snapshot state.json -o synaml.yaml',
        'synaml init --from-live --subscription <id>   # needs live discovery (not in this build)',
      ]) +
        '\nWith a source, every Synapse workspace that has an AzureMLService linked service becomes an integration with\n' +
        'the deployed values as its desired state; a comment beside each value says where it came from. Workspaces whose\n' +
        'linked services could not be read are listed in the draft and on stderr, not left out silently. After writing,\n' +
        'init audits the same estate with the draft and prints the rules that already fail. Exit 0 when the draft is written.\n',
    )
    .action(async (options: InitCommandOptions) => {
      const { runInit } = await import('../init/command.js');
      setExit(await runInit(options));
    });
}
