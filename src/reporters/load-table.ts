// cli-table3 (and its colour and width helpers) costs ~15 ms to load; only table output needs it, so it is
// required on first use rather than imported at start-up (`validate --format json` stays fast).
import { createRequire } from 'node:module';
import type CliTable3 from 'cli-table3';

let cached: typeof CliTable3 | undefined;

export function tableClass(): typeof CliTable3 {
  cached ??= createRequire(import.meta.url)('cli-table3') as typeof CliTable3;
  return cached;
}
