// The loopback HTTPS server behind the fake Azure: records every request, guards against writes, authenticates,
// throttles, injects faults, and dispatches to the Resource Graph, ARM and Synapse data-plane handlers.
import { randomUUID, timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { answerAmlComputes, answerAmlLinkedServices, answerIntegrationRuntimes, answerPermissions, answerRoleDefinitions, type ArmContext } from './arm.js';
import { answerLinkedServices, answerManagedPrivateEndpoints, answerRoleAssignments, type DataPlaneContext } from './dataplane.js';
import { FakeEstate } from './estate.js';
import { FaultBook, faultsFromSnapshotErrors } from './faults.js';
import { type FakeResponse, azureError, checkApiVersion, defaultErrorCode, digest } from './http.js';
import { formatResetsAfter, QuotaTracker } from './quota.js';
import { ARG_API_VERSIONS, answerArgQuery, parseArgRequest } from './resource-graph.js';
import { classify, type RouteInfo } from './routes.js';
import { acquireCertFile, releaseCertFile, tlsMaterial } from './tls.js';
import type { Audience, FakeAzure, FakeAzureOptions, FaultAction, RecordedRequest } from './types.js';

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const DEFAULT_LIST_PAGE_SIZE = 50;
const DEFAULT_ARG_PAGE_SIZE = 1000;

/**
 * The Synapse token scope under which a `dns` fault's hosts are this "cloud's" data-plane hosts: the collector sends
 * the Synapse token only to `*.<scope host>` (or the --arm-endpoint host), so a test of the DNS failure sets it.
 */
export const UNRESOLVABLE_SYNAPSE_SCOPE = 'https://dev.azuresynapse.invalid/.default';

/** The unresolvable data-plane host a `dns` fault advertises (RFC 6761: `.invalid` never resolves). */
export function unresolvableDevEndpoint(workspaceName: string): string {
  return `https://${workspaceName.toLowerCase().replace(/[^a-z0-9-]/g, '-')}.dev.azuresynapse.invalid`;
}

/** Which audience a token is for: the configured tokens first, else a JWT's `aud` claim. */
function tokenAudience(token: string, o: FakeAzureOptions): Audience {
  if (o.armToken !== undefined && safeEqual(token, o.armToken)) return 'arm';
  if (o.synapseToken !== undefined && safeEqual(token, o.synapseToken)) return 'synapse';
  const parts = token.split('.');
  if (parts.length === 3) {
    try {
      const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { aud?: unknown };
      const aud = (Array.isArray(claims.aud) ? claims.aud : [claims.aud]).map((a) => String(a).toLowerCase());
      if (aud.some((a) => a.includes('dev.azuresynapse'))) return 'synapse';
      if (aud.some((a) => a.includes('management.') || a === '797f4846-ba00-4fd7-ba43-dac1f8f63013')) return 'arm';
    } catch {
      // not a JWT after all
    }
  }
  return 'unknown';
}

function safeEqual(a: string, b: string): boolean {
  // Compare digests so neither length nor content leaks through timing (habit, even in a test double).
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function unauthorized(route: RouteInfo['route'], code: string, message: string): FakeResponse {
  const challenge =
    route === 'dataplane'
      ? 'Bearer authorization_uri="https://login.microsoftonline.com/common", resource="https://dev.azuresynapse.net"'
      : `Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="${message.replace(/"/g, "'")}"`;
  return azureError(401, code, message, { 'www-authenticate': challenge });
}

function recordableHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (k === 'authorization' || k === 'cookie' || v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export async function startFakeAzure(options: FakeAzureOptions): Promise<FakeAzure> {
  const tls = tlsMaterial();
  const estate = new FakeEstate(options.snapshot);
  const faults = new FaultBook(options.replaySnapshotErrors === false ? [] : faultsFromSnapshotErrors(options.snapshot.errors ?? []));
  const quota = new QuotaTracker(options.quota);
  const requests: RecordedRequest[] = [];
  const writes: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let latencyMs = options.latencyMs ?? 0;
  let throttled = 0;
  let stopped = false;
  let url = '';

  const listPageSize = options.pageSize ?? DEFAULT_LIST_PAGE_SIZE;
  const argPageSize = Math.min(options.pageSize ?? DEFAULT_ARG_PAGE_SIZE, DEFAULT_ARG_PAGE_SIZE);
  const dataPlaneUrl = (name: string) => `${url}/dataplane/${encodeURIComponent(name)}`;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  // A sleeper interrupted by stop() never wakes; its request's socket is destroyed anyway.
  const sleep = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => later(ms, resolve)) : Promise.resolve());

  function send(res: ServerResponse, rec: RecordedRequest, r: FakeResponse, shape: { malformed?: boolean; dripMs?: number } = {}): void {
    if (stopped || res.destroyed) return;
    let payload = r.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(r.body), 'utf8');
    let status = r.status;
    if (shape.malformed) {
      status = 200;
      // Half a JSON document (at least its opening brace) is never valid JSON.
      payload = payload.length > 1 ? payload.subarray(0, Math.floor(payload.length / 2)) : Buffer.from('{');
    }
    const requestId = randomUUID();
    const headers: Record<string, string | number> = {
      ...r.headers,
      'x-ms-request-id': requestId,
      'x-ms-correlation-request-id': requestId,
      'content-length': payload.length,
    };
    if (payload.length > 0) headers['content-type'] = 'application/json; charset=utf-8';
    const clientRequestId = rec.headers['x-ms-client-request-id'];
    if (clientRequestId) headers['x-ms-client-request-id'] = clientRequestId;
    rec.status = status;
    if (status === 429) throttled++;
    res.writeHead(status, headers);
    if (shape.dripMs === undefined || payload.length === 0) {
      res.end(payload);
      return;
    }
    res.flushHeaders();
    const started = Date.now();
    const dripMs = shape.dripMs;
    let sent = 0;
    const tick = () => {
      if (stopped || res.destroyed) return;
      // Bytes due by now, at least one per tick, each written on its own.
      const due = Math.max(sent + 1, Math.floor(((Date.now() - started) / dripMs) * payload.length));
      while (sent < Math.min(due, payload.length)) {
        res.write(payload.subarray(sent, sent + 1));
        sent++;
      }
      if (sent >= payload.length) res.end();
      else later(Math.max(1, dripMs / payload.length), tick);
    };
    tick();
  }

  function authenticate(req: IncomingMessage, info: RouteInfo): { audience: Audience; caller: string; error?: FakeResponse } {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!m) {
      return {
        audience: 'none',
        caller: '',
        error: unauthorized(info.route, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing or is not a Bearer token."),
      };
    }
    const token = m[1]!;
    const audience = tokenAudience(token, options);
    const expected: Audience = info.route === 'dataplane' ? 'synapse' : 'arm';
    const configured = expected === 'arm' ? options.armToken : options.synapseToken;
    const ok = configured !== undefined ? safeEqual(token, configured) : audience === expected || audience === 'unknown';
    if (!ok) {
      const wrongAudience = audience !== 'unknown' && audience !== expected;
      return {
        audience,
        caller: digest(token),
        error: wrongAudience
          ? unauthorized(info.route, 'InvalidAuthenticationTokenAudience', `The access token has been obtained for the wrong audience or resource (${audience}); this endpoint needs a ${expected} token.`)
          : unauthorized(info.route, 'InvalidAuthenticationToken', 'The access token is invalid.'),
      };
    }
    return { audience, caller: digest(token) };
  }

  function dispatch(req: IncomingMessage, u: URL, rec: RecordedRequest, info: RouteInfo, fault: FaultAction | undefined): FakeResponse {
    const armCtx: ArmContext = { estate, url, pageSize: listPageSize };
    const dpCtx: DataPlaneContext = { estate, pageSize: listPageSize, baseUrl: dataPlaneUrl };
    const q = u.searchParams;
    switch (info.operation) {
      case 'query': {
        if (rec.method !== 'POST') return azureError(405, 'MethodNotAllowed', 'Resource Graph queries are POST requests.', { allow: 'POST' });
        const bad = checkApiVersion(q, ARG_API_VERSIONS, 'Microsoft.ResourceGraph/resources');
        if (bad) return bad;
        const parsed = parseArgRequest(rec.body);
        if ('error' in parsed) return parsed.error;
        const usedDns = new Set<object>();
        const answer = answerArgQuery(parsed.request, estate, {
          pageSize: argPageSize,
          truncate: fault?.kind === 'resultTruncated',
          repeatSkipToken: fault?.kind === 'repeatSkipToken',
          devEndpoint: (name, id) => {
            const dns = faults.dnsFault(name, id);
            if (!dns) return dataPlaneUrl(name);
            usedDns.add(dns);
            return unresolvableDevEndpoint(name);
          },
        });
        faults.useDns(usedDns);
        if (usedDns.size > 0 && rec.fault === undefined) rec.fault = 'dns';
        const data = (answer.body as { data?: unknown } | undefined)?.data;
        if (answer.status === 200 && Array.isArray(data)) rec.rows = data.length;
        return answer;
      }
      case 'integrationRuntimes':
        return answerIntegrationRuntimes(info.workspaceId!, u.pathname, q, armCtx);
      case 'amlLinkedServices':
        return answerAmlLinkedServices(info.workspaceId!, q, armCtx);
      case 'amlComputes':
        return answerAmlComputes(info.workspaceId!, u.pathname, q, armCtx);
      case 'roleDefinitions':
        return answerRoleDefinitions(info.scope ?? '', info.name, q, armCtx);
      case 'permissions':
        return answerPermissions(info.scope ?? '', q, fault?.kind === 'permissions' ? fault.permissions : undefined);
      case 'linkedServices':
        return answerLinkedServices(info.workspaceName!, q, dpCtx);
      case 'managedPrivateEndpoints':
        return answerManagedPrivateEndpoints(info.workspaceName!, info.vnet!, q, dpCtx);
      case 'roleAssignments': {
        const header = req.headers['x-ms-continuation'];
        return answerRoleAssignments(info.workspaceName!, q, Array.isArray(header) ? header[0] : header, dpCtx);
      }
      case 'unknown':
        return azureError(404, 'NotFound', `fake-azure: no such route: ${rec.method} ${u.pathname}`);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    // Concatenate rather than resolve: a path starting with '//' must stay a path, not become a host.
    const u = new URL(`${url}${req.url ?? '/'}`);
    const rec: RecordedRequest = {
      method,
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      host: req.headers.host,
      headers: recordableHeaders(req),
      body: undefined,
      route: 'unknown',
      operation: 'unknown',
      audience: 'none',
      status: 0,
      time: Date.now(),
    };
    requests.push(rec);
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch {
      return; // the client went away or sent too much; nothing to answer
    }
    rec.body = parseBody(raw);
    const info = classify(u.pathname, rec.body, estate);
    rec.route = info.route;
    rec.operation = info.operation;

    // The write guard comes before everything else, so no fault, auth failure or quota can hide an attempted write.
    const isArgQuery = method === 'POST' && info.operation === 'query';
    if (method !== 'GET' && !isArgQuery) {
      writes.push(rec);
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
      rec.audience = bearer === undefined ? 'none' : tokenAudience(bearer, options);
      await sleep(latencyMs);
      send(res, rec, azureError(405, 'MethodNotAllowed', `fake-azure: synaml only reads; ${method} ${u.pathname} would write.`, { allow: 'GET' }));
      return;
    }

    await sleep(latencyMs);
    if (stopped) return;

    const auth = authenticate(req, info);
    rec.audience = auth.audience;
    if (auth.error) return send(res, rec, auth.error);

    let quotaHeaders: Record<string, string> = {};
    if (info.route === 'arg') {
      const decision = quota.take(auth.caller);
      if (!decision.allowed) {
        return send(
          res,
          rec,
          azureError(429, 'RateLimiting', 'Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed.', decision.headers),
        );
      }
      quotaHeaders = decision.headers;
    }

    const fault = faults.take(info, method, u.pathname, u.search);
    if (fault) rec.fault = fault.kind;
    switch (fault?.kind) {
      case 'reset':
        req.socket.destroy();
        return;
      case 'hang':
        return; // never answered; stop() or the client's timeout ends it
      case 'status': {
        const r = azureError(fault.status, fault.code ?? defaultErrorCode(fault.status), fault.message ?? defaultMessage(fault.status, info), {
          ...quotaHeaders,
          ...(fault.headers ?? {}),
        });
        return send(res, rec, r);
      }
      case 'throttle': {
        const retryAfter = fault.retryAfterSeconds === undefined ? 1 : fault.retryAfterSeconds;
        const resets = fault.resetsAfterSeconds ?? retryAfter ?? 1;
        const headers: Record<string, string> = {
          'x-ms-user-quota-remaining': '0',
          'x-ms-user-quota-resets-after': formatResetsAfter(resets * 1000),
        };
        if (retryAfter !== null) headers['retry-after'] = String(retryAfter);
        const code = info.route === 'arg' ? 'RateLimiting' : 'TooManyRequests';
        return send(res, rec, azureError(429, code, 'Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed.', headers));
      }
      default:
        break;
    }

    const answer = dispatch(req, u, rec, info, fault);
    answer.headers = { ...quotaHeaders, ...answer.headers };
    send(res, rec, answer, {
      malformed: fault?.kind === 'malformedJson',
      ...(fault?.kind === 'slowDrip' ? { dripMs: fault.durationMs } : {}),
    });
  }

  const server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      const last = requests[requests.length - 1];
      if (last) last.error = e instanceof Error ? (e.stack ?? e.message) : String(e);
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'InternalServerError', message: `fake-azure bug: ${String(e)}` } }));
      }
    });
  });
  // Azure's front ends keep an idle connection for minutes; Node's default of 5 s would reset a client's kept-alive
  // connection while it waits out Resource Graph's quota window (a spurious ECONNRESET and retry).
  server.keepAliveTimeout = 120_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // A client that rejects the certificate (or aborts the handshake) is the client's business, not an error here.
  server.on('tlsClientError', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const caCertFile = acquireCertFile();

  let stopping: Promise<void> | undefined;
  const fake: FakeAzure = {
    url,
    caCertPem: tls.certPem,
    caCertFile,
    requests,
    writes,
    get throttled() {
      return throttled;
    },
    inject: (f) => faults.inject(f),
    clearFaults: () => faults.clear(),
    setQuota: (q) => quota.set(q),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    dataPlaneUrl,
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        stopped = true;
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const s of sockets) s.destroy();
        releaseCertFile();
        server.close(() => resolve());
      });
      return stopping;
    },
  };
  return fake;
}

function defaultMessage(status: number, info: RouteInfo): string {
  if (status !== 403) return `fake-azure: injected ${status} for ${info.route} ${info.operation}.`;
  const action: Record<string, string> = {
    query: 'Microsoft.ResourceGraph/resources/read',
    integrationRuntimes: 'Microsoft.Synapse/workspaces/integrationRuntimes/read',
    amlLinkedServices: 'Microsoft.MachineLearningServices/workspaces/linkedServices/read',
    amlComputes: 'Microsoft.MachineLearningServices/workspaces/computes/read',
    roleDefinitions: 'Microsoft.Authorization/roleDefinitions/read',
    permissions: 'Microsoft.Authorization/permissions/read',
    linkedServices: 'Microsoft.Synapse/workspaces/linkedServices/read',
    managedPrivateEndpoints: 'Microsoft.Synapse/workspaces/managedPrivateEndpoints/read',
    roleAssignments: 'Microsoft.Synapse/workspaces/roleAssignments/read',
  };
  if (info.route === 'dataplane') {
    return `The principal does not have the required Synapse RBAC permission to perform this action. Required permission: Action: ${action[info.operation] ?? 'unknown'}, Scope: workspaces/${info.workspaceName ?? ''}.`;
  }
  const scope = info.workspaceId ?? (info.subscriptions[0] ? `/subscriptions/${info.subscriptions[0]}` : '/');
  return `The client does not have authorization to perform action '${action[info.operation] ?? 'unknown'}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;
}
