// The CI examples in examples/ are YAML their platforms accept, wire the reports where the issue says, and every
// synaml command in them is a valid invocation: each is run through the built CLI against the demo (a snapshot
// instead of live Azure), and must not be a usage error. synaml is not on npm yet, so the examples take it from the
// repository at a pinned commit: `npx --yes <source>` with the source in one variable, and the action by commit SHA
// (`uses: .../synaml@COMMIT-SHA`): those steps are run through action.yml (action-runner.ts) with their inputs.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { action, runAction } from './action-runner.js';
import { ROOT, synaml } from './run.js';

const EXAMPLES = path.join(ROOT, 'examples');
const files = readdirSync(EXAMPLES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yml')).sort();

type Yaml = Record<string, any>;
const load = (file: string): Yaml => {
  const doc = parseDocument(readFileSync(path.join(EXAMPLES, file), 'utf8'));
  expect(doc.errors, file).toEqual([]);
  return doc.toJS() as Yaml;
};

/** Every shell script in a workflow or pipeline: GitHub `run:`, Azure Pipelines `script:` and `inlineScript:`. */
function scripts(doc: Yaml): string[] {
  const steps: Yaml[] = doc['jobs'] ? Object.values(doc['jobs'] as Record<string, Yaml>).flatMap((j) => j['steps'] as Yaml[]) : (doc['steps'] as Yaml[]);
  return steps.flatMap((s) => [s['run'], s['script'], s['inputs']?.['inlineScript']].filter((x): x is string => typeof x === 'string'));
}

/** Shell-ish tokens of one command line: double quotes removed, redirections and what follows `;`/`||`/`&&` dropped. */
function tokens(line: string): string[] {
  const words = line.match(/"[^"]*"|\S+/g) ?? [];
  const out: string[] = [];
  for (const word of words) {
    if (['>', '>>', '2>', '|', '||', '&&', ';'].includes(word) || word.startsWith('>')) break;
    out.push(word.replace(/^"|"$/g, ''));
  }
  return out;
}

/** Where the examples take synaml from: the repository at a reviewed commit (placeholders the user replaces). */
const SOURCE = 'github:YOUR-ORG/synaml#COMMIT-SHA';

/** The synaml invocations in a script: `npx --yes "$SYNAML" <command> <args>` (GitHub) or `npx --yes $(synaml) ...` (Azure Pipelines). */
function invocations(script: string): Array<{ args: string[] }> {
  const joined = script.replace(/\\\n\s*/g, ' ');
  return joined.split('\n').flatMap((line) => {
    const at = line.search(/npx --yes ("\$SYNAML"|\$\(synaml\))/);
    if (at < 0) return [];
    const [, ...args] = tokens(line.slice(at + 'npx --yes '.length));
    return [{ args }];
  });
}

/** The variable an example keeps synaml's source in: GitHub's workflow `env.SYNAML`, Azure Pipelines' `variables.synaml`. */
const sourceOf = (doc: Yaml): unknown => doc['env']?.['SYNAML'] ?? doc['variables']?.['synaml'];

const dir = mkdtempSync(path.join(tmpdir(), 'synaml-examples-'));
const DEMO_SPEC = 'fixtures/demo/spec.yaml';
const DEMO_SNAPSHOT = ['--snapshot', 'fixtures/demo/snapshot.json', '--now', '2026-11-23'];
let baseline: string;
let resultFile: string;

beforeAll(() => {
  baseline = path.join(dir, 'baseline.json');
  resultFile = path.join(dir, 'result.json');
  const run = synaml(['audit', DEMO_SPEC, ...DEMO_SNAPSHOT, '--write-baseline', baseline, '--format', 'json', '--fail-on', 'never']);
  expect(run.code, run.stderr).toBe(0);
  writeFileSync(resultFile, run.stdout);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The invocation made runnable here: the demo spec and snapshot, temporary output, the demo's baseline and results. */
function runnable(args: string[], n: number): string[] {
  const [command, ...rest] = args;
  const out: string[] = [command!];
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--output-dir') out.push(arg, path.join(dir, `out-${n}`)), i++;
    else if (arg === '--baseline') out.push(arg, baseline), i++;
    else if (arg.startsWith('--')) {
      out.push(arg);
      if (rest[i + 1] !== undefined && !rest[i + 1]!.startsWith('--')) out.push(rest[++i]!);
    } else positional.push(arg);
  }
  if (command === 'diff') return [command, resultFile, resultFile, ...out.slice(1)];
  if (command === 'check-template') {
    expect(positional).toHaveLength(1);
    const fixture = templateFixture(positional[0]!);
    const options: string[] = [];
    for (let i = 1; i < out.length; i++) {
      const option = out[i]!;
      const takesValue = i + 1 < out.length && !out[i + 1]!.startsWith('--');
      const value = takesValue ? out[++i]! : undefined;
      if (option in fixture.options) {
        const mapped = fixture.options[option];
        if (mapped !== undefined) options.push(option, mapped);
      } else options.push(option, ...(value === undefined ? [] : [value]));
    }
    return [command, fixture.template, ...options, '--now', '2026-11-23'];
  }
  expect(positional).toEqual(['synaml/spec.yaml']);
  return [command!, DEMO_SPEC, ...(command === 'audit' ? DEMO_SNAPSHOT : []), ...out.slice(1)];
}

/** Every step of a workflow or pipeline. */
function steps(doc: Yaml): Yaml[] {
  return doc['jobs'] ? Object.values(doc['jobs'] as Record<string, Yaml>).flatMap((j) => j['steps'] as Yaml[]) : (doc['steps'] as Yaml[]);
}

/** The steps that run synaml as its GitHub Action. */
const actionSteps = (doc: Yaml): Yaml[] => steps(doc).filter((s) => /^[\w.-]+\/synaml@/.test(String(s['uses'] ?? '')));

const TEMPLATES = path.join(ROOT, 'test/fixtures/templates/published-msi');
const FIXTURES = path.join(ROOT, 'test/fixtures/templates');

/**
 * The fixture of the input kind an example checks, and how its options map: a Terraform plan JSON, a Synapse Git
 * folder, a .bicep file (its compiled output: no Bicep CLI here), a Synapse Studio template. `undefined` drops an option.
 */
function templateFixture(input: string): { template: string; options: Record<string, string | undefined> } {
  if (input.endsWith('tfplan.json')) return { template: path.join(FIXTURES, 'terraform-module/plan.json'), options: { '--terraform-dir': path.join(FIXTURES, 'terraform-module') } };
  if (input.endsWith('.bicep')) return { template: path.join(FIXTURES, 'bicep-unresolved/main.json'), options: { '--parameters': path.join(FIXTURES, 'bicep-unresolved/main.parameters.json') } };
  if (input.endsWith('TemplateForWorkspace.json')) return { template: path.join(TEMPLATES, 'TemplateForWorkspace.json'), options: { '--parameters': undefined, '--spec': path.join(TEMPLATES, 'spec.yaml') } };
  return { template: path.join(FIXTURES, 'synapse-git'), options: { '--spec': path.join(TEMPLATES, 'spec.yaml') } };
}

/** An action step's inputs made runnable here: the demo (or a template fixture and its spec), temporary output. */
function runnableInputs(inputs: Record<string, string>, n: number): Record<string, string> {
  const out: Record<string, string> = { ...inputs, 'output-dir': path.join(dir, `action-${n}`) };
  if (inputs['template'] !== undefined) {
    const fixture = templateFixture(inputs['template']);
    out['template'] = fixture.template;
    if ('--parameters' in fixture.options) {
      const parameters = fixture.options['--parameters'];
      if (parameters === undefined) delete out['parameters']; // the fixture takes its values from the template's defaults
      else out['parameters'] = parameters;
    }
    if (inputs['spec'] !== undefined) out['spec'] = path.join(TEMPLATES, 'spec.yaml');
    if (inputs['args'] !== undefined) out['args'] = inputs['args'].replace(/--terraform-dir \S+/, `--terraform-dir ${path.join(FIXTURES, 'terraform-module')}`);
  } else {
    expect(inputs['spec']).toBe('synaml/spec.yaml');
    out['spec'] = path.join(ROOT, DEMO_SPEC);
    out['snapshot'] = path.join(ROOT, 'fixtures/demo/snapshot.json');
    out['args'] = [inputs['args'] ?? '', '--now 2026-11-23'].join(' ').trim();
    if (inputs['baseline'] !== undefined) out['baseline'] = baseline;
  }
  return out;
}

describe('examples/', () => {
  it('has a gate and a nightly pipeline, and a check-template gate per input kind, for GitHub Actions and Azure Pipelines', () => {
    expect(files).toEqual([
      'azure-pipelines/synaml-bicep.yml',
      'azure-pipelines/synaml-gate.yml',
      'azure-pipelines/synaml-nightly.yml',
      'azure-pipelines/synaml-synapse-git.yml',
      'azure-pipelines/synaml-template.yml',
      'azure-pipelines/synaml-terraform.yml',
      'github-actions/synaml-bicep.yml',
      'github-actions/synaml-gate.yml',
      'github-actions/synaml-nightly.yml',
      'github-actions/synaml-synapse-git.yml',
      'github-actions/synaml-template.yml',
      'github-actions/synaml-terraform.yml',
    ]);
  });

  it.each(files.filter((f) => f.startsWith('github-actions/')))('%s: runs synaml as the action, pinned to a commit, with inputs the action declares', (file) => {
    const found = actionSteps(load(file));
    expect(found.length, file).toBeGreaterThan(0);
    found.forEach((step, n) => {
      expect(String(step['uses']), `${file}: pin a commit (no release tag exists yet)`).toBe('YOUR-ORG/synaml@COMMIT-SHA');
      const inputs = step['with'] as Record<string, string>;
      for (const key of Object.keys(inputs)) expect(action.inputs[key], `${file}: input ${key}`).toBeDefined();
      const run = runAction(`${file.replace(/\W+/g, '-')}-${n}`, runnableInputs(inputs, n));
      expect(run.code, `${file}: ${JSON.stringify(inputs)}\n${run.stdout}`).not.toBe(2);
      expect(run.outputs['exit-code']).toBe(String(run.code));
      if (String(inputs['format']).includes('markdown')) expect(run.summary).toMatch(/synaml/);
    });
  });

  it.each(files)('%s: every synaml command line is a valid invocation of this checkout, taken from a pinned commit', (file) => {
    const doc = load(file);
    expect(sourceOf(doc), `${file}: one variable says where synaml comes from`).toBe(SOURCE);
    // No reference to a registry version or release tag that does not exist yet.
    expect(readFileSync(path.join(EXAMPLES, file), 'utf8')).not.toMatch(/synaml@v?\d/);
    const calls = scripts(doc).flatMap(invocations);
    // A workflow that runs synaml only as the action has no command line of its own.
    expect(calls.length + actionSteps(doc).length, file).toBeGreaterThan(0);
    calls.forEach(({ args }, n) => {
      const run = synaml(runnable(args, n));
      expect(run.code, `${file}: synaml ${args.join(' ')}\n${run.stderr}`).not.toBe(2);
      expect(run.stderr).not.toMatch(/unknown option|error: /);
    });
  });

  it('GitHub gate: OIDC sign-in, the audit with a baseline, SARIF to code scanning (the action writes the job summary)', () => {
    const doc = load('github-actions/synaml-gate.yml');
    expect(doc['permissions']).toMatchObject({ 'id-token': 'write', 'security-events': 'write' });
    const all = steps(doc);
    const login = all.find((s) => String(s['uses']).startsWith('azure/login@'))!;
    expect(Object.keys(login['with']).sort()).toEqual(['client-id', 'subscription-id', 'tenant-id']); // no client secret
    const [audit] = actionSteps(doc);
    expect(all.indexOf(audit!)).toBeGreaterThan(all.indexOf(login));
    expect(audit!['with']).toMatchObject({ spec: 'synaml/spec.yaml', format: 'sarif,junit,markdown,json', 'output-dir': 'reports', 'fail-on': 'error', baseline: '.synaml/baseline.json' });
    expect(all.find((s) => String(s['uses']).startsWith('github/codeql-action/upload-sarif@'))).toMatchObject({
      if: expect.stringContaining('always()'),
      with: { sarif_file: `\${{ steps.${audit!['id']}.outputs.sarif-file }}` },
    });
  });

  it('GitHub template gate: check-template on the published workspace template, SARIF on the template', () => {
    const doc = load('github-actions/synaml-template.yml');
    const all = steps(doc);
    expect(all.some((s) => String(s['uses']).startsWith('azure/login@'))).toBe(false); // no Azure needed
    const [check] = actionSteps(doc);
    expect(check!['with']).toMatchObject({ template: expect.stringMatching(/TemplateForWorkspace\.json$/), parameters: expect.stringMatching(/TemplateParametersForWorkspace\.json$/), spec: 'synaml/spec.yaml' });
    expect(all.find((s) => String(s['uses']).startsWith('github/codeql-action/upload-sarif@'))).toMatchObject({ with: { category: 'synaml-template' } });
  });

  it('Terraform gates: plan, terraform show -json, then synaml on the plan JSON with --terraform-dir; SARIF uploaded', () => {
    const gh = load('github-actions/synaml-terraform.yml');
    const ghSteps = steps(gh);
    const plan = ghSteps.find((s) => String(s['run'] ?? '').includes('terraform show -json'))!;
    expect(plan['run']).toMatch(/terraform plan .*-out=tfplan[\s\S]*terraform show -json tfplan > tfplan\.json/);
    const [check] = actionSteps(gh);
    expect(ghSteps.indexOf(check!)).toBeGreaterThan(ghSteps.indexOf(plan));
    expect(check!['with']).toMatchObject({ template: 'infra/tfplan.json', args: '--terraform-dir infra' });
    expect(ghSteps.find((s) => String(s['uses']).startsWith('github/codeql-action/upload-sarif@'))).toMatchObject({ with: { category: 'synaml-terraform' } });
    const ado = load('azure-pipelines/synaml-terraform.yml');
    expect(scripts(ado).join('\n')).toMatch(/terraform show -json tfplan > tfplan\.json[\s\S]*check-template infra\/tfplan\.json[\s\\]+--terraform-dir infra/);
    expect((ado['steps'] as Yaml[]).find((s) => s['task'] === 'PublishPipelineArtifact@1')).toMatchObject({ inputs: { targetPath: '$(reports)/synaml.sarif', artifact: 'CodeAnalysisLogs' } });
  });

  it('Synapse Git and Bicep gates: the folder or the .bicep file as the template, SARIF uploaded', () => {
    expect(actionSteps(load('github-actions/synaml-synapse-git.yml'))[0]!['with']).toMatchObject({ template: 'synapse', args: '--workspace syn-prod' });
    expect(actionSteps(load('github-actions/synaml-bicep.yml'))[0]!['with']).toMatchObject({ template: 'infra/main.bicep' });
    expect(scripts(load('azure-pipelines/synaml-synapse-git.yml')).join('\n')).toMatch(/check-template synapse /);
    expect(scripts(load('azure-pipelines/synaml-bicep.yml')).join('\n')).toMatch(/az bicep install[\s\S]*check-template infra\/main\.bicep/);
    for (const file of ['azure-pipelines/synaml-synapse-git.yml', 'azure-pipelines/synaml-bicep.yml', 'azure-pipelines/synaml-template.yml']) {
      expect((load(file)['steps'] as Yaml[]).find((s) => s['task'] === 'PublishPipelineArtifact@1')?.['inputs']?.['artifact'], file).toBe('CodeAnalysisLogs');
    }
  });

  it('Azure Pipelines gate: service connection, JUnit to PublishTestResults, the HTML as an artifact', () => {
    const doc = load('azure-pipelines/synaml-gate.yml');
    const steps = doc['steps'] as Yaml[];
    expect(steps.find((s) => s['task'] === 'AzureCLI@2')!['inputs']['azureSubscription']).toBe('synaml-audit');
    expect(steps.find((s) => s['task'] === 'PublishTestResults@2')).toMatchObject({
      condition: 'succeededOrFailed()',
      inputs: { testResultsFormat: 'JUnit', testResultsFiles: '$(reports)/synaml.junit.xml' },
    });
    expect(steps.find((s) => s['task'] === 'PublishPipelineArtifact@1' && s['inputs']['artifact'] === 'synaml-report')).toMatchObject({ inputs: { targetPath: '$(reports)' } });
    expect(scripts(doc).join('\n')).toMatch(/--format junit,sarif,markdown,html,json/);
  });

  it('nightly pipelines: on a schedule, report-only, HTML/JSON/Markdown kept, diff posted, fail on new', () => {
    const gh = load('github-actions/synaml-nightly.yml');
    const ado = load('azure-pipelines/synaml-nightly.yml');
    expect(gh['on']['schedule'][0]['cron']).toMatch(/^\d+ \d+ \* \* \*$/);
    expect(ado['schedules'][0]).toMatchObject({ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/), always: true });
    expect(actionSteps(gh)[0]!['with']).toMatchObject({ format: 'html,json,markdown', 'output-dir': 'reports', 'fail-on': 'never' });
    expect(scripts(ado).join('\n')).toMatch(/--format html,json,markdown[\s\\]+--output-dir \S+[\s\\]+--fail-on never/);
    for (const doc of [gh, ado]) {
      const text = scripts(doc).join('\n');
      expect(text).toMatch(/diff \S+synaml\.json\S* \S+synaml\.json\S* --format markdown/);
      expect(text).toMatch(/--fail-on-new/);
    }
  });
});
