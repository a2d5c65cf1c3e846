// `synaml validate ...` starts from its own entry (dist/bin/validate.cjs, built from src/cli-validate.ts, compiled by
// the bin with a V8 code cache: src/bin.ts), which holds only what validate runs; everything else starts the full CLI
// (dist/bin/main.mjs). The two must not diverge:
// each case below runs both ways and compares exit code, stdout and stderr byte for byte. The full CLI is run by
// starting main.mjs directly, as the bin does for every other command.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, fixture, ROOT, runScript } from './run.js';

const FULL = 'dist/bin/main.mjs';

function run(entry: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return runScript(entry, args, env, env.SYNAML_TRACE_IMPORTS ? ['--import', `./${fixture('trace-imports.mjs')}`] : []);
}

const dir = mkdtempSync(path.join(tmpdir(), 'synaml-validate-entry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A spec in a folder of its own, with a configuration file beside it. */
function specWithConfig(name: string, config: string): string {
  const folder = path.join(dir, name);
  const spec = path.join(folder, 'spec.yaml');
  mkdirSync(folder, { recursive: true });
  writeFileSync(spec, readFileSync(path.join(ROOT, fixture('spec-only-failure.yaml'))));
  writeFileSync(path.join(folder, 'synaml.config.yaml'), config);
  return spec;
}

describe('the validate entry and the full CLI agree', () => {
  const spec = fixture('spec.yaml');
  const cases: Record<string, () => string[]> = {
    'validate --help': () => ['validate', '--help'],
    'validate -h with a spec': () => ['validate', spec, '-h'],
    'no spec': () => ['validate'],
    'an unknown option': () => ['validate', spec, '--bogus'],
    'an unknown --fail-on': () => ['validate', spec, '--fail-on', 'sometimes'],
    '--quiet with --verbose': () => ['validate', spec, '--quiet', '--verbose'],
    'an unknown format': () => ['validate', spec, '--format', 'xml'],
    'a format validate does not print': () => ['validate', spec, '--format', 'html'],
    'several formats': () => ['validate', spec, '--format', 'json,table'],
    'an unknown rule': () => ['validate', spec, '--rules', 'SA999'],
    'a bad --now': () => ['validate', spec, '--now', 'tomorrow'],
    'the version, after the command': () => ['validate', '-V'],
    'a missing file': () => ['validate', fixture('nope.yaml')],
    'an invalid spec': () => ['validate', fixture('invalid.yaml'), '--format', 'json'],
    'JSON': () => ['validate', spec, '--now', '2026-11-23', '--format', 'json'],
    'JSON of two specs': () => ['validate', spec, fixture('spec-only-failure.yaml'), '--now', '2026-11-23', '--format', 'json'],
    'the table': () => ['validate', fixture('spec-only-failure.yaml'), '--now', '2026-11-23', '--format', 'table'],
    'compact': () => ['validate', fixture('spec-only-failure.yaml'), '--now', '2026-11-23', '--format', 'compact'],
    'SARIF': () => ['validate', fixture('spec-only-failure.yaml'), '--now', '2026-11-23', '--format', 'sarif'],
    'the default format into a pipe': () => ['validate', spec, '--now', '2026-11-23'],
    'a configuration file': () => ['validate', specWithConfig('good', 'failOn: never\nseverity: { SA013: error }\n'), '--now', '2026-11-23', '--format', 'json', '--verbose'],
    'an invalid configuration file': () => ['validate', specWithConfig('bad', 'failOn: sometimes\nformats: [json]\n'), '--format', 'json'],
    '--no-config': () => ['validate', specWithConfig('ignored', 'failOn: sometimes\n'), '--now', '2026-11-23', '--format', 'json', '--no-config'],
  };
  for (const [name, args] of Object.entries(cases)) {
    it(name, () => {
      const argv = args();
      const lean = run(CLI, argv);
      const full = run(FULL, argv);
      expect(lean).toEqual(full);
      // Each case reaches validate itself (or its parser): not an empty run that would agree trivially.
      expect(`${lean.stdout}${lean.stderr}`).not.toBe('');
    });
  }
});

describe('the validate entry', () => {
  it('loads no module of the full CLI and nothing from node_modules: validate runs from its one script', () => {
    const trace = path.join(dir, 'modules.txt');
    const lean = run(CLI, ['validate', 'fixtures/demo/spec.yaml', '--format', 'json', '--no-config'], { SYNAML_TRACE_IMPORTS: trace });
    expect(lean.code, lean.stderr).toBe(1);
    const urls = readFileSync(trace, 'utf8').split('\n').filter((u) => u.startsWith('file:'));
    const files = [...new Set(urls.map((u) => path.relative(ROOT, new URL(u).pathname)))];
    expect(files).toEqual(['dist/bin/synaml.mjs']);
    // esbuild marks each bundled module with its path: the script holds the spec loader and validate's own command
    // line, and none of the other commands, reporters or the Azure SDK.
    const script = readFileSync(path.join(ROOT, 'dist/bin/validate.cjs'), 'utf8');
    expect(script).toMatch(/^\/\/ dist\/src\/spec\/load\.js$/m);
    expect(script).toMatch(/^\/\/ dist\/src\/commands\/validate\.js$/m);
    for (const absent of ['dist/src/cli.js', 'dist/src/index.js', 'dist/src/reporters/html.js', 'dist/src/reporters/junit.js', 'dist/src/reporters/markdown.js', 'dist/src/collect/', 'dist/src/template/', 'dist/src/commands/live.js']) {
      expect(script, absent).not.toContain(`\n// ${absent}`);
    }
    expect(script).not.toMatch(/require\("(@azure\/|web-tree-sitter)/);
  });
});

describe('the validate code cache', () => {
  const args = ['validate', fixture('spec-only-failure.yaml'), '--now', '2026-11-23', '--format', 'json'];
  // The build leaves a cache for its own Node beside validate.cjs (scripts/bundle.mjs), which the bin takes when the
  // user's folder has none. The user's cache is tested with a copy of the bin and the script without it, at the same
  // depth in the package (the script finds the schemas from there).
  const bare = path.join(ROOT, 'dist', `bin-bare-${process.pid}`);
  mkdirSync(bare, { recursive: true });
  for (const f of ['synaml.mjs', 'validate.cjs']) copyFileSync(path.join(ROOT, 'dist/bin', f), path.join(bare, f));
  afterAll(() => rmSync(bare, { recursive: true, force: true }));
  const BARE = path.relative(ROOT, path.join(bare, 'synaml.mjs'));
  const cacheFiles = (root: string) => {
    try {
      return readdirSync(path.join(root, 'synaml')).filter((f) => f.endsWith('.cache'));
    } catch {
      return [];
    }
  };

  it('is written by the first run that validates, owner-only, and used by the next with the same output', () => {
    const root = mkdtempSync(path.join(dir, 'cache-'));
    const uncached = run(BARE, args, { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(uncached.code).toBe(1);
    // Help and usage errors do not write it: their runs compile little of validate.
    expect(run(BARE, ['validate', '--help'], { NODE_COMPILE_CACHE: root }).code).toBe(0);
    expect(run(BARE, ['validate', fixture('spec.yaml'), '--format', 'xml'], { NODE_COMPILE_CACHE: root }).code).toBe(2);
    expect(cacheFiles(root)).toEqual([]);
    expect(run(BARE, args, { NODE_COMPILE_CACHE: root })).toEqual(uncached);
    const [file] = cacheFiles(root);
    expect(file).toMatch(new RegExp(`^validate-${process.version}-${process.arch}-[0-9a-f]{16}\\.cache$`));
    const cache = path.join(root, 'synaml', file!);
    if (process.platform !== 'win32') {
      expect(statSync(path.join(root, 'synaml')).mode & 0o777).toBe(0o700);
      expect(statSync(cache).mode & 0o777).toBe(0o600);
    }
    const written = statSync(cache).mtimeMs;
    expect(run(BARE, args, { NODE_COMPILE_CACHE: root })).toEqual(uncached);
    // Accepted, so not written again.
    expect(statSync(cache).mtimeMs).toBe(written);
  });

  it('a cache V8 rejects is replaced; a cache folder others may write to is not used', () => {
    const root = mkdtempSync(path.join(dir, 'cache-'));
    const uncached = run(BARE, args, { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(run(BARE, args, { NODE_COMPILE_CACHE: root })).toEqual(uncached);
    const cache = path.join(root, 'synaml', cacheFiles(root)[0]!);
    const size = statSync(cache).size;
    writeFileSync(cache, Buffer.alloc(size, 7));
    expect(run(BARE, args, { NODE_COMPILE_CACHE: root })).toEqual(uncached);
    expect(readFileSync(cache).equals(Buffer.alloc(size, 7))).toBe(false);

    if (process.platform === 'win32') return;
    const shared = mkdtempSync(path.join(dir, 'cache-'));
    mkdirSync(path.join(shared, 'synaml'));
    chmodSync(path.join(shared, 'synaml'), 0o777);
    expect(run(BARE, args, { NODE_COMPILE_CACHE: shared })).toEqual(uncached);
    expect(cacheFiles(shared)).toEqual([]);
    // Nor one reached through a link, even to a folder of one's own.
    const linked = mkdtempSync(path.join(dir, 'cache-'));
    const own = mkdtempSync(path.join(dir, 'own-'));
    symlinkSync(own, path.join(linked, 'synaml'));
    expect(run(BARE, args, { NODE_COMPILE_CACHE: linked })).toEqual(uncached);
    expect(readdirSync(own)).toEqual([]);
  });

  it('writing a cache removes those of other builds and Node versions written over 30 days before, and nothing else', () => {
    const root = mkdtempSync(path.join(dir, 'cache-'));
    const folder = path.join(root, 'synaml');
    mkdirSync(folder, { mode: 0o700 });
    const old = new Date(Date.now() - 40 * 24 * 3600 * 1000);
    const stale = ['validate-v22.0.0-x64-0123456789abcdef.cache', 'validate-v24.1.0-arm64-fedcba9876543210.cache.4242'];
    const kept = ['validate-v23.0.0-x64-00000000000000aa.cache', 'notes.txt', 'validate-v22.0.0-x64-short.cache'];
    for (const f of [...stale, ...kept]) writeFileSync(path.join(folder, f), 'x');
    for (const f of [...stale, kept[1]!, kept[2]!]) utimesSync(path.join(folder, f), old, old);
    const uncached = run(BARE, args, { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(run(BARE, args, { NODE_COMPILE_CACHE: root })).toEqual(uncached);
    const left = readdirSync(folder).sort();
    expect(left).toEqual([...kept, cacheFiles(root).find((f) => !kept.includes(f))!].sort());
    expect(left.filter((f) => f.startsWith(`validate-${process.version}-`))).toHaveLength(1);
  });

  it('the build\'s own cache is used from the first run: nothing compiled cold, nothing written', () => {
    const built = readdirSync(path.join(ROOT, 'dist/bin')).filter((f) => f.endsWith('.cache'));
    expect(built).toEqual([expect.stringMatching(new RegExp(`^validate-${process.version}-${process.arch}-[0-9a-f]{16}\\.cache$`))]);
    const root = mkdtempSync(path.join(dir, 'cache-'));
    const uncached = run(CLI, args, { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(run(CLI, args, { NODE_COMPILE_CACHE: root })).toEqual(uncached);
    // Accepted, so the user's folder stays empty; without it (the bare copy) the first run writes one.
    expect(cacheFiles(root)).toEqual([]);
    expect(run(BARE, args, { NODE_COMPILE_CACHE: root })).toEqual(uncached);
    expect(cacheFiles(root)).toHaveLength(1);
  });
});
