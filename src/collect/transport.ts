// The HTTP side of one collection: SDK clients and core-rest-pipeline pipelines, all sharing one resilience policy
// (deadline, timeouts, retries) and one Resource Graph quota pacer, plus small JSON readers for the ARM and Synapse
// data-plane lists that have no SDK in this project.
import { Agent as HttpsAgent } from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import type { TokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
  type PipelinePolicy,
} from '@azure/core-rest-pipeline';
import { VERSION } from '../version.js';
import { ReadError } from './read-errors.js';
import { Deadline, QuotaPacer, resiliencePolicy, type ResilienceOptions, type RetrySettings } from './resilience.js';

export interface TransportOptions {
  armCredential: TokenCredential;
  synapseCredential: TokenCredential;
  armEndpoint: string;
  synapseScope: string;
  deadline: Deadline;
  retry: RetrySettings;
  requestTimeoutMs: number;
  /** An extra trusted CA (PEM), added to Node's bundled roots for this client only. */
  extraCa?: string;
  onThrottleWait?: (ms: number) => void;
  onRetry?: ResilienceOptions['onRetry'];
}

/** SDK-common options: our policy does every retry, so the SDK's own retry and redirect-following are off. */
function commonOptions(agent: HttpsAgent | undefined) {
  return {
    retryOptions: { maxRetries: 0 },
    redirectOptions: { maxRetries: 0 },
    userAgentOptions: { userAgentPrefix: `synaml/${VERSION}` },
    ...(agent ? { agent } : {}),
  };
}

export interface JsonResponse {
  status: number;
  headers: { get(name: string): string | undefined };
  body: Record<string, unknown>;
}

/** GETs JSON through a pipeline; a non-2xx answer or a body that is not a JSON object is thrown as ReadError. */
export class JsonReader {
  constructor(
    private readonly pipeline: Pipeline,
    private readonly httpClient: HttpClient,
    private readonly deadline: Deadline,
  ) {}

  async get(url: string, headers: Record<string, string> = {}): Promise<JsonResponse> {
    const request = createPipelineRequest({
      url,
      method: 'GET',
      headers: createHttpHeaders({ accept: 'application/json', ...headers }),
      abortSignal: this.deadline.signal,
    });
    const response = await this.pipeline.sendRequest(this.httpClient, request);
    const text = response.bodyAsText ?? '';
    let parsed: unknown;
    let parseFailed = false;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parseFailed = true;
    }
    if (response.status < 200 || response.status >= 300) {
      const error = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      const code = typeof error?.code === 'string' ? error.code : `HTTP${response.status}`;
      const message = typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`;
      throw new ReadError(message, code, response.status);
    }
    if (parseFailed || parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new ReadError(
        `the response body is not a JSON object (${parseFailed ? 'malformed JSON' : typeof parsed}, ${text.length} bytes)`,
        'MalformedResponse',
      );
    }
    return { status: response.status, headers: response.headers, body: parsed as Record<string, unknown> };
  }
}

export class Transport {
  readonly pacer: QuotaPacer;
  readonly resourceGraph: ResourceGraphClient;
  readonly arm: JsonReader;
  readonly synapse: JsonReader;
  readonly armScope: string;
  private readonly httpClient = createDefaultHttpClient();
  /**
   * With an extra CA: one agent whose TLS context trusts Node's roots plus that CA. (As TLS settings, the CA list would
   * be part of every request's agent key: Node's https agent stringifies it per request, 2 ms each.)
   */
  private readonly agent: HttpsAgent | undefined;
  private readonly policy: PipelinePolicy;
  private readonly authorizationClients = new Map<string, AuthorizationManagementClient>();

  constructor(private readonly options: TransportOptions) {
    this.armScope = `${options.armEndpoint}/.default`;
    this.agent = options.extraCa
      ? new HttpsAgent({ keepAlive: true, secureContext: createSecureContext({ ca: [...rootCertificates, options.extraCa] }) })
      : undefined;
    this.pacer = new QuotaPacer(options.onThrottleWait ? { onWait: options.onThrottleWait } : {});
    const base: ResilienceOptions = {
      deadline: options.deadline,
      retry: options.retry,
      requestTimeoutMs: options.requestTimeoutMs,
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    };
    this.policy = resiliencePolicy(base);

    this.resourceGraph = new ResourceGraphClient(options.armCredential, {
      endpoint: options.armEndpoint,
      credentials: { scopes: [this.armScope] },
      httpClient: this.httpClient,
      ...commonOptions(this.agent),
    });
    // Resource Graph gets its own instance of the policy: only its requests are paced by the quota headers.
    this.resourceGraph.pipeline.addPolicy(resiliencePolicy({ ...base, pacer: this.pacer }), { phase: 'Retry' });

    this.arm = new JsonReader(this.createPipeline(options.armCredential, this.armScope), this.httpClient, options.deadline);
    this.synapse = new JsonReader(this.createPipeline(options.synapseCredential, options.synapseScope), this.httpClient, options.deadline);
  }

  /** Closes the kept-alive connections of the extra-CA agent, if any. */
  dispose(): void {
    this.agent?.destroy();
  }

  /** A Microsoft.Authorization client for one subscription (the SDK binds a client to a subscription). */
  authorization(subscriptionId: string): AuthorizationManagementClient {
    const key = subscriptionId.toLowerCase();
    let client = this.authorizationClients.get(key);
    if (!client) {
      client = new AuthorizationManagementClient(this.options.armCredential, subscriptionId, {
        endpoint: this.options.armEndpoint,
        $host: this.options.armEndpoint,
        credentialScopes: [this.armScope],
        httpClient: this.httpClient,
        ...commonOptions(this.agent),
      });
      client.pipeline.addPolicy(this.policy, { phase: 'Retry' });
      this.authorizationClients.set(key, client);
    }
    return client;
  }

  private createPipeline(credential: TokenCredential, scope: string): Pipeline {
    const pipeline = createPipelineFromOptions(commonOptions(this.agent));
    pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: scope }));
    pipeline.addPolicy(this.policy, { phase: 'Retry' });
    return pipeline;
  }
}
