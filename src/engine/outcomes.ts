// Outcome constructors every rule uses: pass, fail, not-applicable and unknown (with the read error).
import type { SnapshotError } from '../estate/model.js';
import { readStatusPrefix } from '../estate/snapshot.js';
import type { Check } from './types.js';

/** Message templates every rule includes for its `unknown` outcomes. */
export const COMMON_MESSAGES = {
  unknown: 'Could not evaluate: {{what}} could not be read ({{reason}}).',
} as const;

type Extra = Omit<Check, 'outcome' | 'messageId'>;

// On the rules' hot paths a spread comes last (`{ data, ...base }`, not `{ ...base, data }`) or not at all: in Node 20's
// V8 an object literal that spreads and then adds properties takes a slow path, about a microsecond each, against tens
// of nanoseconds the other way round, and the audit of a large estate builds tens of thousands of them.

export const pass = (messageId: string, extra: Extra = {}): Check => ({ outcome: 'pass', messageId, ...extra });
export const fail = (messageId: string, extra: Extra = {}): Check => ({ outcome: 'fail', messageId, ...extra });
export const notApplicable = (messageId: string, extra: Extra = {}): Check => ({ outcome: 'not-applicable', messageId, ...extra });

/** An `unknown` outcome carrying the read error; `what` says in words which data was missing. */
export function unknown(error: SnapshotError, what: string, extra: Extra = {}): Check {
  const status = readStatusPrefix(error);
  const missing = error.missing ? `; missing: ${error.missing}` : '';
  return {
    outcome: 'unknown',
    messageId: 'unknown',
    ...extra,
    data: { what, reason: `${status}${error.message}${missing}`, ...(extra.data ?? {}) },
    error,
  };
}
