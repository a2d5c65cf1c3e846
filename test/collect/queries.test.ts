// Every KQL query the collectors can emit is parsed by Microsoft's Kusto parser (no diagnostic allowed) and by the
// fake's strict subset parser, with realistic inputs including IDs that need escaping.
import { describe, expect, it } from 'vitest';
import { listQueries, MAX_VALUES_PER_QUERY, kqlString, type QueryInputs } from '../../src/collect/queries.js';
import { parseKql } from '../fake-azure/index.js';
import { kustoDiagnostics } from './kusto.js';
import { SUB, ids } from '../support/payloads.js';

const ODD = "rg-o'brien\\(test)";

function inputs(n = 3): QueryInputs {
  const range = (k: number) => Array.from({ length: k }, (_, i) => i);
  return {
    synapseIds: [ids.synapse('syn-prod'), ids.synapse("syn-o'hara", ODD), ...range(n).map((i) => ids.synapse(`syn-${i}`))],
    amlIds: [ids.aml('aml-prod'), ids.aml('aml-x', ODD)],
    dependencyIds: [ids.storage('stamlprod'), ids.keyVault('kv-aml-prod'), ids.registry('acr"quoted', ODD), ...range(n).map((i) => ids.storage(`st${i}`))],
    storageAccountNames: ['synprodadls', "weird'name"],
    privateEndpointIds: [ids.privateEndpoint('pe-aml-prod'), ids.privateEndpoint('pe\\back', ODD)],
    roleAssignmentScopes: [`/subscriptions/${SUB}`, `/subscriptions/${SUB}/resourceGroups/${ODD}`, ids.aml('aml-prod')],
    roleDefinitionGuids: ['b24988ac-6180-42a0-ab88-20f7382dd24c', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635'],
    subscriptionIds: [SUB, '22222222-3333-4444-8555-666666666666'],
  };
}

describe('KQL queries', () => {
  const queries = [...listQueries(inputs()), ...listQueries(inputs(MAX_VALUES_PER_QUERY + 5))];

  it('cover every query family the collectors use', () => {
    const purposes = new Set(queries.map((q) => q.purpose));
    expect([...purposes].sort()).toEqual(
      [
        'Synapse and Azure Machine Learning workspaces',
        'Spark pools',
        'storage accounts, key vaults and container registries',
        'Synapse default storage accounts',
        'private endpoints',
        'role assignments',
        'role assignments inherited from management groups and the root',
        'role definitions',
        'subscriptions and their management groups',
      ].sort(),
    );
    // Long ID lists are split so no query carries more than MAX_VALUES_PER_QUERY values.
    expect(queries.filter((q) => q.purpose === 'Spark pools').length).toBeGreaterThan(1);
  });

  it.each(queries.map((q, i) => [i, q.purpose, q.kql] as const))('query %i (%s) parses with no Kusto diagnostic', (_i, _purpose, kql) => {
    expect(kustoDiagnostics(kql)).toEqual([]);
  });

  it.each(queries.map((q, i) => [i, q.purpose, q.kql] as const))('query %i (%s) is in the fake Resource Graph subset', (_i, _purpose, kql) => {
    expect(() => parseKql(kql)).not.toThrow();
  });

  it('escapes quotes and backslashes so odd IDs stay one literal', () => {
    expect(kqlString("a'b\\c")).toBe("'a\\'b\\\\c'");
    expect(kustoDiagnostics(`resources | where id =~ ${kqlString("x'; resources | take 1 //")}`)).toEqual([]);
    const parsed = parseKql(`resources | where id in~ (${kqlString(ODD)})`);
    expect(parsed.where[0]).toMatchObject({ kind: 'in', values: [ODD] });
  });

  it('the Kusto parser does report a broken query (the check is live)', () => {
    expect(kustoDiagnostics("resources | where id =~ 'a'b'").length).toBeGreaterThan(0);
    expect(kustoDiagnostics('resources | where nosuchcolumn == 1').length).toBeGreaterThan(0);
  });

  it('never uses an operator that caps or reshapes rows', () => {
    for (const q of queries) expect(q.kql).not.toMatch(/\|\s*(limit|take|top|summarize|join|mv-expand|distinct|count)\b/);
    for (const q of queries) expect(q.kql).toMatch(/\| order by id asc$/);
  });
});
