// Finding the configuration file, apart from reading it (load.ts): every command looks for one, and most runs have
// none, so the search must not load what reading one needs (yaml, the ajv compiler: about 0.45 MB of JavaScript).
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The names looked for, in this order, in each folder. */
export const CONFIG_FILE_NAMES = ['synaml.config.yaml', '.synamlrc.yaml'] as const;

/** The nearest configuration file at or above `startDir`, if any. */
export function findConfigFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
