// Shared setup for the collector tests: a fake Azure seeded from a snapshot, fast retry settings, static tokens.
import { expect } from 'vitest';
import { collectSnapshot, type CollectOptions } from '../../src/collect/index.js';
import { StaticTokenCredential } from '../../src/collect/credentials.js';
import type { Snapshot } from '../../src/estate/snapshot.js';
import type { IntegrationSpec, Spec } from '../../src/spec/types.js';
import { startFakeAzure, type FakeAzure, type FakeAzureOptions } from '../fake-azure/index.js';

export const ARM_TOKEN = 'arm-test-token-4f1c9a2e7b5d4c3a9e8f7a6b5c4d3e2f';
export const SYNAPSE_TOKEN = 'synapse-test-token-0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d';

export function specOf(...integrations: IntegrationSpec[]): Spec {
  return { version: 1, integrations };
}

export async function startFake(snapshot: Snapshot, options: Omit<FakeAzureOptions, 'snapshot'> = {}): Promise<FakeAzure> {
  return startFakeAzure({ snapshot, armToken: ARM_TOKEN, synapseToken: SYNAPSE_TOKEN, ...options });
}

/** Options pointing the real SDK clients at the fake, with short timeouts and backoff so each test stays fast. */
export function optionsFor(fake: FakeAzure, overrides: Partial<CollectOptions> = {}): CollectOptions {
  return {
    credentials: { arm: new StaticTokenCredential(ARM_TOKEN), synapse: new StaticTokenCredential(SYNAPSE_TOKEN) },
    armEndpoint: fake.url,
    tls: { ca: fake.caCertPem },
    retry: { maxRetries: 4, baseDelayMs: 20, maxDelayMs: 200 },
    requestTimeoutMs: 1500,
    // Generous for a loaded CI machine; the deadline tests set their own.
    deadlineMs: 15_000,
    now: () => new Date('2026-11-23T10:00:00Z'),
    ...overrides,
  };
}

export async function collect(fake: FakeAzure, spec: Spec, overrides: Partial<CollectOptions> = {}): Promise<Snapshot> {
  return collectSnapshot(spec, optionsFor(fake, overrides));
}

export function expectNoTokens(snapshot: Snapshot): void {
  const text = JSON.stringify(snapshot);
  expect(text).not.toContain(ARM_TOKEN);
  expect(text).not.toContain(SYNAPSE_TOKEN);
  expect(text).not.toMatch(/Bearer\s+\S/i);
}
