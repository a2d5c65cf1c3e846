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
