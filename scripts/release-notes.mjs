// The CHANGELOG.md step of a release, kept pure so a test can run it: the notes under "## Unreleased" move under
// "## <version> - <date>", and an empty "## Unreleased" stays on top for the next change.

/**
 * @param {string} text CHANGELOG.md
 * @param {string} version e.g. 0.2.0
 * @param {string} date YYYY-MM-DD
 * @returns {{ text: string } | { error: string }}
 */
export function releaseChangelog(text, version, date) {
  const heading = /^## Unreleased[ \t]*$/m.exec(text);
  if (!heading) return { error: 'CHANGELOG.md has no "## Unreleased" section' };
  if (new RegExp(`^## ${version.replace(/\./g, '\\.')}\\b`, 'm').test(text)) return { error: `CHANGELOG.md already has a section for ${version}` };
  const start = heading.index + heading[0].length;
  const next = text.slice(start).search(/^## /m);
  const end = next < 0 ? text.length : start + next;
  const notes = text.slice(start, end).trim();
  if (notes === '') return { error: 'CHANGELOG.md: nothing under "## Unreleased" to release' };
  return { text: `${text.slice(0, heading.index)}## Unreleased\n\n## ${version} - ${date}\n\n${notes}\n\n${text.slice(end).trimStart()}`.trimEnd() + '\n' };
}
