// End-to-end: `synaml validate` (offline, spec-only checks).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/engine/types.js';
import { CLI, fixture, ROOT, synaml } from './run.js';

describe('synaml validate', () => {
  it('exits 0 for a valid, healthy spec and prints the spec-only result as JSON', () => {
    const run = synaml(['validate', fixture('spec.yaml'), '--now', '2026-11-23', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.spec).toBe(fixture('spec.yaml'));
    expect(result).not.toHaveProperty('source');
    expect(result.summary.unknown).toBe(0);
  });

  it('exits 1 when a spec-only rule fails at or above --fail-on', () => {
    const run = synaml(['validate', fixture('spec-only-failure.yaml'), '--now', '2026-11-23', '--format', 'json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as AuditResult;
    const sa003 = result.results.find((e) => e.ruleId === 'SA003' && e.outcome === 'fail');
    expect(sa003).toMatchObject({ severity: 'error', integration: 'research-dev', location: { file: fixture('spec-only-failure.yaml'), line: 10 } });
    expect(synaml(['validate', fixture('spec-only-failure.yaml'), '--now', '2026-11-23', '--fail-on', 'never']).code).toBe(0);
  });

  it('exits 2 for an invalid spec, with every problem as file:line:column: error: message [code]', () => {
    const run = synaml(['validate', fixture('invalid.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines.filter((l) => /^test\/fixtures\/cli\/invalid\.yaml:\d+:\d+: error: .+ \[[a-z0-9-]+\]$/.test(l)).length).toBeGreaterThanOrEqual(2);
    expect(run.stderr).toMatch(/invalid\.yaml:11:\d+: error: /);
    expect(lines.at(-1)).toMatch(/^synaml: test\/fixtures\/cli\/invalid\.yaml: invalid spec \(\d+ errors\)$/);
  });

  it('checks every spec given: exit 2 if any is invalid, and a JSON array of the valid results', () => {
    const run = synaml(['validate', fixture('spec.yaml'), fixture('invalid.yaml'), '--now', '2026-11-23', '--format', 'json']);
    expect(run.code).toBe(2);
    const results = JSON.parse(run.stdout) as AuditResult[];
    expect(results.map((r) => r.spec)).toEqual([fixture('spec.yaml')]);
    expect(run.stderr).toMatch(/invalid\.yaml:11:/);
  });

  it('prints a table per spec when asked', () => {
    const run = synaml(['validate', fixture('spec-only-failure.yaml'), '--now', '2026-11-23', '--format', 'table']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^test\/fixtures\/cli\/spec-only-failure\.yaml: spec checks, 2026-11-23$/m);
    expect(run.stdout).toMatch(/│ fail\s+│ error\s+│ SA003 │ research-dev/);
  });

  it('exits 2 for several formats or an unknown one', () => {
    const two = synaml(['validate', fixture('spec.yaml'), '--format', 'table,json']);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/one format/);
    expect(synaml(['validate', fixture('spec.yaml'), '--format', 'junit']).code).toBe(2);
  });

  it('exits 2 for a missing file', () => {
    const run = synaml(['validate', fixture('nope.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/nope\.yaml/);
  });

  it('does not load anything Azure- or snapshot-related (validate must start fast)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'synaml-trace-'));
    try {
      const trace = path.join(dir, 'modules.txt');
      const run = spawnSync(process.execPath, ['--import', `./${fixture('trace-imports.mjs')}`, CLI, 'validate', fixture('spec.yaml'), '--format', 'json'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, SYNAML_TRACE_IMPORTS: trace },
      });
      expect(run.status, run.stderr).toBe(0);
      const loaded = readFileSync(trace, 'utf8');
      // The bin runs validate from one script (dist/bin/validate.cjs, read, not imported): no module of the full
      // CLI's bundle is loaded, nor anything from node_modules; and the script holds none of what only audit needs.
      expect(loaded).toMatch(/dist\/bin\/synaml\.mjs/);
      expect(loaded).not.toMatch(/dist\/bin\/(main|chunk-)/);
      expect(loaded).not.toMatch(/(normalise|load-snapshot|collect)[-/]/);
      expect(loaded).not.toMatch(/node_modules\/(@azure|jsonc-parser)\//);
      const script = readFileSync(path.join(ROOT, 'dist/bin/validate.cjs'), 'utf8');
      expect(script).toMatch(/^\/\/ dist\/src\/spec\/load\.js$/m);
      expect(script).not.toMatch(/^\/\/ (dist\/src\/(estate\/normalise|estate\/load-snapshot|collect\/)|node_modules\/jsonc-parser\/)/m);
      expect(script).not.toMatch(/require\("@azure\//);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
