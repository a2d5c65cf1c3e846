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

/** An action step's inputs made runnable here: the demo (or a template fixture and its spec), temporary output. */
function runnableInputs(inputs: Record<string, string>, n: number): Record<string, string> {
  const out: Record<string, string> = { ...inputs, 'output-dir': path.join(dir, `action-${n}`) };
  if (inputs['template'] !== undefined) {
    out['template'] = path.join(TEMPLATES, 'TemplateForWorkspace.json');
    delete out['parameters']; // the fixture takes its values from the template's defaults
    if (inputs['spec'] !== undefined) out['spec'] = path.join(TEMPLATES, 'spec.yaml');
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
  it('has a gate and a nightly pipeline for GitHub Actions and Azure Pipelines, and a template gate for GitHub', () => {
    expect(files).toEqual([
      'azure-pipelines/synaml-gate.yml',
      'azure-pipelines/synaml-nightly.yml',
      'github-actions/synaml-gate.yml',
      'github-actions/synaml-nightly.yml',
      'github-actions/synaml-template.yml',
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
    expect(calls.length, file).toBeGreaterThan(0);
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
