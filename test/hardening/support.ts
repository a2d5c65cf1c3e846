// Shared by the hardening tests: the built CLI spawned asynchronously (so a fake Azure in this process keeps
// answering), a small concurrency pool, and the checks every run must pass whatever its input.
import { spawn } from 'node:child_process';
import { expect } from 'vitest';
import path from 'node:path';
import { CLI, ROOT, type RunResult } from '../cli/run.js';

/** Runs `synaml ...args` without blocking this process's event loop. Killed after `timeoutMs`. */
/** Runs the built CLI; `cwd` defaults to the repository (a run that writes relative paths should be given a temp folder). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000, cwd = ROOT): Promise<RunResult & { ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [path.join(ROOT, CLI), ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Runs `tasks` with at most `limit` in flight; results in task order. */
export async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** A JavaScript stack frame as Node prints it. */
export const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m;

/** What every run must satisfy: a documented exit code, and no stack trace unless --verbose asked for one. */
export function expectOrderlyExit(run: RunResult, args: readonly string[], label = args.join(' ')): void {
  expect([0, 1, 2, 3], `${label}: exit ${run.code}\n${run.stderr}`).toContain(run.code);
  if (!args.includes('--verbose')) expect(run.stderr, label).not.toMatch(STACK_FRAME);
  expect(run.stderr, label).not.toMatch(/internal error|TypeError|ReferenceError|RangeError|SyntaxError: /);
}
