// Baselines: accept today's failing findings so a gate fails only on new ones. A baseline lists findings by
// fingerprint (src/engine/fingerprint.ts); it never hides an `unknown` — only `fail` outcomes are ever recorded.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fingerprintsOf } from './engine/fingerprint.js';
import type { AuditResult, BaselineFinding, ResultEntry } from './engine/types.js';
import { InputFileError } from './errors.js';
import type { JsonFileKind } from './json-file.js';

/** The baseline file (`synamlBaseline: 1`, schema in schema/baseline-v1.schema.json). */
export interface Baseline {
  synamlBaseline: 1;
  createdAt: string;
  spec?: string;
  tool?: { name: 'synaml'; version: string };
  fingerprints: BaselineFinding[];
}

const BASELINE: JsonFileKind = {
  noun: 'baseline',
  schema: 'baseline-v1.schema.json',
  versionHint: 'this is not a synaml baseline of version 1',
  maxBytes: 64 * 1024 * 1024,
};

/** A finding the gate would fail on: a `fail` that no waiver covers. */
function isLiveFailure(entry: ResultEntry): boolean {
  return entry.outcome === 'fail' && !entry.waived;
}

function record(entry: ResultEntry, fingerprint: string): BaselineFinding {
  return {
    fingerprint,
    ruleId: entry.ruleId,
    integration: entry.integration,
    ...(entry.resourceId !== undefined && { resourceId: entry.resourceId }),
  };
}

/**
 * The baseline of a result: its failing, non-waived findings, sorted (rule, integration, resource, fingerprint) so the
 * file diffs well in review. `createdAt` is the result's own audit date: the same result gives the same file.
 */
export function createBaseline(result: AuditResult): Baseline {
  const fingerprints = fingerprintsOf(result.results);
  const seen = new Set<string>();
  const findings: BaselineFinding[] = [];
  result.results.forEach((entry, i) => {
    if (!isLiveFailure(entry)) return;
    const fp = fingerprints[i]!;
    if (seen.has(fp)) return;
    seen.add(fp);
    findings.push(record(entry, fp));
  });
  const key = (f: BaselineFinding) => [f.ruleId, f.integration, (f.resourceId ?? '').toLowerCase(), f.fingerprint];
  findings.sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
    return 0;
  });
  return { synamlBaseline: 1, createdAt: result.auditedAt, spec: result.spec, tool: { ...result.tool }, fingerprints: findings };
}

export function renderBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/**
 * Marks each non-waived failure `known` (its fingerprint is in the baseline) or `new`, and lists the baseline's
 * findings that no longer fail as `fixed`. A baseline finding whose rule is `unknown` for its integration in this run
 * is not called fixed: synaml could not look. Pure: returns a new result.
 */
export function applyBaseline(result: AuditResult, baseline: Baseline, file: string): AuditResult {
  const accepted = new Set(baseline.fingerprints.map((f) => f.fingerprint));
  const fingerprints = fingerprintsOf(result.results);
  let fresh = 0;
  let known = 0;
  const results = result.results.map((entry, i): ResultEntry => {
    const { baseline: _previous, ...rest } = entry;
    if (!isLiveFailure(entry)) return rest;
    const mark = accepted.has(fingerprints[i]!) ? 'known' : 'new';
    if (mark === 'known') known += 1;
    else fresh += 1;
    return { ...rest, baseline: mark };
  });
  const stillFailing = new Set(fingerprints.filter((_, i) => result.results[i]!.outcome === 'fail'));
  const unknownRules = new Set(result.results.filter((e) => e.outcome === 'unknown').map((e) => `${e.ruleId}\u0000${e.integration}`));
  const fixed = baseline.fingerprints.filter(
    (f) => !stillFailing.has(f.fingerprint) && !unknownRules.has(`${f.ruleId}\u0000${f.integration}`),
  );
  return { ...result, results, baseline: { file, new: fresh, known, fixed: fixed.map((f) => ({ ...f })) } };
}

/** Reads a baseline file; malformed files are InputFileErrors located at file:line:column (exit 2). */
export async function loadBaselineFile(file: string): Promise<Baseline> {
  // Loaded on use: the JSON reader (jsonc-parser, ajv-formats) stays out of start-up for the other commands.
  const { loadJsonFile } = await import('./json-file.js');
  return loadJsonFile<Baseline>(file, BASELINE);
}

async function writeBaselineFile(file: string, baseline: Baseline): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, renderBaseline(baseline), 'utf8');
  } catch (error) {
    throw new InputFileError(`cannot write the baseline: ${(error as Error).message}`, { file }, { cause: error });
  }
}

export interface BaselineOptions {
  /** `--baseline <file>`: compare with this baseline. */
  baseline?: string;
  /** `--write-baseline <file>`: record this run's failing findings. */
  writeBaseline?: string;
}

/**
 * The audit's `--baseline` / `--write-baseline` handling. With `--baseline`, the result is compared with that file.
 * With only `--write-baseline`, the run accepts what it records: it is compared with the baseline it just wrote, so
 * every failure is `known` (exit 0, or 3 when something is unknown). With both, it is compared with the old baseline
 * and the new one is written (a ratchet). Returns the result to report and the file written, if any.
 */
export async function applyBaselineOptions(result: AuditResult, options: BaselineOptions): Promise<{ result: AuditResult; wrote?: string }> {
  let out = result;
  if (options.baseline !== undefined) out = applyBaseline(out, await loadBaselineFile(options.baseline), options.baseline);
  if (options.writeBaseline === undefined) return { result: out };
  const written = createBaseline(result);
  await writeBaselineFile(options.writeBaseline, written);
  if (options.baseline === undefined) out = applyBaseline(out, written, options.writeBaseline);
  return { result: out, wrote: options.writeBaseline };
}
