// check-template over a Terraform plan (test/fixtures/templates/terraform-module, README there): the azurerm
// resources of a module and of the root, connected through the configuration's references; what stays known only
// after apply makes the rules that need it unknown, naming the resource address and attribute; findings name the
// address and point at the plan's line for the resource's attribute.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import type { AuditResult, ResultEntry } from '../../src/engine/types.js';
import { checkTemplate, type CheckTemplateOptions } from '../../src/index.js';
import { detectInputKind } from '../../src/template/input.js';
import { readPlanText } from '../../src/template/terraform/plan-file.js';
import { ConfigurationReferences, parseAddress } from '../../src/template/terraform/references.js';

const DIR = 'test/fixtures/templates/terraform-module';
const PLAN = `${DIR}/plan.json`;
const NOW = new Date('2026-11-23T00:00:00Z');
const tmp = mkdtempSync(path.join(tmpdir(), 'synaml-terraform-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(file: string, options: CheckTemplateOptions = {}): Promise<AuditResult> {
  return checkTemplate(file, { rules, now: NOW, ...options });
}

function textAt(file: string, line: number, column: number): string {
  return readFileSync(file, 'utf8').split('\n')[line - 1]!.slice(column - 1);
}

function expectAt(entry: ResultEntry | undefined, line: number, text: string): void {
  expect(entry?.location?.file).toBe(PLAN);
  expect(entry!.location!.line).toBe(line);
  expect(textAt(PLAN, line, entry!.location!.column)).toMatch(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
}

/** The fixture plan with a change applied, written to a temporary file. */
function variant(name: string, change: (plan: Record<string, any>) => void): string {
  const plan = JSON.parse(readFileSync(PLAN, 'utf8')) as Record<string, any>;
  change(plan);
  const file = path.join(tmp, `${name}.json`);
  writeFileSync(file, JSON.stringify(plan, null, 2));
  return file;
}

describe('Terraform plan: a module with a workspace, a Spark pool, a self-hosted runtime and a linked service', () => {
  it('is detected as a Terraform plan', async () => {
    expect(await detectInputKind(PLAN)).toBe('terraform');
    expect(await detectInputKind('test/fixtures/templates/published-msi/TemplateForWorkspace.json')).toBe('arm');
  });

  it('judges the workspace its module creates: SA001 fails at data_exfiltration_protection_enabled, naming the address', async () => {
    const result = await run(PLAN);
    const sa001 = result.results.filter((e) => e.ruleId === 'SA001');
    expect(sa001.length).toBeGreaterThan(0);
    for (const e of sa001) {
      expect(e.outcome).toBe('fail');
      expect(e.message).toContain('[module.platform.azurerm_synapse_workspace.this]');
      expectAt(e, 144, '"data_exfiltration_protection_enabled": true');
    }
    // The workspace's resource group comes from the plan; its ID is unknown until apply, the name is not.
    expect(sa001[0]!.resourceId).toMatch(/\/resourceGroups\/rg-analytics\/providers\/Microsoft\.Synapse\/workspaces\/syn-ml$/);
  });

  it('attaches the Spark pool to that workspace through the configuration reference (its synapse_workspace_id is unknown)', async () => {
    const result = await run(PLAN);
    const sa013 = result.results.find((e) => e.ruleId === 'SA013');
    expect(sa013).toMatchObject({ outcome: 'fail', severity: 'warning' });
    expect(sa013!.resourceId).toMatch(/workspaces\/syn-ml\/bigDataPools\/mlpool34$/);
    expect(sa013!.message).toContain('[module.platform.azurerm_synapse_spark_pool.ml]');
    expectAt(sa013, 119, '"spark_version": "3.4"');
  });

  it('judges the module\'s linked service on its own: SA002 fails at integration_runtime, SA014 at type_properties_json', async () => {
    const result = await run(PLAN);
    const sa002 = result.results.find((e) => e.ruleId === 'SA002' && e.outcome === 'fail');
    expect(sa002).toMatchObject({ actual: 'shir-onprem (SelfHosted)' });
    expect(sa002!.message).toContain('[module.platform.azurerm_synapse_linked_service.this]');
    expectAt(sa002, 76, '"integration_runtime": [');
    const sa014 = result.results.find((e) => e.ruleId === 'SA014' && e.outcome === 'fail');
    expect(sa014).toMatchObject({ actual: 'servicePrincipalKey: SecureString (inline)' });
    expectAt(sa014, 86, '"type_properties_json": "{');
  });

  it('a value known only after apply makes the rules that need it unknown, naming the address and attribute: never a pass', async () => {
    const result = await run(PLAN);
    for (const id of ['SA014', 'SA015']) {
      const entries = result.results.filter((e) => e.ruleId === id && e.message.includes('AzureMLUami'));
      expect(entries.every((e) => e.outcome !== 'pass')).toBe(true);
    }
    const unknown = result.results.filter((e) => e.outcome === 'unknown');
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown.some((e) => e.reason?.message.includes('azurerm_synapse_linked_service.aml_uami.type_properties_json'))).toBe(true);
    expect(unknown.some((e) => /known only after apply/.test(e.reason?.message ?? ''))).toBe(true);
  });

  it('does not judge a resource the plan destroys, and says so', async () => {
    const result = await run(PLAN);
    expect(result.results.some((e) => e.message.includes('AzureMLLegacy'))).toBe(false);
    const note = (result.diagnostics ?? []).find((d) => d.code === 'destroyed');
    expect(note?.message).toBe('azurerm_synapse_linked_service.legacy is destroyed by this plan: it is not judged as deployed');
    expect(note?.line).toBe(217);
  });

  it('never reports the inline key: not in any message, expected, actual or reason', async () => {
    const text = JSON.stringify(await run(PLAN));
    expect(readFileSync(PLAN, 'utf8')).toContain('tf-inline-Secret-Do-Not-Echo-7Q');
    expect(text).not.toContain('tf-inline-Secret-Do-Not-Echo-7Q');
  });

  it('a workspace the references cannot reach leaves the child resources unattributed: unknown, naming synapse_workspace_id', async () => {
    const file = variant('unreachable', (plan) => {
      // The configuration no longer says where the pool's synapse_workspace_id comes from.
      const module = plan['configuration'].root_module.module_calls.platform.module;
      for (const r of module.resources) if (r.address === 'azurerm_synapse_spark_pool.ml') delete r.expressions.synapse_workspace_id;
    });
    const result = await run(file);
    const pools = result.results.filter((e) => e.ruleId === 'SA013');
    expect(pools.length).toBeGreaterThan(0);
    for (const e of pools) {
      expect(e.outcome).toBe('unknown');
      expect(e.reason?.message).toContain('module.platform.azurerm_synapse_spark_pool.ml.synapse_workspace_id');
    }
  });

  it('maps azurerm_machine_learning_synapse_spark onto the attached Spark pool (AML compute of type SynapseSpark)', async () => {
    const aml = '/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/aml-prod';
    const poolId = '/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg-analytics/providers/Microsoft.Synapse/workspaces/syn-ml/bigDataPools/mlpool34';
    const file = variant('attached', (plan) => {
      const address = 'azurerm_machine_learning_synapse_spark.attached';
      // No identity block: jobs would run as nothing (SA019).
      const values = { name: 'attached-mlpool34', location: 'westeurope', machine_learning_workspace_id: aml, synapse_spark_pool_id: poolId, identity: [], local_auth_enabled: true, description: null, tags: null, timeouts: null };
      plan['planned_values'].root_module.resources.push({ address, mode: 'managed', type: 'azurerm_machine_learning_synapse_spark', name: 'attached', provider_name: 'registry.terraform.io/hashicorp/azurerm', schema_version: 0, values, sensitive_values: { identity: [] } });
      plan['resource_changes'].push({ address, mode: 'managed', type: 'azurerm_machine_learning_synapse_spark', name: 'attached', change: { actions: ['create'], before: null, after: values, after_unknown: { id: true, identity: [] } } });
    });
    const result = await run(file);
    const sa019 = result.results.find((e) => e.ruleId === 'SA019' && e.resourceId?.endsWith('/computes/attached-mlpool34'));
    expect(sa019).toMatchObject({ outcome: 'fail' });
    expect(sa019!.message).toContain('[azurerm_machine_learning_synapse_spark.attached]');
    // SA020: the pool's workspace (syn-ml, from the plan) keeps public network access enabled.
    expect(result.results.find((e) => e.ruleId === 'SA020' && e.message.includes('attached-mlpool34'))).toMatchObject({ outcome: 'pass' });
  });

  it('refuses Terraform state, and a plan of another major format version, located in the file (exit 2)', async () => {
    const state = path.join(tmp, 'state.json');
    writeFileSync(state, JSON.stringify({ format_version: '1.0', terraform_version: '1.9.8', values: { root_module: {} } }));
    await expect(run(state)).rejects.toThrow(/state\.json:1:1: not a Terraform plan: no "planned_values": this is Terraform state/);
    const v2 = path.join(tmp, 'v2.json');
    writeFileSync(v2, JSON.stringify({ format_version: '2.0', planned_values: {} }));
    await expect(run(v2)).rejects.toThrow(/format_version 2\.0 is not supported/);
    await expect(run(v2, { input: 'arm' })).rejects.toThrow(/not an ARM deployment template/);
  });
});

describe('Terraform plan positions', () => {
  it('finds each planned resource and its attributes in a compact plan with for_each keys (as terraform show -json writes it)', async () => {
    // @ts-expect-error: the benchmark's generator is plain JavaScript
    const { generatePlan } = (await import('../../scripts/bench-terraform.mjs')) as { generatePlan: (n: number) => string };
    const text = generatePlan(3);
    const plan = readPlanText(text, 'plan.json');
    expect(plan.resources).toHaveLength(30);
    const address = 'module.integration["int0002"].azurerm_synapse_spark_pool.ml';
    const at = plan.resourceAt(address);
    expect(at.line).toBe(1);
    expect(text.slice(at.column - 1)).toMatch(/^"address":"module\.integration\[\\"int0002\\"\]\.azurerm_synapse_spark_pool\.ml"/);
    const version = plan.attributeAt(address, 'spark_version')!;
    expect(text.slice(version.column - 1)).toMatch(/^"spark_version":"3\.5"/);
    expect(plan.attributeAt(address, 'no_such_attribute')).toBeUndefined();
  });
});

describe('Terraform addresses and configuration references', () => {
  it('splits instance addresses into module instance, module path, resource and key', () => {
    expect(parseAddress('module.a["x.y"].module.b.azurerm_synapse_spark_pool.p[0]')).toEqual({
      moduleInstance: 'module.a["x.y"].module.b',
      modulePath: ['a', 'b'],
      resource: 'azurerm_synapse_spark_pool.p',
      key: '[0]',
    });
    expect(parseAddress('azurerm_synapse_workspace.this')).toEqual({ moduleInstance: '', modulePath: [], resource: 'azurerm_synapse_workspace.this', key: '' });
    expect(parseAddress('not an address')).toBeUndefined();
  });

  it('follows a reference through a module output, and an input variable back to the calling module', () => {
    const plan = readPlanText(readFileSync(PLAN, 'utf8'), PLAN);
    const refs = new ConfigurationReferences(plan.json['configuration'], plan.resources);
    const byAddress = (a: string) => plan.resources.find((r) => r.address === a)!;
    // Root linked service -> module.platform.workspace_id (an output) -> azurerm_synapse_workspace.this.id in the module.
    const out = refs.follow(byAddress('azurerm_synapse_linked_service.aml_uami'), ['synapse_workspace_id']);
    expect(out?.resource.address).toBe('module.platform.azurerm_synapse_workspace.this');
    expect(out?.attribute).toEqual(['id']);
    expect(out?.via).toEqual(['module.platform.workspace_id', 'azurerm_synapse_workspace.this.id']);
    // A nested block attribute: integration_runtime[0].name -> the runtime's name.
    const ir = refs.follow(byAddress('module.platform.azurerm_synapse_linked_service.this'), ['integration_runtime', 0, 'name']);
    expect(ir?.resource.address).toBe('module.platform.azurerm_synapse_integration_runtime_self_hosted.shir');
    // An input variable is a constant in the calling module: no resource to follow.
    expect(refs.follow(byAddress('module.platform.azurerm_synapse_workspace.this'), ['name'])).toBeUndefined();
  });
});
