import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/SA014-service-principal-secret-in-key-vault.js';
import type { IntegrationSpec } from '../../src/spec/types.js';
import { SnapshotBuilder, azureMlLinkedService } from '../support/payloads.js';
import { describeRule, renderMessage, runRule } from '../support/rule-harness.js';
import { AML_ID, SYNAPSE_ID, principals } from '../support/scenario.js';

/** The declared linked service uses a service principal whose secret is in Key Vault. */
const servicePrincipalSpec = (i: IntegrationSpec) => {
  i.linkedService = {
    name: 'AzureMLService1',
    authentication: 'servicePrincipal',
    servicePrincipal: { clientId: principals.spClient, objectId: principals.spObject, secret: { keyVault: { linkedService: 'kv-ls', secretName: 'aml-sp' } } },
  };
};

/** The live linked service uses a service principal; `key` replaces its servicePrincipalKey (`null`: no key at all). */
const servicePrincipalLive = (key?: unknown, extra: Record<string, unknown> = {}) => (b: SnapshotBuilder) => {
  const body = azureMlLinkedService(SYNAPSE_ID, 'AzureMLService1', AML_ID, {
    authentication: 'ServicePrincipal',
    servicePrincipalId: principals.spClient,
    ...(key !== undefined && key !== null ? { servicePrincipalKey: key } : {}),
    typeProperties: extra,
  });
  if (key === null) delete ((body['properties'] as Record<string, unknown>)['typeProperties'] as Record<string, unknown>)['servicePrincipalKey'];
  b.linkedServices(SYNAPSE_ID, body);
};

/** The encryptedCredential of the LinkedServices_Get example payload. */
const ENCRYPTED = (
  JSON.parse(readFileSync(new URL('../fixtures/azure-examples/synapse-dataplane-2020-12-01-LinkedServices_Get.json', import.meta.url), 'utf8')) as {
    responses: { '200': { body: { properties: { typeProperties: { encryptedCredential: string } } } } };
  }
).responses['200'].body.properties.typeProperties.encryptedCredential;
const SECRET = 'Sup3r-S3cret-Value!';

describeRule(rule, {
  pass: [
    {
      name: 'service principal key is a Key Vault reference, declared and live',
      spec: servicePrincipalSpec,
      estate: servicePrincipalLive(),
      expect: [
        { outcome: 'pass', messageId: 'spec-secret-key-vault', path: ['linkedService', 'servicePrincipal', 'secret'] },
        { outcome: 'pass', messageId: 'key-vault', resource: 'linkedservices/AzureMLService1', path: ['linkedService', 'servicePrincipal', 'secret'], message: 'Key Vault secret aml-sp through linked service kv-ls' },
      ],
      exactly: true,
    },
    {
      name: 'the key type compares case-insensitively',
      spec: servicePrincipalSpec,
      estate: servicePrincipalLive({ type: 'azurekeyvaultsecret', store: { referenceName: 'kv-ls', type: 'LinkedServiceReference' }, secretName: 'aml-sp' }),
      expect: [{ outcome: 'pass', messageId: 'key-vault' }],
    },
  ],
  fail: [
    {
      name: 'the spec declares a service principal without a secret (validate)',
      specOnly: true,
      spec: (i) => { servicePrincipalSpec(i); delete i.linkedService!.servicePrincipal!.secret; },
      expect: [{ outcome: 'fail', messageId: 'spec-secret-missing', path: ['linkedService', 'servicePrincipal'], message: 'servicePrincipal.secret: { keyVault:' }],
      exactly: true,
    },
    {
      name: 'live key is an inline SecureString',
      spec: servicePrincipalSpec,
      estate: servicePrincipalLive({ type: 'SecureString', value: SECRET }),
      expect: [{ outcome: 'fail', messageId: 'inline', severity: 'error', path: ['linkedService', 'servicePrincipal', 'secret'] }],
    },
    {
      name: 'live key is a bare string (inline)',
      spec: servicePrincipalSpec,
      estate: servicePrincipalLive(SECRET),
      expect: [{ outcome: 'fail', messageId: 'inline' }],
    },
    {
      name: 'live key only as an encryptedCredential',
      spec: servicePrincipalSpec,
      estate: servicePrincipalLive(null, { encryptedCredential: ENCRYPTED }),
      expect: [{ outcome: 'fail', messageId: 'encrypted-credential', severity: 'error', message: 'encrypted in the Synapse workspace' }],
    },
    {
      name: 'live key is an expression: cannot be verified (warning)',
      spec: servicePrincipalSpec,
      estate: servicePrincipalLive({ type: 'Expression', value: "@linkedService().spKey" }),
      expect: [{ outcome: 'fail', messageId: 'expression', severity: 'warning' }],
    },
    {
      name: 'live linked service has a service principal but no key at all',
      spec: servicePrincipalSpec,
      estate: servicePrincipalLive(null),
      expect: [{ outcome: 'fail', messageId: 'key-missing' }],
    },
    {
      name: 'spec says managed identity, but the live linked service uses a service principal with an inline key',
      estate: servicePrincipalLive({ type: 'SecureString', value: SECRET }),
      expect: [{ outcome: 'fail', messageId: 'inline', path: ['linkedService'] }],
      exactly: true,
    },
  ],
  notApplicable: [
    {
      name: 'the linked service uses the Synapse managed identity',
      expect: [{ outcome: 'not-applicable', messageId: 'managed-identity', path: ['linkedService', 'authentication'] }],
      exactly: true,
    },
    {
      name: 'no AzureML linked service',
      spec: servicePrincipalSpec,
      estate: (b) => { b.linkedServices(SYNAPSE_ID); },
      expect: [{ outcome: 'pass', messageId: 'spec-secret-key-vault' }, { outcome: 'not-applicable', messageId: 'no-linked-service' }],
      exactly: true,
    },
    {
      name: 'Synapse workspace does not exist',
      estate: (b) => { b.resources.shift(); },
      expect: [{ outcome: 'not-applicable', messageId: 'workspace-missing' }],
      exactly: true,
    },
  ],
  unknown: [
    {
      name: 'Synapse data plane denied: linked services cannot be read',
      spec: servicePrincipalSpec,
      estate: (b) => b.error({ source: 'synapse.linkedServices', scope: SYNAPSE_ID, status: 403, code: 'Forbidden', message: 'caller is not authorized', missing: 'Synapse Artifact User on the workspace' }),
      expect: [{ outcome: 'pass', messageId: 'spec-secret-key-vault' }, { outcome: 'unknown', message: 'Synapse Artifact User', path: ['linkedService'] }],
      exactly: true,
    },
  ],
});

describe('SA014 never echoes the secret', () => {
  for (const key of [{ type: 'SecureString', value: SECRET }, SECRET]) {
    it(`with a ${typeof key === 'string' ? 'bare string' : 'SecureString'} key`, () => {
      const checks = runRule(rule, { spec: servicePrincipalSpec, estate: servicePrincipalLive(key) });
      expect(checks.some((c) => c.outcome === 'fail')).toBe(true);
      for (const c of checks) {
        const text = [renderMessage(rule, c), c.expected, c.actual, JSON.stringify(c.data ?? {}), JSON.stringify(c.error ?? {})].join(' ');
        expect(text).not.toContain(SECRET);
      }
    });
  }
});
