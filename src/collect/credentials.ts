// Credentials and endpoints per Azure cloud: static bearer tokens from the environment (one per audience), else
// DefaultAzureCredential, loaded lazily so commands that never call Azure (validate, rules) never load
// @azure/identity. Tokens are held in private fields and never logged, put in errors or written to snapshots.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { NoCredentialError, UsageError } from '../errors.js';
import { cleanMessage } from './read-errors.js';

export type CloudName = 'public' | 'china' | 'usgov';

export interface CloudEndpoints {
  /** Resource Manager and Resource Graph. */
  armEndpoint: string;
  /** Token scope of the Synapse data plane. */
  synapseScope: string;
  /** DNS suffix of workspace data-plane endpoints (`https://<workspace>.<suffix>`). */
  synapseDevSuffix: string;
  /** Microsoft Entra authority host. */
  authorityHost: string;
}

/**
 * Endpoints per cloud. ARM: `getArmEndpoint` in @azure/arm-resourcegraph 5.x (static-helpers/cloudSettingHelpers).
 * Synapse suffix and token audience: Azure PowerShell's `AzureEnvironmentConstants` (Azure/azure-powershell-common,
 * src/Authentication.Abstractions/AzureEnvironmentConstants.cs: `{Azure,China,USGovernment}SynapseAnalyticsEndpoint
 * {Suffix,ResourceId}`). Authority hosts: @azure/identity's `AzureAuthorityHosts`.
 */
export const CLOUDS: Readonly<Record<CloudName, CloudEndpoints>> = {
  public: {
    armEndpoint: 'https://management.azure.com',
    synapseScope: 'https://dev.azuresynapse.net/.default',
    synapseDevSuffix: 'dev.azuresynapse.net',
    authorityHost: 'https://login.microsoftonline.com',
  },
  china: {
    armEndpoint: 'https://management.chinacloudapi.cn',
    synapseScope: 'https://dev.azuresynapse.azure.cn/.default',
    synapseDevSuffix: 'dev.azuresynapse.azure.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
  },
  usgov: {
    armEndpoint: 'https://management.usgovcloudapi.net',
    synapseScope: 'https://dev.azuresynapse.usgovcloudapi.net/.default',
    synapseDevSuffix: 'dev.azuresynapse.usgovcloudapi.net',
    authorityHost: 'https://login.microsoftonline.us',
  },
};

/**
 * Checks an endpoint given on the command line or in options: an absolute https URL with no credentials, query or
 * fragment. Returns it without a trailing slash. There is no plain-http mode (DESIGN.md: the SDK's bearer policy
 * refuses to send a token over http, and a test-only exception would be a hole in production).
 */
export function checkHttpsEndpoint(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${what} must be an absolute https:// URL, got "${value}"`);
  }
  if (url.protocol !== 'https:') {
    throw new UsageError(`${what} must use https:// (got ${url.protocol.replace(/:$/, '')}://): synaml sends bearer tokens only over TLS`);
  }
  if (url.username || url.password) throw new UsageError(`${what} must not contain credentials`);
  if (url.search || url.hash) throw new UsageError(`${what} must not have a query string or fragment`);
  return url.href.replace(/\/+$/, '');
}

/** The data-plane DNS suffix behind a Synapse token scope (`https://dev.azuresynapse.net/.default` -> `dev.azuresynapse.net`). */
export function synapseSuffixOf(scope: string): string {
  try {
    return new URL(scope).hostname.toLowerCase();
  } catch {
    return CLOUDS.public.synapseDevSuffix;
  }
}

const FAR_FUTURE_MS = 10 * 365 * 24 * 3600 * 1000;

/**
 * A pre-acquired bearer token for one audience (`SYNAML_ARM_TOKEN`, `SYNAML_SYNAPSE_TOKEN`). Azure decides whether
 * it is still valid; synaml reports it a far expiry so the SDK never tries to refresh it.
 */
export class StaticTokenCredential implements TokenCredential {
  readonly #token: string;
  constructor(token: string) {
    this.#token = token.trim();
  }
  async getToken(_scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    return { token: this.#token, expiresOnTimestamp: Date.now() + FAR_FUTURE_MS, tokenType: 'Bearer' };
  }
  toJSON(): string {
    return 'StaticTokenCredential';
  }
}

/** DefaultAzureCredential, created on first use: importing @azure/identity is deferred until a token is needed. */
class LazyDefaultAzureCredential implements TokenCredential {
  private inner: Promise<TokenCredential> | undefined;
  constructor(private readonly options: { tenantId?: string; authorityHost: string }) {}
  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    this.inner ??= import('@azure/identity').then(
      ({ DefaultAzureCredential }) =>
        new DefaultAzureCredential({
          authorityHost: this.options.authorityHost,
          ...(this.options.tenantId ? { tenantId: this.options.tenantId } : {}),
        }),
    );
    return (await this.inner).getToken(scopes, options);
  }
}

export interface ResolveCredentialsOptions {
  tenant?: string;
  cloud?: CloudName;
  /** `--arm-endpoint`: overrides the cloud's Resource Manager / Resource Graph endpoint (https only). */
  armEndpoint?: string;
  env: NodeJS.ProcessEnv;
}

export interface ResolvedCredentials {
  arm: TokenCredential;
  synapse: TokenCredential;
  armEndpoint: string;
  synapseScope: string;
}

/**
 * Credentials for both audiences. Each audience uses its static token when its variable is set, otherwise one
 * shared DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI, ...) for the tenant
 * and the cloud's authority host. Nothing is contacted until a token is requested.
 */
export function resolveCredentials(options: ResolveCredentialsOptions): ResolvedCredentials {
  const cloudName = options.cloud ?? 'public';
  const cloud = CLOUDS[cloudName];
  if (!cloud) throw new UsageError(`unknown cloud "${String(cloudName)}" (expected one of: ${Object.keys(CLOUDS).join(', ')})`);
  const armEndpoint = checkHttpsEndpoint(options.armEndpoint ?? cloud.armEndpoint, '--arm-endpoint');
  const armToken = options.env['SYNAML_ARM_TOKEN']?.trim();
  const synapseToken = options.env['SYNAML_SYNAPSE_TOKEN']?.trim();
  let shared: TokenCredential | undefined;
  const fallback = () =>
    (shared ??= new LazyDefaultAzureCredential({ authorityHost: cloud.authorityHost, ...(options.tenant ? { tenantId: options.tenant } : {}) }));
  return {
    arm: armToken ? new StaticTokenCredential(armToken) : fallback(),
    synapse: synapseToken ? new StaticTokenCredential(synapseToken) : fallback(),
    armEndpoint,
    synapseScope: cloud.synapseScope,
  };
}

/** What to do when no credential is available, in one line: every way synaml can be given one. */
export const NO_CREDENTIAL_HELP =
  'sign in with `az login`, run where a managed identity is assigned, set AZURE_CLIENT_ID with AZURE_TENANT_ID and ' +
  'AZURE_CLIENT_SECRET or AZURE_FEDERATED_TOKEN_FILE (service principal / workload identity), or give a token in ' +
  'SYNAML_ARM_TOKEN (and SYNAML_SYNAPSE_TOKEN); to audit offline, use --snapshot <file>';

/** True for @azure/identity's "this credential cannot be used here" (alone, or every member of a chain's failure). */
function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'CredentialUnavailableError') return true;
  const inner = (error as Error & { errors?: unknown[] }).errors;
  return error.name === 'AggregateAuthenticationError' && Array.isArray(inner) && inner.length > 0 && inner.every(isUnavailable);
}

/**
 * Asks each audience's credential for a token once, before any read. No credential available (the whole
 * DefaultAzureCredential chain unavailable) or a failed sign-in stops the audit here with one line and exit 3; the
 * SDK's chain text (one paragraph per credential it tried) is not repeated on every read.
 */
export async function ensureCredentials(credentials: Pick<ResolvedCredentials, 'arm' | 'synapse' | 'armEndpoint' | 'synapseScope'>): Promise<void> {
  const audiences: Array<[string, TokenCredential, string]> = [['Azure Resource Manager', credentials.arm, `${credentials.armEndpoint}/.default`]];
  if (credentials.synapse !== credentials.arm) audiences.push(['the Synapse data plane', credentials.synapse, credentials.synapseScope]);
  for (const [audience, credential, scope] of audiences) {
    try {
      const token = await credential.getToken(scope);
      if (!token) throw new Error('the credential returned no token');
    } catch (error) {
      if (isUnavailable(error)) throw new NoCredentialError(`no Azure credential available for ${audience}: ${NO_CREDENTIAL_HELP}`, { cause: error });
      const first = cleanMessage(error instanceof Error ? error.message : String(error));
      throw new NoCredentialError(`cannot get a token for ${audience} (${first}): check the sign-in, or ${NO_CREDENTIAL_HELP}`, { cause: error });
    }
  }
}
