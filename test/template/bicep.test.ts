// check-template over a .bicep file (test/fixtures/templates/bicep-module): compiled by the Bicep CLI on PATH, here
// a fake `bicep` (and a fake `az`) that print the compiler's real output for this source
// (bicep-unresolved/main.json), so the test runs without the CLI. Findings point back at the declaration in the
// .bicep file: a resource inside a module at the module's declaration.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, synaml } from '../cli/run.js';

const MAIN = 'test/fixtures/templates/bicep-module/main.bicep';
const COMPILED = path.join(ROOT, 'test/fixtures/templates/bicep-unresolved/main.json');
const PARAMS = 'test/fixtures/templates/bicep-unresolved/main.parameters.json';
const tmp = mkdtempSync(path.join(tmpdir(), 'synaml-bicep-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A folder holding a fake CLI that records its arguments and prints the compiled template. */
function fakeCli(name: 'bicep' | 'az', exitCode = 0): string {
  const dir = mkdtempSync(path.join(tmp, `${name}-`));
  const script = path.join(dir, name);
  const body = exitCode === 0 ? `/bin/cat '${COMPILED}'` : `echo "main.bicep(3,7) : Error BCP018: Expected the \\"=\\" character at this location." >&2`;
  writeFileSync(script, `#!/bin/sh\necho "$@" > '${dir}/args'\n${body}\nexit ${exitCode}\n`);
  chmodSync(script, 0o755);
  return dir;
}

const nodeDir = path.dirname(process.execPath);

function check(pathDirs: string[], ...extra: string[]) {
  return synaml(['check-template', MAIN, '--now', '2026-11-23', '--format', 'json', ...extra], { PATH: [...pathDirs, nodeDir].join(path.delimiter) });
}

describe('check-template on a .bicep file', () => {
  it('compiles with bicep build --stdout and locates findings at the declarations in the .bicep files', async () => {
    const dir = fakeCli('bicep');
    const run = check([dir], '--parameters', PARAMS, '--fail-on', 'warning');
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(1);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path.join(dir, 'args'), 'utf8').trim()).toBe(`build ${MAIN} --stdout`);
    const result = JSON.parse(run.stdout) as { results: Array<{ ruleId: string; outcome: string; location?: { file: string; line: number; column: number } }> };
    // SA001 passes on the workspace resource: its declaration, line 8.
    expect(result.results.find((e) => e.ruleId === 'SA001')).toMatchObject({ outcome: 'pass', location: { file: MAIN, line: 8, column: 1 } });
    // The pool is inside the module: its findings point at the module declaration, line 26.
    expect(result.results.find((e) => e.ruleId === 'SA013')).toMatchObject({ outcome: 'fail', location: { file: MAIN, line: 26, column: 1 } });
  });

  it('uses az bicep build when only the Azure CLI is on PATH', () => {
    const dir = fakeCli('az');
    const run = check([dir], '--parameters', PARAMS);
    expect([0, 1]).toContain(run.code);
    expect(JSON.parse(run.stdout).results.length).toBeGreaterThan(0);
  });

  it('an unresolved value inside the module is unknown at the module declaration (exit 3)', () => {
    const run = check([fakeCli('bicep')]);
    expect(run.code).toBe(3);
    const unknown = JSON.parse(run.stdout).results.filter((e: { outcome: string }) => e.outcome === 'unknown');
    expect(unknown.length).toBeGreaterThan(0);
    for (const e of unknown) expect(e.location).toEqual({ file: MAIN, line: 26, column: 1 });
  });

  it('without a Bicep CLI on PATH: exit 2, naming the command to run', () => {
    const run = check([mkdtempSync(path.join(tmp, 'empty-'))]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/neither bicep nor az is on PATH/);
    expect(run.stderr).toMatch(/az bicep build --file test\/fixtures\/templates\/bicep-module\/main\.bicep --outfile/);
  });

  it('a compile error: exit 2 with the compiler\'s message', () => {
    const run = check([fakeCli('bicep', 1)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/`bicep build .*main\.bicep --stdout` failed: main\.bicep\(3,7\) : Error BCP018/);
  });
});
