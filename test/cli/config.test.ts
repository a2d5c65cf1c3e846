// The configuration file and rule selection (issue 20, item 7): synaml.config.yaml / .synamlrc.yaml found at or
// above the spec's folder, checked with line and column, overridden by flags; --rules, --skip-rules and --severity.
// The run: the CLI fixture's clean estate on 2029-01-01, where only SA013 fails (a warning: Spark 3.5 past support).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/engine/types.js';
import { fixture, ROOT, synaml } from './run.js';

const root = mkdtempSync(path.join(tmpdir(), 'synaml-config-'));
const specDir = path.join(root, 'infra', 'synapse');
const spec = path.join(specDir, 'spec.yaml');
const snapshot = path.join(ROOT, fixture('clean.snapshot.json'));

function audit(...extra: string[]) {
  const run = synaml(['audit', spec, '--snapshot', snapshot, '--now', '2029-01-01', '--format', 'json', ...extra]);
  const result = run.stdout === '' ? undefined : (JSON.parse(run.stdout) as AuditResult & { gate: { failOn: string } });
  return { ...run, result };
}

const ruleIds = (result: AuditResult | undefined) => [...new Set(result?.results.map((e) => e.ruleId))].sort();
const writeConfig = (dir: string, name: string, text: string) => writeFileSync(path.join(dir, name), text);

describe('configuration file', () => {
  beforeAll(() => {
    mkdirSync(specDir, { recursive: true });
    copyFileSync(path.join(ROOT, fixture('spec.yaml')), spec);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('without one, every rule runs and the warning does not fail the run', () => {
    const run = audit();
    expect(run.code).toBe(0);
    expect(ruleIds(run.result)).toContain('SA013');
    expect(run.result!.gate.failOn).toBe('error');
  });

  it('is found two folders above the spec, and its failOn, skipRules and severity apply', () => {
    writeConfig(root, 'synaml.config.yaml', 'failOn: warning\nskipRules: [spark-runtime-end-of-support]\n');
    try {
      const run = audit();
      expect(run.code, run.stderr).toBe(0);
      expect(run.result!.gate.failOn).toBe('warning');
      expect(ruleIds(run.result)).not.toContain('SA013');
      expect(ruleIds(run.result)).toContain('SA001');
      writeConfig(root, 'synaml.config.yaml', 'severity:\n  SA013: error\n');
      const severe = audit();
      expect(severe.code).toBe(1);
      expect(severe.result!.results.find((e) => e.ruleId === 'SA013' && e.outcome === 'fail')!.severity).toBe('error');
    } finally {
      rmSync(path.join(root, 'synaml.config.yaml'));
    }
  });

  it('.synamlrc.yaml in the spec\'s own folder is found too; --no-config ignores it', () => {
    writeConfig(specDir, '.synamlrc.yaml', 'rules: [SA013, SA001]\n');
    try {
      expect(ruleIds(audit().result)).toEqual(['SA001', 'SA013']);
      expect(ruleIds(audit('--no-config').result).length).toBeGreaterThan(10);
    } finally {
      rmSync(path.join(specDir, '.synamlrc.yaml'));
    }
  });

  it('flags win over the file: --fail-on, --rules, --severity', () => {
    writeConfig(root, 'synaml.config.yaml', 'failOn: warning\nrules: [SA001]\nseverity: { SA013: error }\n');
    try {
      const run = audit('--fail-on', 'note', '--rules', 'SA013,SA016', '--severity', 'SA013=note');
      expect(run.result!.gate.failOn).toBe('note');
      expect(ruleIds(run.result)).toEqual(['SA013', 'SA016']);
      expect(run.result!.results.find((e) => e.ruleId === 'SA013' && e.outcome === 'fail')!.severity).toBe('note');
      expect(run.code).toBe(1);
    } finally {
      rmSync(path.join(root, 'synaml.config.yaml'));
    }
  });

  it('gives format and output directory to audit (relative to the file)', () => {
    writeConfig(root, 'synaml.config.yaml', 'format: [json, markdown]\noutputDir: reports\n');
    try {
      const run = synaml(['audit', spec, '--snapshot', snapshot, '--now', '2029-01-01']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(`synaml: wrote ${path.join(root, 'reports', 'synaml.json')}`);
      expect(run.stderr).toContain(`synaml: wrote ${path.join(root, 'reports', 'synaml.md')}`);
    } finally {
      rmSync(path.join(root, 'synaml.config.yaml'));
    }
  });

  it('is checked against its schema: every problem with file:line:column, exit 2', () => {
    const file = path.join(root, 'synaml.config.yaml');
    writeConfig(root, 'synaml.config.yaml', '# team defaults\nfailOn: sometimes\nskipRules: SA013\nformats: [json]\n');
    try {
      const run = audit();
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines).toContain(`${file}:2:9: error: failOn must be one of error, warning, note, never [config-enum]`);
      expect(lines).toContain(`${file}:3:12: error: skipRules must be a list [config-type]`);
      expect(lines).toContain(`${file}:4:1: error: unknown option "formats" (known: rules, skipRules, severity, failOn, format, outputDir) [config-additionalProperties]`);
      expect(lines.at(-1)).toBe(`synaml: ${file}: invalid configuration file (3 errors)`);
    } finally {
      rmSync(file);
    }
  });

  it('reports YAML syntax errors and unknown rules in the file', () => {
    const file = path.join(root, 'synaml.config.yaml');
    writeConfig(root, 'synaml.config.yaml', 'rules: [SA001\n');
    try {
      const run = audit();
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error: .* \\[yaml-syntax\\]`));
      writeConfig(root, 'synaml.config.yaml', 'skipRules: [exfiltration-protection]\n');
      const unknown = audit();
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain(`synaml: ${file}: skipRules: unknown rule "exfiltration-protection"; did you mean SA001 (exfiltration-protection-blocks-aml)`);
    } finally {
      rmSync(file);
    }
  });

  it('--config names a file anywhere', () => {
    const file = path.join(root, 'elsewhere.yaml');
    writeConfig(root, 'elsewhere.yaml', 'rules: [SA016]\n');
    try {
      expect(ruleIds(audit('--config', file).result)).toEqual(['SA016']);
    } finally {
      rmSync(file);
    }
  });
});

describe('--rules / --skip-rules / --severity', () => {
  const base = ['audit', fixture('spec.yaml'), '--snapshot', fixture('clean.snapshot.json'), '--now', '2029-01-01', '--format', 'json', '--no-config'];

  it('--rules keeps only the named rules (IDs or names), and the summary counts only them', () => {
    const run = synaml([...base, '--rules', 'SA013', '--rules', 'exfiltration-protection-blocks-aml']);
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(ruleIds(result)).toEqual(['SA001', 'SA013']);
    expect(result.summary.pass + result.summary.fail + result.summary.notApplicable + result.summary.unknown + result.summary.waived).toBe(result.results.length);
  });

  it('--skip-rules drops them: skipping the only failing warning leaves nothing reported', () => {
    const run = synaml([...base, '--skip-rules', 'SA013', '--fail-on', 'warning']);
    expect(run.code).toBe(0);
    expect(ruleIds(JSON.parse(run.stdout) as AuditResult)).not.toContain('SA013');
    expect(synaml([...base, '--fail-on', 'warning']).code).toBe(1);
  });

  it('--severity raises a warning to an error, which then fails the run under --fail-on error', () => {
    const run = synaml([...base, '--severity', 'SA013=error']);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as AuditResult).results.filter((e) => e.outcome === 'fail').map((e) => `${e.ruleId}:${e.severity}`)).toEqual(['SA013:error']);
  });

  it('an unknown rule or severity is a usage error with a suggestion', () => {
    const unknown = synaml([...base, '--rules', 'SA0013']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^synaml: --rules: unknown rule "SA0013"; did you mean .*SA013 \(spark-runtime-end-of-support\)/m);
    const bad = synaml([...base, '--severity', 'SA013=critical']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--severity: severity "critical" for SA013 must be one of error, warning, note');
  });

  it('validate takes them too, before or after the spec', () => {
    const run = synaml(['validate', '--rules', 'SA003', fixture('spec-only-failure.yaml'), '--format', 'json', '--no-config']);
    expect(ruleIds(JSON.parse(run.stdout) as AuditResult)).toEqual(['SA003']);
  });
});
