// Fails when a rule lacks its registry entry, metadata, docs or tests — and when the catalog drifts from DESIGN.md.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';

const RULES_DIR = new URL('../../rules/', import.meta.url);
const TESTS_DIR = new URL('./', import.meta.url);

/** The catalog in DESIGN.md's rules table. */
const CATALOG = [
  'SA001', 'SA002', 'SA003', 'SA004', 'SA005', 'SA006', 'SA007', 'SA008', 'SA009', 'SA010',
  'SA011', 'SA012', 'SA013', 'SA014', 'SA015', 'SA016', 'SA017', 'SA018', 'SA019', 'SA020',
  'SA021', 'SA100', 'SA101', 'SA102', 'SA103',
];

const ruleFiles = readdirSync(RULES_DIR).filter((f) => /^SA\d{3}-.+\.ts$/.test(f));

describe('rule catalog parity', () => {
  it('registers every catalog rule exactly once, in ID order', () => {
    expect(rules.map((r) => r.meta.id)).toEqual(CATALOG);
    expect(new Set(rules.map((r) => r.meta.name)).size).toBe(rules.length);
  });

  it('has one file per rule, named by its ID and name', () => {
    expect(ruleFiles.map((f) => f.slice(0, 5)).sort()).toEqual(CATALOG);
    for (const rule of rules) expect(ruleFiles).toContain(`${rule.meta.id}-${rule.meta.name}.ts`);
  });

  it('never tells anyone to change a setting with a command that cannot change it', () => {
    // The az CLI's `synapse spark pool update` has no --spark-version, and its `synapse workspace update` no public
    // network access setting (azure-cli's synapse module); Azure PowerShell's Update-AzSynapseSparkPool -SparkVersion
    // and Update-AzSynapseWorkspace -EnablePublicNetworkAccess do.
    const wrong = [/az synapse spark pool update[^`]*--spark-version/, /az synapse workspace update[^`]*--public-network-access/];
    for (const { meta } of rules) for (const pattern of wrong) expect(meta.remediation, meta.id).not.toMatch(pattern);
  });

  it('gives every rule the documented metadata', () => {
    for (const { meta } of rules) {
      expect(['error', 'warning', 'note']).toContain(meta.severity);
      expect(meta.title.length, meta.id).toBeGreaterThan(10);
      expect(meta.rationale.length, meta.id).toBeGreaterThan(40);
      expect(meta.remediation.length, meta.id).toBeGreaterThan(40);
      expect(meta.docs.length, meta.id).toBeGreaterThan(0);
      expect(meta.dataSources.length, meta.id).toBeGreaterThan(0);
      for (const doc of meta.docs) {
        expect(doc.url, meta.id).toMatch(/^https:\/\/learn\.microsoft\.com\//);
        expect(doc.date, meta.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
  });

  it('tests every rule over pass, fail, not-applicable and unknown cases', () => {
    for (const { meta } of rules) {
      const file = new URL(`${meta.id}.test.ts`, TESTS_DIR);
      let text = '';
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        throw new Error(`${meta.id} has no test file test/rules/${meta.id}.test.ts`);
      }
      expect(text, meta.id).toContain('describeRule(');
      for (const key of ['pass:', 'fail:', 'notApplicable:', 'unknown:']) expect(text, `${meta.id} lacks ${key} cases`).toContain(key);
    }
  });
});
