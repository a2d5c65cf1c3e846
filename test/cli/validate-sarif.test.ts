// `synaml validate --format sarif` (issue 20, item 7): the spec's own problems are SARIF results located in the spec,
// so code scanning annotates them on the pull request; Microsoft's validator accepts the log.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCEPTED_NOTES, validateSarif } from '../support/sarif-validator.js';
import { fixture, synaml } from './run.js';

interface SarifLog {
  runs: Array<{ results: Array<{ ruleId: string; level: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }>; tool: { driver: { rules: Array<{ id: string }> } } }>;
}

describe('validate --format sarif', () => {
  it('an invalid spec: each problem is a result at its line, exit 2', () => {
    const run = synaml(['validate', fixture('invalid.yaml'), '--format', 'sarif']);
    expect(run.code).toBe(2);
    const log = JSON.parse(run.stdout) as SarifLog;
    const results = log.runs[0]!.results;
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(r.ruleId).toMatch(/^spec\//);
      expect(r.locations[0]!.physicalLocation.artifactLocation.uri).toBe(fixture('invalid.yaml'));
      expect(r.locations[0]!.physicalLocation.region.startLine).toBeGreaterThan(0);
      expect(log.runs[0]!.tool.driver.rules.map((d) => d.id)).toContain(r.ruleId);
    }
    expect(results.map((r) => r.ruleId)).toContain('spec/schema-enum');
  });

  it('a valid spec with spec-only failures, and several specs: one run per spec; Microsoft\'s validator accepts it', () => {
    const run = synaml(['validate', fixture('spec-only-failure.yaml'), fixture('invalid.yaml'), '--format', 'sarif']);
    expect(run.code).toBe(2);
    const log = JSON.parse(run.stdout) as SarifLog;
    expect(log.runs).toHaveLength(2);
    expect(log.runs[0]!.results.map((r) => r.ruleId)).toEqual(expect.arrayContaining(['SA003', 'SA013']));
    const dir = mkdtempSync(path.join(tmpdir(), 'synaml-validate-sarif-'));
    try {
      const file = path.join(dir, 'spec.sarif');
      writeFileSync(file, run.stdout);
      const findings = validateSarif(file);
      expect(findings.filter((f) => f.level !== 'note'), JSON.stringify(findings.slice(0, 5), null, 2)).toEqual([]);
      // SARIF2009 (conventional rule IDs such as CA1234): a spec problem's ID is its diagnostic code, spec/<code>.
      const accepted = [...ACCEPTED_NOTES, 'SARIF2009'];
      expect([...new Set(findings.map((f) => f.ruleId))].filter((id) => !accepted.includes(id))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
