// Shared by the spec loader tests: inline specs whose line 1 is the first line after the backtick, and one way to
// assert diagnostics (all of them, in order, with exact line:column).
import { expect } from 'vitest';
import type { SpecLoadResult } from '../../src/spec/types.js';

export const SUB = '6f1d2c3b-8a4e-4f6a-9b2c-1d3e5f7a9b0c';
export const SYN = `/subscriptions/${SUB}/resourceGroups/rg-analytics/providers/Microsoft.Synapse/workspaces/syn-analytics`;
export const AML = `/subscriptions/${SUB}/resourceGroups/rg-analytics/providers/Microsoft.MachineLearningServices/workspaces/mlw-analytics`;
export const PE = `/subscriptions/${SUB}/resourceGroups/rg-analytics/providers/Microsoft.Network/privateEndpoints/pe-mlw`;
export const PRINCIPAL = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';
export const NOW = new Date('2026-11-23T10:00:00Z');

/** Removes the first newline and the common indentation, so a template's first line is line 1, column 1. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce((acc, part, i) => acc + part + (i < values.length ? String(values[i]) : ''), '').replace(/^\n/, '');
  const lines = text.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n').replace(/\n *$/, '\n');
}

export interface ExpectedDiagnostic {
  /** `line:column`, 1-based. */
  at: string;
  code: string;
  severity?: 'error' | 'warning';
  /** The exact message, or a pattern it must match. */
  message: string | RegExp;
}

/** Asserts the complete list of diagnostics, in order. */
export function expectDiagnostics(result: SpecLoadResult, expected: ExpectedDiagnostic[]): void {
  const actual = result.diagnostics.map((d) => ({ at: `${d.line}:${d.column}`, code: d.code, severity: d.severity, message: d.message }));
  expect(actual).toEqual(
    expected.map((e) => ({
      at: e.at,
      code: e.code,
      severity: e.severity ?? 'error',
      message: typeof e.message === 'string' ? e.message : expect.stringMatching(e.message),
    })),
  );
}
