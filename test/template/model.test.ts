// The template model: which Synapse resources a template deploys (nested children, conditions, copy loops, Bicep's
// symbolic resources and modules), and the errors for files that are not JSON or not templates.
import { describe, expect, it } from 'vitest';
import { InputFileError } from '../../src/errors.js';
import { parseJsonDocument } from '../../src/template/document.js';
import { buildTemplateModel, childName, managedVirtualNetworkOf, type TemplateModel } from '../../src/template/model.js';

function model(template: object, parameters?: object, context = {}): TemplateModel {
  const doc = parseJsonDocument(JSON.stringify(template, null, 2), 't.json', 'the template');
  const params = parameters ? parseJsonDocument(JSON.stringify(parameters, null, 2), 'p.json', 'the parameters file') : undefined;
  return buildTemplateModel(doc, params, context);
}

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

describe('resources', () => {
  it('follows nested child resources with relative types and names', () => {
    const m = model({
      $schema: SCHEMA,
      resources: [
        {
          type: 'Microsoft.Synapse/workspaces',
          apiVersion: '2021-06-01',
          name: 'syn-a',
          properties: { managedVirtualNetwork: 'default' },
          resources: [
            { type: 'bigDataPools', apiVersion: '2021-06-01', name: 'p1', properties: { sparkVersion: '3.4' } },
            { type: 'integrationRuntimes', apiVersion: '2021-06-01', name: 'ir1', properties: { type: 'SelfHosted' } },
          ],
        },
      ],
    });
    const [ws] = m.workspaces;
    expect(ws!.name).toBe('syn-a');
    expect(ws!.resource).toBeDefined();
    expect(ws!.bigDataPools.map(childName)).toEqual(['p1']);
    expect(ws!.bigDataPools[0]!.read(['properties', 'sparkVersion']).value).toBe('3.4');
    expect(ws!.integrationRuntimes.map(childName)).toEqual(['ir1']);
    expect(managedVirtualNetworkOf(ws!)).toEqual({ known: true, value: true });
    expect(ws!.id).toBe('/subscriptions/{subscription().subscriptionId}/resourceGroups/{resourceGroup().name}/providers/Microsoft.Synapse/workspaces/syn-a');
  });

  it('keeps a __proto__ key as data: it neither disappears nor lends its fields to the object', () => {
    const template = JSON.parse(
      `{"$schema": "${SCHEMA}", "resources": [{"type": "Microsoft.Synapse/workspaces", "name": "syn-a", "properties": {"__proto__": {"managedVirtualNetwork": "default"}}}]}`,
    ) as object;
    const properties = model(template).workspaces[0]!.resource!.read(['properties']).value as Record<string, unknown>;
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
    expect(Object.keys(properties)).toEqual(['__proto__']);
    expect(properties['managedVirtualNetwork']).toBeUndefined();
    expect(JSON.stringify(properties)).toBe('{"__proto__":{"managedVirtualNetwork":"default"}}');
  });

  it('uses the deployment context for the workspace ID when given', () => {
    const m = model({ $schema: SCHEMA, resources: [{ type: 'Microsoft.Synapse/workspaces', name: 'syn-a' }] }, undefined, { subscriptionId: '11111111-2222-4333-8444-555555555555', resourceGroup: 'rg-a' });
    expect(m.workspaces[0]!.id).toBe('/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg-a/providers/Microsoft.Synapse/workspaces/syn-a');
  });

  it('skips a resource whose condition is false, and marks one whose condition cannot be evaluated', () => {
    const m = model({
      $schema: SCHEMA,
      parameters: { deploySpark: { type: 'string', defaultValue: 'false' }, other: { type: 'bool' } },
      resources: [
        { condition: "[equals(parameters('deploySpark'), 'true')]", type: 'Microsoft.Synapse/workspaces/bigDataPools', name: 'syn-a/skipped', properties: { sparkVersion: '2.4' } },
        { condition: "[parameters('other')]", type: 'Microsoft.Synapse/workspaces/bigDataPools', name: 'syn-a/maybe', properties: { sparkVersion: '3.5' } },
      ],
    });
    const pools = m.workspaces[0]!.bigDataPools;
    expect(pools.map(childName)).toEqual(['maybe']);
    expect(pools[0]!.presence?.reason).toMatch(/whether this resource is deployed depends on its condition: parameter "other" has no value/);
  });

  it('reads languageVersion 2.0 symbolic resources, and skips `existing` references', () => {
    const m = model({
      $schema: SCHEMA,
      languageVersion: '2.0',
      parameters: { name: { type: 'string', defaultValue: 'syn-b' } },
      resources: {
        ws: { existing: true, type: 'Microsoft.Synapse/workspaces', apiVersion: '2021-06-01', name: "[parameters('name')]" },
        pool: { type: 'Microsoft.Synapse/workspaces/bigDataPools', apiVersion: '2021-06-01', name: "[format('{0}/{1}', parameters('name'), 'p')]", properties: { sparkVersion: '3.5' } },
      },
    });
    const [ws] = m.workspaces;
    expect(ws!.resource).toBeUndefined();
    expect(ws!.bigDataPools.map(childName)).toEqual(['p']);
    expect(managedVirtualNetworkOf(ws!)).toEqual({ known: false });
  });

  it('marks resources in a copy loop as not known to be deployed', () => {
    const m = model({
      $schema: SCHEMA,
      parameters: { pools: { type: 'array', defaultValue: ['a', 'b'] } },
      resources: [{ copy: { name: 'pools', count: "[length(parameters('pools'))]" }, type: 'Microsoft.Synapse/workspaces/bigDataPools', name: "[format('syn-c/{0}', parameters('pools')[copyIndex()])]", properties: { sparkVersion: '3.5' } }],
    });
    const [pool] = m.workspaces[0]!.bigDataPools;
    expect(pool!.presence?.reason).toMatch(/copy loop/);
  });

  it('walks nested deployments: inner scope takes the module parameters, outer scope the parent\'s', () => {
    const m = model({
      $schema: SCHEMA,
      parameters: { ws: { type: 'string', defaultValue: 'syn-d' }, version: { type: 'string', defaultValue: '3.4' } },
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          name: 'inner',
          properties: {
            expressionEvaluationOptions: { scope: 'inner' },
            parameters: { workspaceName: { value: "[parameters('ws')]" }, v: { value: "[parameters('version')]" } },
            template: { parameters: { workspaceName: { type: 'string' }, v: { type: 'string' } }, resources: [{ type: 'Microsoft.Synapse/workspaces/bigDataPools', name: "[concat(parameters('workspaceName'), '/p-inner')]", properties: { sparkVersion: "[parameters('v')]" } }] },
          },
        },
        {
          type: 'Microsoft.Resources/deployments',
          name: 'outer',
          properties: { template: { resources: [{ type: 'Microsoft.Synapse/workspaces/bigDataPools', name: "[concat(parameters('ws'), '/p-outer')]", properties: { sparkVersion: '3.5' } }] } },
        },
        { type: 'Microsoft.Resources/deployments', name: 'linked', properties: { templateLink: { uri: 'https://example.com/t.json' } } },
      ],
    });
    const pools = m.workspaces[0]!.bigDataPools;
    expect(pools.map(childName)).toEqual(['p-inner', 'p-outer']);
    expect(pools[0]!.read(['properties', 'sparkVersion']).value).toBe('3.4');
    expect(m.notes.map((n) => n.code)).toEqual(['linked-template']);
  });

  it('an unresolved workspace name keeps the child names apart', () => {
    const m = model({ $schema: SCHEMA, parameters: { workspaceName: { type: 'string' } }, resources: [{ type: 'Microsoft.Synapse/workspaces/linkedServices', name: "[concat(parameters('workspaceName'), '/AzureMLService1')]", properties: { type: 'AzureMLService' } }] });
    const [ws] = m.workspaces;
    expect(ws!.name).toBe("{parameters('workspaceName')}");
    expect(ws!.nameUnresolved?.expression).toBe("parameters('workspaceName')");
    expect(childName(ws!.linkedServices[0]!)).toBe('AzureMLService1');
  });

  it('notes a parameters-file value the template does not declare', () => {
    const m = model({ $schema: SCHEMA, resources: [{ type: 'Microsoft.Synapse/workspaces', name: 'syn-e' }] }, { parameters: { extra: { value: 1 } } });
    expect(m.notes).toEqual([expect.objectContaining({ code: 'unknown-parameter', message: expect.stringMatching(/"extra", which the template does not declare/) })]);
  });
});

describe('files that are not templates', () => {
  const build = (text: string, file = 't.json') => () => buildTemplateModel(parseJsonDocument(text, file, 'the template'), undefined, {});

  it('invalid JSON is an InputFileError at its line and column', () => {
    let error: unknown;
    try {
      build('{\n  "resources": [\n    { "type": }\n  ]\n}')();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputFileError);
    expect((error as InputFileError).message).toMatch(/^t\.json:3:15: the template is not valid JSON \(ValueExpected\)/);
  });

  it('a Bicep file gets the hint to compile it', () => {
    expect(build('param x string', 'main.bicep')).toThrow(/az bicep build/);
  });

  it('JSON without resources, and a parameters file, are not templates', () => {
    expect(build('{ "parameters": {} }')).toThrow(/^t\.json:1:1: not an ARM deployment template/);
    expect(build('{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {} }')).toThrow(/this is a parameters file/);
  });

  it('comments are allowed, as ARM allows them', () => {
    const m = build('{\n  // a comment\n  "resources": [ { "type": "Microsoft.Synapse/workspaces", "name": "syn-f" } ]\n}')();
    expect(m.workspaces[0]!.name).toBe('syn-f');
  });
});
