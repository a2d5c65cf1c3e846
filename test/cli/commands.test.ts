// End-to-end: `rules`, `explain`, `--help`, `--version`, usage errors.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, synaml } from './run.js';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

describe('synaml rules', () => {
  it('lists ID, name, severity and title as a table', () => {
    const run = synaml(['rules']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/│ SA001 │ exfiltration-protection-blocks-aml\s+│ error\s+│ /);
    for (const head of ['ID', 'Name', 'Severity', 'Title']) expect(run.stdout).toContain(head);
  });

  it('lists them as JSON', () => {
    const run = synaml(['rules', '--format', 'json']);
    expect(run.code).toBe(0);
    const rules = JSON.parse(run.stdout) as Array<{ id: string; name: string; severity: string; title: string }>;
    expect(rules.find((r) => r.id === 'SA001')).toMatchObject({ name: 'exfiltration-protection-blocks-aml', severity: 'error' });
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  it('rejects an unknown format', () => {
    expect(synaml(['rules', '--format', 'yaml']).code).toBe(2);
  });
});

describe('synaml explain', () => {
  it('explains a rule by ID or name, in any case', () => {
    const byId = synaml(['explain', 'sa001']);
    expect(byId.code).toBe(0);
    expect(byId.stdout).toMatch(/^SA001 exfiltration-protection-blocks-aml$/m);
    for (const label of ['Severity:', 'Rationale:', 'Remediation:', 'Data sources:', 'Resource types:', 'Docs:']) expect(byId.stdout).toContain(label);
    expect(byId.stdout).toMatch(/https:\/\/learn\.microsoft\.com\/\S+/);
    expect(byId.stdout).toMatch(/\(\d{4}-\d{2}-\d{2}\)/);
    const byName = synaml(['explain', 'Exfiltration-Protection-Blocks-AML']);
    expect(byName.code).toBe(0);
    expect(byName.stdout).toBe(byId.stdout);
  });

  it('exits 2 for an unknown rule, suggesting the closest', () => {
    const run = synaml(['explain', 'SA0001']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^synaml: unknown rule "SA0001"\. Did you mean SA001 \(exfiltration-protection-blocks-aml\)/m);
    const byName = synaml(['explain', 'exfiltration-protection']);
    expect(byName.stderr).toMatch(/Did you mean SA001/);
  });
});

describe('help, version and usage errors', () => {
  it('prints the version', () => {
    const run = synaml(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(pkg.version);
  });

  it('has --help with examples and the exit-code table on every command', () => {
    for (const args of [['--help'], ['validate', '--help'], ['audit', '--help'], ['diff', '--help'], ['rules', '--help'], ['explain', '--help']]) {
      const run = synaml(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout).toContain('Examples:');
      expect(run.stdout).toContain('Exit codes:');
      expect(run.stdout).toMatch(/^ {2}3 {2}the audit could not complete/m);
    }
    const audit = synaml(['audit', '--help']).stdout;
    expect(audit).toMatch(/--fail-on <severity>[\s\S]*report-only/);
    expect(audit).toContain('--snapshot <file>');
    expect(audit).toContain('--output-dir <dir>');
  });

  it('exits 2 for an unknown command or option, a missing argument, and no command', () => {
    expect(synaml(['frobnicate']).code).toBe(2);
    expect(synaml(['validate', '--bogus', 'x.yaml']).code).toBe(2);
    expect(synaml(['validate']).code).toBe(2);
    expect(synaml(['explain']).code).toBe(2);
    expect(synaml([]).code).toBe(2);
    expect(synaml(['audit', 'x.yaml', '--quiet', '--verbose']).code).toBe(2);
  });

  it('never prints a token from the environment, even when it ends up in an error message', () => {
    const token = 'not-a-jwt-but-a-secret-token-value-0123456789';
    const run = synaml(['audit', 'test/fixtures/cli/spec.yaml', '--snapshot', token, '--verbose'], { SYNAML_ARM_TOKEN: token });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\[redacted\]: cannot read the snapshot/);
    expect(`${run.stdout}${run.stderr}`).not.toContain(token);
  });
});
