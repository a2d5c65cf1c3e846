// Generates the README's rules table from the rules' own metadata (the built registry, dist/rules/index.js), between
// `<!-- rules:start -->` and `<!-- rules:end -->`. `--check` changes nothing and exits 1 when the README is stale.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README = `${ROOT}README.md`;
const REGISTRY = `${ROOT}dist/rules/index.js`;
const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';
const check = process.argv.includes('--check');

function fail(message, code) {
  console.error(`gen-readme-rules: ${message}`);
  process.exit(code);
}

/** Markdown table cells cannot hold a pipe or a line break. */
function cell(text) {
  return String(text).replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function renderRulesTable(rules) {
  const lines = [
    '| ID | Name | Severity | Judges | Title | Source (doc date) |',
    '|---|---|---|---|---|---|',
    ...rules.map(({ meta }) => {
      const docs = meta.docs.map((d) => `[${cell(d.title)}](${d.url}) (${d.date})`).join('<br>');
      return `| ${meta.id} | \`${meta.name}\` | ${meta.severity} | ${meta.judges} | ${cell(meta.title)} | ${docs} |`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}

if (!existsSync(REGISTRY)) fail('dist/rules/index.js is missing; run `npm run build` first', 2);
const { rules } = await import(pathToFileURL(REGISTRY).href);
const readme = readFileSync(README, 'utf8');
const start = readme.indexOf(START);
const end = readme.indexOf(END);
if (start === -1 || end === -1 || end < start) {
  fail(`README.md needs the markers ${START} and ${END} (in that order) around the rules table`, check ? 1 : 2);
}
const updated = `${readme.slice(0, start + START.length)}\n\n${renderRulesTable(rules)}\n${readme.slice(end)}`;
if (updated === readme) {
  console.log(`README.md rules table is up to date (${rules.length} rules)`);
} else if (check) {
  fail('README.md rules table is stale: run `npm run readme` and commit the result', 1);
} else {
  writeFileSync(README, updated);
  console.log(`README.md rules table updated (${rules.length} rules)`);
}
