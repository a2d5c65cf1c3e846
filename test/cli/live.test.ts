// The CLI against a fake Azure on loopback: the real SDK clients, trusted through NODE_EXTRA_CA_CERTS as a
// build agent would trust a corporate CA, static tokens per audience, and no write ever sent.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAzure, type FakeAzure } from '../fake-azure/index.js';
import { DEMO_SUB_MARKETING, demoSnapshot } from '../support/demo-estate.js';
import { CLI, ROOT, type RunResult } from './run.js';

const ARM_TOKEN = 'cli-arm-token-3c8e1f0a9b7d4e2c8a6f5b3d1e0c9a7b';
const SYNAPSE_TOKEN = 'cli-synapse-token-7a1d9c3e5b0f2a4c6e8d0b1f3a5c7e9d';
const SPEC = 'fixtures/demo/spec.yaml';

/** Async spawn: the fake answers from this process, so the CLI must not block its event loop. */
function run(fake: FakeAzure, args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        NO_COLOR: '1',
        NODE_EXTRA_CA_CERTS: fake.caCertFile,
        SYNAML_ARM_TOKEN: ARM_TOKEN,
        SYNAML_SYNAPSE_TOKEN: SYNAPSE_TOKEN,
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('synaml against a live (fake) Azure', () => {
  let fake: FakeAzure;
  let dir: string;
  beforeAll(async () => {
    fake = await startFakeAzure({ snapshot: demoSnapshot(), armToken: ARM_TOKEN, synapseToken: SYNAPSE_TOKEN });
    dir = mkdtempSync(path.join(tmpdir(), 'synaml-live-'));
  });
  afterAll(async () => {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records a snapshot, and auditing it gives exactly the live audit\'s results', async () => {
    const state = path.join(dir, 'state.json');
    const recorded = await run(fake, ['snapshot', SPEC, '-o', state, '--arm-endpoint', fake.url]);
    // marketing-ml's data plane answers 403: recorded as read errors, so the snapshot command exits 3.
    expect(recorded.code, recorded.stderr).toBe(3);
    expect(recorded.stderr).toMatch(/unreadable: synapse\.linkedServices at .*syn-marketing: HTTP 403 \S+: \S/);
    // Written in pieces, to the file and to stdout alike: exactly JSON.stringify's 2-space text.
    const recordedText = readFileSync(state, 'utf8');
    expect(recordedText).toBe(`${JSON.stringify(JSON.parse(recordedText), null, 2)}\n`);
    const toStdout = await run(fake, ['snapshot', SPEC, '-o', '-', '--arm-endpoint', fake.url, '--quiet']);
    expect(toStdout.code, toStdout.stderr).toBe(3);
    expect(toStdout.stdout).toBe(`${JSON.stringify(JSON.parse(toStdout.stdout), null, 2)}\n`);
    expect({ ...JSON.parse(toStdout.stdout), capturedAt: '' }).toEqual({ ...JSON.parse(recordedText), capturedAt: '' });

    const live = await run(fake, ['audit', SPEC, '--arm-endpoint', fake.url, '--now', '2026-11-23', '--format', 'json']);
    const replay = await run(fake, ['audit', SPEC, '--snapshot', state, '--now', '2026-11-23', '--format', 'json']);
    expect(live.code, live.stderr).toBe(3);
    expect(replay.code, replay.stderr).toBe(3);
    const liveResult = JSON.parse(live.stdout);
    const replayResult = JSON.parse(replay.stdout);
    expect(liveResult.source.kind).toBe('live');
    expect(replayResult.source.kind).toBe('snapshot');
    expect(replayResult.results).toEqual(liveResult.results);
    expect(replayResult.summary).toEqual(liveResult.summary);
    expect(liveResult.summary.fail).toBeGreaterThan(10);
    expect(liveResult.summary.unknown).toBeGreaterThan(0);

    // Read-only, and no token in any output or in the recorded snapshot.
    expect(fake.writes).toEqual([]);
    for (const text of [recorded.stdout, recorded.stderr, live.stdout, live.stderr, readFileSync(state, 'utf8')]) {
      expect(text).not.toContain(ARM_TOKEN);
      expect(text).not.toContain(SYNAPSE_TOKEN);
    }
  });

  it('makes one subscription unknown on a 403 from Resource Graph and still audits the others', async () => {
    fake.inject({ match: { route: 'arg', subscription: DEMO_SUB_MARKETING }, fault: { kind: 'status', status: 403, code: 'AuthorizationFailed', message: 'no read access' } });
    try {
      const live = await run(fake, ['audit', SPEC, '--arm-endpoint', fake.url, '--now', '2026-11-23', '--format', 'json']);
      expect(live.code, live.stderr).toBe(3);
      const result = JSON.parse(live.stdout) as { results: Array<{ integration: string; outcome: string; ruleId: string; reason?: { status?: number } }> };
      const marketing = result.results.filter((r) => r.integration === 'marketing-ml' && r.ruleId === 'SA016');
      expect(marketing.length).toBeGreaterThan(0);
      expect(marketing.every((r) => r.outcome === 'unknown')).toBe(true);
      const prod = result.results.filter((r) => r.integration === 'analytics-prod');
      expect(prod.some((r) => r.outcome === 'unknown')).toBe(false);
      expect(prod.filter((r) => r.outcome === 'pass').length).toBeGreaterThan(15);
    } finally {
      fake.clearFaults();
    }
    expect(fake.writes).toEqual([]);
  });

  it('refuses a plain-http endpoint before sending anything', async () => {
    const before = fake.requests.length;
    const res = await run(fake, ['audit', SPEC, '--arm-endpoint', fake.url.replace('https:', 'http:'), '--format', 'json']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/https/);
    expect(fake.requests.length).toBe(before);
  });

  it('prints what is missing with --preflight, then audits', async () => {
    const res = await run(fake, ['audit', SPEC, '--preflight', '--arm-endpoint', fake.url, '--now', '2026-11-23', '--format', 'json']);
    expect(res.code, res.stderr).toBe(3);
    expect(res.stderr).toMatch(/synaml: preflight found missing read permissions/);
    expect(res.stderr).toMatch(/synapseDataPlane .*syn-marketing: (missing|cannot tell)/);
    expect(JSON.parse(res.stdout).synamlResult).toBe(1);
  });

  it('words a permissions check it could not make as the reports word a failed read', async () => {
    fake.inject({ match: { operation: 'permissions' }, fault: { kind: 'status', status: 403 } });
    try {
      const res = await run(fake, ['audit', SPEC, '--preflight', '--arm-endpoint', fake.url, '--now', '2026-11-23', '--format', 'json']);
      expect(res.stderr).toMatch(/^ {2}\S+ \S+: cannot tell \(HTTP 403 AuthorizationFailed: \S.*\)$/m);
    } finally {
      fake.clearFaults();
    }
  });

  it('init --from-live drafts the discovered integrations: the draft validates, and auditing with it reports no drift', async () => {
    const draft = path.join(dir, 'draft.yaml');
    const init = await run(fake, ['init', '--from-live', '--subscription', '11111111-2222-4333-8444-555555555555', DEMO_SUB_MARKETING, '--arm-endpoint', fake.url, '-o', draft, '--now', '2026-11-23']);
    // syn-marketing's linked services answer 403: listed, not drafted, and the draft is incomplete (exit 3).
    expect(init.code, init.stderr).toBe(3);
    expect(init.stderr).toMatch(/^synaml: found 3 Synapse workspaces in 2 subscriptions: 2 with an AzureMLService linked service, 1 whose linked services could not be read$/m);
    expect(init.stderr).toMatch(/^synaml: not included: Synapse workspace syn-marketing: its linked services could not be read \(synapse\.linkedServices: HTTP 403/m);
    expect(init.stderr).toMatch(/^synaml: wrote .*draft\.yaml: 2 integrations drafted from Azure$/m);
    expect(init.stderr).toMatch(/^ {2}syn-research +SA002 +error/m);
    const text = readFileSync(draft, 'utf8');
    expect(text).toMatch(/^# Draft synaml spec written by `synaml init --from-live --subscription 11111111-2222-4333-8444-555555555555 --subscription 22222222/m);
    expect(text).toMatch(/^# Not included: Synapse workspace syn-marketing/m);

    // Exit 1 is findings of the spec-only rules (the draft declares what is deployed, Spark 3.3 included), not an invalid spec.
    const validate = await run(fake, ['validate', draft, '--now', '2026-11-23', '--format', 'json']);
    expect([0, 1], validate.stderr).toContain(validate.code);
    expect(JSON.parse(validate.stdout).synamlResult).toBe(1);
    expect(validate.stderr).not.toMatch(/error:/);
    const audit = await run(fake, ['audit', draft, '--arm-endpoint', fake.url, '--now', '2026-11-23', '--format', 'json']);
    const result = JSON.parse(audit.stdout) as { results: Array<{ ruleId: string; outcome: string }> };
    expect(result.results.filter((e) => (e.ruleId === 'SA016' || e.ruleId === 'SA100') && e.outcome !== 'pass' && e.outcome !== 'not-applicable')).toEqual([]);
    expect(fake.writes).toEqual([]);
    for (const out of [init.stdout, init.stderr, text]) {
      expect(out).not.toContain(ARM_TOKEN);
      expect(out).not.toContain(SYNAPSE_TOKEN);
    }
  });

  it('init --from-live says which scope it could not search, and exits 3 with nothing to draft', async () => {
    fake.inject({ match: { route: 'arg' }, fault: { kind: 'status', status: 403, code: 'AuthorizationFailed', message: 'no read access' } });
    try {
      const draft = path.join(dir, 'nothing.yaml');
      const init = await run(fake, ['init', '--from-live', '--management-group', 'mg-data', '--arm-endpoint', fake.url, '-o', draft]);
      expect(init.code, init.stderr).toBe(3);
      expect(init.stderr).toMatch(/^synaml: not searched: \/providers\/Microsoft\.Management\/managementGroups\/mg-data: HTTP 403 AuthorizationFailed: discover the Synapse workspaces: no read access/m);
      expect(init.stderr).toMatch(/nothing to draft/);
      expect(existsSync(draft)).toBe(false);
    } finally {
      fake.clearFaults();
    }
  });
});
