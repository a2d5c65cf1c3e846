// Answers as plain values, so route handlers stay pure and faults can reshape an answer before it is sent.
import { createHash } from 'node:crypto';

export interface FakeResponse {
  status: number;
  headers: Record<string, string>;
  /** A JSON value (serialised on send) or undefined for no body. */
  body?: unknown;
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers, body };
}

/** Azure's common error body: `{ error: { code, message } }`. */
export function azureError(status: number, code: string, message: string, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers, body: { error: { code, message } } };
}

const DEFAULT_CODES: Record<number, string> = {
  400: 'BadRequest',
  401: 'AuthenticationFailed',
  403: 'AuthorizationFailed',
  404: 'ResourceNotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

export function defaultErrorCode(status: number): string {
  return DEFAULT_CODES[status] ?? `Http${status}`;
}

/** api-version must be present and one of `allowed`; ARM answers 400 otherwise. */
export function checkApiVersion(query: URLSearchParams, allowed: readonly string[], what: string): FakeResponse | undefined {
  const versions = query.getAll('api-version');
  if (versions.length === 0 || versions[0] === '') {
    return azureError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
  }
  if (new Set(versions).size > 1) {
    return azureError(400, 'InvalidApiVersionParameter', `The api-version query parameter was given more than once with different values: ${versions.join(', ')}.`);
  }
  if (!allowed.includes(versions[0]!)) {
    return azureError(
      400,
      'InvalidApiVersionParameter',
      `fake-azure: api-version '${versions[0]}' is not served for ${what}. Supported: ${allowed.join(', ')}.`,
    );
  }
  return undefined;
}

/** A continuation token that is opaque to the client but lets the fake reject a token used on another list. */
export function encodeToken(list: string, offset: number): string {
  return Buffer.from(JSON.stringify({ l: digest(list), o: offset })).toString('base64');
}

/** The offset a token points at, or undefined when it is malformed or belongs to another list/query. */
export function decodeToken(token: string, list: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { l?: unknown; o?: unknown };
    if (parsed.l !== digest(list) || typeof parsed.o !== 'number' || !Number.isInteger(parsed.o) || parsed.o < 0) return undefined;
    return parsed.o;
  } catch {
    return undefined;
  }
}

// Recent digests by text: a page of a long query digests the same (large) list key for its token twice.
const digests = new Map<string, string>();

export function digest(text: string): string {
  if (text.length < 256) return createHash('sha256').update(text).digest('hex').slice(0, 16);
  const known = digests.get(text);
  if (known !== undefined) return known;
  const value = createHash('sha256').update(text).digest('hex').slice(0, 16);
  if (digests.size >= 16) digests.delete(digests.keys().next().value!);
  digests.set(text, value);
  return value;
}
