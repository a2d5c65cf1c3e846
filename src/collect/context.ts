// What every collector of one run shares: the transport, the deadline, the concurrency limit, where errors go, and
// progress reporting.
import type { SnapshotError } from '../estate/snapshot.js';
import type { Limiter } from './limiter.js';
import type { Deadline } from './resilience.js';
import type { Transport } from './transport.js';

export interface ProgressEvent {
  phase: string;
  done: number;
  total: number;
  detail?: string;
}

/** Counts work per phase and reports it; totals grow as later rounds are planned. */
export class Progress {
  private readonly counts = new Map<string, { done: number; total: number }>();
  constructor(private readonly listener?: (e: ProgressEvent) => void) {}

  plan(phase: string, more: number, detail?: string): void {
    const c = this.counter(phase);
    c.total += more;
    this.emit(phase, c, detail);
  }

  step(phase: string, detail?: string): void {
    const c = this.counter(phase);
    c.done += 1;
    this.emit(phase, c, detail);
  }

  note(phase: string, detail: string): void {
    this.emit(phase, this.counter(phase), detail);
  }

  private counter(phase: string) {
    let c = this.counts.get(phase);
    if (!c) this.counts.set(phase, (c = { done: 0, total: 0 }));
    return c;
  }

  private emit(phase: string, c: { done: number; total: number }, detail: string | undefined): void {
    if (!this.listener) return;
    try {
      this.listener({ phase, done: c.done, total: c.total, ...(detail !== undefined ? { detail } : {}) });
    } catch {
      // A failing progress listener must not fail the collection.
    }
  }
}

export interface CollectContext {
  transport: Transport;
  deadline: Deadline;
  /** Bounds the ARM and Synapse data-plane reads in flight (`--concurrency`). */
  limit: Limiter;
  /**
   * Bounds the Resource Graph queries in flight, apart from `limit`: they are paced by the quota, and must not queue
   * behind thousands of data-plane reads (nor hold their slots while they wait for the quota).
   */
  queryLimit: Limiter;
  /** Resource Manager endpoint, no trailing slash. */
  armEndpoint: string;
  /** DNS suffix of Synapse data-plane endpoints for this cloud (e.g. dev.azuresynapse.net). */
  synapseSuffix: string;
  errors: SnapshotError[];
  progress: Progress;
}
