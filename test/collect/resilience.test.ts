// The pieces of the retry / pacing policy that need no server: header parsing, backoff bounds, quota accounting.
import { describe, expect, it } from 'vitest';
import { createHttpHeaders, type PipelineResponse } from '@azure/core-rest-pipeline';
import { Deadline, QuotaPacer, backoff, parseRetryAfter, parseTimeSpan, throttleWait } from '../../src/collect/resilience.js';
import { maskSecrets } from '../../src/collect/secrets.js';
import { dataPlaneBase } from '../../src/collect/synapse-data-plane.js';
import type { CollectContext } from '../../src/collect/context.js';
import type { RawPayload } from '../../src/estate/snapshot.js';

function response(status: number, headers: Record<string, string>): PipelineResponse {
  return { status, headers: createHttpHeaders(headers), request: {} as PipelineResponse['request'] };
}

describe('header parsing', () => {
  it('reads x-ms-user-quota-resets-after as hh:mm:ss (and .NET TimeSpan variants)', () => {
    expect(parseTimeSpan('00:00:05')).toBe(5000);
    expect(parseTimeSpan('00:01:02.5')).toBe(62_500);
    expect(parseTimeSpan('1.00:00:00')).toBe(86_400_000);
    expect(parseTimeSpan('soon')).toBeUndefined();
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('later')).toBeUndefined();
  });

  it('prefers Retry-After, then the quota reset on a 429', () => {
    expect(throttleWait(response(429, { 'retry-after': '2', 'x-ms-user-quota-resets-after': '00:00:09' }))).toBe(2000);
    expect(throttleWait(response(429, { 'x-ms-user-quota-resets-after': '00:00:09' }))).toBe(9000);
    expect(throttleWait(response(429, {}))).toBeUndefined();
  });

  it('backs off exponentially with jitter, capped', () => {
    const settings = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    for (let i = 0; i < 50; i++) {
      const first = backoff(0, settings);
      expect(first).toBeGreaterThanOrEqual(50);
      expect(first).toBeLessThanOrEqual(100);
      expect(backoff(10, settings)).toBeLessThanOrEqual(1000);
    }
  });
});

describe('QuotaPacer', () => {
  it('lets one probe through first, then spends the announced budget, keeping a reserve', async () => {
    const deadline = new Deadline(5000);
    const pacer = new QuotaPacer({ reserve: 1 });
    const probe = await pacer.acquire(deadline);
    expect(probe.probe).toBe(true);
    let second = false;
    const waiting = pacer.acquire(deadline).then(() => (second = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(second).toBe(false); // held until the probe's answer tells the budget
    pacer.release(probe, response(200, { 'x-ms-user-quota-remaining': '3', 'x-ms-user-quota-resets-after': '00:00:01' }));
    await waiting;
    const third = await pacer.acquire(deadline); // budget 3 - reserve 1: two requests go at once
    expect(third.probe).toBe(false);
    const started = Date.now();
    await pacer.acquire(deadline); // budget exhausted: waits for the reset
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(pacer.pacedWaits).toBe(1);
    deadline.dispose();
  });

  it('does not pace a service that sends no quota headers', async () => {
    const deadline = new Deadline(5000);
    const pacer = new QuotaPacer();
    const probe = await pacer.acquire(deadline);
    pacer.release(probe, response(200, {}));
    await Promise.all(Array.from({ length: 50 }, () => pacer.acquire(deadline)));
    expect(pacer.pacedWaits).toBe(0);
    deadline.dispose();
  });

  it('stops waiting at the deadline', async () => {
    const deadline = new Deadline(100);
    const pacer = new QuotaPacer();
    const probe = await pacer.acquire(deadline);
    pacer.release(probe, response(429, { 'retry-after': '60' }));
    await expect(pacer.acquire(deadline)).rejects.toMatchObject({ code: 'DeadlineExceeded' });
  });
});

describe('maskSecrets', () => {
  it('masks SecureStrings and inline secrets anywhere, keeps Key Vault references and types', () => {
    const masked = maskSecrets({
      name: 'ls',
      properties: {
        type: 'AzureMLService',
        typeProperties: {
          servicePrincipalId: 'cccccccc-0000-4000-8000-000000000001',
          servicePrincipalKey: { type: 'SecureString', value: 'plain-secret' },
          password: { type: 'AzureKeyVaultSecret', store: { referenceName: 'kv', type: 'LinkedServiceReference' }, secretName: 's', secretVersion: 'v1' },
          connectionString: 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc==',
          encryptedCredential: 'ew0KfQ==',
          nested: [{ anything: { type: 'SecureString', value: 'deep-secret' } }],
          clientSecret: { type: 'Expression', value: "@pipeline().parameters.secret" },
        },
      },
    });
    const text = JSON.stringify(masked);
    for (const s of ['plain-secret', 'abc==', 'ew0KfQ==', 'deep-secret', 'pipeline().parameters']) expect(text).not.toContain(s);
    const tp = (masked['properties'] as any).typeProperties; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(tp.servicePrincipalId).toBe('cccccccc-0000-4000-8000-000000000001');
    expect(tp.servicePrincipalKey).toEqual({ type: 'SecureString', value: '**********' });
    expect(tp.password).toEqual({ type: 'AzureKeyVaultSecret', store: { referenceName: 'kv', type: 'LinkedServiceReference' }, secretName: 's', secretVersion: 'v1' });
    expect(tp.connectionString).toBe('**********');
    expect(tp.nested[0].anything).toEqual({ type: 'SecureString', value: '**********' });
    expect(tp.clientSecret).toEqual({ type: 'Expression', value: '**********' });
  });
  it('keeps a __proto__ key as data, its secrets masked, and lends nothing to the copy', () => {
    const body = JSON.parse('{"name": "ls", "__proto__": {"type": "AzureMLService", "password": "proto-secret"}}') as RawPayload;
    const masked = maskSecrets(body);
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(Object.keys(masked)).toEqual(['name', '__proto__']);
    expect(masked['type']).toBeUndefined();
    expect(JSON.stringify(masked)).toBe('{"name":"ls","__proto__":{"type":"AzureMLService","password":"**********"}}');
  });
});

describe('data-plane endpoint', () => {
  const ctx = { synapseSuffix: 'dev.azuresynapse.net', armEndpoint: 'https://management.azure.com' } as CollectContext;
  const id = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Synapse/workspaces/Syn-Prod';

  it('uses connectivityEndpoints.dev, else the cloud default', () => {
    expect(dataPlaneBase(ctx, { id, row: { id, properties: { connectivityEndpoints: { dev: 'https://syn-prod.dev.azuresynapse.net/' } } } })).toBe(
      'https://syn-prod.dev.azuresynapse.net',
    );
    expect(dataPlaneBase(ctx, { id })).toBe('https://syn-prod.dev.azuresynapse.net');
    expect(dataPlaneBase({ ...ctx, synapseSuffix: 'dev.azuresynapse.azure.cn' }, { id })).toBe('https://syn-prod.dev.azuresynapse.azure.cn');
  });

  it('sends the Synapse token only to this cloud\'s Synapse hosts, or the --arm-endpoint host', () => {
    const at = (dev: string) => dataPlaneBase(ctx, { id, row: { id, properties: { connectivityEndpoints: { dev } } } });
    expect(() => at('https://syn-prod.dev.azuresynapse.net.attacker.example')).toThrow(/not a Synapse data-plane host of this cloud \(\*\.dev\.azuresynapse\.net\)/);
    expect(() => at('https://evil.example.com/dataplane/syn-prod')).toThrow(expect.objectContaining({ code: 'UntrustedEndpoint' }));
    expect(() => at('https://syn-prod.dev.azuresynapse.azure.cn')).toThrow(/UntrustedEndpoint|not a Synapse data-plane host/);
    expect(at('https://SYN-PROD.Dev.AzureSynapse.net')).toBe('https://syn-prod.dev.azuresynapse.net');
    expect(at('https://management.azure.com/dataplane/syn-prod')).toBe('https://management.azure.com/dataplane/syn-prod');
  });

  it('refuses a non-https endpoint', () => {
    expect(() => dataPlaneBase(ctx, { id, row: { id, properties: { connectivityEndpoints: { dev: 'http://syn-prod.dev.azuresynapse.net' } } } })).toThrow(/not https/);
  });
});
