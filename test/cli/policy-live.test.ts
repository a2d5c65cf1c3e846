// Azure Policy and change records end to end through the CLI and a fake Azure seeded with the demo (which carries
// an ALZ assignment at a management group, an exemption and change records): the live audit, the audit of the seed
// snapshot, and the replay of a snapshot the CLI recorded give the same results, SA103 and lastChange included.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult, ResultEntry } from '../../src/engine/types.js';
import type { Snapshot } from '../../src/estate/snapshot.js';
import { startFakeAzure, type FakeAzure } from '../fake-azure/index.js';
import { runCli } from '../hardening/support.js';
import { demoSnapshot } from '../support/demo-estate.js';
import { POLICY } from '../support/policy-payloads.js';

const ARM_TOKEN = 'policy-arm-token-5d2c8e1a7b3f4d6c9e0a1b2c3d4e5f6a';
const SYNAPSE_TOKEN = 'policy-synapse-token-8b4e2a6c0d1f3e5a7c9b1d3f5a7c9e0b';
const SPEC = 'fixtures/demo/spec.yaml';

/** The built CLI against the fake Azure: its CA trusted, the tokens given as a locked-down pipeline would. */
const run = (fake: FakeAzure, args: string[]) =>
  runCli(args, { NODE_EXTRA_CA_CERTS: fake.caCertFile, SYNAML_ARM_TOKEN: ARM_TOKEN, SYNAML_SYNAPSE_TOKEN: SYNAPSE_TOKEN }, 60_000);

/** The demo: its first subscription under ALZ's landing zones (the marketing one elsewhere), with policy and changes. */
const seed = (): Snapshot => demoSnapshot();

describe('Azure Policy and change records: live, snapshot and replay agree', () => {
  let fake: FakeAzure;
  let dir: string;
  beforeAll(async () => {
    fake = await startFakeAzure({ snapshot: seed(), armToken: ARM_TOKEN, synapseToken: SYNAPSE_TOKEN });
    dir = mkdtempSync(path.join(tmpdir(), 'synaml-policy-live-'));
  });
  afterAll(async () => {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the same SA103 outcomes and lastChange live, from the seed snapshot and from a recorded snapshot', async () => {
    const seedFile = path.join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(seed(), null, 2));
    const state = path.join(dir, 'state.json');
    const recorded = await run(fake, ['snapshot', SPEC, '-o', state, '--arm-endpoint', fake.url]);
    expect(recorded.code, recorded.stderr).toBe(3); // the demo's marketing data plane answers 403
    const snapshot = JSON.parse(readFileSync(state, 'utf8')) as Snapshot;
    expect(snapshot.resourceGraph.policyresources!.map((r) => r['name']).sort()).toEqual(
      ['Enforce-GR-Synapse', 'Enforce-Guardrails-Synapse', POLICY.exfiltration, POLICY.synapseManagedVnet, POLICY.synapseTenants, 'aml-integration'].sort(),
    );
    expect(snapshot.resourceGraph.resourcechanges!.map((r) => r['name']).sort()).toEqual(['c-research-pna', 'c-research-tags']);

    const audit = (...source: string[]) => run(fake, ['audit', SPEC, ...source, '--now', '2026-11-23', '--format', 'json']);
    const [live, fromSeed, replay] = await Promise.all([audit('--arm-endpoint', fake.url), audit('--snapshot', seedFile), audit('--snapshot', state)]);
    const results = [live, fromSeed, replay].map((r) => {
      expect(r.code, r.stderr).toBe(3);
      return (JSON.parse(r.stdout) as AuditResult).results;
    });
    // The replay of what the CLI recorded equals the live audit, entry for entry.
    expect(results[2]).toEqual(results[0]);
    // The seed snapshot's own recorded read errors are worded as the demo generator wrote them, not as the live
    // collector words the same 403: compared on what the new tables decide, SA103 and every finding's lastChange.
    const decided = (rs: ResultEntry[]) => rs.map((e) => (e.ruleId === 'SA103' ? e : { ruleId: e.ruleId, resourceId: e.resourceId, specPath: e.specPath, lastChange: e.lastChange ?? null }));
    expect(decided(results[1]!)).toEqual(decided(results[0]!));

    const [liveResults] = results as [ResultEntry[]];
    const sa103 = (integration: string) => liveResults.filter((e) => e.ruleId === 'SA103' && e.integration === integration).map((e) => [e.outcome, e.messageId, e.severity]);
    expect(sa103('analytics-prod')).toEqual([['pass', 'exempted', 'error'], ['pass', 'none', 'error']]);
    expect(sa103('research-dev')).toEqual([['fail', 'conflict', 'error'], ['pass', 'none', 'error']]);
    // The marketing subscription is not under the landing zones: the management-group assignment does not apply.
    expect(sa103('marketing-ml')).toEqual([['pass', 'none', 'error'], ['pass', 'none', 'error']]);
    const drift = liveResults.find((e) => e.ruleId === 'SA100' && e.integration === 'research-dev' && e.specPath === 'synapse.publicNetworkAccess')!;
    expect(drift.lastChange).toMatchObject({ changedBy: 'sam@contoso.example', clientType: 'Azure Portal', property: 'properties.publicNetworkAccess', newValue: 'Enabled' });
    expect(liveResults.filter((e) => e.lastChange).length).toBe(1);
    expect(fake.writes).toEqual([]);
  });
});
