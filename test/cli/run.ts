// Runs the built CLI (`npm test` builds first) as a child process, the way a CI job would: no TTY, no colour.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = 'dist/bin/synaml.mjs';
export const FIXTURES = 'test/fixtures/cli';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function synaml(args: string[], env: NodeJS.ProcessEnv = {}): RunResult {
  return runScript(CLI, args, env);
}

/**
 * Runs a script of the build (`entry`, e.g. the bin or dist/bin/main.mjs) with Node's options `nodeArgs` before it, on
 * the Node running the tests or the one at `node`.
 */
export function runScript(entry: string, args: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = [], node = process.execPath): RunResult {
  const child = spawnSync(node, [...nodeArgs, entry, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 20_000,
  });
  if (child.error) throw child.error;
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

export const fixture = (name: string) => `${FIXTURES}/${name}`;

/** A snapshot audit of the CLI fixtures on a fixed day, as JSON. */
export function auditJson(spec: string, snapshot: string, ...extra: string[]): RunResult {
  return synaml(['audit', fixture(spec), '--snapshot', fixture(snapshot), '--now', '2026-11-23', '--format', 'json', ...extra]);
}
