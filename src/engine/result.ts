// Assembles the versioned AuditResult (the `json` contract) from evaluated entries.
import type { SpecDiagnostic } from '../spec/types.js';
import { VERSION } from '../version.js';
import { summarise } from './evaluate.js';
import type { AuditResult, ResultDiagnostic, ResultEntry } from './types.js';

export interface BuildResultInput {
  /** The spec path as the user gave it. */
  spec: string;
  entries: readonly ResultEntry[];
  auditedAt: Date;
  source?: AuditResult['source'];
  /** Spec diagnostics that did not stop the run (warnings). Errors are dropped: a spec with errors has no result. */
  diagnostics?: readonly SpecDiagnostic[];
}

export function buildAuditResult(input: BuildResultInput): AuditResult {
  const diagnostics: ResultDiagnostic[] = (input.diagnostics ?? [])
    .filter((d) => d.severity === 'warning')
    .map((d) => ({ file: d.file, line: d.line, column: d.column, severity: d.severity, code: d.code, message: d.message }));
  return {
    synamlResult: 1,
    tool: { name: 'synaml', version: VERSION },
    auditedAt: input.auditedAt.toISOString(),
    spec: input.spec,
    ...(input.source && { source: input.source }),
    summary: summarise(input.entries),
    results: [...input.entries],
    ...(diagnostics.length > 0 && { diagnostics }),
  };
}
