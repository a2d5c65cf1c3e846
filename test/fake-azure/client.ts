// A bare node:https client for testing the fake itself (collectors use the Azure SDK; these tests need raw access).
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import type { FakeAzure } from './types.js';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The parsed body (throws when it is not JSON). */
  json: <T = any>() => T; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** How many body chunks arrived (slow-drip tests). */
  chunks: number;
  /** ms from sending to the response headers, and to the end of the body. */
  headersAfterMs: number;
  endAfterMs: number;
}

export interface CallOptions {
  method?: string;
  /** Path (with query) on the fake, or an absolute URL (e.g. a nextLink). */
  path: string;
  /** Bearer token; null sends no Authorization header. Default 'test-token'. */
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** CA to trust; default the fake's certificate. */
  ca?: string | null;
}

export function call(fake: Pick<FakeAzure, 'url' | 'caCertPem'>, o: CallOptions): Promise<Reply> {
  const target = /^https:\/\//.test(o.path) ? new URL(o.path) : new URL(o.path, fake.url);
  const payload = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
  const headers: Record<string, string> = { accept: 'application/json', ...(o.headers ?? {}) };
  const token = o.token === undefined ? 'test-token' : o.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: o.method ?? 'GET',
        headers,
        agent: false,
        ...(o.ca === null ? {} : { ca: o.ca ?? fake.caCertPem }),
        timeout: o.timeoutMs ?? 10_000,
      },
      (res) => {
        const headersAfterMs = Date.now() - started;
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: () => JSON.parse(text),
            chunks: parts.length,
            headersAfterMs,
            endAfterMs: Date.now() - started,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('client timeout'), { code: 'CLIENT_TIMEOUT' })));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** POST an ARG query. */
export function argQuery(
  fake: Pick<FakeAzure, 'url' | 'caCertPem'>,
  body: Record<string, unknown>,
  extra: Omit<CallOptions, 'path' | 'body' | 'method'> = {},
): Promise<Reply> {
  return call(fake, { ...extra, method: 'POST', path: '/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01', body });
}
