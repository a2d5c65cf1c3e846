// Runs the GitHub Action (action.yml at the repository root) the way the runner runs a composite action: inputs
// substituted, `bash --noprofile --norc -eo pipefail`, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, the action path
// holding this checkout's build (`npm test` builds first). Shared by the action's own test and the examples' test.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, expect } from 'vitest';
import { FORMAT_NAMES } from '../../src/reporters/index.js';
import { ROOT } from './run.js';

export interface Step {
  name: string;
  id?: string;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
  uses?: string;
}

export interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

export const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;
const tmp = mkdtempSync(path.join(tmpdir(), 'synaml-action-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * The action's checkout, as the runner would have it: here a directory outside the repository whose dist/ is this
 * checkout's build. It has no package.json, so the "build if missing" branch can never run `npm ci` over the
 * repository's node_modules (e.g. while another build has removed dist/bin for a moment): it would fail instead.
 */
const ACTION_PATH = path.join(tmp, 'action');
mkdirSync(ACTION_PATH);
symlinkSync(path.join(ROOT, 'dist'), path.join(ACTION_PATH, 'dist'), 'dir');

/** The formats the action asks for by default, as far as this build has them (sarif and markdown come with the CI-gate reporters). */
export const FORMATS = (action.inputs['format']?.default ?? '').split(',').filter((f) => (FORMAT_NAMES as readonly string[]).includes(f)).join(',');

function substitute(text: string, inputs: Record<string, string>): string {
  const out = text
    .replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => inputs[name] ?? action.inputs[name]?.default ?? '')
    .replace(/\$\{\{\s*github\.action_path\s*\}\}/g, ACTION_PATH);
  expect(out, 'an expression the test does not know').not.toMatch(/\$\{\{/);
  return out;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

/** Runs every step of the action in a fresh workspace; stops at the first failing step, like the runner. */
export function runAction(name: string, inputs: Record<string, string>): ActionRun {
  const workspace = path.join(tmp, name);
  const outputFile = path.join(tmp, `${name}.output`);
  const summaryFile = path.join(tmp, `${name}.summary`);
  spawnSync('mkdir', ['-p', workspace]);
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  let code: number | null = 0;
  let stdout = '';
  for (const step of action.runs.steps) {
    expect(step.uses, `step "${step.name}" uses another action; the test runs only run: steps`).toBeUndefined();
    expect(step.shell).toBe('bash');
    const script = path.join(tmp, `${name}-${step.id ?? step.name.replace(/\W+/g, '-')}.sh`);
    writeFileSync(script, substitute(step.run!, inputs));
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(v, inputs)]));
    const child = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: workspace,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', GITHUB_ACTION_PATH: ACTION_PATH, GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, ...env },
      timeout: 60_000,
    });
    stdout += child.stdout;
    code = child.status;
    if (code !== 0) break;
  }
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { code, stdout, outputs, summary: readFileSync(summaryFile, 'utf8'), workspace };
}
