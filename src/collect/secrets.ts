// Keeps secrets out of snapshots: linked service bodies can carry service principal keys, passwords and
// connection strings. The service masks SecureString values already; synaml enforces it, and drops inline secret
// strings, while keeping what the rules read: a secret's `type` and its Key Vault reference fields.
import type { RawPayload } from '../estate/snapshot.js';
import { setOwn } from '../own-property.js';

export const MASK = '**********';

/** Property names whose value is a secret (compared case-insensitively). */
const SECRET_KEYS = new Set(
  [
    'servicePrincipalKey',
    'servicePrincipalCredential',
    'servicePrincipalEmbeddedCert',
    'servicePrincipalEmbeddedCertPassword',
    'password',
    'connectionString',
    'encryptedCredential',
    'accountKey',
    'sasToken',
    'sasUri',
    'clientSecret',
    'secret',
    'accessKey',
    'apiKey',
    'privateKey',
    'passphrase',
    'credString',
  ].map((k) => k.toLowerCase()),
);

/** Fields of a Key Vault secret reference: no secret in them. */
const KEY_VAULT_REFERENCE_FIELDS = ['type', 'store', 'secretName', 'secretVersion'];

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function typeOf(value: Record<string, unknown>): string | undefined {
  return typeof value['type'] === 'string' ? value['type'].toLowerCase() : undefined;
}

/** A secret-valued property: keep only its type and Key Vault reference, mask anything else that was there. */
function maskSecret(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (!isObject(value)) return MASK;
  const type = typeOf(value);
  if (type === 'azurekeyvaultsecret') {
    const kept: Record<string, unknown> = {};
    for (const field of KEY_VAULT_REFERENCE_FIELDS) if (field in value) kept[field] = value[field];
    return kept;
  }
  const kept: Record<string, unknown> = {};
  if ('type' in value) kept['type'] = value['type'];
  if ('value' in value || type === 'securestring') kept['value'] = MASK;
  return kept;
}

function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (!isObject(value)) return value;
  if (typeOf(value) === 'securestring') return { ...value, value: MASK };
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    setOwn(out, key, SECRET_KEYS.has(key.toLowerCase()) ? maskSecret(child) : scrub(child));
  }
  return out;
}

/** A copy of a linked service (or any ARM / data-plane body) with every secret masked. */
export function maskSecrets(body: RawPayload): RawPayload {
  return scrub(body) as RawPayload;
}
