// The README's install paths, run offline the way a new user would, ending in `synaml --version` from a bin folder.
//
// What this proves, and what it does not:
// - `npm pack` (the release tarball) holds everything the installed CLI needs: its files are unpacked into a global
//   prefix (<prefix>/lib/node_modules/synaml), its production dependencies installed there from package-lock.json
//   (`npm ci --omit=dev --offline`: only npm's cache, populated by the `npm ci` that precedes the tests, and no
//   devDependency), and npm links the bin into <prefix>/bin (`npm rebuild -g`). That is the layout
//   `npm install -g synaml-<version>.tgz` produces; the one step left out is npm resolving the dependency ranges
//   against the registry, which needs the network.
// - `npm link` from the clone puts a working `synaml` on PATH in a fresh global prefix.
// The git-URL path (`npx github:<owner>/synaml#<commit>`) runs `prepare` in a clone with its devDependencies; it needs
// the network and is not run here.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './run.js';

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const work = mkdtempSync(join(tmpdir(), 'synaml-install-'));

// The Node running the tests runs the installed bin too (its `#!/usr/bin/env node` finds it first on PATH).
const PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;

function run(command: string, args: string[], options: SpawnSyncOptions & { prefix?: string } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH, NO_COLOR: '1', npm_config_update_notifier: 'false' };
  // `npm test` passes its own npm_config_* settings down; none of them may point these runs elsewhere.
  delete env.npm_config_global;
  delete env.npm_config_prefix;
  if (options.prefix) env.npm_config_prefix = options.prefix;
  const child = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', env, timeout: 180_000, ...options });
  if (child.error) throw child.error;
  const output = `${String(child.stdout)}${String(child.stderr)}`;
  if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${child.status}:\n${output}`);
  return String(child.stdout);
}

const npm = (args: string[], options: SpawnSyncOptions & { prefix?: string } = {}) =>
  run('npm', [...args, '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], options);

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/bin/synaml.mjs'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('install paths (offline)', () => {
  it('npm pack: the tarball holds the bin, its chunks, the schemas and the docs, and no sources or tests', () => {
    // --ignore-scripts: pack what `npm test` built, rather than rebuild dist/ under the other test files.
    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', work])) as { filename: string; files: { path: string }[] }[];
    const files = packed!.files.map((f) => f.path);
    expect(packed!.filename).toBe(`synaml-${version}.tgz`);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/bin/synaml.mjs', 'dist/bin/validate.cjs', 'dist/src/index.js', 'schema/spec-v1.schema.json', 'schema/result-v1.schema.json', 'schema/snapshot-v1.schema.json']));
    expect(files.filter((f) => /^(src|test|rules|scripts|fixtures|examples)\//.test(f) || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    // Modules left over from an earlier build would ship too: the build starts from an empty dist/.
    expect(files).not.toContain('dist/src/diff.js');
  }, 60_000);

  it('the packed tarball installed into a global prefix: synaml --version, validate and a snapshot audit', () => {
    const prefix = join(work, 'global');
    const pkg = join(prefix, 'lib', 'node_modules', 'synaml');
    mkdirSync(dirname(pkg), { recursive: true });
    run('tar', ['xzf', join(work, `synaml-${version}.tgz`), '-C', work]);
    renameSync(join(work, 'package'), pkg);
    // Production dependencies only, as locked: a devDependency the CLI needed at run time would fail here.
    copyFileSync(join(ROOT, 'package-lock.json'), join(pkg, 'package-lock.json'));
    npm(['ci', '--omit=dev'], { cwd: pkg });
    rmSync(join(pkg, 'package-lock.json'));
    expect(existsSync(join(pkg, 'node_modules', 'typescript'))).toBe(false);
    npm(['rebuild', '--global', 'synaml'], { prefix });

    const synaml = join(prefix, 'bin', 'synaml');
    expect(run(synaml, ['--version'], { cwd: work }).trim()).toBe(version);
    const validated = JSON.parse(run(synaml, ['validate', join(ROOT, 'fixtures/demo/spec.yaml'), '--format', 'json', '--now', '2026-11-23', '--fail-on', 'never'], { cwd: work })) as { tool: { version: string } };
    expect(validated.tool.version).toBe(version);
    const audited = JSON.parse(
      run(synaml, ['audit', join(ROOT, 'fixtures/demo/spec.yaml'), '--snapshot', join(ROOT, 'fixtures/demo/snapshot.json'), '--now', '2026-11-23', '--format', 'json', '--fail-on', 'never'], { cwd: work }),
    ) as { summary: { fail: number } };
    expect(audited.summary.fail).toBeGreaterThan(0);
  }, 240_000);

  it('npm link from the clone: synaml on PATH in a fresh global prefix runs this checkout', () => {
    const prefix = join(work, 'linked');
    npm(['link'], { prefix });
    const synaml = join(prefix, 'bin', 'synaml');
    expect(run(synaml, ['--version'], { cwd: work }).trim()).toBe(version);
    // The same command by name, the way a shell finds it.
    expect(run('synaml', ['--version'], { cwd: work, env: { ...process.env, PATH: `${join(prefix, 'bin')}${delimiter}${PATH}` } }).trim()).toBe(version);
  }, 60_000);
});
