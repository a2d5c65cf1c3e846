import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FINGERPRINT_KEY, fingerprintsOf } from '../../src/engine/fingerprint.js';
import { artifactLocation, buildSarif, pascalCase, renderSarif, SARIF_SCHEMA } from '../../src/reporters/sarif.js';
import { rules } from '../../rules/index.js';
import { ACCEPTED_NOTES, validateSarif } from '../support/sarif-validator.js';
import { mixedResult } from './fixture.js';

const metas = rules.map((r) => r.meta);
const log = buildSarif(mixedResult(), { rules: metas });
const run = log.runs[0]!;
const byRule = (id: string) => run.results.find((r) => r.ruleId === id)!;

describe('sarif reporter', () => {
  it('is SARIF 2.1.0 with the schema, tool, version and every rule as a descriptor', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe(SARIF_SCHEMA);
    const driver = run.tool.driver;
    expect(driver).toMatchObject({ name: 'synaml', version: '0.1.0', semanticVersion: '0.1.0', informationUri: expect.stringMatching(/^https:\/\//) });
    expect(driver.rules.map((r) => r.id)).toEqual(metas.map((m) => m.id));
    const sa013 = driver.rules.find((r) => r.id === 'SA013')!;
    expect(sa013).toMatchObject({
      name: 'SparkRuntimeEndOfSupport',
      shortDescription: { text: expect.stringMatching(/runtime must be supported.*\.$/) },
      fullDescription: { text: expect.stringContaining('end of support') },
      help: { text: expect.stringMatching(/^Remediation: /), markdown: expect.stringMatching(/^\*\*Remediation\*\*/) },
      helpUri: expect.stringMatching(/^https:\/\/learn\.microsoft\.com\//),
      defaultConfiguration: { level: 'warning' },
      properties: { name: 'spark-runtime-end-of-support', tags: expect.arrayContaining(['azure']) },
    });
    expect(sa013.help.markdown).toContain('[Azure Synapse runtimes for Apache Spark');
  });

  it('emits failures and unknowns (waived included), each pointing at its rule descriptor', () => {
    expect(run.results.map((r) => r.ruleId)).toEqual(['SA001', 'SA013', 'SA002', 'SA015']);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
  });

  it('sets level from the severity for a failure, and kind open (level none, as SARIF requires) for an unknown', () => {
    expect(byRule('SA001')).toMatchObject({ level: 'error', message: { text: expect.stringMatching(/^Synapse workspace .* Expected: preventDataExfiltration: false; actual: preventDataExfiltration: true\.$/) } });
    expect(byRule('SA001')).not.toHaveProperty('kind');
    expect(byRule('SA015')).toMatchObject({ level: 'warning' });
    const unknown = byRule('SA002');
    expect(unknown).toMatchObject({ kind: 'open', level: 'none', properties: { outcome: 'unknown', severity: 'error', reason: { status: 403 } } });
    expect(unknown.message.text).toMatch(/^Unknown: .* Why unknown: synapse\.linkedServices at .*403 Forbidden.*Synapse Artifact User\)\.$/);
    expect(run.invocations[0]!.executionSuccessful).toBe(false);
    expect(run.invocations[0]!.toolExecutionNotifications[0]).toMatchObject({ level: 'error', descriptor: { id: 'synapse.linkedServices' } });
  });

  it('marks a waived failure as an accepted external suppression with its reason and expiry', () => {
    expect(byRule('SA013')).toMatchObject({
      level: 'warning',
      suppressions: [{ kind: 'external', status: 'accepted', justification: 'migration to 3.5 booked (waiver expires 2027-01-31)' }],
      properties: { waiver: { reason: 'migration to 3.5 booked', expires: '2027-01-31' } },
    });
    expect(byRule('SA001')).not.toHaveProperty('suppressions');
  });

  it('locates each result in the spec (relative to %SRCROOT%) and names the Azure resource as a logical location', () => {
    const location = byRule('SA001').locations[0]!;
    expect(location.physicalLocation).toEqual({ artifactLocation: { uri: 'spec.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 4, startColumn: 5 } });
    expect(location.logicalLocations).toEqual([
      { name: 'syn-analytics', fullyQualifiedName: mixedResult().results[1]!.resourceId, kind: 'resource' },
    ]);
    expect(byRule('SA015').locations[0]).not.toHaveProperty('logicalLocations');
  });

  it('carries the shared fingerprint in partialFingerprints', () => {
    const fingerprints = fingerprintsOf(mixedResult().results);
    expect(byRule('SA001').partialFingerprints).toEqual({ [FINGERPRINT_KEY]: fingerprints[1] });
    expect(byRule('SA002').partialFingerprints![FINGERPRINT_KEY]).toBe(fingerprints[3]);
  });

  it('adds pass and not-applicable evaluations only with all', () => {
    const all = buildSarif(mixedResult(), { rules: metas, all: true }).runs[0]!.results;
    expect(all).toHaveLength(6);
    expect(all.find((r) => r.ruleId === 'SA016')).toMatchObject({ kind: 'pass', level: 'none' });
    expect(all.find((r) => r.ruleId === 'SA012')).toMatchObject({ kind: 'notApplicable', level: 'none' });
    // Only findings have a fingerprint: a pass has nothing to match.
    expect(all.filter((r) => r.partialFingerprints === undefined).map((r) => r.ruleId).sort()).toEqual(['SA012', 'SA016']);
  });

  it('counts everything in run.properties, reports spec warnings as configuration notifications', () => {
    expect(run.properties).toMatchObject({ auditedAt: '2026-11-23T00:00:00.000Z', spec: 'spec.yaml', summary: mixedResult().summary });
    expect(run.invocations[0]!.toolConfigurationNotifications).toEqual([
      expect.objectContaining({ level: 'warning', descriptor: { id: 'waiver-expired' }, locations: [expect.objectContaining({ physicalLocation: expect.objectContaining({ region: { startLine: 40, startColumn: 5 } }) })] }),
    ]);
  });

  it('records the baseline state of each failure', () => {
    const result = mixedResult();
    result.results[1]!.baseline = 'known';
    result.results[5]!.baseline = 'new';
    const results = buildSarif(result).runs[0]!.results;
    expect(results.find((r) => r.ruleId === 'SA001')).toMatchObject({ baselineState: 'unchanged' });
    expect(results.find((r) => r.ruleId === 'SA015')).toMatchObject({ baselineState: 'new' });
  });

  it('works without rule metadata, describing rules from the result', () => {
    const bare = buildSarif(mixedResult()).runs[0]!;
    expect(bare.tool.driver.rules.map((r) => r.id)).toEqual(['SA001', 'SA013', 'SA002', 'SA015']);
    expect(bare.tool.driver.rules[0]).toMatchObject({ name: 'ExfiltrationProtectionBlocksAml', help: { text: expect.stringContaining('az synapse workspace create') } });
  });

  it('is deterministic: the same result gives byte-identical output', () => {
    expect(renderSarif(mixedResult(), { rules: metas })).toBe(renderSarif(mixedResult(), { rules: metas }));
    expect(renderSarif(mixedResult(), { rules: metas }).endsWith('}\n')).toBe(true);
  });
});

describe('artifactLocation', () => {
  it('keeps relative paths relative to %SRCROOT%, with forward slashes and percent-encoding', () => {
    expect(artifactLocation('specs/prod.yaml')).toEqual({ uri: 'specs/prod.yaml', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('./specs\\my spec.yaml')).toEqual({ uri: 'specs/my%20spec.yaml', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('/repo/specs/prod.yaml', '/repo')).toEqual({ uri: 'specs/prod.yaml', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('/elsewhere/prod.yaml', '/repo')).toEqual({ uri: 'file:///elsewhere/prod.yaml' });
  });

  it('makes Pascal-case rule names', () => {
    expect(pascalCase('private-aml-needs-managed-vnet')).toBe('PrivateAmlNeedsManagedVnet');
  });
});

// The validator is a .NET tool: a run takes seconds, and several times that on a loaded machine.
describe('Microsoft SARIF validator', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'synaml-sarif-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds no error or warning in the shared fixture, with and without all', () => {
    for (const all of [false, true]) {
      const file = path.join(dir, `mixed-${all}.sarif`);
      writeFileSync(file, renderSarif(mixedResult(), { rules: metas, all }));
      const findings = validateSarif(file);
      expect(findings.filter((f) => f.level !== 'note'), JSON.stringify(findings, null, 2)).toEqual([]);
      expect(findings.filter((f) => !ACCEPTED_NOTES.includes(f.ruleId))).toEqual([]);
      expect(findings.map((f) => f.ruleId)).toContain('SARIF2003'); // the run was analysed
    }
  });

  it('reports broken logs (the check is real)', () => {
    const breakages: Array<[string, (r: Record<string, any>) => void, string]> = [
      ['no message', (r) => delete r.message, 'JSON1002'],
      ['a rule index out of range', (r) => (r.ruleIndex = 99), 'SARIF1009'],
      ['an invalid level (the validator skips the file; the schema check catches it)', (r) => (r.level = 'critical'), 'SCHEMA'],
    ];
    for (const [what, breakIt, ruleId] of breakages) {
      const file = path.join(dir, 'broken.sarif');
      const broken = buildSarif(mixedResult(), { rules: metas }) as unknown as { runs: Array<{ results: Array<Record<string, unknown>> }> };
      breakIt(broken.runs[0]!.results[0]!);
      writeFileSync(file, JSON.stringify(broken));
      const errors = validateSarif(file).filter((f) => f.level === 'error');
      expect(errors.map((e) => e.ruleId), what).toContain(ruleId);
    }
  });
});
