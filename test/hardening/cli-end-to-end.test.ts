// The built CLI end to end: byte-identical output for the same inputs (whatever the order of the snapshot's rows),
// ARM IDs in any case or with a trailing slash audited like the canonical ones, a live audit that reads only (the
// fake Azure records any write), and a fault that ends in exit 3 with its cause on the page.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/engine/types.js';
import { FORMAT_NAMES, reporters } from '../../src/reporters/index.js';
import { startFakeAzure, type FakeAzure } from '../fake-azure/index.js';
import { demoSnapshot } from '../support/demo-estate.js';
import { ROOT } from '../cli/run.js';
import { expectOrderlyExit, pool, runCli } from './support.js';

const ARM_TOKEN = 'e2e-arm-token-0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f';
const SYNAPSE_TOKEN = 'e2e-synapse-token-5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b';
const SPEC = 'fixtures/demo/spec.yaml';
const NOW = ['--now', '2026-11-23'];

let dir: string;
let fake: FakeAzure;

const env = () => ({ SYNAML_ARM_TOKEN: ARM_TOKEN, SYNAML_SYNAPSE_TOKEN: SYNAPSE_TOKEN, NODE_EXTRA_CA_CERTS: fake.caCertFile });

/** A seeded shuffle, so a failure can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let s = seed;
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Every list and every object's keys in another order, all the way down. */
function reorder(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return shuffled(value.map((v) => reorder(v, seed + 1)), seed);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(shuffled(Object.entries(value), seed + 3).map(([k, v]) => [k, reorder(v, seed + 5)]));
  }
  return value;
}

/** The demo spec with every ARM ID in odd case (keywords upper-case, names capitalised) and a trailing slash. */
function oddIds(spec: string): string {
  return spec.replace(/\/subscriptions\/[^\s\]]+/g, (id) =>
    `${id
      .split('/')
      .map((part, i, parts) => (/^(subscriptions|resourcegroups|providers)$/i.test(part) ? part.toUpperCase() : i === parts.length - 1 ? part.charAt(0).toUpperCase() + part.slice(1) : i % 2 ? part.toUpperCase() : part))
      .join('/')}/`,
  );
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'synaml-e2e-'));
  fake = await startFakeAzure({ snapshot: demoSnapshot(), armToken: ARM_TOKEN, synapseToken: SYNAPSE_TOKEN });
}, 30_000);

afterAll(async () => {
  await fake?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('determinism', () => {
  it('gives byte-identical JSON and SARIF for the same inputs and --now, however the snapshot rows are ordered', async () => {
    const state = path.join(dir, 'state.json');
    const original = readFileSync(path.join(ROOT, 'fixtures/demo/snapshot.json'), 'utf8');
    const formats = FORMAT_NAMES.filter((f) => f === 'json' || f === 'sarif');
    expect(formats).toContain('json');
    const render = async () =>
      Promise.all(formats.map(async (format) => {
        const args = ['audit', SPEC, '--snapshot', state, '--format', format, ...NOW];
        const run = await runCli(args);
        expectOrderlyExit(run, args);
        expect(run.code).toBe(3);
        return run.stdout;
      }));
    writeFileSync(state, original);
    const first = await render();
    const second = await render();
    expect(second).toEqual(first);
    for (const seed of [7, 42]) {
      // Same path (it is in the output), other order: rows, lists, keys, recorded errors.
      writeFileSync(state, JSON.stringify(reorder(JSON.parse(original), seed), null, seed % 3));
      expect(await render(), `seed ${seed}`).toEqual(first);
    }
  });
});

describe('ARM IDs in any case, with a trailing slash', () => {
  it('audit exactly like the canonical IDs, from a snapshot and live', async () => {
    const odd = path.join(dir, 'odd.yaml');
    writeFileSync(odd, oddIds(readFileSync(path.join(ROOT, SPEC), 'utf8')));
    expect(readFileSync(odd, 'utf8')).toMatch(/\/SUBSCRIPTIONS\/11111111-2222-4333-8444-555555555555\/RESOURCEGROUPS\/rg-analytics\/PROVIDERS\/Microsoft\.Synapse\/WORKSPACES\/Syn-prod\//);
    const args = (spec: string, live: boolean) => ['audit', spec, ...(live ? ['--arm-endpoint', fake.url] : ['--snapshot', 'fixtures/demo/snapshot.json']), '--format', 'json', ...NOW];
    const [canonical, oddSnapshot, canonicalLive, oddLive] = await pool(
      [args(SPEC, false), args(odd, false), args(SPEC, true), args(odd, true)].map((a) => () => runCli(a, env())),
      2,
    );
    const key = (run: { stdout: string }) =>
      (JSON.parse(run.stdout) as AuditResult).results.map((e) => [e.ruleId, e.integration, e.outcome, e.resourceId?.toLowerCase(), e.fingerprint].join(' '));
    for (const run of [canonical!, oddSnapshot!, canonicalLive!, oddLive!]) expect(run.code, run.stderr).toBe(3);
    expect(key(oddSnapshot!)).toEqual(key(canonical!));
    expect(key(oddLive!)).toEqual(key(canonicalLive!));
    expect(key(canonicalLive!)).toEqual(key(canonical!));
    // No ID built from a declared one picks up a doubled slash.
    expect(oddSnapshot!.stdout).not.toMatch(/[^:]\/\/[a-z]/i);
  });
});

describe('read-only, and faults on the page', () => {
  it('sends no write during a full live audit, a snapshot and a preflight', async () => {
    const out = path.join(dir, 'reports');
    const runs = await pool(
      [
        ['audit', SPEC, '--arm-endpoint', fake.url, '--format', FORMAT_NAMES.join(','), '--output-dir', out, '--preflight', ...NOW],
        ['snapshot', SPEC, '-o', path.join(dir, 'live.json'), '--arm-endpoint', fake.url],
      ].map((args) => async () => {
        const run = await runCli(args, env());
        expectOrderlyExit(run, args);
        return run;
      }),
      2,
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(3); // marketing-ml's data plane answers 403 (the demo's recorded error)
    expect(readFileSync(path.join(out, reporters.json.fileName), 'utf8')).toContain('"synamlResult": 1');
    expect(fake.requests.length).toBeGreaterThan(30);
    expect(fake.writes).toEqual([]);
    expect(new Set(fake.requests.map((r) => r.method))).toEqual(new Set(['GET', 'POST']));
    for (const r of fake.requests.filter((q) => q.method === 'POST')) expect(r.route).toBe('arg');
  });

  it('exits 3 on a 429 storm from the data plane and says so in the report', async () => {
    fake.inject({ match: { route: 'dataplane', workspace: 'syn-prod' }, fault: { kind: 'status', status: 429, code: 'TooManyRequests', headers: { 'retry-after': '0' } } });
    try {
      const args = ['audit', SPEC, '--arm-endpoint', fake.url, '--format', 'table', '--timeout', '60', ...NOW];
      const run = await runCli(args, env());
      expectOrderlyExit(run, args);
      expect(run.code).toBe(3);
      expect(run.stdout).toMatch(/why unknown: synapse\.linkedServices at .*syn-prod: HTTP 429/);
    } finally {
      fake.clearFaults();
    }
    expect(fake.writes).toEqual([]);
  });
});
