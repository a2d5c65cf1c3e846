// Credentials per audience and cloud, and the https-only endpoint rule.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLOUDS, StaticTokenCredential, checkHttpsEndpoint, resolveCredentials } from '../../src/collect/credentials.js';
import { UsageError } from '../../src/errors.js';
import { inspect } from 'node:util';

describe('resolveCredentials', () => {
  it('uses the static token of each audience when its variable is set', async () => {
    const c = resolveCredentials({ env: { SYNAML_ARM_TOKEN: ' arm-token-123456 ', SYNAML_SYNAPSE_TOKEN: 'syn-token-123456' } });
    expect(c.arm).toBeInstanceOf(StaticTokenCredential);
    expect((await c.arm.getToken('https://management.azure.com/.default'))?.token).toBe('arm-token-123456');
    expect((await c.synapse.getToken(c.synapseScope))?.token).toBe('syn-token-123456');
    const token = await c.arm.getToken('x');
    expect(token!.expiresOnTimestamp).toBeGreaterThan(Date.now() + 365 * 24 * 3600 * 1000);
    expect(c.armEndpoint).toBe('https://management.azure.com');
    expect(c.synapseScope).toBe('https://dev.azuresynapse.net/.default');
  });

  it('keeps the token out of logs and JSON', () => {
    const credential = new StaticTokenCredential('very-secret-token-value');
    expect(JSON.stringify({ credential })).not.toContain('very-secret');
    expect(inspect(credential, { showHidden: true, depth: 5 })).not.toContain('very-secret');
  });

  it('falls back to DefaultAzureCredential per audience without loading @azure/identity up front', () => {
    const c = resolveCredentials({ env: { SYNAML_ARM_TOKEN: 'arm-token-123456' }, tenant: '99999999-8888-4777-8666-555555555555' });
    expect(c.arm).toBeInstanceOf(StaticTokenCredential);
    expect(c.synapse).not.toBeInstanceOf(StaticTokenCredential);
    // @azure/identity is imported only inside getToken (validate and rules never load it).
    const source = readFileSync(new URL('../../src/collect/credentials.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^import[^;]*'@azure\/identity'/m);
    expect(source).toMatch(/import\('@azure\/identity'\)/);
  });

  it.each([
    ['public', 'https://management.azure.com', 'https://dev.azuresynapse.net/.default'],
    ['china', 'https://management.chinacloudapi.cn', 'https://dev.azuresynapse.azure.cn/.default'],
    ['usgov', 'https://management.usgovcloudapi.net', 'https://dev.azuresynapse.usgovcloudapi.net/.default'],
  ] as const)('knows the %s cloud', (cloud, arm, synapse) => {
    const c = resolveCredentials({ cloud, env: {} });
    expect([c.armEndpoint, c.synapseScope]).toEqual([arm, synapse]);
    expect(CLOUDS[cloud].authorityHost).toMatch(/^https:\/\/login\./);
  });

  it('rejects an http --arm-endpoint with a clear usage error', () => {
    expect(() => resolveCredentials({ armEndpoint: 'http://127.0.0.1:8080', env: {} })).toThrow(UsageError);
    expect(() => resolveCredentials({ armEndpoint: 'http://127.0.0.1:8080', env: {} })).toThrow(
      '--arm-endpoint must use https:// (got http://): synaml sends bearer tokens only over TLS',
    );
    expect(() => checkHttpsEndpoint('management.azure.com', '--arm-endpoint')).toThrow(/absolute https:\/\/ URL/);
    expect(() => checkHttpsEndpoint('https://user:pw@example.test', '--arm-endpoint')).toThrow(/credentials/);
    expect(checkHttpsEndpoint('https://127.0.0.1:8443/', '--arm-endpoint')).toBe('https://127.0.0.1:8443');
  });
});
