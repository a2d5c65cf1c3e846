// Plan + live, read live: `check-template --live` reads what the input does not deploy from a (fake) Azure on
// loopback, through the same collectors as `audit` (real SDK clients, NODE_EXTRA_CA_CERTS, static tokens), and must
// judge exactly as `--snapshot` with the snapshot the fake serves. Read-only; no token in any output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAzure, type FakeAzure } from '../fake-azure/index.js';
import { runCli } from '../hardening/support.js';
import { demoSnapshot } from '../support/demo-estate.js';
import { synaml } from './run.js';

const ARM_TOKEN = 'ct-arm-token-5e2a9c1f7b3d4e6a8c0b2d4f6a8c0e1b';
const SYNAPSE_TOKEN = 'ct-synapse-token-9b4d2f6a8c0e1a3c5e7b9d1f3a5c7e0d';
const SNAPSHOT = 'fixtures/demo/snapshot.json';
const PUBLISHED = 'test/fixtures/templates/published-msi/TemplateForWorkspace.json';
const SUB = '11111111-2222-4333-8444-555555555555';
// The template leaves its subscription and resource group to the deployment: live reading needs them.
const CHECK = ['check-template', PUBLISHED, '--subscription-id', SUB, '--resource-group', 'rg-analytics', '--now', '2026-11-23', '--format', 'json'];

/** The built CLI against the fake Azure: its CA trusted, the tokens given as a locked-down pipeline would. */
const run = (fake: FakeAzure, args: string[]) =>
  runCli(args, { NODE_EXTRA_CA_CERTS: fake.caCertFile, SYNAML_ARM_TOKEN: ARM_TOKEN, SYNAML_SYNAPSE_TOKEN: SYNAPSE_TOKEN }, 30_000);

type Entry = { ruleId: string; outcome: string; resourceId?: string; reason?: { code?: string } };

describe('check-template --live: plan + live against a fake Azure', () => {
  let fake: FakeAzure;
  beforeAll(async () => {
    fake = await startFakeAzure({ snapshot: demoSnapshot(), armToken: ARM_TOKEN, synapseToken: SYNAPSE_TOKEN });
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('judges as --snapshot with the snapshot the estate is seeded with, read-only and without echoing a token', async () => {
    const live = await run(fake, [...CHECK, '--live', '--arm-endpoint', fake.url]);
    const replay = synaml([...CHECK, '--snapshot', SNAPSHOT]);
    expect(live.code, live.stderr).toBe(replay.code);
    const liveResult = JSON.parse(live.stdout) as { results: Entry[]; summary: Record<string, number>; diagnostics?: Array<{ code: string }> };
    const replayResult = JSON.parse(replay.stdout) as typeof liveResult;
    expect(liveResult.results).toEqual(replayResult.results);
    expect(liveResult.summary).toEqual(replayResult.summary);
    expect(liveResult.summary['fail']).toBeGreaterThan(0);
    // The deployed estate answered: no not-in-template warnings, and rules no template answers have outcomes.
    expect((liveResult.diagnostics ?? []).filter((d) => d.code === 'not-in-template')).toEqual([]);
    expect(liveResult.results.find((e) => e.ruleId === 'SA004')).toMatchObject({ outcome: 'pass' });
    expect(liveResult.results.find((e) => e.ruleId === 'SA001')).toMatchObject({ outcome: 'pass' });
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(fake.writes).toEqual([]);
    for (const text of [live.stdout, live.stderr]) {
      expect(text).not.toContain(ARM_TOKEN);
      expect(text).not.toContain(SYNAPSE_TOKEN);
    }
  });

  it('a failed read makes the rules that need it unknown (exit 3), never a pass', async () => {
    // The AML workspace's computes (its attached Spark pools) cannot be read (403 from Resource Manager).
    fake.inject({ match: { operation: 'amlComputes' }, fault: { kind: 'status', status: 403, code: 'AuthorizationFailed', message: 'no read access' } });
    try {
      const live = await run(fake, [...CHECK, '--live', '--arm-endpoint', fake.url]);
      expect(live.code, live.stderr).toBe(3);
      const result = JSON.parse(live.stdout) as { results: Entry[] };
      // SA017 reads the attached pools, which only the deployed estate has here: unknown, not pass.
      const sa017 = result.results.filter((e) => e.ruleId === 'SA017');
      expect(sa017.length).toBeGreaterThan(0);
      for (const e of sa017) expect(e.outcome).toBe('unknown');
      // The rules that do not read runtimes are judged: the template's Spark 3.4 pool fails SA013, role assignments pass.
      expect(result.results.find((e) => e.ruleId === 'SA013' && e.resourceId?.endsWith('/mlpool34'))).toMatchObject({ outcome: 'fail' });
      expect(result.results.find((e) => e.ruleId === 'SA004')).toMatchObject({ outcome: 'pass' });
    } finally {
      fake.clearFaults();
    }
    expect(fake.writes).toEqual([]);
  });

  it('stays offline without --live: a live option alone is refused, and --live with --snapshot too', async () => {
    const before = fake.requests.length;
    const alone = synaml([...CHECK, '--arm-endpoint', fake.url]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--arm-endpoint is a live option: add --live/);
    const both = synaml([...CHECK, '--live', '--snapshot', SNAPSHOT, '--arm-endpoint', fake.url]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--live and --snapshot/);
    expect(fake.requests.length).toBe(before);
  });

  it('an ID the template leaves to the deployment: exit 2, saying how to give it', async () => {
    const res = await run(fake, ['check-template', PUBLISHED, '--live', '--arm-endpoint', fake.url, '--format', 'json']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--subscription-id and --resource-group, or --spec/);
  });
});
