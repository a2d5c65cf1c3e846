// Spec diagnostics as compilers print them, so editors and CI log parsers can jump to the spot.
import type { SpecDiagnostic } from '../spec/types.js';

/** `file:line:column: error|warning: message [code]` */
export function formatDiagnostic(d: SpecDiagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`;
}
