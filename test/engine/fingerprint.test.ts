// Fingerprints: stable inputs only, unique within a result, and unchanged when the spec is reordered or shifted.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { disambiguate, fingerprintOf, fingerprintsOf, RunFingerprints, stableSpecPath, type FingerprintInput } from '../../src/engine/fingerprint.js';
import type { AuditResult } from '../../src/engine/types.js';
import type { SpecPath } from '../../src/spec/types.js';
import { audit, snapshotSource } from '../../src/index.js';
import { mixedResult } from '../reporters/fixture.js';
import { estateRule, fakeEstate, fakeLoaded, integration } from './fakes.js';

const base = { ruleId: 'SA001', integration: 'prod', resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Synapse/workspaces/ws', messageId: 'enabled' };

describe('fingerprintOf', () => {
  it('is 32 hex characters and depends on rule, integration, resource, message ID, spec path and key', () => {
    const fp = fingerprintOf(base);
    expect(fp).toMatch(/^[0-9a-f]{32}$/);
    for (const change of [
      { ruleId: 'SA002' },
      { integration: 'dev' },
      { resourceId: `${base.resourceId}2` },
      { messageId: 'other' },
      { specPath: 'synapse.workspaceId' },
      { key: 'principal-1' },
    ]) {
      expect(fingerprintOf({ ...base, ...change }), JSON.stringify(change)).not.toBe(fp);
    }
  });

  it('ignores the case of the resource ID (and a trailing slash), and the rule ID case', () => {
    expect(fingerprintOf({ ...base, resourceId: `${base.resourceId.toUpperCase()}/` })).toBe(fingerprintOf(base));
    expect(fingerprintOf({ ...base, ruleId: 'sa001' })).toBe(fingerprintOf(base));
  });

  it('ignores everything volatile: message text, location, expected/actual, outcome, waiver', () => {
    const entry = mixedResult().results[1]!;
    const moved = { ...entry, message: 'different words, 2027-01-01', location: { file: 'other.yaml', line: 99, column: 1 }, actual: 'x', waived: true };
    expect(fingerprintOf(moved)).toBe(fingerprintOf(entry));
  });
});

describe('disambiguate and fingerprintsOf', () => {
  it('keeps first occurrences and rehashes repeats, deterministically', () => {
    const out = disambiguate(['a', 'b', 'a', 'a']);
    expect(out[0]).toBe('a');
    expect(out[1]).toBe('b');
    expect(new Set(out).size).toBe(4);
    expect(disambiguate(['a', 'b', 'a', 'a'])).toEqual(out);
  });

  it('uses the engine fingerprint when present, else computes one from the entry; only findings have one', () => {
    const result = mixedResult();
    const computed = fingerprintsOf(result.results.map(({ fingerprint: _, ...e }) => e));
    const findings = result.results.flatMap((e, i) => (e.outcome === 'fail' || e.outcome === 'unknown' ? [i] : []));
    expect(findings.length).toBeGreaterThan(1);
    expect(findings.length).toBeLessThan(result.results.length);
    computed.forEach((fp, i) => (findings.includes(i) ? expect(fp).toMatch(/^[0-9a-f]{32}$/) : expect(fp).toBeUndefined()));
    expect(new Set(computed).size).toBe(findings.length + 1);
    expect(computed[1]).toBe(fingerprintOf(result.results[1]!));
    // An older synaml's result may carry fingerprints on passes too: they are not findings, so not used.
    const stored = result.results.map((e, i) => ({ ...e, fingerprint: `${i}`.padStart(32, '0') }));
    expect(fingerprintsOf(stored)[3]).toBe('00000000000000000000000000000003');
    expect(fingerprintsOf(stored).filter((fp) => fp !== undefined)).toHaveLength(findings.length);
  });
});

describe('RunFingerprints', () => {
  it('gives what fingerprintOf then disambiguate give, for odd inputs and repeats too', () => {
    const id = base.resourceId;
    const inputs: FingerprintInput[] = [
      base,
      { ...base, ruleId: ' sa001 ' },
      { ...base, resourceId: `${id.toUpperCase()}//` },
      { ...base, resourceId: undefined, messageId: undefined },
      { ...base, specPath: 'access.required[principalId=a"b\\c,role=Owner]', key: 'k\u0001"\u2028' },
      { ...base, integration: 'prod', messageId: 'ünïcødé \ud83d\ude00 \ud800' },
      base,
      { ...base, integration: 'dev' },
      { ...base, ruleId: 'SA002' },
      base,
      { ...base, integration: 'dev' },
      { ...base, specPath: '' },
    ];
    const run = new RunFingerprints();
    expect(inputs.map((i) => run.next(i))).toEqual(disambiguate(inputs.map((i) => fingerprintOf(i))));
  });
});

describe('stableSpecPath', () => {
  const spec = {
    name: 'prod',
    synapse: { sparkPools: [{ name: 'p1', sparkVersion: '3.4' }, { name: 'p2' }] },
    machineLearning: { dependencyPrivateEndpoints: ['blob', 'file'] },
    access: { required: [{ principalId: 'aa', role: 'Owner', scope: 'synapse.workspace' }] },
  };

  it('names array items by name, value or fields instead of their index', () => {
    expect(stableSpecPath(spec, ['synapse', 'sparkPools', 1, 'sparkVersion'])).toBe('synapse.sparkPools[p2].sparkVersion');
    expect(stableSpecPath(spec, ['machineLearning', 'dependencyPrivateEndpoints', 1])).toBe('machineLearning.dependencyPrivateEndpoints[file]');
    expect(stableSpecPath(spec, ['access', 'required', 0])).toBe('access.required[principalId=aa,role=Owner,scope=synapse.workspace]');
    expect(stableSpecPath(spec, ['access', 'required', 5])).toBe('access.required[5]');
    expect(stableSpecPath(spec, [])).toBeUndefined();
    expect(stableSpecPath(spec, ['', 'synapse', '', 'x'])).toBe('synapse..x');
  });
});

describe('the engine', () => {
  it('sets messageId, specPath and a unique fingerprint on every finding', () => {
    const rule = estateRule('SA999', () => [
      { outcome: 'fail', messageId: 'plain', path: ['synapse', 'workspaceId'] },
      { outcome: 'fail', messageId: 'plain', path: ['synapse', 'workspaceId'] },
      { outcome: 'fail', messageId: 'plain', path: ['synapse', 'workspaceId'], key: 'k' },
    ]);
    const entries = evaluateRules({ loaded: fakeLoaded([integration('prod')]), rules: [rule], estate: fakeEstate(), now: new Date(), mode: 'audit' });
    expect(entries.map((e) => [e.messageId, e.specPath])).toEqual(Array(3).fill(['plain', 'synapse.workspaceId']));
    expect(new Set(entries.map((e) => e.fingerprint)).size).toBe(3);
    const { fingerprint, ...fields } = entries[0]!;
    expect(fingerprint).toBe(fingerprintOf(fields));
  });

  it('fingerprints findings only, numbering repeats among them as fingerprintsOf does from the fields', () => {
    const same = { messageId: 'plain', path: ['synapse', 'workspaceId'] };
    const rule = estateRule('SA999', () => [
      { outcome: 'pass', ...same },
      { outcome: 'fail', ...same },
      { outcome: 'not-applicable', ...same },
      { outcome: 'unknown', ...same, error: { source: 'resourceGraph.resources', scope: '/subscriptions/s', message: 'denied' } },
      { outcome: 'fail', ...same },
    ]);
    const entries = evaluateRules({ loaded: fakeLoaded([integration('prod')]), rules: [rule], estate: fakeEstate(), now: new Date(), mode: 'audit' });
    expect(entries.map((e) => e.outcome)).toEqual(['pass', 'fail', 'not-applicable', 'unknown', 'fail']);
    expect(entries[0]).not.toHaveProperty('fingerprint');
    expect(entries[2]).not.toHaveProperty('fingerprint');
    // The first finding is not a repeat of the pass before it; the others repeat it (same inputs).
    expect(entries[1]!.fingerprint).toBe(fingerprintOf(entries[1]!));
    expect(new Set([1, 3, 4].map((i) => entries[i]!.fingerprint)).size).toBe(3);
    expect(fingerprintsOf(entries.map(({ fingerprint: _, ...e }) => e))).toEqual(entries.map((e) => e.fingerprint));
  });
});

describe('the engine\'s spec paths', () => {
  it('are stableSpecPath of each check\'s path, however the paths repeat, nest and share prefixes', () => {
    const spec = integration('prod', {
      synapse: { workspaceId: '/w', sparkPools: [{ name: 'p1', sparkVersion: '3.4' }, { name: 'p2' }] },
      access: { required: [{ principalId: 'aa', role: 'Owner', scope: 'synapse.workspace' }, { principalId: 'bb', role: 'Reader', scope: 'x' }] },
      network: { approvedPrivateEndpoints: ['/pe/1', '/pe/2'] },
    } as never);
    const paths: SpecPath[] = [
      ['synapse', 'sparkPools', 1, 'sparkVersion'],
      ['synapse', 'sparkPools', 1],
      ['synapse', 'sparkPools', 0, 'sparkVersion'],
      ['synapse', 'sparkPools', 1, 'sparkVersion'],
      ['synapse', 'sparkPools', '1'],
      ['synapse', 'sparkPools', 7, 'name'],
      ['access', 'required', 1],
      ['access', 'required', 0, 'role'],
      ['network', 'approvedPrivateEndpoints', 1],
      ['', 'synapse', '', 'x'],
      [''],
      ['missing', 0, 'deeper'],
      [],
    ];
    const rule = estateRule('SA999', () => paths.map((path) => ({ outcome: 'pass' as const, messageId: 'plain', path })));
    const loaded = fakeLoaded([spec]);
    const entries = evaluateRules({ loaded, rules: [rule], estate: fakeEstate(), now: new Date(), mode: 'audit' });
    expect(entries.map((e) => e.specPath)).toEqual(paths.map((path) => stableSpecPath(spec, path)));
    expect(entries[0]!.specPath).toBe('synapse.sparkPools[p2].sparkVersion');
    expect(entries[6]!.specPath).toBe('access.required[principalId=bb,role=Reader,scope=x]');
    // Each distinct path is located once; a repeated one shares the first one's place.
    expect(loaded.located).toHaveLength(new Set(paths.map((p) => JSON.stringify(p))).size);
    expect(entries[3]!.location).toBe(entries[0]!.location);
  });
});

describe('the demo', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'synaml-fp-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const now = new Date('2026-11-23T00:00:00Z');
  const run = (spec: string) => audit(spec, { now, estateSource: snapshotSource('fixtures/demo/snapshot.json') });
  const findings = (r: AuditResult) =>
    new Map(r.results.filter((e) => e.outcome === 'fail' || e.outcome === 'unknown').map((e) => [e.fingerprint!, `${e.ruleId} ${e.integration} ${e.message}`]));

  it('gives the same fingerprints on a second run', async () => {
    const [a, b] = [await run('fixtures/demo/spec.yaml'), await run('fixtures/demo/spec.yaml')];
    expect(b.results.map((e) => e.fingerprint)).toEqual(a.results.map((e) => e.fingerprint));
  });

  it('needs no tie-breaking: only SA101 (one finding per principal, told apart by its key) shares the other inputs', async () => {
    const result = await run('fixtures/demo/spec.yaml');
    const groups = new Map<string, string[]>();
    for (const e of result.results) {
      const withoutKey = fingerprintOf({ ...e });
      groups.set(withoutKey, [...(groups.get(withoutKey) ?? []), e.ruleId]);
    }
    const shared = [...groups.values()].filter((ids) => ids.length > 1).flat();
    expect(new Set(shared)).toEqual(new Set(['SA101']));
    const fingerprinted = result.results.filter((e) => e.outcome === 'fail' || e.outcome === 'unknown');
    expect(fingerprinted.length).toBeGreaterThan(20);
    expect(new Set(fingerprinted.map((e) => e.fingerprint)).size).toBe(fingerprinted.length);
    expect(result.results.filter((e) => e.fingerprint !== undefined)).toEqual(fingerprinted);
  });

  it('keeps every finding\'s fingerprint when the spec is reordered and its lines move', async () => {
    const doc = parseDocument(readFileSync('fixtures/demo/spec.yaml', 'utf8'));
    const spec = doc.toJS() as { integrations: Array<Record<string, any>> };
    spec.integrations.reverse();
    for (const i of spec.integrations) {
      i.machineLearning.dependencyPrivateEndpoints?.reverse();
      i.access?.privilegedPrincipals?.reverse();
      i.synapse.sparkPools?.reverse();
    }
    const moved = path.join(dir, 'reordered.yaml');
    writeFileSync(moved, `# shifted\n# by a few\n# comment lines\n${JSON.stringify(spec, null, 2)}\n`);
    const [original, reordered] = [await run('fixtures/demo/spec.yaml'), await run(moved)];
    expect(reordered.results.find((e) => e.outcome === 'fail')!.location!.file).toBe(moved);
    expect([...findings(reordered)].sort()).toEqual([...findings(original)].sort());
    expect(findings(original).size).toBeGreaterThan(20);
  });
});
