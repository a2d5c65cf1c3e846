// `audit` of several specs, or a directory of them (issue 20, item 7): each audited in turn, the most serious exit
// code, one report folder per spec under --output-dir, one JSON array on stdout.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/engine/types.js';
import { fixture, ROOT, synaml } from './run.js';

const root = mkdtempSync(path.join(tmpdir(), 'synaml-audit-many-'));
const specs = path.join(root, 'specs');
mkdirSync(specs);
copyFileSync(path.join(ROOT, fixture('spec.yaml')), path.join(specs, 'prod.yaml'));
copyFileSync(path.join(ROOT, fixture('spec.yaml')), path.join(specs, 'dev.yml'));
writeFileSync(path.join(specs, 'synaml.config.yaml'), 'failOn: error\n');
writeFileSync(path.join(specs, 'notes.txt'), 'not a spec');
const EXFIL = ['--snapshot', fixture('exfiltration.snapshot.json'), '--now', '2026-11-23'];

describe('audit <spec...> and audit <directory>', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('a directory: its YAML specs in name order (not the configuration file), one JSON array, the worst exit code', () => {
    const run = synaml(['audit', specs, ...EXFIL, '--format', 'json']);
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout) as Array<AuditResult & { gate: { verdict: string } }>;
    expect(results.map((r) => path.basename(r.spec))).toEqual(['dev.yml', 'prod.yaml']);
    expect(results.map((r) => r.gate.verdict)).toEqual(['fail', 'fail']);
  });

  it('with --output-dir: one folder per spec, a summary line for each', () => {
    const out = path.join(root, 'reports');
    const run = synaml(['audit', path.join(specs, 'prod.yaml'), fixture('spec.yaml'), ...EXFIL, '--format', 'json,markdown', '--output-dir', out, '--quiet']);
    expect(run.code).toBe(1);
    for (const f of ['prod/synaml.json', 'prod/synaml.md', 'spec/synaml.json', 'spec/synaml.md']) expect(existsSync(path.join(out, f)), f).toBe(true);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(2);
  });

  it('one spec that cannot be read does not stop the others; exit 2 wins', () => {
    const run = synaml(['audit', path.join(specs, 'missing.yaml'), path.join(specs, 'prod.yaml'), ...EXFIL, '--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/missing\.yaml/);
    expect((JSON.parse(run.stdout) as AuditResult[]).map((r) => path.basename(r.spec))).toEqual(['prod.yaml']);
  });

  it('refuses a baseline with several specs, and a report format to stdout', () => {
    expect(synaml(['audit', specs, ...EXFIL, '--baseline', 'b.json']).stderr).toMatch(/--baseline and --write-baseline go with one spec/);
    const sarif = synaml(['audit', specs, ...EXFIL, '--format', 'sarif']);
    expect(sarif.code).toBe(2);
    expect(sarif.stderr).toMatch(/add --output-dir/);
  });
});
