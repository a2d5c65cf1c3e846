// The output formats, by name. Adding one is one file plus one line here.
import { UsageError } from '../errors.js';
import { compact } from './compact.js';
import { html } from './html.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { table } from './table.js';
import type { ReportFormat } from './types.js';

export const reporters = { table, json, sarif, junit, markdown, html, compact } as const satisfies Record<string, ReportFormat>;

export type FormatName = keyof typeof reporters;

export const FORMAT_NAMES = Object.keys(reporters) as FormatName[];

export function isFormatName(name: string): name is FormatName {
  return Object.prototype.hasOwnProperty.call(reporters, name);
}

/** Parses `--format a,b`: names trimmed, lower-cased, de-duplicated; an unknown name is a usage error. */
export function parseFormats(list: string): FormatName[] {
  const names = list
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n !== '');
  if (names.length === 0) throw new UsageError(`--format needs a format name (${FORMAT_NAMES.join(', ')})`);
  const formats: FormatName[] = [];
  for (const name of names) {
    if (!isFormatName(name)) {
      throw new UsageError(`unknown format "${name}"; available: ${FORMAT_NAMES.join(', ')}`);
    }
    if (!formats.includes(name)) formats.push(name);
  }
  return formats;
}

export type { Reporter, ReporterOptions, ReportFormat } from './types.js';
