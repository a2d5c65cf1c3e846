// A leaner heap for the CLI's live runs. Kept apart from the collectors so the CLI can ask for it before it loads the
// spec (the first large allocation) without loading the Azure SDK.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How far V8 lets the heap grow past what the last full collection kept (V8's own default grows it up to 4x). */
export const LEAN_HEAP_GROWING_PERCENT = 30;
let set = false;
/** V8's full collection, once the lean heap is on (a context made after `--expose-gc` is set has `gc`). */
let fullCollection: (() => void) | undefined;

/**
 * A full garbage collection once the heap has grown 30% past what the last one kept, instead of V8's default of up to
 * 4x. A live audit of a large tenant makes a lot of short-lived garbage (responses, pages, YAML nodes) next to a large
 * live set (spec, estate, results): with the default, the peak RSS reaches several times the live set (issue #5: 520
 * MiB instead of under 400 for 2,000 integrations). The cost is a few more full collections of tens of milliseconds.
 * Process-wide: only the CLI asks for it, once, before it loads the spec.
 */
export function useLeanHeap(): void {
  if (set) return;
  set = true;
  setFlagsFromString(`--heap-growing-percent=${LEAN_HEAP_GROWING_PERCENT}`);
  setFlagsFromString('--expose-gc');
  fullCollection = runInNewContext('gc') as () => void;
}

/**
 * A full garbage collection now, when the lean heap is on (the CLI); nothing otherwise (a library caller's heap is
 * its own). For the moment a large transient has just become garbage and a large allocation comes next: a
 * `--snapshot` audit calls it between parsing the snapshot and normalising it, so the snapshot's 80 MiB of text is
 * gone before the estate is built next to the parsed tree (the audit's peak RSS, 316-330 MiB instead of 335-409 MiB
 * for the bench's large estate, six formats). A collection right after loading the spec or after normalising did not
 * help: compacting a large heap needs memory of its own.
 */
export function collectGarbageNow(): void {
  fullCollection?.();
}
