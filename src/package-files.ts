// Files shipped beside the code (schemas). Found by walking up from this module to the package root, so the same
// code works from src/ (tests) and from dist/src/ (the installed CLI).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The directory holding synaml's package.json. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'schema'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the synaml package root');
    dir = up;
  }
  root = dir;
  return dir;
}

/** A JSON Schema shipped in `schema/`. */
export function readSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(packageRoot(), 'schema', name), 'utf8')) as Record<string, unknown>;
}
