// Runs `synaml init`: writes the starter or the drafted spec, then (for a draft) audits the same estate with it and
// prints on stderr which rules already fail, so the first run shows where the integration stands.
import { access, writeFile } from 'node:fs/promises';
import type { ConnectionOptions } from '../commands/live.js';
import { evaluateRules } from '../engine/evaluate.js';
import type { ResultEntry } from '../engine/types.js';
import { AuditIncompleteError, InputFileError, UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { loadSnapshotFile } from '../estate/load-snapshot.js';
import { describeReadError, type Snapshot, type SnapshotError } from '../estate/snapshot.js';
import { normaliseSnapshot } from '../estate/normalise.js';
import { loadRules, parseAuditDate, startOfUtcDay } from '../index.js';
import { formatDiagnostic } from '../reporters/diagnostics.js';
import { loadSpecText } from '../spec/load-yaml.js';
import { initFromSnapshot } from './from-snapshot.js';
import { starterSpec } from './starter.js';

/** The options of `synaml init`, as commands/init.ts parses them. */
export interface InitCommandOptions extends ConnectionOptions {
  output: string;
  force?: boolean;
  fromSnapshot?: string;
  fromLive?: boolean;
  subscription?: string[];
  managementGroup?: string[];
  now?: string;
  quiet?: boolean;
}

const stderr = (line: string) => void process.stderr.write(`${line}\n`);

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

function alreadyExists(file: string): UsageError {
  return new UsageError(`${file} already exists: add --force to overwrite it, or choose another file with --output`);
}

async function writeSpec(file: string, text: string, force: boolean | undefined): Promise<void> {
  if (file === '-') {
    process.stdout.write(text);
    return;
  }
  try {
    // Without --force, 'wx' refuses a file that appeared while Azure was read (runInit checked before reading).
    await writeFile(file, text, { encoding: 'utf8', flag: force ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw alreadyExists(file);
    const why =
      code === 'EISDIR'
        ? 'it is a directory: give -o a file name (e.g. -o <dir>/synaml.yaml)'
        : code === 'ENOENT' || code === 'ENOTDIR'
          ? 'its folder does not exist: create it first'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : `(${code ?? 'error'})`;
    throw new InputFileError(`cannot write the spec: ${why}`, { file }, { cause: error });
  }
}

/** The failing (not waived) findings, one line per integration and rule. */
function failureSummary(entries: readonly ResultEntry[]): string[] {
  const groups = new Map<string, { integration: string; ruleId: string; ruleName: string; severity: string; count: number }>();
  for (const e of entries) {
    if (e.outcome !== 'fail' || e.waived) continue;
    const key = `${e.integration}\u0000${e.ruleId}`;
    const g = groups.get(key) ?? { integration: e.integration, ruleId: e.ruleId, ruleName: e.ruleName, severity: e.severity, count: 0 };
    g.count += 1;
    if (e.severity === 'error' || (e.severity === 'warning' && g.severity === 'note')) g.severity = e.severity;
    groups.set(key, g);
  }
  const width = Math.max(0, ...[...groups.values()].map((g) => g.integration.length));
  return [...groups.values()].map((g) => `  ${g.integration.padEnd(width)}  ${g.ruleId}  ${g.severity.padEnd(7)}  ${g.ruleName} (${g.count} ${g.count === 1 ? 'finding' : 'findings'})`);
}

/** A scope discovery could not search, in one line. */
const describeGap = (gap: SnapshotError): string => describeReadError(gap, gap.scope);

interface Source {
  snapshot: Snapshot;
  /** How the estate was read, for the draft's header and the messages. */
  origin: string;
  /** What to run to see the findings in detail. */
  auditHint: (spec: string) => string;
  notes: string[];
  /** True when part of the scope could not be searched. */
  incomplete: boolean;
}

async function liveSource(options: InitCommandOptions, quiet: boolean): Promise<Source> {
  const [{ discoverSnapshot }, { collectOptions, clearProgress }] = await Promise.all([import('../collect/index.js'), import('../commands/live.js')]);
  const subscriptions = options.subscription ?? [];
  const managementGroups = options.managementGroup ?? [];
  let discovery: Awaited<ReturnType<typeof discoverSnapshot>>;
  try {
    discovery = await discoverSnapshot({ subscriptions, managementGroups }, await collectOptions(options));
  } finally {
    clearProgress(options);
  }
  const where = [
    ...(subscriptions.length > 0 ? [`${subscriptions.length} ${subscriptions.length === 1 ? 'subscription' : 'subscriptions'}`] : []),
    ...(managementGroups.length > 0 ? [`${managementGroups.length} ${managementGroups.length === 1 ? 'management group' : 'management groups'}`] : []),
  ];
  const scope = where.length > 0 ? where.join(' and ') : 'every subscription the identity can read';
  if (!quiet) {
    stderr(
      `synaml: found ${discovery.workspaces} Synapse ${discovery.workspaces === 1 ? 'workspace' : 'workspaces'} in ${scope}: ` +
        `${discovery.withAzureMl} with an AzureMLService linked service, ${discovery.unreadable} whose linked services could not be read`,
    );
  }
  for (const gap of discovery.gaps) stderr(`synaml: not searched: ${describeGap(gap)}`);
  const origin = ['--from-live', ...subscriptions.map((s) => `--subscription ${s}`), ...managementGroups.map((g) => `--management-group ${g}`)].join(' ');
  return {
    snapshot: discovery.snapshot,
    origin,
    auditHint: (spec) => `synaml audit ${spec}`,
    notes: discovery.gaps.map((gap) => `Not searched: ${describeGap(gap)}. Workspaces there are not in this draft.`),
    incomplete: discovery.gaps.length > 0,
  };
}

async function snapshotSource(file: string): Promise<Source> {
  return { snapshot: await loadSnapshotFile(file), origin: `--from-snapshot ${file}`, auditHint: (spec) => `synaml audit ${spec} --snapshot ${file}`, notes: [], incomplete: false };
}

export async function runInit(options: InitCommandOptions): Promise<ExitCode> {
  const discovery = (options.subscription?.length ?? 0) > 0 || (options.managementGroup?.length ?? 0) > 0;
  if (options.fromLive && options.fromSnapshot !== undefined) throw new UsageError('give one source: --from-live or --from-snapshot <file>');
  if (discovery && !options.fromLive) throw new UsageError('--subscription and --management-group go with --from-live');
  const output = options.output;
  const quiet = options.quiet === true;
  // Refuse before reading Azure, not after: the file is written only at the end.
  if (output !== '-' && !options.force && (await exists(output))) throw alreadyExists(output);

  if (options.fromSnapshot === undefined && !options.fromLive) {
    await writeSpec(output, starterSpec(), options.force);
    if (!quiet && output !== '-') stderr(`synaml: wrote ${output}: a starter spec. Replace the example IDs and names, then run \`synaml validate ${output}\`.`);
    return ExitCode.Ok;
  }

  const source = options.fromLive ? await liveSource(options, quiet) : await snapshotSource(options.fromSnapshot!);
  const { snapshot } = source;
  const draft = initFromSnapshot(snapshot, { origin: source.origin, notes: source.notes });
  for (const s of draft.skipped) {
    if (!quiet || s.unreadable) stderr(`synaml: not included: Synapse workspace ${s.name}: ${s.reason}`);
  }
  const incomplete = source.incomplete || draft.skipped.some((s) => s.unreadable);
  if (draft.integrations.length === 0) {
    const from = options.fromLive ? 'the searched scope' : options.fromSnapshot!;
    throw new (incomplete ? AuditIncompleteError : UsageError)(
      `no Synapse workspace in ${from} has a readable AzureMLService linked service: nothing to draft (run \`synaml init\` for a starter spec)`,
    );
  }
  await writeSpec(output, draft.yaml, options.force);
  const specName = output === '-' ? 'the draft' : output;
  const from = options.fromLive ? 'Azure' : options.fromSnapshot!;
  if (!quiet && output !== '-') stderr(`synaml: wrote ${output}: ${draft.integrations.length} ${draft.integrations.length === 1 ? 'integration' : 'integrations'} drafted from ${from}`);

  // Audit the same estate with the draft: what already fails is where the integration stands.
  const rules = await loadRules();
  const now = options.now === undefined ? startOfUtcDay(new Date()) : parseAuditDate(options.now);
  const loaded = loadSpecText(draft.yaml, output === '-' ? 'draft.yaml' : output, { knownRuleIds: rules.map((r) => r.meta.id), now });
  if (!loaded.ok) {
    for (const d of loaded.diagnostics) stderr(formatDiagnostic(d));
    throw new Error('the drafted spec does not validate: this is a bug in synaml init, please report it');
  }
  const done = incomplete ? ExitCode.Incomplete : ExitCode.Ok;
  if (quiet) return done;
  const entries = evaluateRules({ loaded: loaded.loaded, rules, estate: normaliseSnapshot(snapshot), now, mode: 'audit' });
  const failing = failureSummary(entries);
  const unknown = entries.filter((e) => e.outcome === 'unknown' && !e.waived).length;
  if (failing.length === 0) stderr('synaml: no rule fails on this estate with the draft spec.');
  else {
    stderr(`synaml: rules that already fail on this estate (details: ${source.auditHint(specName)}):`);
    for (const line of failing) stderr(line);
  }
  if (unknown > 0) stderr(`synaml: ${unknown} ${unknown === 1 ? 'evaluation is' : 'evaluations are'} unknown: ${options.fromLive ? 'some reads failed' : 'the snapshot records reads that failed'}.`);
  if (incomplete) stderr('synaml: the draft is incomplete: part of the estate could not be read (listed above and at the top of the draft); exit 3.');
  return done;
}
