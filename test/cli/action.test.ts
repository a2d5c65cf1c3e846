// The GitHub Action (action.yml at the repository root): its steps' command lines are run the way the runner runs a
// composite action (action-runner.ts) on the demo estate and a template.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS, action, runAction } from './action-runner.js';
import { ROOT } from './run.js';

describe('action.yml', () => {
  it('is a composite action with the documented inputs and outputs', () => {
    expect(action.runs.using).toBe('composite');
    for (const input of ['spec', 'template', 'parameters', 'snapshot', 'baseline', 'args', 'fail-on', 'format', 'output-dir', 'version']) expect(action.inputs[input], input).toBeDefined();
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

  it('passes the baseline and extra args to synaml audit, split on spaces and never evaluated', () => {
    const demo = { spec: path.join(ROOT, 'fixtures/demo/spec.yaml'), snapshot: path.join(ROOT, 'fixtures/demo/snapshot.json'), format: 'json' };
    const first = runAction('write-baseline', { ...demo, 'fail-on': 'never', args: `--now 2026-11-23 --write-baseline baseline.json` });
    expect(first.code).toBe(0);
    const baseline = path.join(first.workspace, 'baseline.json');
    expect(existsSync(baseline)).toBe(true);
    // Every failure is known now: exit 3 only for the demo's unknowns, not 1. `$(...)` and `*` reach synaml as text.
    const run = runAction('baseline', { ...demo, baseline, args: '--now  2026-11-23' });
    expect(run.code).toBe(3);
    const result = JSON.parse(readFileSync(path.join(run.workspace, 'synaml-reports/synaml.json'), 'utf8')) as { baseline: { new: number; known: number } };
    expect(result.baseline).toMatchObject({ new: 0, known: 29 });
    const hostile = runAction('hostile', { ...demo, args: '--now $(touch${IFS}pwned) *' });
    expect(hostile.code).toBe(2);
    expect(existsSync(path.join(hostile.workspace, 'pwned'))).toBe(false);
  });

  it('refuses a baseline with a template (exit 2)', () => {
    const run = runAction('template-baseline', { template: path.join(ROOT, 'test/fixtures/templates/published-msi/TemplateForWorkspace.json'), baseline: 'b.json' });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/::error title=synaml::the baseline input goes with spec/);
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
