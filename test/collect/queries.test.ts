// Every KQL query the collectors can emit is parsed by Microsoft's Kusto parser (no diagnostic allowed) and by the
// fake's strict subset parser, with realistic inputs including IDs that need escaping.
import { describe, expect, it } from 'vitest';
import {
  keepChangesOf,
  listQueries,
  MAX_QUERY_LENGTH,
  kqlString,
  policyAssignmentQueries,
  resourceChangeQueries,
  roleAssignmentQueries,
  workspaceAndPoolQueries,
  type ArgQuery,
  type QueryInputs,
} from '../../src/collect/queries.js';
import { scopeChain } from '../../src/collect/resource-graph.js';
import { parseKql } from '../fake-azure/index.js';
import { evaluateKql } from '../fake-azure/kql.js';
import { assignmentRow, changeRow } from '../support/policy-payloads.js';
import { kustoDiagnostics } from './kusto.js';
import { SUB, ids } from '../support/payloads.js';
import type { RawPayload } from '../../src/estate/snapshot.js';

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
    policyScopes: [`/subscriptions/${SUB}`, `/subscriptions/${SUB}/resourceGroups/${ODD}`, ids.synapse('syn-prod'), ...range(n).map((i) => ids.synapse(`syn-${i}`))],
    policyDefinitionIds: [
      '/providers/Microsoft.Authorization/policyDefinitions/3484ce98-c0c5-4c83-994b-c5ac24785218',
      "/providers/Microsoft.Management/managementGroups/alz/providers/Microsoft.Authorization/policySetDefinitions/Enforce-Guardrails-Synapse",
    ],
    policyAssignmentIds: [`/providers/Microsoft.Management/managementGroups/alz/providers/Microsoft.Authorization/policyAssignments/Enforce-GR-Synapse`, `/subscriptions/${SUB}/providers/Microsoft.Authorization/policyAssignments/o'neil`],
    changedResourceIds: [ids.synapse('syn-prod'), ids.aml('aml-x', ODD), ...range(n).map((i) => ids.synapse(`syn-${i}`))],
  };
}

describe('KQL queries', () => {
  // Lists longer than a query may be are split by length (a small limit here, so the parser stays quick); and one
  // query with 600 pool prefixes, past the ~500 terms at which Kusto refuses a flat chain of `or`.
  const SMALL_LIMIT = 3000;
  const queries = [
    ...listQueries(inputs()),
    ...listQueries(inputs(40), SMALL_LIMIT),
    ...workspaceAndPoolQueries(inputs(600).synapseIds, []),
  ];

  it('cover every query family the collectors use', () => {
    const purposes = new Set(queries.map((q) => q.purpose));
    expect([...purposes].sort()).toEqual(
      [
        'discover the Synapse workspaces',
        'Synapse and Azure Machine Learning workspaces',
        'Synapse and Azure Machine Learning workspaces and Spark pools',
        'storage accounts, key vaults and container registries',
        'private endpoints',
        'role assignments',
        'role definitions',
        'subscriptions and their management groups',
        'Azure Policy assignments',
        'Azure Policy definitions and initiatives',
        'Azure Policy exemptions',
        'resource changes (last 14 days)',
      ].sort(),
    );
    // Long ID lists are split so that no query is longer than the limit.
    const split = listQueries(inputs(40), SMALL_LIMIT);
    expect(split.filter((q) => q.purpose === 'Synapse and Azure Machine Learning workspaces and Spark pools').length).toBeGreaterThan(1);
    for (const q of split) if (q.split) expect(q.kql.length).toBeLessThanOrEqual(SMALL_LIMIT);
    for (const q of queries) expect(q.kql.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
  });

  it('asks for a large estate in few queries, each as long as it may be, and each able to split itself in halves', () => {
    const many = inputs(2000);
    const round1 = workspaceAndPoolQueries(many.synapseIds, many.amlIds);
    expect(round1).toHaveLength(1);
    const [a, b] = round1[0]!.split!();
    const count = (kql: string, what: string) => kql.split(what).length - 1;
    for (const what of ['/workspaces/', '/bigdatapools/']) expect(count(a.kql, what) + count(b.kql, what)).toBe(count(round1[0]!.kql, what));
    const scopes = Array.from({ length: 8000 }, (_, i) => `/subscriptions/${SUB}/resourceGroups/rg-${i}/providers/Microsoft.Storage/storageAccounts/st${i}`);
    const direct = roleAssignmentQueries(scopes);
    expect(direct.filter((q) => q.kql.includes('managementGroups')).length).toBe(1);
    expect(direct.length).toBeGreaterThan(1);
    expect(direct.length).toBeLessThanOrEqual(3);
    expect(direct.reduce((n, q) => n + (q.kql.match(/storageaccounts/g)?.length ?? 0), 0)).toBe(8000);
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

  describe('policy assignments and change records of a large estate', () => {
    // 3,000 workspaces, each in its own resource group, over 100 subscriptions (the worst case for a resource-group
    // filter), half of them Synapse workspaces with four Spark pools each: 9,000 resource IDs.
    const sub = (i: number) => `${String(i % 100).padStart(8, '0')}-2222-4333-8444-555555555555`;
    const workspaces = Array.from({ length: 3000 }, (_, i) => (i % 2 ? ids.aml(`aml-${i}`, `rg-ws-${i}`, sub(i)) : ids.synapse(`syn-${i}`, `rg-ws-${i}`, sub(i))));
    const pools = workspaces.filter((id) => /synapse/i.test(id)).flatMap((id) => ['small', 'medium', 'large', 'gpu'].map((p) => `${id}/bigDataPools/${p}`));
    const rowsOf = (queries: ArgQuery[], rows: RawPayload[]) => new Set(queries.flatMap((q) => evaluateKql(parseKql(q.kql), rows)).map((r) => String(r['id'])));

    it('asks for the scope chains of 3,000 workspaces in one policy query, and splits it at a smaller limit', () => {
      const scopes = workspaces.flatMap(scopeChain);
      const one = policyAssignmentQueries(scopes);
      expect(one).toHaveLength(1);
      expect(one[0]!.kql.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
      const many = policyAssignmentQueries(scopes, 100_000);
      expect(many.length).toBeGreaterThan(1);
      for (const q of many) expect(q.kql.length).toBeLessThanOrEqual(100_000);
      expect(many.filter((q) => q.kql.includes('/providers/microsoft.management/managementgroups/')).length).toBe(1);
      // The same rows either way: assignments at a workspace, its resource group, its subscription and a management
      // group; not at a sibling resource or a resource group that is not audited.
      const rows = [
        assignmentRow(workspaces[7]!, 'at-workspace', 'd'),
        assignmentRow(workspaces[2998]!.replace(/\/providers\/.*$/, ''), 'at-group', 'd'),
        assignmentRow(`/subscriptions/${sub(3)}`, 'at-subscription', 'd'),
        assignmentRow('/providers/Microsoft.Management/managementGroups/alz', 'at-mg', 'd'),
        assignmentRow(`${workspaces[7]!}-sibling`, 'at-sibling', 'd'),
        assignmentRow(`/subscriptions/${sub(3)}/resourceGroups/rg-not-audited`, 'at-other-group', 'd'),
      ];
      const expected = rows.slice(0, 4).map((r) => String(r['id']));
      expect([...rowsOf(one, rows)].sort()).toEqual([...expected].sort());
      expect([...rowsOf(many, rows)].sort()).toEqual([...expected].sort());
      const [a, b] = many[0]!.split!();
      expect([...rowsOf([a, b], rows)].sort()).toEqual([...rowsOf([many[0]!], rows)].sort());
    });

    it('asks for the change records of 9,000 resources in one query (by resource group and type), exact after keepChangesOf', () => {
      const targets = [...workspaces, ...pools];
      expect(targets).toHaveLength(6000 + 3000);
      const one = resourceChangeQueries(targets);
      expect(one).toHaveLength(1);
      expect(one[0]!.kql.length).toBeLessThan(MAX_QUERY_LENGTH / 10);
      const many = resourceChangeQueries(targets, 10_000);
      expect(many.length).toBeGreaterThan(1);
      for (const q of many) expect(q.kql.length).toBeLessThanOrEqual(10_000);
      const rows = [
        changeRow(workspaces[1]!, 'aml', '2026-11-20T08:15:00Z'),
        changeRow(pools[4]!, 'pool', '2026-11-20T08:15:00Z'),
        changeRow(workspaces[2998]!, 'last', '2026-11-20T08:15:00Z'),
        // Same group and type, not audited: the query returns it, keepChangesOf drops it.
        changeRow(ids.synapse('syn-other', 'rg-ws-0', sub(0)), 'neighbour', '2026-11-20T08:15:00Z'),
        // Not returned: another type in an audited group; an audited group's name in another subscription.
        changeRow(ids.storage('st0', 'rg-ws-0', sub(0)), 'storage', '2026-11-20T08:15:00Z'),
        changeRow(ids.synapse('syn-0', 'rg-ws-0', sub(1)), 'other-sub', '2026-11-20T08:15:00Z'),
      ];
      const returned = [...rowsOf(one, rows)].sort();
      expect(returned).toEqual(rows.slice(0, 4).map((r) => String(r['id'])).sort());
      expect([...rowsOf(many, rows)].sort()).toEqual(returned);
      const [a, b] = many[0]!.split!();
      expect([...rowsOf([a, b], rows)].sort()).toEqual([...rowsOf([many[0]!], rows)].sort());
      const kept = keepChangesOf(rows.filter((r) => returned.includes(String(r['id']))), targets.map((id) => id.toUpperCase() + '/'));
      expect(kept.map((r) => String(r['id'])).sort()).toEqual(rows.slice(0, 3).map((r) => String(r['id'])).sort());
    });

    it('asks for an ID without a resource group by the ID itself', () => {
      const [q] = resourceChangeQueries(['/subscriptions/x/providers/Microsoft.Foo/bars/b1', ids.synapse('syn-1')]);
      expect(q!.kql).toContain("tostring(properties.targetResourceId) in~ ('/subscriptions/x/providers/microsoft.foo/bars/b1')");
      expect(q!.kql).toContain("resourceGroup in~ ('rg-analytics')");
      expect(kustoDiagnostics(q!.kql)).toEqual([]);
    });
  });
});
