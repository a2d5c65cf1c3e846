// `audit --history <dir>`: the earlier JSON results in a directory (`synaml audit --format json` output, any file
// name ending .json), read as the trend's runs. Files that are not synaml results (a baseline, a SARIF log saved as
// .json) are skipped and named; a file that says it is a result but is malformed is an InputFileError at
// file:line:column (exit 2), as for `synaml diff`.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { loadResultFile } from './diff/compare.js';
import { InputFileError } from './errors.js';
import { readHead } from './input-file.js';
import type { TrendRun } from './reporters/trend.js';

export interface History {
  runs: TrendRun[];
  /** JSON files in the directory that are not synaml results. */
  skipped: string[];
}

/** Reads every synaml result in `dir` (not recursively), in file-name order; the trend orders them by audit date. */
export async function loadHistory(dir: string): Promise<History> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile() && d.name.toLowerCase().endsWith('.json')).map((d) => d.name).sort();
  } catch (error) {
    throw new InputFileError(`cannot read the --history directory: ${(error as Error).message}`, { file: dir }, { cause: error });
  }
  const runs: TrendRun[] = [];
  const skipped: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    if (!/"synamlResult"\s*:/.test(await readHead(file))) {
      skipped.push(file);
      continue;
    }
    const result = await loadResultFile(file);
    runs.push({ auditedAt: result.auditedAt, fail: result.summary.fail, unknown: result.summary.unknown, waived: result.summary.waived, source: name });
  }
  return { runs, skipped };
}
