// The output formats' names and `--format` parsing, apart from the reporters themselves (index.ts): `validate` checks
// its --format before it loads the one reporter it prints with, so it does not load html, junit or markdown.
import { UsageError } from '../errors.js';

/** Every format, in the order messages list them; index.ts's `reporters` has exactly these keys (checked there). */
export const FORMAT_NAMES = ['table', 'json', 'sarif', 'junit', 'markdown', 'html', 'compact'] as const;

export type FormatName = (typeof FORMAT_NAMES)[number];

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
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
