// Runs Microsoft's SARIF validator (`@microsoft/sarif-multitool validate`, a self-contained .NET binary shipped in the
// npm package) on a SARIF file and returns what it found. The validator writes its findings as SARIF too.
//
// One gap, found while writing these tests: a value the validator cannot deserialize (e.g. `"level": "critical"`)
// makes it skip the file silently — exit 0, no findings at all. So validateSarif also checks the file against the
// SARIF 2.1.0 JSON schema shipped in the same package (Ajv, draft 2020-12), and treats "no findings at all" (not even
// the run-level note SARIF2003) as a failure to read the file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const CONFIG = fileURLToPath(new URL('../fixtures/sarif/validator-config.xml', import.meta.url));

export interface ValidatorFinding {
  level: 'error' | 'warning' | 'note';
  ruleId: string;
  /** The validator's message with its arguments filled in. */
  text: string;
}

/**
 * Notes the validator raises on every log synaml can write, and why they stay:
 * SARIF2002 (use message IDs instead of text: synaml's messages carry live values and are read as plain text by
 * GitHub), SARIF2003 (versionControlProvenance: the CI system knows the commit, synaml does not), SARIF2010 /
 * SARIF2011 (code snippet / context region: reporters get the result, not the spec's text).
 */
export const ACCEPTED_NOTES = ['SARIF2002', 'SARIF2003', 'SARIF2010', 'SARIF2011'];

/** The multitool binary for this platform, from the npm package. */
export function multitoolPath(): string {
  return createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
}

let schemaCheck: ValidateFunction | undefined;

/** Schema errors of a SARIF log against the multitool package's own copy of the SARIF 2.1.0 schema, as findings. */
function schemaFindings(file: string): ValidatorFinding[] {
  if (!schemaCheck) {
    const schema = JSON.parse(readFileSync(path.join(path.dirname(multitoolPath()), 'sarif-2.1.0.json'), 'utf8')) as object;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    schemaCheck = ajv.compile(schema);
  }
  if (schemaCheck(JSON.parse(readFileSync(file, 'utf8')))) return [];
  return (schemaCheck.errors ?? []).map((e) => ({ level: 'error', ruleId: 'SCHEMA', text: `${e.instancePath} ${e.message ?? ''}` }));
}

/** Validates `file` with the SARIF rules and GitHub's ingestion rules (`--rule-kind Sarif;Gh`), all levels. */
export function validateSarif(file: string): ValidatorFinding[] {
  const schemaErrors = schemaFindings(file);
  const dir = mkdtempSync(path.join(tmpdir(), 'synaml-sarif-validate-'));
  try {
    const out = path.join(dir, 'validation.sarif');
    const run = spawnSync(
      multitoolPath(),
      ['validate', file, '--output', out, '--config', CONFIG, '--level', 'Error;Warning;Note', '--rule-kind', 'Sarif;Gh', '--quiet'],
      { encoding: 'utf8', timeout: 120_000, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } },
    );
    if (run.error) throw run.error;
    if (run.status !== 0) throw new Error(`sarif-multitool exited ${run.status}: ${run.stdout}${run.stderr}`);
    const log = JSON.parse(readFileSync(out, 'utf8')) as {
      runs: Array<{
        tool: { driver: { rules?: Array<{ messageStrings?: Record<string, { text: string }> }> } };
        results?: Array<{ ruleId: string; ruleIndex?: number; level?: string; message: { id?: string; text?: string; arguments?: string[] } }>;
      }>;
    };
    const runLog = log.runs[0]!;
    if ((runLog.results ?? []).length === 0 && schemaErrors.length === 0) {
      throw new Error(`sarif-multitool reported nothing about ${file}, not even SARIF2003: it could not read the file`);
    }
    return [...schemaErrors, ...(runLog.results ?? []).map((r) => {
      const template = r.message.id !== undefined ? runLog.tool.driver.rules?.[r.ruleIndex ?? -1]?.messageStrings?.[r.message.id]?.text : undefined;
      const text = (template ?? r.message.text ?? '').replace(/\{(\d+)\}/g, (_m, i: string) => r.message.arguments?.[Number(i)] ?? '');
      return { level: (r.level ?? 'warning') as ValidatorFinding['level'], ruleId: r.ruleId, text };
    })];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
