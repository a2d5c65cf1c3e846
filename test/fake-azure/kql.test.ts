// The fake's KQL subset: what it evaluates (with KQL's semantics) and what it refuses.
import { describe, expect, it } from 'vitest';
import { KqlError, columnValue, evaluateKql, kqlToString, parseKql, type Row } from './kql.js';

const SUB = '11111111-2222-4333-8444-555555555555';
const ws = `/subscriptions/${SUB}/resourceGroups/rg-analytics/providers/Microsoft.Synapse/workspaces/syn-prod`;
const rows: Row[] = [
  {
    id: ws,
    name: 'syn-prod',
    type: 'microsoft.synapse/workspaces',
    subscriptionId: SUB,
    resourceGroup: 'rg-analytics',
    location: 'westeurope',
    identity: { type: 'SystemAssigned', principalId: 'aaaaaaaa-0000-4000-8000-000000000001' },
    properties: { managedVirtualNetwork: 'default', 'odd key': 'x', connectivityEndpoints: { dev: 'https://syn-prod.dev.azuresynapse.net' }, flag: true },
  },
  {
    id: `${ws}/bigDataPools/mlpool`,
    name: 'mlpool',
    type: 'microsoft.synapse/workspaces/bigdatapools',
    subscriptionId: SUB,
    resourceGroup: 'rg-analytics',
    location: 'westeurope',
    properties: { sparkVersion: '3.4' },
  },
  {
    // A role assignment row without subscriptionId / resourceGroup columns, as the payload builders make them.
    id: `/subscriptions/${SUB}/resourceGroups/RG-ML/providers/Microsoft.Authorization/roleAssignments/abc`,
    name: 'abc',
    type: 'microsoft.authorization/roleassignments',
    properties: { scope: `/subscriptions/${SUB}/resourceGroups/RG-ML`, principalId: 'p1' },
  },
];

function run(query: string, input: Row[] = rows): Row[] {
  return evaluateKql(parseKql(query), input);
}
const names = (query: string) => run(query).map((r) => r.name);

function rejects(query: string, why: RegExp): void {
  let error: unknown;
  try {
    parseKql(query);
  } catch (e) {
    error = e;
  }
  expect(error, query).toBeInstanceOf(KqlError);
  expect((error as Error).message, query).toMatch(/^fake-azure: unsupported KQL: /);
  expect((error as Error).message, query).toMatch(why);
}

describe('KQL subset: evaluation', () => {
  it('reads a bare table, case-insensitively named as ARG allows, ordered by id', () => {
    expect(run('Resources').map((r) => r.name)).toEqual(['syn-prod', 'mlpool', 'abc'].sort((a, b) => {
      const ids = { 'syn-prod': ws, mlpool: `${ws}/bigDataPools/mlpool`, abc: String(rows[2]!.id) } as Record<string, string>;
      return ids[a]!.toLowerCase() < ids[b]!.toLowerCase() ? -1 : 1;
    }));
    expect(parseKql('authorizationresources').table).toBe('authorizationresources');
    expect(parseKql('ResourceContainers').table).toBe('resourcecontainers');
  });

  it('== and != are case-sensitive, =~ is not', () => {
    expect(names("resources | where type == 'microsoft.synapse/workspaces'")).toEqual(['syn-prod']);
    expect(names("resources | where type == 'Microsoft.Synapse/workspaces'")).toEqual([]);
    expect(names("resources | where type =~ 'Microsoft.Synapse/workspaces'")).toEqual(['syn-prod']);
    expect(names("resources | where name != 'syn-prod' and name != 'abc'")).toEqual(['mlpool']);
  });

  it('in is case-sensitive, in~ is not', () => {
    expect(names("resources | where name in ('SYN-PROD', 'mlpool')")).toEqual(['mlpool']);
    expect(names("resources | where name in~ ('SYN-PROD', 'mlpool')").sort()).toEqual(['mlpool', 'syn-prod']);
  });

  it('startswith and contains are case-insensitive', () => {
    expect(names(`resources | where tolower(id) startswith '${ws.toLowerCase()}/bigdatapools/'`)).toEqual(['mlpool']);
    expect(names(`resources | where id startswith '${ws.toUpperCase()}/BIGDATAPOOLS/'`)).toEqual(['mlpool']);
    expect(names("resources | where name contains 'PROD'")).toEqual(['syn-prod']);
  });

  it('has matches whole terms only', () => {
    expect(names("resources | where name has 'prod'")).toEqual(['syn-prod']);
    expect(names("resources | where name has 'pro'")).toEqual([]);
    expect(names("resources | where id has 'bigDataPools'")).toEqual(['mlpool']);
  });

  it('tostring() reads dynamic paths with dots and brackets; missing paths are empty', () => {
    expect(names("resources | where tostring(properties.managedVirtualNetwork) =~ 'DEFAULT'")).toEqual(['syn-prod']);
    expect(names("resources | where tostring(properties['odd key']) == 'x'")).toEqual(['syn-prod']);
    expect(names('resources | where tostring(properties["connectivityEndpoints"].dev) contains "azuresynapse"')).toEqual(['syn-prod']);
    expect(names("resources | where tostring(identity.principalId) == 'aaaaaaaa-0000-4000-8000-000000000001'")).toEqual(['syn-prod']);
    expect(names("resources | where tostring(properties.flag) == 'true'")).toEqual(['syn-prod']);
    expect(names("resources | where tostring(properties.nothing.here) == ''").sort()).toEqual(['abc', 'mlpool', 'syn-prod']);
  });

  it('isnotempty() takes columns and dynamic paths', () => {
    expect(names('resources | where isnotempty(identity)')).toEqual(['syn-prod']);
    expect(names('resources | where isnotempty(properties.sparkVersion)')).toEqual(['mlpool']);
    expect(names('resources | where isnotempty(tostring(properties.scope))')).toEqual(['abc']);
  });

  it('and binds tighter than or; not() and parentheses work', () => {
    expect(names("resources | where name == 'abc' or name == 'mlpool' and location == 'nowhere'")).toEqual(['abc']);
    expect(names("resources | where (name == 'abc' or name == 'mlpool') and location == 'westeurope'")).toEqual(['mlpool']);
    expect(names("resources | where not(name == 'abc') and not(name startswith 'syn')")).toEqual(['mlpool']);
  });

  it('several where clauses all apply', () => {
    expect(names("resources | where location =~ 'westeurope' | where name startswith 'ml'")).toEqual(['mlpool']);
  });

  it('derives subscriptionId and resourceGroup from id when a row lacks them, as ARG always fills them', () => {
    expect(names(`authorizationresources | where subscriptionId == '${SUB}' and resourceGroup == 'rg-ml'`)).toEqual(['abc']);
    expect(columnValue({ id: '/providers/Microsoft.Authorization/roleDefinitions/x' }, 'subscriptionId')).toBe('');
  });

  it('projects the listed columns in order, filling absent ones like ARG (null dynamic, empty string)', () => {
    const out = run("resources | where name == 'abc' | project name, id, identity, kind, subscriptionId | order by id asc");
    expect(out).toEqual([{ name: 'abc', id: rows[2]!.id, identity: null, kind: '', subscriptionId: SUB }]);
    expect(Object.keys(out[0]!)).toEqual(['name', 'id', 'identity', 'kind', 'subscriptionId']);
  });

  it('returns copies: evaluation never mutates the snapshot rows', () => {
    const out = run("resources | where name == 'syn-prod'");
    (out[0]!.properties as Record<string, unknown>).managedVirtualNetwork = 'changed';
    expect((rows[0]!.properties as Record<string, unknown>).managedVirtualNetwork).toBe('default');
  });

  it('decodes string literals: escapes, both quotes, verbatim strings', () => {
    const input: Row[] = [{ id: '/a', name: "it's \"q\" \\ end" }];
    expect(run(`resources | where name == 'it\\'s "q" \\\\ end'`, input)).toHaveLength(1);
    expect(run(`resources | where name == "it's \\"q\\" \\\\ end"`, input)).toHaveLength(1);
    expect(run(`resources | where name == @'it''s "q" \\ end'`, input)).toHaveLength(1);
    expect(run(`resources | where name == 'it\\u0027s "q" \\\\ end'`, input)).toHaveLength(1);
  });

  it('accepts the multi-line shape synaml emits, with comments', () => {
    const q = [
      'authorizationresources',
      "| where type =~ 'microsoft.authorization/roleassignments' // assignments only",
      "| where tostring(properties.scope) startswith '/subscriptions/' or tostring(properties.scope) == '/'",
      '| project id, name, type, subscriptionId, properties',
      '| order by id asc',
    ].join('\n');
    expect(run(q).map((r) => r.name)).toEqual(['abc']);
  });

  it('kqlToString follows KQL tostring()', () => {
    expect(kqlToString(null)).toBe('');
    expect(kqlToString(undefined)).toBe('');
    expect(kqlToString(3)).toBe('3');
    expect(kqlToString({ a: [1, 'b'] })).toBe('{"a":[1,"b"]}');
  });
});

describe('KQL subset: rejections', () => {
  it('rejects the operators that disable paging', () => {
    rejects('resources | limit 10', /limit.*paging/);
    rejects('resources | take 10', /take.*paging/);
    rejects('resources | top 10 by name', /top.*paging/);
    rejects('resources | summarize count() by type', /summarize.*paging/);
    rejects('resources | count', /count.*paging/);
    rejects('resources | distinct type', /distinct/);
  });

  it('rejects every other tabular operator', () => {
    for (const op of ['extend x = 1', 'join (resources) on id', 'union resourcecontainers', 'mv-expand properties', 'project-away tags', 'filter name == "a"', 'parse name with x', 'sort by id asc']) {
      rejects(`resources | ${op}`, /unsupported KQL/);
    }
    rejects('resources | mv-expand properties', /mv-expand/);
    rejects('resources | sort by id asc', /order by id asc/);
  });

  it('only allows order by id asc, explicitly (KQL defaults to descending)', () => {
    rejects('resources | order by id', /without `asc`/);
    rejects('resources | order by id desc', /desc/);
    rejects('resources | order by name asc', /only `order by id asc`/);
    rejects('resources | order by id asc, name asc', /more than one column/);
  });

  it('enforces the stage order where* → project? → order by?', () => {
    rejects("resources | project id | where name == 'a'", /where.*after/);
    rejects('resources | order by id asc | project id', /project.*after/);
    rejects('resources | project id | project name', /second `project`/);
  });

  it('rejects unknown tables, columns, and column names in the wrong case', () => {
    rejects('securityresources', /table 'securityresources'/);
    rejects("resources | where Name == 'a'", /case-sensitive: 'name'/);
    rejects("resources | where managedBy == 'a'", /column 'managedBy'/);
    rejects('resources | project id, zones', /column 'zones'/);
  });

  it('rejects keywords in the wrong case', () => {
    rejects("resources | WHERE name == 'a'", /WHERE/);
    rejects("resources | where name == 'a' AND type == 'b'", /AND/);
  });

  it('rejects dynamic values compared without tostring()', () => {
    rejects("resources | where properties.managedVirtualNetwork =~ 'default'", /tostring/);
    rejects("resources | where identity == 'x'", /tostring/);
    rejects("resources | where tolower(properties.x) == 'y'", /tostring/);
  });

  it('rejects operators and functions outside the subset', () => {
    rejects("resources | where name !~ 'a'", /!~/);
    rejects("resources | where name !in ('a')", /!in/);
    rejects("resources | where name !contains 'a'", /!contains/);
    rejects("resources | where name has_cs 'a'", /has_cs/);
    rejects("resources | where name endswith 'a'", /endswith/);
    rejects("resources | where name matches regex 'a'", /matches/);
    rejects("resources | where toupper(name) == 'A'", /toupper/);
    rejects('resources | where isempty(name)', /isempty/);
    rejects("resources | where name == 'a' or not name == 'b'", /not\(/);
    rejects('resources | where name > 3', />/);
    rejects("resources | where strlen(name) == '3'", /strlen/);
  });

  it('only string literals', () => {
    rejects('resources | where name == 3', /non-string literal/);
    rejects('resources | where name == true', /non-string literal/);
    rejects("resources | where tostring(properties.list[0]) == 'a'", /array indexing/);
  });

  it('rejects computed projections, let statements, several statements and malformed text', () => {
    rejects('resources | project n = name', /renamed/);
    rejects('resources | project tostring(properties.x)', /expressions|column/);
    rejects("let x = 'a'; resources", /let/);
    rejects('resources; resources', /multiple statements/);
    rejects("resources | where name == 'open", /unterminated/);
    rejects('resources |', /expected a tabular operator/);
    rejects('', /empty/);
    rejects("resources | where name == 'a' garbage", /unexpected/);
    rejects("resources | where name == 'a\\q'", /escape/);
  });
});
