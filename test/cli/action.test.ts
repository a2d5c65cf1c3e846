// The GitHub Action (action.yml at the repository root): its steps' command lines are run the way the runner runs a
// composite action — inputs substituted, `bash --noprofile --norc -eo pipefail`, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY
// files, the action path holding this checkout's build (`npm test` builds first) — on the demo estate and a template.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { FORMAT_NAMES } from '../../src/reporters/index.js';
import { ROOT } from './run.js';

interface Step {
  name: string;
  id?: string;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
  uses?: string;
}

interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;
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
const FORMATS = (action.inputs['format']?.default ?? '').split(',').filter((f) => (FORMAT_NAMES as readonly string[]).includes(f)).join(',');

function substitute(text: string, inputs: Record<string, string>): string {
  const out = text
    .replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => inputs[name] ?? action.inputs[name]?.default ?? '')
    .replace(/\$\{\{\s*github\.action_path\s*\}\}/g, ACTION_PATH);
  expect(out, 'an expression the test does not know').not.toMatch(/\$\{\{/);
  return out;
}

interface ActionRun {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

/** Runs every step of the action in a fresh workspace; stops at the first failing step, like the runner. */
function runAction(name: string, inputs: Record<string, string>): ActionRun {
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

describe('action.yml', () => {
  it('is a composite action with the documented inputs and outputs', () => {
    expect(action.runs.using).toBe('composite');
    for (const input of ['spec', 'template', 'parameters', 'snapshot', 'fail-on', 'format', 'output-dir', 'version']) expect(action.inputs[input], input).toBeDefined();
    expect(action.inputs['fail-on']!.default).toBe('error');
    expect(action.inputs['format']!.default).toBe('sarif,markdown,json');
    expect(action.inputs['output-dir']!.default).toBe('synaml-reports');
    expect(Object.keys(action.outputs).sort()).toEqual(['exit-code', 'sarif-file']);
    // Inputs reach the scripts as environment variables only, never spliced into the script text.
    for (const step of action.runs.steps) expect(step.run).not.toMatch(/\$\{\{/);
  });

  it('audits the demo: exit code 3 (unknowns), reports written, outputs set', () => {
    const run = runAction('demo', { spec: path.join(ROOT, 'fixtures/demo/spec.yaml'), snapshot: path.join(ROOT, 'fixtures/demo/snapshot.json'), format: FORMATS });
    expect(run.code).toBe(3);
    expect(run.outputs['exit-code']).toBe('3');
    expect(existsSync(path.join(run.workspace, 'synaml-reports/synaml.json'))).toBe(true);
    if (FORMATS.includes('sarif')) {
      expect(run.outputs['sarif-file']).toBe('synaml-reports/synaml.sarif');
      expect(existsSync(path.join(run.workspace, run.outputs['sarif-file']!))).toBe(true);
    } else expect(run.outputs['sarif-file']).toBe('');
    if (FORMATS.includes('markdown')) expect(run.summary).toMatch(/synaml/);
  });

  it('passes the gate in report-only mode (fail-on: never)', () => {
    const run = runAction('never', { spec: path.join(ROOT, 'fixtures/demo/spec.yaml'), snapshot: path.join(ROOT, 'fixtures/demo/snapshot.json'), 'fail-on': 'never', format: 'json' });
    expect(run.code).toBe(0);
    expect(run.outputs['exit-code']).toBe('0');
  });

  it('checks a deployment template (template input): exit code 1 for a self-hosted runtime', () => {
    const run = runAction('template', { template: path.join(ROOT, 'test/fixtures/templates/published-self-hosted/TemplateForWorkspace.json'), format: FORMATS });
    expect(run.code).toBe(1);
    expect(run.outputs['exit-code']).toBe('1');
    const result = JSON.parse(readFileSync(path.join(run.workspace, 'synaml-reports/synaml.json'), 'utf8')) as { source: { kind: string }; results: Array<{ ruleId: string; outcome: string }> };
    expect(result.source.kind).toBe('template');
    expect(result.results).toContainEqual(expect.objectContaining({ ruleId: 'SA002', outcome: 'fail' }));
  });

  it('exits 2 with an error annotation when neither spec nor template is given', () => {
    const run = runAction('none', {});
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^::error title=synaml::give the spec input/m);
    expect(run.outputs['exit-code']).toBe('2');
  });
});
