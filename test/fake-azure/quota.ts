// Resource Graph's per-user quota as a sliding window, and its documented headers.
//
// ARG reports `x-ms-user-quota-remaining` and `x-ms-user-quota-resets-after` (hh:mm:ss) on every answer and answers
// 429 over quota, with or without Retry-After. Without a configured quota the fake never throttles; the headers then
// count against a nominal 1000-per-5 s window so they are present and plausible but never make a client wait.
import type { Quota } from './types.js';

const NOMINAL: Quota = { perWindow: 1000, windowMs: 5000 };

export interface QuotaDecision {
  allowed: boolean;
  remaining: number;
  resetsAfterMs: number;
  headers: Record<string, string>;
}

export function formatResetsAfter(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hh = Math.floor(total / 3600);
  const mm = Math.floor((total % 3600) / 60);
  const ss = total % 60;
  return [hh, mm, ss].map((n) => String(n).padStart(2, '0')).join(':');
}

export class QuotaTracker {
  private readonly windows = new Map<string, number[]>();
  constructor(private quota: Quota | undefined) {}

  set(quota: Quota | undefined): void {
    this.quota = quota;
    this.windows.clear();
  }

  /** Counts one request by `caller` (a token digest) unless it is over quota. Throttled requests are not counted. */
  take(caller: string, now = Date.now()): QuotaDecision {
    const q = this.quota ?? NOMINAL;
    const enforced = this.quota !== undefined;
    const times = (this.windows.get(caller) ?? []).filter((t) => t > now - q.windowMs);
    this.windows.set(caller, times);
    if (enforced && times.length >= q.perWindow) {
      const resetsAfterMs = times[0]! + q.windowMs - now;
      const headers: Record<string, string> = {
        'x-ms-user-quota-remaining': '0',
        'x-ms-user-quota-resets-after': formatResetsAfter(resetsAfterMs),
      };
      if (q.retryAfter ?? true) headers['retry-after'] = String(Math.max(1, Math.ceil(resetsAfterMs / 1000)));
      return { allowed: false, remaining: 0, resetsAfterMs, headers };
    }
    times.push(now);
    const remaining = Math.max(0, q.perWindow - times.length);
    const resetsAfterMs = times[0]! + q.windowMs - now;
    return {
      allowed: true,
      remaining,
      resetsAfterMs,
      headers: {
        'x-ms-user-quota-remaining': String(remaining),
        'x-ms-user-quota-resets-after': formatResetsAfter(resetsAfterMs),
      },
    };
  }
}
