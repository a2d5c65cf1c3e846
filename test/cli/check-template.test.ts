// End-to-end: `synaml check-template` over the template fixtures, as a CI job runs it: exit codes, the JSON result,
// SARIF regions in the template, and exit 2 with file:line:column for files that are not templates.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/engine/types.js';
import { FORMAT_NAMES } from '../../src/reporters/index.js';
import { ACCEPTED_NOTES, validateSarif } from '../support/sarif-validator.js';
import { ROOT, synaml } from './run.js';

const T = 'test/fixtures/templates';
const schema = JSON.parse(readFileSync(path.join(ROOT, 'schema/result-v1.schema.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats.default(ajv);
const validateResult = ajv.compile(schema);
const tmp = mkdtempSync(path.join(tmpdir(), 'synaml-check-template-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function checkJson(...args: string[]) {
  const run = synaml(['check-template', ...args, '--now', '2026-11-23', '--format', 'json']);
  const result = run.stdout ? (JSON.parse(run.stdout) as AuditResult) : undefined;
  if (result) expect(validateResult(result), JSON.stringify(validateResult.errors)).toBe(true);
  return { ...run, result };
}

describe('synaml check-template', () => {
  it('exits 1 for a self-hosted runtime, with the finding located in the template', () => {
    const run = checkJson(`${T}/published-self-hosted/TemplateForWorkspace.json`);
    expect(run.code).toBe(1);
    expect(run.result!.source).toEqual({ kind: 'template', file: `${T}/published-self-hosted/TemplateForWorkspace.json` });
    const fail = run.result!.results.find((e) => e.outcome === 'fail');
    expect(fail).toMatchObject({ ruleId: 'SA002', location: { file: `${T}/published-self-hosted/TemplateForWorkspace.json`, line: 29, column: 23 } });
    // What the template cannot answer is a warning on stderr, not a pass.
    expect(run.stderr).toMatch(/TemplateForWorkspace\.json:16:12: warning: SA001 \(exfiltration-protection-blocks-aml\) is not evaluated .* \[not-in-template\]/);
    expect(synaml(['check-template', `${T}/published-self-hosted/TemplateForWorkspace.json`, '--now', '2026-11-23', '--format', 'json', '--quiet']).stderr).toBe('');
  });

  it('exits 0 when only warnings fail under --fail-on error, 1 under --fail-on warning', () => {
    const file = `${T}/published-msi/TemplateForWorkspace.json`;
    expect(checkJson(file).code).toBe(0);
    expect(checkJson(file, '--fail-on', 'warning').code).toBe(1);
  });

  it('exits 3 when an expression a rule needs cannot be resolved, and 1 once --parameters gives it', () => {
    const unresolved = checkJson(`${T}/bicep-unresolved/main.json`);
    expect(unresolved.code).toBe(3);
    expect(unresolved.result!.results.filter((e) => e.outcome === 'unknown').map((e) => e.reason?.scope)).toEqual([`${T}/bicep-unresolved/main.json:103:33`, `${T}/bicep-unresolved/main.json:103:33`]);
    const resolved = checkJson(`${T}/bicep-unresolved/main.json`, '--parameters', `${T}/bicep-unresolved/main.parameters.json`, '--fail-on', 'warning');
    expect(resolved.code).toBe(1);
  });

  it('checks a template against a spec (--spec): SA016 and SA100', () => {
    const run = checkJson(`${T}/published-msi/TemplateForWorkspace.json`, '--spec', `${T}/published-msi/spec.yaml`, '--fail-on', 'error');
    expect(run.code).toBe(1);
    expect(run.result!.spec).toBe(`${T}/published-msi/spec.yaml`);
    expect(run.result!.results.some((e) => e.ruleId === 'SA100' && e.outcome === 'fail')).toBe(true);
    expect(run.result!.results.find((e) => e.ruleId === 'SA016' && e.outcome === 'fail')?.location).toEqual({ file: `${T}/published-msi/spec.yaml`, line: 16, column: 11 });
  });

  it('exits 2 when no integration of the spec is about the template\'s workspace', () => {
    const run = synaml(['check-template', `${T}/published-self-hosted/TemplateForWorkspace.json`, '--spec', 'fixtures/demo/spec.yaml', '--subscription-id', '11111111-2222-4333-8444-555555555555']);
    expect(run.code).toBe(0 + 1); // syn-research is in the demo spec: research-dev is checked
    const none = synaml(['check-template', `${T}/bicep-unresolved/main.json`, '--spec', 'fixtures/demo/spec.yaml']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no integration in fixtures\/demo\/spec\.yaml is about a Synapse workspace the template deploys to \(template: syn-ml;/);
  });

  it('exits 2 with file:line:column for a file that is not JSON or not a template', () => {
    const bad = path.join(tmp, 'bad.json');
    writeFileSync(bad, '{\n  "resources": [\n    { "name": "x", }\n    oops\n  ]\n}\n');
    const run = synaml(['check-template', bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:5: the template is not valid JSON`));
    const params = synaml(['check-template', `${T}/published-parameters/TemplateParametersForWorkspace.json`]);
    expect(params.code).toBe(2);
    expect(params.stderr).toMatch(/TemplateParametersForWorkspace\.json:1:1: this is a parameters file/);
    expect(synaml(['check-template', path.join(tmp, 'missing.json')]).stderr).toMatch(/missing\.json: cannot read the template: no such file/);
    expect(synaml(['check-template', `${T}/published-msi/TemplateForWorkspace.json`, '--subscription-id', 'not-a-guid']).code).toBe(2);
  });

  it.runIf(FORMAT_NAMES.includes('sarif' as never))('SARIF annotates the template at the finding', () => {
    const out = path.join(tmp, 'sarif');
    const run = synaml(['check-template', `${T}/published-self-hosted/TemplateForWorkspace.json`, '--now', '2026-11-23', '--format', 'sarif,json', '--output-dir', out]);
    expect(run.code).toBe(1);
    const sarif = JSON.parse(readFileSync(path.join(out, 'synaml.sarif'), 'utf8')) as {
      runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }> }> }>;
    };
    const result = sarif.runs[0]!.results.find((r) => r.ruleId === 'SA002')!;
    expect(result.locations[0]!.physicalLocation).toMatchObject({
      artifactLocation: { uri: `${T}/published-self-hosted/TemplateForWorkspace.json` },
      region: { startLine: 29, startColumn: 23 },
    });
  });

  it('--help lists the rules it evaluates and the expressions it resolves', () => {
    const run = synaml(['check-template', '--help']);
    expect(run.code).toBe(0);
    for (const id of ['SA001', 'SA002', 'SA003', 'SA013', 'SA014', 'SA015', 'SA016', 'SA100']) expect(run.stdout).toMatch(new RegExp(`^  ${id}  `, 'm'));
    expect(run.stdout).toMatch(/^Expressions: parameters\(\)/m);
    expect(run.stdout).toMatch(/Exit codes:/);
  });
});

describe('synaml check-template: a Terraform plan', () => {
  const plan = `${T}/terraform-module/plan.json`;

  it('detects the plan, names resource addresses, and with --terraform-dir relates each finding to its .tf resource block (SARIF)', () => {
    const run = synaml(['check-template', plan, '--terraform-dir', `${T}/terraform-module`, '--now', '2026-11-23', '--format', 'sarif']);
    // Findings, and values known only after apply: exit 3 (the check could not complete).
    expect(run.code).toBe(3);
    const sarif = JSON.parse(run.stdout) as { runs: Array<{ results: Array<{ ruleId: string; message: { text: string }; locations: any[]; relatedLocations?: any[] }> }> };
    const sa001 = sarif.runs[0]!.results.find((r) => r.ruleId === 'SA001')!;
    expect(sa001.message.text).toContain('[module.platform.azurerm_synapse_workspace.this]');
    expect(sa001.locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: plan }, region: { startLine: 144, startColumn: 17 } });
    expect(sa001.relatedLocations?.[0].physicalLocation).toMatchObject({ artifactLocation: { uri: `${T}/terraform-module/modules/platform/main.tf` }, region: { startLine: 13, startColumn: 1 } });
    expect(readFileSync(path.join(ROOT, `${T}/terraform-module/modules/platform/main.tf`), 'utf8').split('\n')[12]).toBe('resource "azurerm_synapse_workspace" "this" {');
    // Microsoft's SARIF validator accepts the related locations.
    const file = path.join(tmp, 'terraform.sarif');
    writeFileSync(file, run.stdout);
    expect(validateSarif(file).filter((f) => !ACCEPTED_NOTES.includes(f.ruleId))).toEqual([]);
  }, 60_000);

  it('the JSON result carries relatedLocations and validates against the schema; --input arm refuses the plan (exit 2)', () => {
    const run = checkJson(plan, '--terraform-dir', `${T}/terraform-module`);
    expect(run.result!.results.find((e) => e.ruleId === 'SA013')?.relatedLocations).toEqual([{ file: `${T}/terraform-module/modules/platform/main.tf`, line: 28, column: 1 }]);
    // A root resource: the root folder's main.tf.
    const root = run.result!.results.find((e) => e.message.includes('[azurerm_synapse_linked_service.aml_uami]'));
    expect(root?.relatedLocations).toEqual([{ file: `${T}/terraform-module/main.tf`, line: 29, column: 1 }]);
    const arm = synaml(['check-template', plan, '--input', 'arm', '--now', '2026-11-23']);
    expect(arm.code).toBe(2);
    expect(arm.stderr).toMatch(/plan\.json:1:1: .*not an ARM deployment template/);
    const missing = synaml(['check-template', plan, '--terraform-dir', `${T}/terraform-module/nowhere`, '--now', '2026-11-23']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--terraform-dir .*nowhere: no such folder/);
  });
});

describe('synaml check-template: no secret in any output format', () => {
  const cases = [
    { input: `${T}/synapse-git`, secret: 'git-inline-Secret-Do-Not-Echo-4K' },
    { input: `${T}/terraform-module/plan.json`, secret: 'tf-inline-Secret-Do-Not-Echo-7Q' },
  ];
  for (const { input, secret } of cases) {
    it(`${input}: every format, stdout and stderr`, () => {
      const out = path.join(tmp, `secret-${path.basename(path.dirname(input))}-${path.basename(input)}`);
      const run = synaml(['check-template', input, '--now', '2026-11-23', '--format', FORMAT_NAMES.join(','), '--output-dir', out, '--all']);
      expect(run.code === 1 || run.code === 3).toBe(true);
      const files = readdirSync(out);
      expect(files.length).toBe(FORMAT_NAMES.length);
      // The SA014 finding is in every report, and its secret in none.
      for (const file of files) {
        const text = readFileSync(path.join(out, file), 'utf8');
        expect(text, file).toMatch(/SA014/);
        expect(text, file).not.toContain(secret);
      }
      expect(run.stdout + run.stderr).not.toContain(secret);
    });
  }
});
