// Fitting text to a terminal's width: word wrap with a hanging indent, and words longer than the width (ARM IDs,
// URLs) broken at the width, so no line is wider than the terminal.

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;

/** The columns a line takes on a terminal: its length without colour codes. */
export function visibleLength(line: string): number {
  return line.replace(SGR, '').length;
}

/**
 * One line wrapped to `width` columns. Continuation lines keep the line's own indentation (plus `hang` more when
 * it has some), so a wrapped item still reads as one. A line with colour codes that does not fit is wrapped without its colours.
 */
export function wrapLine(line: string, width: number, hang = 0): string[] {
  if (visibleLength(line) <= width) return [line];
  const plain = line.replace(SGR, '');
  const indent = /^ */.exec(plain)![0];
  // Prose (no indentation) continues flush left; an indented item (a list entry, an example) hangs under itself.
  const next = `${indent}${' '.repeat(indent === '' ? 0 : hang)}`.slice(0, Math.max(0, width - 10));
  const out: string[] = [];
  let current = indent;
  const room = (prefix: string) => Math.max(1, width - prefix.length);
  for (const word of plain.slice(indent.length).split(/ +/)) {
    const sep = current.trim() === '' ? '' : ' ';
    if (current.length + sep.length + word.length <= width) {
      current += sep + word;
      continue;
    }
    if (current.trim() !== '') out.push(current);
    current = out.length === 0 ? indent : next;
    let rest = word;
    while (current.length + rest.length > width) {
      const take = room(current);
      out.push(current + rest.slice(0, take));
      rest = rest.slice(take);
      current = next;
    }
    current += rest;
  }
  if (current.trim() !== '') out.push(current);
  return out;
}

/** Every line of `text` wrapped to `width`; lines that are already short enough (table rows) are left alone. */
export function wrapLines(text: string, width: number | undefined, hang = 0): string {
  if (width === undefined) return text;
  return text
    .split('\n')
    .flatMap((line) => wrapLine(line, width, hang))
    .join('\n');
}
