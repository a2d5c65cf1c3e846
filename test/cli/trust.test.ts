// Issue 16, end to end: an audit that could read nothing of the estate exits 3 and passes nothing about the estate.
// Only rules that judge the spec itself (meta.judges === 'spec', SA014 / SA015) may pass, on what the spec declares.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import type { AuditResult } from '../../src/engine/types.js';
import type { Snapshot } from '../../src/estate/snapshot.js';
import { demoSnapshot } from '../support/demo-estate.js';
import { synaml } from './run.js';

const SPEC = 'fixtures/demo/spec.yaml';
const judges = new Map(rules.map((r) => [r.meta.id, r.meta.judges]));

/** A loopback port nothing listens on: connections to it are refused. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** What every such audit must say: exit 3, every estate rule unknown or failing on the spec alone, never passing. */
function expectNothingPassedUnseen(run: { code: number | null; stdout: string; stderr: string }): AuditResult {
  expect(run.code, run.stderr).toBe(3);
  const result = JSON.parse(run.stdout) as AuditResult;
  const estatePasses = result.results.filter((e) => e.outcome === 'pass' && judges.get(e.ruleId) !== 'spec');
  expect(estatePasses.map((e) => `${e.ruleId} ${e.integration}: ${e.message}`)).toEqual([]);
  // The spec-judging rules may pass, on what the spec declares (research-dev declares a Key Vault secret and a GUID).
  const specPasses = result.results.filter((e) => e.outcome === 'pass');
  expect(specPasses.map((e) => e.ruleId).sort()).toEqual(['SA014', 'SA015']);
  for (const e of specPasses) expect(e.message).toMatch(/^The spec declares/);
  // The pool rules the issue names are unknown for every integration: the pools were not read.
  for (const ruleId of ['SA003', 'SA013']) {
    for (const integration of ['analytics-prod', 'research-dev', 'marketing-ml']) {
      const unknown = result.results.filter((e) => e.ruleId === ruleId && e.integration === integration && e.outcome === 'unknown');
      expect(unknown.length, `${ruleId} ${integration}`).toBe(1);
    }
  }
  // A declared value that is wrong whatever Azure says still fails: research-dev declares Spark 3.4 with
  // mlflowTracking: linkedService (SA003) and an AML-side SDK v1 link (SA012).
  const declared = result.results.filter((e) => e.outcome === 'fail' && !e.waived).map((e) => `${e.ruleId} ${e.integration}`);
  expect(declared).toEqual(expect.arrayContaining(['SA003 research-dev', 'SA012 research-dev']));
  return result;
}

describe('an audit that can read nothing passes nothing it did not see', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'synaml-trust-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('live, against an endpoint that refuses connections, with tokens set: exit 3', async () => {
    const port = await closedPort();
    const run = synaml(
      // --timeout bounds the retries of the refused connections (the reads fail either way).
      ['audit', SPEC, '--arm-endpoint', `https://127.0.0.1:${port}`, '--timeout', '4', '--now', '2026-11-23', '--format', 'json'],
      { SYNAML_ARM_TOKEN: 'trust-test-arm-token', SYNAML_SYNAPSE_TOKEN: 'trust-test-synapse-token' },
    );
    const result = expectNothingPassedUnseen(run);
    expect(result.source?.kind).toBe('live');
    expect(result.results.some((e) => e.reason?.code === 'ECONNREFUSED')).toBe(true);
    expect(run.stdout).not.toContain('trust-test-arm-token');
  }, 30_000);

  it('from a snapshot whose Resource Graph reads all failed: exit 3', () => {
    const snapshot: Snapshot = demoSnapshot();
    const subscriptions = [...new Set(snapshot.resourceGraph.resources.map((r) => String(r['subscriptionId'])))];
    snapshot.resourceGraph = { resources: [], authorizationresources: [], resourcecontainers: [] };
    // Without Resource Graph the collector finds no workspace to read further: nothing from ARM or the data plane.
    snapshot.arm = {};
    snapshot.synapse = {};
    snapshot.errors = subscriptions.flatMap((sub) =>
      (['resourceGraph.resources', 'resourceGraph.authorizationresources', 'resourceGraph.resourcecontainers'] as const).map((source) => ({
        source,
        scope: `/subscriptions/${sub}`,
        status: 403,
        code: 'AuthorizationFailed',
        message: `The client does not have authorization to perform action 'Microsoft.ResourceGraph/resources/read' (test)`,
        missing: 'Reader on the subscription',
      })),
    );
    const file = path.join(dir, 'resource-graph-failed.json');
    writeFileSync(file, JSON.stringify(snapshot));
    const run = synaml(['audit', SPEC, '--snapshot', file, '--now', '2026-11-23', '--format', 'json']);
    const result = expectNothingPassedUnseen(run);
    expect(result.source?.kind).toBe('snapshot');
  });

  it('validate (the spec alone) still judges the declared pools', () => {
    const run = synaml(['validate', SPEC, '--format', 'json', '--now', '2026-11-23']);
    expect(run.stdout).toMatch(/Spark pool mlpool \(declared in the spec\) runs Apache Spark 3\.5/);
  });
});
