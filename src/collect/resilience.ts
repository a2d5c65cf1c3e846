// Retries, quota pacing, per-request timeouts and the overall deadline for every request synaml sends, as one
// core-rest-pipeline policy placed in the SDK clients' own pipelines (their built-in retry is switched off, so a
// request is never retried twice over).
import { setMaxListeners } from 'node:events';
import { RestError, type PipelinePolicy, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';

export interface RetrySettings {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff step; doubles per retry, with full jitter. */
  baseDelayMs: number;
  /** Cap on one backoff wait (a server-given Retry-After is honoured up to the deadline). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { maxRetries: 5, baseDelayMs: 800, maxDelayMs: 30_000 };

/** The error every wait and request ends with once the overall deadline has passed. */
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
  readonly code = 'DeadlineExceeded';
  constructor(readonly deadlineMs: number) {
    super(`not read before the overall deadline of ${formatMs(deadlineMs)}`);
  }
}

/** A request that produced no response within the per-request timeout, on every attempt. */
export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
  readonly code = 'RequestTimeout';
  constructor(readonly timeoutMs: number, readonly attempts: number) {
    super(`no response within ${formatMs(timeoutMs)} (${attempts} ${attempts === 1 ? 'attempt' : 'attempts'})`);
  }
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10}s` : `${ms}ms`;
}

/** The overall deadline of one collection: an abort signal plus the instant it fires. */
export class Deadline {
  readonly expiresAt: number;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;

  constructor(readonly ms: number) {
    this.expiresAt = Date.now() + ms;
    this.timer = setTimeout(() => this.controller.abort(new DeadlineExceededError(ms)), ms);
    this.timer.unref();
    // Every request in flight listens to this one signal (--concurrency data-plane reads plus the Resource Graph
    // queries, and their retries): more than Node's default of 10 is by design, not a leak, and must not print a warning.
    setMaxListeners(0, this.controller.signal);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get exceeded(): boolean {
    return this.controller.signal.aborted;
  }

  remaining(): number {
    return Math.max(0, this.expiresAt - Date.now());
  }

  throwIfExceeded(): void {
    if (this.exceeded) throw new DeadlineExceededError(this.ms);
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}

/** Waits `ms`, or rejects with DeadlineExceededError as soon as the deadline passes. */
export function sleep(ms: number, deadline: Deadline): Promise<void> {
  if (deadline.exceeded) return Promise.reject(new DeadlineExceededError(deadline.ms));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DeadlineExceededError(deadline.ms));
    };
    const timer = setTimeout(() => {
      deadline.signal.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    deadline.signal.addEventListener('abort', onAbort, { once: true });
  });
}

// ---- Resource Graph quota pacing ---------------------------------------------------------------------------------

/** `hh:mm:ss`, `hh:mm:ss.fffffff` or `d.hh:mm:ss` (a .NET TimeSpan) -> milliseconds. */
export function parseTimeSpan(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const match = /^\s*(?:(\d+)\.)?(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)\s*$/.exec(value);
  if (!match) return undefined;
  const [, days, hours, minutes, seconds] = match;
  const total = Number(days ?? 0) * 86_400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
  return Number.isFinite(total) ? Math.round(total * 1000) : undefined;
}

/** `Retry-After` in seconds or as an HTTP date -> milliseconds from now (never negative). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

interface QuotaTicket {
  probe: boolean;
}

/**
 * Paces Resource Graph requests from the documented quota headers (`x-ms-user-quota-remaining`,
 * `x-ms-user-quota-resets-after`) so that synaml waits for the window to reset instead of running into 429.
 *
 * Until a response has told it the budget (at the start, and after each reset it waited for) it lets one request
 * through as a probe and holds the others. With a known budget it counts requests down locally: a response's
 * `remaining` minus the requests still in flight is a lower bound of the true budget, whatever order responses
 * arrive in. When the budget reaches the reserve it waits until the announced reset. A service that sends no quota
 * headers is not paced at all.
 */
export class QuotaPacer {
  private mode: 'probe' | 'paced' | 'free' = 'probe';
  private probing = false;
  private remaining = 0;
  private resetAt = 0;
  private inFlight = 0;
  private wakeups: Array<() => void> = [];
  /** How many times a request waited for the quota window to reset (diagnostics and tests). */
  pacedWaits = 0;

  constructor(
    private readonly options: { reserve?: number; resetMarginMs?: number; onWait?: (ms: number) => void } = {},
  ) {}

  async acquire(deadline: Deadline): Promise<QuotaTicket> {
    for (;;) {
      deadline.throwIfExceeded();
      if (this.mode === 'free') return this.take(false);
      if (this.mode === 'paced') {
        const now = Date.now();
        if (now >= this.resetAt) {
          this.mode = 'probe';
          continue;
        }
        if (this.remaining > (this.options.reserve ?? 1)) {
          this.remaining -= 1;
          return this.take(false);
        }
        const wait = this.resetAt - now + (this.options.resetMarginMs ?? 150);
        this.pacedWaits += 1;
        this.options.onWait?.(wait);
        await sleep(wait, deadline);
        continue;
      }
      if (!this.probing) {
        this.probing = true;
        return this.take(true);
      }
      await this.nextWakeup(deadline);
    }
  }

  /** After each attempt, with its response if there was one. */
  release(ticket: QuotaTicket, response: PipelineResponse | undefined): void {
    this.inFlight -= 1;
    if (ticket.probe) this.probing = false;
    const remaining = Number.parseInt(response?.headers.get('x-ms-user-quota-remaining') ?? '', 10);
    const resetsAfter = parseTimeSpan(response?.headers.get('x-ms-user-quota-resets-after'));
    if (response?.status === 429) {
      this.block(throttleWait(response) ?? resetsAfter ?? 1000);
    } else if (Number.isFinite(remaining) && resetsAfter !== undefined) {
      this.mode = 'paced';
      this.remaining = remaining - this.inFlight;
      this.resetAt = Date.now() + resetsAfter;
    } else if (ticket.probe && this.mode === 'probe' && response !== undefined) {
      this.mode = 'free';
    }
    this.wake();
  }

  /** Holds every request until `ms` from now (after a 429). */
  block(ms: number): void {
    this.mode = 'paced';
    this.remaining = 0;
    this.resetAt = Math.max(this.resetAt, Date.now() + ms);
    this.wake();
  }

  private take(probe: boolean): QuotaTicket {
    this.inFlight += 1;
    return { probe };
  }

  private wake(): void {
    const wakeups = this.wakeups;
    this.wakeups = [];
    for (const wakeup of wakeups) wakeup();
  }

  private nextWakeup(deadline: Deadline): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(new DeadlineExceededError(deadline.ms));
      deadline.signal.addEventListener('abort', onAbort, { once: true });
      this.wakeups.push(() => {
        deadline.signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }
}

// ---- the policy --------------------------------------------------------------------------------------------------

/** Transport failures worth another attempt (the connection broke or was refused; a DNS failure is not retried). */
const RETRIABLE_SYSTEM_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
]);

function isRetriableStatus(status: number): boolean {
  return status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/** A throttled response's own wait: Retry-After (seconds or date), else the Resource Graph quota reset. */
export function throttleWait(response: PipelineResponse): number | undefined {
  const retryAfterMs = Number.parseInt(response.headers.get('retry-after-ms') ?? response.headers.get('x-ms-retry-after-ms') ?? '', 10);
  if (Number.isFinite(retryAfterMs)) return Math.max(0, retryAfterMs);
  return parseRetryAfter(response.headers.get('retry-after')) ?? (response.status === 429 ? parseTimeSpan(response.headers.get('x-ms-user-quota-resets-after')) : undefined);
}

/** Exponential backoff with full jitter: uniform in [step/2, step], step = base * 2^retry, capped. */
export function backoff(retry: number, settings: RetrySettings): number {
  const step = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** retry);
  return Math.round(step / 2 + Math.random() * (step / 2));
}

export interface ResilienceOptions {
  deadline: Deadline;
  retry: RetrySettings;
  requestTimeoutMs: number;
  /** Resource Graph only: pace from the quota headers. */
  pacer?: QuotaPacer;
  /** Called before each wait (retry or throttling), for progress reporting. */
  onRetry?: (e: { url: string; attempt: number; waitMs: number; reason: string }) => void;
}

export const RESILIENCE_POLICY_NAME = 'synamlResiliencePolicy';

/**
 * One policy for every synaml request: waits for the Resource Graph quota, bounds each attempt by the per-request
 * timeout and everything by the overall deadline, and retries 429 (Retry-After, else the quota reset, else
 * backoff), 408/5xx and broken connections with jittered exponential backoff, a bounded number of times. A final
 * 429/5xx response is returned as is, so the caller reports its status; a final transport failure is thrown.
 */
export function resiliencePolicy(options: ResilienceOptions): PipelinePolicy {
  const { deadline, retry, requestTimeoutMs, pacer } = options;
  return {
    name: RESILIENCE_POLICY_NAME,
    async sendRequest(request: PipelineRequest, next): Promise<PipelineResponse> {
      const callerSignal = request.abortSignal;
      for (let attempt = 0; ; attempt++) {
        deadline.throwIfExceeded();
        const ticket = pacer ? await pacer.acquire(deadline) : undefined;
        const attemptController = new AbortController();
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          attemptController.abort();
        }, Math.min(requestTimeoutMs, deadline.remaining()));
        // The caller's signal (if any) is the deadline's or an SDK operation's; ours cover both cases that matter: the
        // attempt's signal aborts on its timeout or, forwarded, on the deadline (lighter than AbortSignal.any, which
        // costs more than the rest of the policy when thousands of requests run).
        const onDeadline = () => attemptController.abort(deadline.signal.reason);
        deadline.signal.addEventListener('abort', onDeadline, { once: true });
        request.abortSignal = attemptController.signal;
        let response: PipelineResponse | undefined;
        let failure: unknown;
        try {
          response = await next(request);
        } catch (error) {
          failure = error;
        } finally {
          clearTimeout(timer);
          deadline.signal.removeEventListener('abort', onDeadline);
          request.abortSignal = callerSignal;
          if (ticket) pacer!.release(ticket, response);
        }

        if (deadline.exceeded) throw new DeadlineExceededError(deadline.ms);

        let waitMs: number;
        let reason: string;
        if (response) {
          if (!isRetriableStatus(response.status)) return response;
          if (attempt >= retry.maxRetries) return response;
          const serverWait = throttleWait(response);
          waitMs = serverWait ?? backoff(attempt, retry);
          reason = `HTTP ${response.status}`;
        } else {
          if (timedOut) {
            // An attempt cut short because the overall deadline had (all but) run out is the deadline's doing: the
            // two timers race by a tick, and the error must name the real cause.
            if (deadline.exceeded || deadline.remaining() === 0) throw new DeadlineExceededError(deadline.ms);
            failure = new RequestTimeoutError(requestTimeoutMs, attempt + 1);
          } else {
            const code = (failure as { code?: unknown } | undefined)?.code;
            if (typeof code !== 'string' || !RETRIABLE_SYSTEM_CODES.has(code)) throw failure;
          }
          if (attempt >= retry.maxRetries) throw failure;
          waitMs = backoff(attempt, retry);
          reason = timedOut ? 'timeout' : String((failure as { code?: unknown }).code);
        }
        // A wait that cannot end before the deadline is not worth starting: report what we have now.
        if (waitMs >= deadline.remaining()) {
          if (response) return response;
          throw failure;
        }
        options.onRetry?.({ url: request.url, attempt: attempt + 1, waitMs, reason });
        await sleep(waitMs, deadline);
      }
    },
  };
}

/** The status and ARM error code of a failed request, from a RestError or the error body. */
export function restErrorCode(error: unknown): { status?: number; code?: string } {
  if (!(error instanceof Error)) return {};
  const e = error as RestError & { details?: unknown };
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const details = e.details as { error?: { code?: unknown } } | undefined;
  const code = typeof details?.error?.code === 'string' ? details.error.code : typeof e.code === 'string' ? e.code : undefined;
  return { ...(status !== undefined ? { status } : {}), ...(code !== undefined ? { code } : {}) };
}
