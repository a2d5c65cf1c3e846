// `npm run release -- <version> [--dry-run]`: cuts a release locally. Checks the tree is clean, the tag is new and
// CHANGELOG.md has notes under "## Unreleased"; runs the tests; sets the version (package.json, package-lock.json,
// src/version.ts); moves the notes under "## <version> - <date>"; commits; tags v<version>; packs
// synaml-<version>.tgz. It never pushes or publishes: those steps are printed for a person to take.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { releaseChangelog } from './release-notes.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const version = args.find((a) => !a.startsWith('--'));

function fail(message) {
  console.error(`release: ${message}`);
  process.exit(2);
}

function sh(command, commandArgs, options = {}) {
  return execFileSync(command, commandArgs, { cwd: root, encoding: 'utf8', stdio: options.inherit ? 'inherit' : 'pipe' }) ?? '';
}

if (!version || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) fail('usage: npm run release -- <major.minor.patch> [--dry-run]');
const tag = `v${version}`;
if (sh('git', ['status', '--porcelain']).trim() !== '') fail('the working tree has changes: commit or stash them first');
if (sh('git', ['tag', '--list', tag]).trim() !== '') fail(`tag ${tag} already exists`);

const changelogFile = `${root}CHANGELOG.md`;
const date = new Date().toISOString().slice(0, 10);
const changelog = releaseChangelog(readFileSync(changelogFile, 'utf8'), version, date);
if ('error' in changelog) fail(changelog.error);

const plan = [
  'npm test',
  `set the version to ${version} in package.json, package-lock.json and src/version.ts`,
  `CHANGELOG.md: the Unreleased notes become "## ${version} - ${date}"`,
  `git commit -m "Release ${version}" && git tag -a ${tag}`,
  `npm pack -> synaml-${version}.tgz`,
];
if (dryRun) {
  console.log(`release ${version} (dry run): would\n${plan.map((step) => `  - ${step}`).join('\n')}`);
  process.exit(0);
}

sh('npm', ['test'], { inherit: true });
sh('npm', ['version', version, '--no-git-tag-version', '--allow-same-version'], { inherit: true });
const versionFile = `${root}src/version.ts`;
writeFileSync(versionFile, readFileSync(versionFile, 'utf8').replace(/VERSION = '[^']*'/, `VERSION = '${version}'`));
writeFileSync(changelogFile, changelog.text);
sh('git', ['add', 'package.json', 'package-lock.json', 'src/version.ts', 'CHANGELOG.md']);
sh('git', ['commit', '-m', `Release ${version}`]);
sh('git', ['tag', '-a', tag, '-m', `synaml ${version}`]);
sh('npm', ['pack'], { inherit: true });
console.log(`
Released ${version} locally: commit "Release ${version}", tag ${tag}, synaml-${version}.tgz.
Next, by hand:
  git push && git push origin ${tag}
  attach synaml-${version}.tgz to the ${tag} release (npm install -g ./synaml-${version}.tgz installs it)
  npm publish synaml-${version}.tgz   # once the package name is yours on npm`);
