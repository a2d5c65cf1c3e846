// The output formats, by name. Adding one is one file, one line here and its name in format-names.ts (the compiler
// checks that the two lists agree).
import { compact } from './compact.js';
import { html } from './html.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { table } from './table.js';
import type { FormatName } from './format-names.js';
import type { ReportFormat } from './types.js';

export const reporters = { table, json, sarif, junit, markdown, html, compact } as const satisfies Record<FormatName, ReportFormat>;

// The names and --format parsing live in format-names.ts (validate loads them without the reporters).
export { FORMAT_NAMES, type FormatName, isFormatName, parseFormats } from './format-names.js';

export type { Reporter, ReporterOptions, ReportFormat } from './types.js';
