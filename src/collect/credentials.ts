// Credentials and endpoints per Azure cloud: static bearer tokens from the environment (one per audience), else
// DefaultAzureCredential, loaded lazily so commands that never call Azure (validate, rules) never load
// @azure/identity. Tokens are held in private fields and never logged, put in errors or written to snapshots.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { UsageError } from '../errors.js';

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
