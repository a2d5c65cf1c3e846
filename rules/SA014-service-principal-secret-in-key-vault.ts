// SA014: with service-principal authentication, the key must be a Key Vault reference, never inline.
import { linkedServicePath, liveAuthentication, readAmlLinkedServices, synapseLinkedServiceId } from '../src/engine/linked-services.js';
import { COMMON_MESSAGES, fail, notApplicable, pass } from '../src/engine/outcomes.js';
import type { Check, Rule } from '../src/engine/types.js';
import type { SynapseLinkedService } from '../src/estate/model.js';
import type { IntegrationSpec } from '../src/spec/types.js';
import { DOCS } from './docs.js';

/**
 * What the live `servicePrincipalKey` is. Only its kind and non-secret reference fields are kept: a SecureString's
 * `value` (or a plain string key) never leaves this function.
 */
type KeyKind =
  | { kind: 'keyVault'; store?: string; secretName?: string }
  | { kind: 'inline' }
  | { kind: 'encryptedCredential' }
  | { kind: 'expression' }
  | { kind: 'unrecognised'; type: string }
  | { kind: 'missing' };

function classifyKey(typeProperties: Record<string, unknown>): KeyKind {
  const key = typeProperties['servicePrincipalKey'];
  if (key === undefined || key === null || key === '') {
    const encrypted = typeProperties['encryptedCredential'];
    return typeof encrypted === 'string' && encrypted !== '' ? { kind: 'encryptedCredential' } : { kind: 'missing' };
  }
  // A bare string key: an expression (`@...`, not the `@@` escape), or the secret itself, inline.
  if (typeof key === 'string') return key.startsWith('@') && !key.startsWith('@@') ? { kind: 'expression' } : { kind: 'inline' };
  if (typeof key !== 'object' || Array.isArray(key)) return { kind: 'unrecognised', type: typeof key };
  const k = key as Record<string, unknown>;
  const type = typeof k['type'] === 'string' ? k['type'] : '';
  switch (type.toLowerCase()) {
    case 'azurekeyvaultsecret': {
      const store = k['store'] as Record<string, unknown> | undefined;
      const storeName = typeof store?.['referenceName'] === 'string' ? store['referenceName'] : undefined;
      const secretName = typeof k['secretName'] === 'string' ? k['secretName'] : undefined;
      return { kind: 'keyVault', ...(storeName !== undefined && { store: storeName }), ...(secretName !== undefined && { secretName }) };
    }
    case 'securestring':
      return { kind: 'inline' };
    case 'expression':
      return { kind: 'expression' };
    default:
      return { kind: 'unrecognised', type: type || '(no type)' };
  }
}

function evaluateLive(integration: IntegrationSpec, workspaceId: string, ls: SynapseLinkedService): Check {
  const resourceId = synapseLinkedServiceId(workspaceId, ls.name);
  const data = { linkedService: ls.name };
  if (liveAuthentication(ls) === 'managedIdentity') {
    return notApplicable('managed-identity', { resourceId, path: linkedServicePath(integration, ls, ['authentication']), data });
  }
  const path = linkedServicePath(integration, ls, ['servicePrincipal', 'secret']);
  const expected = 'servicePrincipalKey: an AzureKeyVaultSecret reference';
  const key = classifyKey(ls.typeProperties);
  switch (key.kind) {
    case 'keyVault':
      return pass('key-vault', {
        resourceId,
        path,
        data: { store: key.store ?? '(unnamed linked service)', secretName: key.secretName ?? '(expression)', ...data },
      });
    case 'inline':
      return fail('inline', { resourceId, path, data, expected, actual: 'servicePrincipalKey: SecureString (inline)' });
    case 'encryptedCredential':
      return fail('encrypted-credential', { resourceId, path, data, expected, actual: 'encryptedCredential only (encrypted in the workspace)' });
    case 'expression':
      return fail('expression', { severity: 'warning', resourceId, path, data, expected, actual: 'servicePrincipalKey: an expression' });
    case 'unrecognised':
      return fail('unrecognised-key', { severity: 'warning', resourceId, path, data: { type: key.type, ...data }, expected, actual: `servicePrincipalKey of type ${key.type}` });
    case 'missing':
      return fail('key-missing', { resourceId, path, data, expected, actual: 'no servicePrincipalKey' });
  }
}

const rule: Rule = {
  meta: {
    id: 'SA014',
    name: 'service-principal-secret-in-key-vault',
    title: 'The service principal key must be a Key Vault reference',
    severity: 'error',
    resourceTypes: ['microsoft.synapse/workspaces', 'microsoft.synapse/workspaces/linkedservices'],
    dataSources: ['resourceGraph.resources', 'synapse.linkedServices', 'spec'],
    judges: 'spec',
    rationale:
      'With service-principal authentication the AzureML linked service needs the application\'s client secret. Kept inline (a ' +
      'SecureString, or only the encryptedCredential the workspace stores) it cannot be rotated centrally, is copied into every ' +
      'workspace and Git-integrated artifact, and escapes Key Vault\'s access policies and audit log. It belongs in Key Vault, referenced ' +
      'through a Key Vault linked service (`servicePrincipalKey: {type: AzureKeyVaultSecret, store, secretName}`). ' +
      'The spec must declare that reference (`servicePrincipal.secret.keyVault`); the spec loader already rejects an inline secret. ' +
      'Live, every AzureMLService linked service of the integration that uses a service principal is checked: a Key Vault reference ' +
      'passes; a SecureString or plain-string key fails; only an encryptedCredential fails with its own message; a key given as an ' +
      'expression fails as a warning because it cannot be verified statically. Linked services using the managed identity are not ' +
      'applicable. synaml never reports the secret itself.',
    remediation:
      'Store the secret in Key Vault (`az keyvault secret set --vault-name <vault> --name aml-sp --value <secret>`, or pipe it from your ' +
      'secret store), grant the Synapse workspace managed identity Get on secrets (role Key Vault Secrets User), create a Key Vault ' +
      'linked service in Synapse (Manage > Linked services > New > Azure Key Vault), then edit the Azure Machine Learning linked service: ' +
      'Service principal key > Azure Key Vault, choose that linked service and the secret name, and Publish. In JSON: ' +
      '`"servicePrincipalKey": {"type": "AzureKeyVaultSecret", "store": {"referenceName": "<kv linked service>", "type": ' +
      '"LinkedServiceReference"}, "secretName": "aml-sp"}`, applied with `az synapse linked-service set --workspace-name <workspace> ' +
      '--name <linked service> --file @linked-service.json`. Rotate a secret that was stored inline. In the spec declare ' +
      '`servicePrincipal.secret: { keyVault: { linkedService: <kv linked service>, secretName: aml-sp } }`.',
    docs: [DOCS.quickstart],
    messages: {
      ...COMMON_MESSAGES,
      'spec-secret-key-vault':
        'The spec declares the service principal key of linked service {{linkedService}} as Key Vault secret {{secretName}} through linked service {{store}}.',
      'spec-secret-missing':
        'The spec declares service-principal authentication for linked service {{linkedService}} but no secret: declare it as a Key Vault reference, `servicePrincipal.secret: { keyVault: { linkedService: <Key Vault linked service>, secretName: <secret name> } }`.',
      'key-vault': 'Linked service {{linkedService}} reads its service principal key from Key Vault secret {{secretName}} through linked service {{store}}.',
      inline: 'Linked service {{linkedService}} holds its service principal key inline (SecureString), not as a Key Vault reference.',
      'encrypted-credential':
        'Linked service {{linkedService}} keeps its service principal key only as an encryptedCredential, encrypted in the Synapse workspace rather than referenced from Key Vault.',
      expression: 'Linked service {{linkedService}} gives its service principal key as an expression; whether it resolves to a Key Vault reference cannot be verified statically.',
      'unrecognised-key': 'Linked service {{linkedService}} has a service principal key of unrecognised type {{type}}; it cannot be verified to come from Key Vault.',
      'key-missing': 'Linked service {{linkedService}} uses a service principal but has no service principal key (neither a Key Vault reference nor an encrypted credential).',
      'managed-identity': 'Linked service {{linkedService}} uses the Synapse workspace managed identity; there is no service principal key.',
      'no-linked-service': 'Synapse workspace {{workspace}} has no AzureML linked service for this integration (SA016 reports a missing declared one).',
      'workspace-missing': 'Synapse workspace {{workspace}} was not found (see SA016).',
    },
  },
  checkSpec({ integration }) {
    const ls = integration.linkedService;
    if (ls?.authentication !== 'servicePrincipal') return [];
    const resourceId = synapseLinkedServiceId(integration.synapse.workspaceId, ls.name);
    const secret = ls.servicePrincipal?.secret;
    if (secret?.keyVault) {
      return [
        pass('spec-secret-key-vault', {
          resourceId,
          path: ['linkedService', 'servicePrincipal', 'secret'],
          data: { linkedService: ls.name, store: secret.keyVault.linkedService, secretName: secret.keyVault.secretName },
        }),
      ];
    }
    return [
      fail('spec-secret-missing', {
        resourceId,
        path: ls.servicePrincipal ? ['linkedService', 'servicePrincipal'] : ['linkedService'],
        data: { linkedService: ls.name },
        expected: 'servicePrincipal.secret.keyVault',
        actual: 'no secret declared',
      }),
    ];
  },
  checkEstate({ integration, estate }) {
    const read = readAmlLinkedServices(integration, estate);
    if (!read.ok) return read.checks;
    const { workspace, linkedServices } = read;
    if (linkedServices.length === 0) {
      return [notApplicable('no-linked-service', { resourceId: workspace.id, data: { workspace: workspace.name }, path: integration.linkedService ? ['linkedService'] : ['synapse', 'workspaceId'] })];
    }
    return linkedServices.map((ls) => evaluateLive(integration, workspace.id, ls));
  },
};

export default rule;
