// The synthetic scale estate at its small size: deterministic, valid, every rule fails somewhere, healthy
// integrations stay healthy, and a live collection from the fake Azure audits the same as the generated snapshot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateRules } from '../../src/engine/evaluate.js';
import type { ResultEntry } from '../../src/engine/types.js';
import { normaliseSnapshot } from '../../src/estate/normalise.js';
import type { Snapshot } from '../../src/estate/snapshot.js';
import { loadRules } from '../../src/index.js';
import { loadSpecText } from '../../src/spec/load-yaml.js';
import type { LoadedSpec } from '../../src/spec/types.js';
import { collect, startFake } from '../collect/support.js';
import type { FakeAzure } from '../fake-azure/index.js';
import { generateEstate, VIOLATIONS, type GeneratedEstate } from './generate.js';

let estate: GeneratedEstate;
let loaded: LoadedSpec;
let entries: ResultEntry[];
const NOW = new Date('2026-11-23T00:00:00Z');

async function audit(snapshot: Snapshot): Promise<ResultEntry[]> {
  return evaluateRules({ loaded, rules: await loadRules(), estate: normaliseSnapshot(snapshot), now: NOW, mode: 'audit' });
}

beforeAll(async () => {
  estate = generateEstate({ size: 'small' });
  const rules = await loadRules();
  const result = loadSpecText(estate.specYaml, 'scale-spec.yaml', { now: NOW, knownRuleIds: rules.map((r) => r.meta.id) });
  if (!result.ok) throw new Error(`generated spec invalid: ${JSON.stringify(result.diagnostics.slice(0, 5))}`);
  expect(result.diagnostics).toEqual([]);
  loaded = result.loaded;
  entries = await audit(estate.snapshot);
});

describe('the synthetic scale estate (small)', () => {
  it('is deterministic for a seed, and differs for another seed', () => {
    const again = generateEstate({ size: 'small' });
    expect(JSON.stringify(again.snapshot)).toBe(JSON.stringify(estate.snapshot));
    expect(again.specYaml).toBe(estate.specYaml);
    const other = generateEstate({ size: 'small', seed: 7 });
    expect(other.specYaml).not.toBe(estate.specYaml);
  });

  it('has the sizes asked for', () => {
    const { sizes, snapshot } = estate;
    const types = new Map<string, number>();
    for (const row of snapshot.resourceGraph.resources) types.set(String(row['type']), (types.get(String(row['type'])) ?? 0) + 1);
    expect(types.get('microsoft.synapse/workspaces')).toBe(sizes.synapseWorkspaces);
    expect(types.get('microsoft.synapse/workspaces/bigdatapools')).toBe(sizes.synapseWorkspaces * sizes.pools);
    expect(types.get('microsoft.machinelearningservices/workspaces')).toBe(sizes.amlWorkspaces);
    expect(types.get('microsoft.network/privateendpoints')).toBe(sizes.amlWorkspaces * 6);
    const assignments = snapshot.resourceGraph.authorizationresources.filter((r) => r['type'] === 'microsoft.authorization/roleassignments');
    expect(assignments).toHaveLength(sizes.roleAssignments);
    expect(loaded.spec.integrations).toHaveLength(sizes.synapseWorkspaces);
    const synapse = Object.values(snapshot.synapse ?? {});
    expect(synapse.every((d) => d.roleAssignments?.length === sizes.synapseRoles)).toBe(true);
    expect(Object.values(snapshot.arm ?? {}).filter((a) => a.integrationRuntimes).every((a) => a.integrationRuntimes!.length === sizes.runtimes)).toBe(true);
  });

  it('makes every rule fail somewhere, and nothing unknown', () => {
    const failing = new Set(entries.filter((e) => e.outcome === 'fail' && !e.waived).map((e) => e.ruleId));
    expect([...failing].sort()).toEqual(
      ['SA001', 'SA002', 'SA003', 'SA004', 'SA005', 'SA006', 'SA007', 'SA008', 'SA009', 'SA010', 'SA011', 'SA012', 'SA013', 'SA014', 'SA015', 'SA016',
        'SA017', 'SA018', 'SA019', 'SA020', 'SA021', 'SA100', 'SA101', 'SA102'],
    );
    expect(entries.filter((e) => e.outcome === 'unknown')).toEqual([]);
    expect(new Set(estate.violations.values())).toEqual(new Set(VIOLATIONS));
  });

  it('plants each violation where it says, and leaves healthy integrations without findings', () => {
    const failedIn = new Map<string, Set<string>>();
    for (const e of entries) {
      if (e.outcome !== 'fail' || e.waived) continue;
      if (!failedIn.has(e.integration)) failedIn.set(e.integration, new Set());
      failedIn.get(e.integration)!.add(e.ruleId);
    }
    for (const integration of loaded.spec.integrations) {
      const violation = estate.violations.get(integration.name);
      const failed = failedIn.get(integration.name) ?? new Set();
      const messages = entries.filter((e) => e.integration === integration.name && e.outcome === 'fail' && !e.waived).map((e) => e.message);
      if (violation === undefined) expect([integration.name, messages]).toEqual([integration.name, []]);
      else expect([integration.name, violation, failed.has(violation.slice(0, 5))]).toEqual([integration.name, violation, true]);
    }
  });
});

describe('live collection of the small estate from the fake Azure', () => {
  let fake: FakeAzure | undefined;
  afterAll(async () => fake?.stop());

  it('audits the same as the generated snapshot, reading each list once and Resource Graph within its quota', async () => {
    fake = await startFake(estate.snapshot, { quota: { perWindow: 15, windowMs: 5000 } });
    const live = await collect(fake, loaded.spec, { concurrency: 8 });
    expect(live.errors).toEqual([]);
    const key = (e: ResultEntry) => [e.integration, e.ruleId, e.outcome, e.waived, e.resourceId ?? '', e.message].join(' | ');
    expect((await audit(live)).map(key)).toEqual(entries.map(key));
    expect(fake.writes).toEqual([]);
    expect(fake.throttled).toBe(0);
    // Each workspace list is read once (one page each at this size).
    const count = (operation: string) => fake!.requests.filter((r) => r.operation === operation).length;
    const withVnet = Object.values(estate.snapshot.synapse ?? {}).filter((d) => (d.managedPrivateEndpoints?.length ?? 0) > 0).length;
    expect(count('linkedServices')).toBe(estate.sizes.synapseWorkspaces);
    expect(count('roleAssignments')).toBe(estate.sizes.synapseWorkspaces);
    expect(count('managedPrivateEndpoints')).toBe(withVnet);
    expect(count('integrationRuntimes')).toBe(estate.sizes.synapseWorkspaces);
  });
});
