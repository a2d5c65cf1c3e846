// Live collection for the CLI: the options `audit` (without --snapshot) and `snapshot` share, the estate source
// that collects from Azure, the progress line on stderr, and `--preflight`. The collectors (and the Azure SDK) are
// imported lazily, only when a live read is asked for.
import { bareSubscriptionId, isGuid } from '../azure/ids.js';
import { Option, type Command } from 'commander';
import type { AuditResult } from '../engine/types.js';
import { InputFileError, SpecInvalidError, UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { isNotAvailable, readStatusText, type Snapshot } from '../estate/snapshot.js';
import { loadRules, type EstateSource } from '../index.js';
import { useLeanHeap } from '../collect/lean-heap.js';
import { jsonChunks } from '../json-chunks.js';
import { reasonText } from '../reporters/findings.js';
import { inBatches, writeReportFile } from '../reporters/report-file.js';
import { loadSpecFile } from '../spec/load.js';
import { writeToStdout } from './program.js';
import type { LoadedSpec, Spec } from '../spec/types.js';

/** The connection options (`connectionOptions`), as commander parses them. */
export interface ConnectionOptions {
  tenant?: string;
  cloud?: 'public' | 'china' | 'usgov';
  armEndpoint?: string;
  concurrency?: string;
  timeout?: string;
  quiet?: boolean;
}

export interface LiveOptions extends ConnectionOptions {
  subscription?: string[];
  preflight?: boolean;
  verbose?: boolean;
}

/** How to reach Azure: the options every command that reads it live shares. */
export function connectionOptions(command: Command): Command {
  return command
    .option('--tenant <id>', 'Microsoft Entra tenant for DefaultAzureCredential')
    .addOption(new Option('--cloud <name>', 'Azure cloud').choices(['public', 'china', 'usgov']).default('public'))
    .option('--arm-endpoint <url>', 'Resource Manager / Resource Graph endpoint (https only; default: the cloud\'s)')
    .option('--concurrency <n>', 'parallel Azure reads (default 8)')
    .option('--timeout <seconds>', 'overall deadline for reading Azure; what is not read by then is unknown (default 600)');
}

/** Adds the live-collection options to a command (audit, snapshot). */
export function liveOptions(command: Command): Command {
  return connectionOptions(
    command.option('--subscription <id...>', 'extra subscriptions to include in role and resource queries, as <GUID> or /subscriptions/<GUID> (default: those in the spec\'s IDs)'),
  ).option('--preflight', 'first check the identity\'s read permissions on every scope and print what is missing');
}

function positiveNumber(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${flag} must be a positive number, got "${text}"`);
  return value;
}

/** A single progress line on stderr, redrawn in place; only on a terminal and never with --quiet. */
function progressReporter(options: ConnectionOptions): ((e: { phase: string; done: number; total: number; detail?: string }) => void) | undefined {
  if (options.quiet || process.stderr.isTTY !== true) return undefined;
  const phases = new Map<string, string>();
  return (e) => {
    phases.set(e.phase, `${e.phase} ${e.done}/${e.total}`);
    const line = `collecting: ${[...phases.values()].join(', ')}${e.detail ? ` — ${e.detail}` : ''}`;
    const width = process.stderr.columns || 100;
    process.stderr.write(`\r${line.slice(0, width - 1).padEnd(width - 1)}`);
  };
}

export function clearProgress(options: ConnectionOptions): void {
  if (!options.quiet && process.stderr.isTTY === true) process.stderr.write(`\r${' '.repeat((process.stderr.columns || 100) - 1)}\r`);
}

/**
 * `--subscription` values, each a subscription ID (`<GUID>` or `/subscriptions/<GUID>`). A name or a typo would
 * otherwise reach Resource Graph as an ID that matches nothing, and the audit would look at less than asked.
 */
function subscriptionArguments(values: string[]): string[] {
  for (const value of values) {
    if (!isGuid(bareSubscriptionId(value))) {
      throw new UsageError(`--subscription takes a subscription ID, as <GUID> or /subscriptions/<GUID>, got "${value}" (a subscription's name is not accepted)`);
    }
  }
  return values;
}

/** The first credential check of this process: a second collection (after --preflight) does not ask again. */
let credentialsChecked: Promise<void> | undefined;

/**
 * The collector's options from the command line: credentials, endpoints, limits, progress. Asks for a token once
 * first, so that without a credential the command stops with one line (exit 3) before any read.
 */
export async function collectOptions(options: ConnectionOptions & { subscription?: string[] }, specFile?: string) {
  const subscriptions = options.subscription && subscriptionArguments(options.subscription);
  const timeout = positiveNumber(options.timeout, '--timeout');
  const concurrency = positiveNumber(options.concurrency, '--concurrency');
  const { ensureCredentials, resolveCredentials } = await import('../collect/index.js');
  const resolved = resolveCredentials({
    ...(options.tenant ? { tenant: options.tenant } : {}),
    ...(options.cloud ? { cloud: options.cloud } : {}),
    ...(options.armEndpoint ? { armEndpoint: options.armEndpoint } : {}),
    env: process.env,
  });
  await (credentialsChecked ??= ensureCredentials(resolved));
  const onProgress = progressReporter(options);
  return {
    credentials: { arm: resolved.arm, synapse: resolved.synapse },
    armEndpoint: resolved.armEndpoint,
    synapseScope: resolved.synapseScope,
    ...(subscriptions ? { subscriptions } : {}),
    ...(concurrency !== undefined ? { concurrency: Math.floor(concurrency) } : {}),
    ...(timeout !== undefined ? { deadlineMs: timeout * 1000 } : {}),
    ...(onProgress ? { onProgress } : {}),
    ...(specFile !== undefined ? { specFile } : {}),
  };
}

async function runPreflight(spec: Spec, options: LiveOptions, specFile: string): Promise<void> {
  const collect = await import('../collect/index.js');
  const report = await collect.preflight(spec, await collectOptions(options, specFile));
  clearProgress(options);
  const lines = report.checks.map((c) => {
    const state = c.error ? `cannot tell (${[readStatusText(c.error), c.error.message].filter((t) => t !== '').join(': ')})` : c.missing.length ? `missing: ${c.missing.join('; ')}` : 'ok';
    return `  ${c.kind} ${c.scope}: ${state}`;
  });
  process.stderr.write(`synaml: preflight ${report.ok ? 'passed' : 'found missing read permissions'}:\n${lines.join('\n')}\n`);
}

/** Reads the estate the spec declares from Azure. */
export function liveSource(specFile: string, options: LiveOptions): EstateSource {
  useLeanHeap();
  return {
    async load(loaded: LoadedSpec) {
      if (options.preflight) await runPreflight(loaded.spec, options, specFile);
      const snapshot = await collectLive(loaded.spec, specFile, options);
      const { normaliseSnapshot } = await import('../estate/normalise.js');
      return { estate: normaliseSnapshot(snapshot), source: { kind: 'live', capturedAt: snapshot.capturedAt } as NonNullable<AuditResult['source']> };
    },
  };
}

async function collectLive(spec: Spec, specFile: string, options: LiveOptions): Promise<Snapshot> {
  const { collectSnapshot } = await import('../collect/index.js');
  try {
    return await collectSnapshot(spec, await collectOptions(options, specFile));
  } finally {
    clearProgress(options);
  }
}

/** `synaml snapshot <spec> -o state.json`: records the live estate; exit 3 when some reads failed (still written). */
export async function runSnapshot(specFile: string, options: LiveOptions & { output: string }): Promise<ExitCode> {
  useLeanHeap();
  const rules = await loadRules();
  const result = await loadSpecFile(specFile, { knownRuleIds: rules.map((r) => r.meta.id) });
  if (!result.ok) throw new SpecInvalidError(specFile, result.diagnostics);
  if (options.preflight) await runPreflight(result.loaded.spec, options, specFile);
  const snapshot = await collectLive(result.loaded.spec, specFile, options);
  // Written in pieces (a payload at a time): a large tenant's snapshot text never exists as one string.
  function* text(): Generator<string> {
    yield* jsonChunks(snapshot, 3);
    yield '\n';
  }
  if (options.output === '-') writeToStdout(inBatches(text()));
  else {
    try {
      await writeReportFile(options.output, text());
    } catch (error) {
      throw new InputFileError(`cannot write the snapshot: ${(error as Error).message}`, { file: options.output }, { cause: error });
    }
  }
  // A table this cloud's Resource Graph does not have is recorded (so a replay says "not available"), but nothing failed.
  const failed = snapshot.errors.filter((e) => !isNotAvailable(e));
  if (!options.quiet) {
    const where = options.output === '-' ? 'stdout' : options.output;
    process.stderr.write(`synaml: wrote ${where}: ${snapshot.resourceGraph.resources.length} resources, ${failed.length} read errors\n`);
    for (const e of snapshot.errors) {
      process.stderr.write(`  ${isNotAvailable(e) ? 'not available' : 'unreadable'}: ${reasonText(e)}\n`);
    }
  }
  return failed.length > 0 ? ExitCode.Incomplete : ExitCode.Ok;
}
