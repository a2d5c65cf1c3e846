// Hand-made fakes for engine tests: a LoadedSpec whose positions are predictable, a minimal Estate, tiny rules.
import type { Check, Rule, RuleMeta } from '../../src/engine/types.js';
import type { Estate } from '../../src/estate/model.js';
import type { IntegrationSpec, LoadedSpec, SourcePosition, SpecPath, WaiverSpec } from '../../src/spec/types.js';

export const SYN_ID = '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-a/providers/Microsoft.Synapse/workspaces/syn-a';
export const AML_ID = '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-a/providers/Microsoft.MachineLearningServices/workspaces/mlw-a';

export function integration(name: string, overrides: Partial<IntegrationSpec> = {}): IntegrationSpec {
  return { name, synapse: { workspaceId: SYN_ID }, machineLearning: { workspaceId: AML_ID }, ...overrides };
}

/**
 * A loaded spec where `locate(path)` encodes the path: line = 10 × integration index + depth, column = depth + 1
 * (so tests can tell which node an entry points at); `located` records every call.
 */
export function fakeLoaded(integrations: IntegrationSpec[], waivers?: WaiverSpec[]): LoadedSpec & { located: SpecPath[] } {
  const located: SpecPath[] = [];
  return {
    file: 'spec.yaml',
    spec: { version: 1, integrations, ...(waivers && { waivers }) },
    located,
    locate(path: SpecPath): SourcePosition {
      located.push(path);
      const index = typeof path[1] === 'number' ? path[1] : 0;
      return { file: 'spec.yaml', line: 10 * index + path.length, column: path.length + 1 };
    },
  };
}

const nothing = { ok: true as const, value: undefined };
const none = { ok: true as const, value: [] };

export function fakeEstate(overrides: Partial<Estate> = {}): Estate {
  return {
    synapseWorkspace: () => nothing,
    sparkPools: () => none,
    amlWorkspace: () => nothing,
    privateLinkTarget: () => nothing,
    storageAccountByName: () => nothing,
    privateEndpointsTo: () => none,
    integrationRuntimes: () => none,
    synapseLinkedServices: () => none,
    managedPrivateEndpoints: () => none,
    synapseRoleAssignments: () => none,
    amlLinkedServices: () => none,
    attachedSparkPools: () => none,
    roleAssignmentsCovering: () => none,
    roleDefinition: () => undefined,
    allSynapseWorkspaces: () => [],
    errors: [],
    ...overrides,
  };
}

export function meta(id: string, overrides: Partial<RuleMeta> = {}): RuleMeta {
  return {
    id,
    name: `rule-${id.toLowerCase()}`,
    title: `Title of ${id}`,
    severity: 'error',
    resourceTypes: ['microsoft.synapse/workspaces'],
    dataSources: ['resourceGraph.resources'],
    judges: 'spec',
    rationale: `Why ${id} matters.`,
    remediation: `Fix ${id} like this:\naz synapse workspace update --name x`,
    docs: [{ title: 'A doc', url: 'https://learn.microsoft.com/x', date: '2024-02-29' }],
    messages: { ok: 'All good for {{name}}.', bad: 'Bad thing on {{name}}: {{count}} problems.', plain: 'No placeholders.' },
    ...overrides,
  };
}

export function specRule(id: string, checks: (i: IntegrationSpec) => Check[], overrides: Partial<RuleMeta> = {}): Rule {
  return { meta: meta(id, overrides), checkSpec: ({ integration: i }) => checks(i) };
}

export function estateRule(id: string, checks: (i: IntegrationSpec, e: Estate) => Check[], overrides: Partial<RuleMeta> = {}): Rule {
  return { meta: meta(id, overrides), checkEstate: ({ integration: i, estate }) => checks(i, estate) };
}
