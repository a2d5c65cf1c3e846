// The ARM expression evaluator: syntax, the supported functions, and unresolved values that name their cause.
import { describe, expect, it } from 'vitest';
import {
  evaluateTemplateString,
  ExpressionSyntaxError,
  isExpressionString,
  parseExpression,
  type DeploymentContext,
  type Evaluated,
  type EvaluationScope,
  type Json,
} from '../../src/template/expressions.js';

function scope(params: Record<string, Json | undefined> = {}, variables: Record<string, Json> = {}, context: DeploymentContext = {}): EvaluationScope {
  const lower = (o: Record<string, unknown>) => new Map(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
  const p = lower(params);
  const v = lower(variables);
  return {
    context,
    parameter: (name) => {
      if (!p.has(name.toLowerCase())) return undefined;
      const value = p.get(name.toLowerCase());
      return value === undefined
        ? { ok: false, unresolved: { expression: '', reason: `parameter "${name}" has no value`, missing: `a value for parameter "${name}"` } }
        : { ok: true, value: value as Json };
    },
    variable: (name) => (v.has(name.toLowerCase()) ? { ok: true, value: v.get(name.toLowerCase()) as Json } : undefined),
  };
}

const value = (r: Evaluated) => (r.ok ? r.value : `UNRESOLVED: ${r.unresolved.expression}: ${r.unresolved.reason}`);
const evalIn = (text: string, s: EvaluationScope = scope()) => value(evaluateTemplateString(text, s));

describe('template strings', () => {
  it('tells expressions from literals and the [[ escape', () => {
    expect(isExpressionString("[parameters('a')]")).toBe(true);
    expect(isExpressionString('[[not an expression]')).toBe(false);
    expect(isExpressionString('plain')).toBe(false);
    expect(evalIn('plain')).toBe('plain');
    expect(evalIn('[[literal]')).toBe('[literal]');
  });

  it('parses string literals with doubled quotes, numbers, nesting, properties and indexers', () => {
    expect(evalIn("['it''s']")).toBe("it's");
    expect(evalIn('[42]')).toBe(42);
    expect(evalIn("[concat('a', concat('b', 'c'))]")).toBe('abc');
    expect(evalIn("[variables('o').inner.name]", scope({}, { o: { inner: { name: 'x' } } }))).toBe('x');
    expect(evalIn("[variables('o')['inner']['name']]", scope({}, { o: { inner: { name: 'x' } } }))).toBe('x');
    expect(evalIn("[variables('list')[1]]", scope({}, { list: ['a', 'b'] }))).toBe('b');
  });

  it('reports a syntax error as unresolved, naming the expression', () => {
    const r = evaluateTemplateString("[concat('a',]", scope());
    expect(r.ok).toBe(false);
    expect(value(r)).toMatch(/\[concat\('a',\]: not a valid template expression/);
    expect(() => parseExpression("concat('a'")).toThrow(ExpressionSyntaxError);
  });
});

describe('functions', () => {
  const s = scope({ workspaceName: 'syn-prod', version: '3.4', flag: true }, { workspaceId: 'Microsoft.Synapse/workspaces/syn-prod' });

  it('parameters() and variables(), case-insensitively', () => {
    expect(evalIn("[parameters('WORKSPACENAME')]", s)).toBe('syn-prod');
    expect(evalIn("[Variables('workspaceId')]", s)).toBe('Microsoft.Synapse/workspaces/syn-prod');
  });

  it('concat(), format(), toLower(), toUpper(), string(), replace(), trim()', () => {
    expect(evalIn("[concat(parameters('workspaceName'), '/AzureMLService1')]", s)).toBe('syn-prod/AzureMLService1');
    expect(evalIn("[format('{0}/{1}', parameters('workspaceName'), 'mlpool')]", s)).toBe('syn-prod/mlpool');
    expect(evalIn("[format('{{literal}} {0}', 'x')]", s)).toBe('{literal} x');
    expect(evalIn("[toLower('ABC')]")).toBe('abc');
    expect(evalIn("[toUpper('abc')]")).toBe('ABC');
    expect(evalIn('[string(3)]')).toBe('3');
    expect(evalIn("[replace('a-b-c', '-', '.')]")).toBe('a.b.c');
    expect(evalIn("[trim('  x ')]")).toBe('x');
    expect(evalIn("[concat(createArray('a'), createArray('b'))]")).toEqual(['a', 'b']);
  });

  it('if(), equals(), not(), and(), or(), empty(), coalesce(), createObject(), tryGet()', () => {
    expect(evalIn("[if(parameters('flag'), 'default', null())]", s)).toBe('default');
    expect(evalIn("[if(equals(parameters('version'), '3.4'), 'old', 'new')]", s)).toBe('old');
    expect(evalIn("[and(true(), not(false()))]")).toBe(true);
    expect(evalIn('[or(false(), false())]')).toBe(false);
    expect(evalIn("[empty('')]")).toBe(true);
    expect(evalIn("[coalesce(null(), 'x')]")).toBe('x');
    expect(evalIn("[createObject('preventDataExfiltration', parameters('flag'))]", s)).toEqual({ preventDataExfiltration: true });
    expect(evalIn("[tryGet(createObject('a', 1), 'b')]")).toBe(null);
    expect(evalIn("[length(split('a/b/c', '/'))]")).toBe(3);
    expect(evalIn("[last(split('a/b/c', '/'))]")).toBe('c');
  });

  it('if() evaluates only the branch it takes', () => {
    expect(evalIn("[if(true(), 'x', reference('r').y)]")).toBe('x');
  });

  it('resourceId() in all its argument forms', () => {
    const ctx = scope({}, {}, { subscriptionId: '11111111-2222-4333-8444-555555555555', resourceGroup: 'rg-ml' });
    expect(evalIn("[resourceId('Microsoft.MachineLearningServices/workspaces', 'aml-prod')]", ctx)).toBe(
      '/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/aml-prod',
    );
    expect(evalIn("[resourceId('rg-other', 'Microsoft.Synapse/workspaces/bigDataPools', 'ws', 'pool')]", ctx)).toBe(
      '/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg-other/providers/Microsoft.Synapse/workspaces/ws/bigDataPools/pool',
    );
    expect(evalIn("[resourceId('22222222-3333-4444-8555-666666666666', 'rg-x', 'Microsoft.Storage/storageAccounts', 'st')]")).toBe(
      '/subscriptions/22222222-3333-4444-8555-666666666666/resourceGroups/rg-x/providers/Microsoft.Storage/storageAccounts/st',
    );
    expect(evalIn("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b24988ac-6180-42a0-ab88-20f7382dd24c')]", ctx)).toBe(
      '/subscriptions/11111111-2222-4333-8444-555555555555/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c',
    );
    expect(evalIn("[subscription().subscriptionId]", ctx)).toBe('11111111-2222-4333-8444-555555555555');
    expect(evalIn('[resourceGroup().name]', ctx)).toBe('rg-ml');
  });

  it('resourceId() without the deployment context is unresolved, with a readable partial ID', () => {
    const r = evaluateTemplateString("[resourceId('Microsoft.MachineLearningServices/workspaces', 'aml-prod')]", scope());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.unresolved.reason).toMatch(/deployment's subscription/);
    expect(r.unresolved.missing).toMatch(/--subscription-id/);
    expect(r.partial).toBe('/subscriptions/{subscription().subscriptionId}/resourceGroups/{resourceGroup().name}/providers/Microsoft.MachineLearningServices/workspaces/aml-prod');
  });
});

describe('unresolved values', () => {
  it('a parameter without a value names the parameters() call', () => {
    const r = evaluateTemplateString("[concat(parameters('workspaceName'), '/AzureMLService1')]", scope({ workspaceName: undefined }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.unresolved.expression).toBe("parameters('workspaceName')");
    expect(r.unresolved.missing).toMatch(/workspaceName/);
    expect(r.partial).toBe("{parameters('workspaceName')}/AzureMLService1");
  });

  it('deployment-time functions are never evaluated', () => {
    for (const text of ["[reference('x').properties.y]", "[uniqueString(resourceGroup().id)]", "[guid('a')]", "[utcNow()]", "[listKeys('x', '2021-01-01').keys[0]]", '[copyIndex()]']) {
      const r = evaluateTemplateString(text, scope());
      expect(r.ok, text).toBe(false);
    }
  });

  it('unknown functions, undeclared parameters and missing properties are unresolved, not errors', () => {
    expect(evalIn("[dateTimeAdd('2020', 'P1D')]")).toMatch(/^UNRESOLVED: dateTimeAdd\('2020', 'P1D'\): function dateTimeAdd\(\) is not evaluated/);
    expect(evalIn("[parameters('nope')]")).toMatch(/declares no parameter "nope"/);
    expect(evalIn("[createObject('a', 1).b]")).toMatch(/has no property "b"/);
    expect(evalIn("[ns.fn('a')]")).toMatch(/user-defined function ns\.fn\(\)/);
  });

  it('a call with the wrong number of arguments, or an argument that is unresolved, is unresolved for that reason', () => {
    expect(evalIn("[equals('a')]")).toMatch(/^UNRESOLVED: equals\('a'\): equals\(\) takes 2 arguments, got 1$/);
    expect(evalIn("[replace('a', 'b')]")).toMatch(/replace\(\) takes 3 arguments, got 2$/);
    for (const text of ["[split(parameters('nope'), '/')]", "[contains(createArray('a'), parameters('nope'))]", "[createArray('a', parameters('nope'))]", "[equals(parameters('nope'), 'a')]"]) {
      expect(evalIn(text), text).toMatch(/^UNRESOLVED: parameters\('nope'\): .*declares no parameter "nope"/);
    }
  });
});
