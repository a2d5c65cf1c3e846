// Plan + live: with a snapshot of the deployed estate (here the demo's), what the input does not deploy is read from
// the estate, so the input is judged as the estate will be after the deployment: the template-only "not in the
// template" warnings become real outcomes, and what the input does deploy still wins over the deployed state.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import type { AuditResult } from '../../src/engine/types.js';
import { checkTemplate, type CheckTemplateOptions } from '../../src/index.js';

const NOW = new Date('2026-11-23T00:00:00Z');
const SNAPSHOT = 'fixtures/demo/snapshot.json';
const PUBLISHED = 'test/fixtures/templates/published-msi/TemplateForWorkspace.json';
const tmp = mkdtempSync(path.join(tmpdir(), 'synaml-after-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (file: string, options: CheckTemplateOptions = {}): Promise<AuditResult> => checkTemplate(file, { rules, now: NOW, ...options });
const notInTemplate = (r: AuditResult) => (r.diagnostics ?? []).filter((d) => d.code === 'not-in-template');

/** The Terraform fixture reduced to one linked service added to an existing workspace (its ID known at plan time). */
function linkedServiceOnly(workspaceId: string): string {
  const plan = JSON.parse(readFileSync('test/fixtures/templates/terraform-module/plan.json', 'utf8')) as Record<string, any>;
  const address = 'module.platform.azurerm_synapse_linked_service.this';
  const module = plan['planned_values'].root_module.child_modules[0];
  module.resources = module.resources.filter((r: { address: string }) => r.address === address);
  module.resources[0].values.synapse_workspace_id = workspaceId;
  plan['planned_values'].root_module.resources = [];
  plan['resource_changes'] = plan['resource_changes'].filter((r: { address: string }) => r.address === address);
  delete plan['resource_changes'][0].change.after_unknown.synapse_workspace_id;
  plan['resource_changes'][0].change.after.synapse_workspace_id = workspaceId;
  const file = path.join(tmp, 'linked-service-only.json');
  writeFileSync(file, JSON.stringify(plan, null, 2));
  return file;
}

describe('plan + live: the estate as it will be after the deployment', () => {
  it('a Synapse Studio template + the demo snapshot: the not-in-template warnings become outcomes', async () => {
    const alone = await run(PUBLISHED);
    expect(notInTemplate(alone).length).toBeGreaterThan(0);
    expect(alone.results.some((e) => e.ruleId === 'SA001')).toBe(false);

    const after = await run(PUBLISHED, { snapshot: SNAPSHOT });
    expect(notInTemplate(after)).toEqual([]);
    // SA001 now reads syn-prod's deployed setting (exfiltration protection off).
    expect(after.results.find((e) => e.ruleId === 'SA001')).toMatchObject({ outcome: 'pass', resourceId: expect.stringMatching(/\/resourceGroups\/rg-analytics\/providers\/Microsoft\.Synapse\/workspaces\/syn-prod$/) });
    // Rules no template answers are evaluated on the deployed estate: role assignments, approval, the AML workspace.
    expect(after.results.find((e) => e.ruleId === 'SA004')).toMatchObject({ outcome: 'pass' });
    expect(after.results.find((e) => e.ruleId === 'SA008')).toMatchObject({ outcome: 'pass' });
    expect(after.results.some((e) => e.ruleId === 'SA011')).toBe(true);
    // What the template deploys still wins: its Spark 3.4 pool fails SA013, located in the template.
    const pool = after.results.find((e) => e.ruleId === 'SA013' && e.resourceId?.endsWith('/mlpool34'));
    expect(pool).toMatchObject({ outcome: 'fail', location: { file: PUBLISHED, line: 112, column: 21 } });
  });

  it('a Terraform plan that only adds a linked service to syn-research: SA001 fails on the deployed workspace setting', async () => {
    const file = linkedServiceOnly('/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg-research/providers/Microsoft.Synapse/workspaces/syn-research');
    const alone = await run(file);
    expect(alone.results.some((e) => e.ruleId === 'SA001')).toBe(false);
    expect(notInTemplate(alone).some((d) => d.message.startsWith('SA001 '))).toBe(true);

    const after = await run(file, { snapshot: SNAPSHOT });
    const sa001 = after.results.filter((e) => e.ruleId === 'SA001');
    expect(sa001.length).toBeGreaterThan(0);
    for (const e of sa001) expect(e.outcome).toBe('fail');
    // Nothing is left out, and the plan's own linked service is judged too: its inline key fails SA014, by address,
    // and SA002 fails on the self-hosted runtime shir-onprem that only the deployed estate has.
    expect(notInTemplate(after)).toEqual([]);
    expect(after.results.find((e) => e.ruleId === 'SA002')).toMatchObject({ outcome: 'fail', actual: 'shir-onprem (SelfHosted)' });
    const sa014 = after.results.find((e) => e.ruleId === 'SA014' && e.outcome === 'fail');
    expect(sa014?.message).toContain('[module.platform.azurerm_synapse_linked_service.this]');
  });

  it('a snapshot that is not one: exit 2 naming the file', async () => {
    const bad = path.join(tmp, 'bad.json');
    writeFileSync(bad, '{"not": "a snapshot"}');
    await expect(run(PUBLISHED, { snapshot: bad })).rejects.toThrow(/bad\.json/);
  });
});

describe('plan + live: role assignments the plan creates', () => {
  const AML = '/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/aml-prod';
  const PRINCIPAL = 'ffffffff-0000-4000-8000-00000000000f';

  /** The linked-service-only plan plus one azurerm_role_assignment, its principal known or known only after apply. */
  async function estateWith(principalKnown: boolean) {
    const file = linkedServiceOnly('/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg-research/providers/Microsoft.Synapse/workspaces/syn-research');
    const plan = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
    const address = 'azurerm_role_assignment.ls_contributor';
    const values = { scope: AML, role_definition_name: 'Contributor', principal_type: 'ServicePrincipal', ...(principalKnown && { principal_id: PRINCIPAL }) };
    plan['planned_values'].root_module.resources.push({ address, mode: 'managed', type: 'azurerm_role_assignment', name: 'ls_contributor', provider_name: 'registry.terraform.io/hashicorp/azurerm', schema_version: 0, values, sensitive_values: {} });
    plan['resource_changes'].push({ address, mode: 'managed', type: 'azurerm_role_assignment', name: 'ls_contributor', change: { actions: ['create'], before: null, after: values, after_unknown: { id: true, ...(!principalKnown && { principal_id: true }) } } });
    writeFileSync(file, JSON.stringify(plan, null, 2));
    const { readPlanText } = await import('../../src/template/terraform/plan-file.js');
    const { terraformModel } = await import('../../src/template/terraform/read.js');
    const { templateBaseEstate, TemplateEstate } = await import('../../src/template/estate.js');
    const { AfterDeploymentEstate } = await import('../../src/template/after-deployment.js');
    const { normaliseSnapshot } = await import('../../src/estate/normalise.js');
    const model = terraformModel(readPlanText(readFileSync(file, 'utf8'), file), { context: {} });
    const idOf = (ws: { id: string }) => ws.id;
    const base = templateBaseEstate(model, idOf);
    const integration = { name: 'x', synapse: { workspaceId: model.workspaces[0]!.id }, machineLearning: { workspaceId: AML } };
    const guarded = new TemplateEstate(model, base, idOf, {}, integration);
    return new AfterDeploymentEstate(model, guarded, base, normaliseSnapshot(JSON.parse(readFileSync(SNAPSHOT, 'utf8'))));
  }

  it('adds an assignment the plan creates to the deployed ones', async () => {
    const estate = await estateWith(true);
    const covering = estate.roleAssignmentsCovering(AML, { principalId: PRINCIPAL });
    expect(covering).toEqual({ ok: true, value: [expect.objectContaining({ scope: AML, principalId: PRINCIPAL, roleDefinitionGuid: 'b24988ac-6180-42a0-ab88-20f7382dd24c' })] });
  });

  it('an assignment whose principal is known only after apply makes the lookup unknown, never a pass', async () => {
    const estate = await estateWith(false);
    const covering = estate.roleAssignmentsCovering(AML, { principalId: PRINCIPAL });
    expect(covering.ok).toBe(false);
    if (!covering.ok) expect(covering.error.message).toMatch(/azurerm_role_assignment\.ls_contributor\.principal_id .*known only after apply/);
  });
});
