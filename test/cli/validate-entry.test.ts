// `synaml validate ...` starts from its own entry (dist/bin/validate.mjs, built from src/cli-validate.ts), which
// loads only what validate runs; everything else starts the full CLI (dist/bin/main.mjs). The two must not diverge:
// each case below runs both ways and compares exit code, stdout and stderr byte for byte. The full CLI is run by
// starting main.mjs directly, as the bin does for every other command.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, fixture, ROOT } from './run.js';

const FULL = 'dist/bin/main.mjs';

function run(entry: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawnSync(process.execPath, [...(env.SYNAML_TRACE_IMPORTS ? ['--import', `./${fixture('trace-imports.mjs')}`] : []), entry, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 20_000,
  });
  if (child.error) throw child.error;
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
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
  it('loads no other command, no Azure SDK, and neither yaml nor ajv for a plain spec with no configuration file', () => {
    const trace = path.join(dir, 'modules.txt');
    const lean = run(CLI, ['validate', 'fixtures/demo/spec.yaml', '--format', 'json', '--no-config'], { SYNAML_TRACE_IMPORTS: trace });
    expect(lean.code, lean.stderr).toBe(1);
    const urls = readFileSync(trace, 'utf8').split('\n').filter((u) => u.startsWith('file:'));
    const files = [...new Set(urls.map((u) => path.relative(ROOT, new URL(u).pathname)))];
    expect(files).toContain('dist/bin/validate.mjs');
    expect(files).not.toContain('dist/bin/main.mjs');
    // Everything validate runs is bundled: nothing from node_modules (the Azure SDK, web-tree-sitter) is loaded.
    expect(files.filter((f) => !f.startsWith('dist/bin/'))).toEqual([]);
    // esbuild marks each bundled module with its path: the chunks loaded hold the spec loader, not these.
    const bundled = files.map((f) => readFileSync(path.join(ROOT, f), 'utf8')).join('\n');
    expect(bundled).toMatch(/^\/\/ dist\/src\/spec\/load\.js$/m);
    expect(bundled).toMatch(/^\/\/ node_modules\/commander\//m);
    for (const absent of ['node_modules/yaml/', 'node_modules/ajv/', 'dist/src/cli.js', 'dist/src/reporters/html.js', 'dist/src/reporters/junit.js', 'dist/src/collect/', 'dist/src/template/']) {
      expect(bundled, absent).not.toContain(`\n// ${absent}`);
    }
  });
});
