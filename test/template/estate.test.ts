// The template estate's guard: an unresolved value makes unknown only the rules that read it, for the integrations
// that use the resource holding it; everything else is still answered.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { checkTemplate } from '../../src/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'synaml-template-estate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const linkedService = (name: string, aml: string, typeProperties: object, connectVia?: string) => ({
  name: `[concat(parameters('workspaceName'), '/${name}')]`,
  type: 'Microsoft.Synapse/workspaces/linkedServices',
  apiVersion: '2019-06-01-preview',
  properties: {
    annotations: [],
    type: 'AzureMLService',
    typeProperties: { subscriptionId: '11111111-2222-4333-8444-555555555555', resourceGroupName: 'rg-ml', mlWorkspaceName: aml, ...typeProperties },
    ...(connectVia && { connectVia: { referenceName: connectVia, type: 'IntegrationRuntimeReference' } }),
  },
  dependsOn: [],
});

const template = {
  $schema: 'http://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  parameters: { workspaceName: { type: 'string', defaultValue: 'syn-x' }, runtimeType: { type: 'string' }, spId: { type: 'string' } },
  resources: [
    linkedService('MLA', 'aml-a', { authentication: 'MSI' }, 'ir1'),
    linkedService('MLB', 'aml-b', {
      servicePrincipalId: "[parameters('spId')]",
      servicePrincipalKey: { type: 'AzureKeyVaultSecret', store: { referenceName: 'kv', type: 'LinkedServiceReference' }, secretName: 'aml-sp' },
    }),
    { name: "[concat(parameters('workspaceName'), '/ir1')]", type: 'Microsoft.Synapse/workspaces/integrationRuntimes', apiVersion: '2019-06-01-preview', properties: { type: "[parameters('runtimeType')]" }, dependsOn: [] },
  ],
};

describe('unresolved values in a template with two AML linked services', () => {
  it('one integration per AML workspace; each unknown stays with the rule and integration that needs the value', async () => {
    const file = path.join(dir, 'TemplateForWorkspace.json');
    writeFileSync(file, `${JSON.stringify(template, null, '\t')}\n`);
    const result = await checkTemplate(file, { rules, now: new Date('2026-11-23T00:00:00Z') });
    const outcome = (integration: string, ruleId: string) => result.results.filter((e) => e.integration === integration && e.ruleId === ruleId).map((e) => e.outcome);
    expect(new Set(result.results.map((e) => e.integration))).toEqual(new Set(['syn-x-aml-a', 'syn-x-aml-b']));
    // aml-a: its runtime's type is a parameter without a value -> SA002 unknown; the service principal of MLB is not its business.
    expect(outcome('syn-x-aml-a', 'SA002')).toEqual(['unknown']);
    expect(outcome('syn-x-aml-a', 'SA014')).toEqual(['not-applicable']);
    expect(outcome('syn-x-aml-a', 'SA015')).toEqual(['not-applicable']);
    // aml-b: the client ID is unresolved -> SA014 and SA015 unknown (authentication depends on it); its runtime is fine.
    expect(outcome('syn-x-aml-b', 'SA002')).toEqual(['pass']);
    expect(outcome('syn-x-aml-b', 'SA014')).toEqual(['unknown']);
    expect(outcome('syn-x-aml-b', 'SA015')).toEqual(['unknown']);
    const sa015 = result.results.find((e) => e.integration === 'syn-x-aml-b' && e.ruleId === 'SA015')!;
    expect(sa015.reason!.message).toMatch(/^typeProperties\.servicePrincipalId of linked service MLB: parameters\('spId'\) at .*TemplateForWorkspace\.json:\d+:\d+ cannot be resolved: parameter "spId" has no value/);
    expect(sa015.location?.file).toBe(file);
    expect(result.results.some((e) => e.outcome === 'pass' && ['SA014', 'SA015'].includes(e.ruleId) && e.integration === 'syn-x-aml-b')).toBe(false);
  });
});

describe('Spark pools judged one by one, and a template without an AzureMLService linked service', () => {
  const pool = (name: string, sparkVersion: string) => ({
    name: `[concat(parameters('workspaceName'), '/${name}')]`,
    type: 'Microsoft.Synapse/workspaces/bigDataPools',
    apiVersion: '2021-06-01',
    location: 'westeurope',
    properties: { sparkVersion, nodeCount: 3, nodeSize: 'Small' },
  });
  const pools = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { workspaceName: { type: 'string', defaultValue: 'syn-pools' }, laterVersion: { type: 'string' } },
    resources: [pool('old34', '3.4'), pool('new35', '3.5'), pool('later', "[parameters('laterVersion')]")],
  };

  it('an unresolved sparkVersion makes only that pool unknown; SA003 says what a template without the linked service cannot tell', async () => {
    const file = path.join(dir, 'pools.json');
    writeFileSync(file, `${JSON.stringify(pools, null, 2)}\n`);
    const result = await checkTemplate(file, { rules, now: new Date('2026-11-23T00:00:00Z') });
    const of = (ruleId: string, poolName: string) => result.results.filter((e) => e.ruleId === ruleId && e.resourceId?.endsWith(`/bigDataPools/${poolName}`));
    for (const ruleId of ['SA003', 'SA013']) {
      expect(of(ruleId, 'later').map((e) => e.outcome), ruleId).toEqual(['unknown']);
      expect(of(ruleId, 'later')[0]!.reason!.message).toMatch(/parameters\('laterVersion'\)/);
      expect(of(ruleId, 'new35').map((e) => e.outcome), ruleId).toEqual(['pass']);
    }
    expect(of('SA013', 'old34').map((e) => e.outcome)).toEqual(['fail']);
    // No AzureMLService linked service in the template: not the "may rely on the linked service" warning, but what the
    // check can and cannot know.
    const [sa003] = of('SA003', 'old34');
    expect(sa003).toMatchObject({ outcome: 'not-applicable', messageId: 'template-no-linked-service' });
    expect(sa003!.message).toMatch(/The template deploys no AzureMLService linked service, so it adds none this pool could rely on; whether notebooks on the pool use one created elsewhere cannot be known from the template/);
  });

  it('with an AzureMLService linked service in the template, an undeclared mlflowTracking on Spark 3.4 is still a warning', async () => {
    const file = path.join(dir, 'pools-with-ls.json');
    const withLs = { ...pools, resources: [...pools.resources.slice(0, 2), linkedService('MLA', 'aml-a', { authentication: 'MSI' })] };
    writeFileSync(file, `${JSON.stringify(withLs, null, 2)}\n`);
    const result = await checkTemplate(file, { rules, now: new Date('2026-11-23T00:00:00Z') });
    const sa003 = result.results.filter((e) => e.ruleId === 'SA003' && e.resourceId?.endsWith('/bigDataPools/old34'));
    expect(sa003).toEqual([expect.objectContaining({ outcome: 'fail', severity: 'warning', messageId: 'undeclared' })]);
  });
});

describe('integration runtimes judged for the linked services that use them', () => {
  const runtime = (name: string, type: string) => ({
    name: `[concat(parameters('workspaceName'), '/${name}')]`,
    type: 'Microsoft.Synapse/workspaces/integrationRuntimes',
    apiVersion: '2019-06-01-preview',
    properties: { type },
    dependsOn: [],
  });
  const sameAml = {
    ...template,
    resources: [
      linkedService('MLA', 'aml-a', { authentication: 'MSI' }, 'ir1'),
      linkedService('MLB', 'aml-a', { authentication: 'MSI' }, 'shir'),
      linkedService('MLC', 'aml-a', { authentication: 'MSI' }, 'elsewhere'),
      runtime('ir1', "[parameters('runtimeType')]"),
      runtime('shir', 'SelfHosted'),
    ],
  };

  it("an unresolved runtime type, or a runtime defined elsewhere, leaves the other linked services' verdicts standing", async () => {
    const file = path.join(dir, 'runtimes.json');
    writeFileSync(file, `${JSON.stringify(sameAml, null, '\t')}\n`);
    const result = await checkTemplate(file, { rules, now: new Date('2026-11-23T00:00:00Z') });
    const sa002 = (ls: string) => result.results.filter((e) => e.ruleId === 'SA002' && e.resourceId?.endsWith(`/linkedservices/${ls}`));
    expect(sa002('MLB')).toEqual([expect.objectContaining({ outcome: 'fail', messageId: 'self-hosted' })]);
    expect(sa002('MLA')).toEqual([expect.objectContaining({ outcome: 'unknown' })]);
    expect(sa002('MLA')[0]!.reason!.message).toMatch(/parameters\('runtimeType'\)/);
    // MLC's runtime is not in the template: not evaluated (a warning), never a pass or a made-up failure.
    expect(sa002('MLC')).toEqual([]);
    expect((result.diagnostics ?? []).some((d) => d.code === 'not-in-template' && /^SA002 .*Integration runtime elsewhere \(connectVia of linked service MLC\) is not in the template/.test(d.message))).toBe(true);
  });
});
