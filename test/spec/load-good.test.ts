// Specs that must load cleanly, and locate(): from a path in the spec back to its line and column.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSpecFile } from '../../src/spec/load.js';
import { loadSpecText } from '../../src/spec/load-yaml.js';
import type { LoadedSpec, SpecLoadResult } from '../../src/spec/types.js';
import { AML, NOW, PE, PRINCIPAL, SYN, yaml } from './helpers.js';

// Relative to the repository root, as a person would pass it on the command line.
const DESIGN_EXAMPLE = relative(process.cwd(), fileURLToPath(new URL('../fixtures/specs/good/design-example.yaml', import.meta.url)));
const ALL_RULES = ['SA001', 'SA002', 'SA003', 'SA004', 'SA005', 'SA006', 'SA007', 'SA008', 'SA009', 'SA010', 'SA011', 'SA012', 'SA013', 'SA014', 'SA015', 'SA016', 'SA100', 'SA101', 'SA102'];

function loaded(result: SpecLoadResult): LoadedSpec {
  expect(result.diagnostics).toEqual([]);
  if (!result.ok) throw new Error('spec did not load');
  return result.loaded;
}

/** `line:column` of the first `needle` on 1-based line `line` of `text`: keeps expected positions readable. */
function at(text: string, line: number, needle: string): string {
  const column = (text.split('\n')[line - 1] ?? '').indexOf(needle);
  if (column < 0) throw new Error(`"${needle}" is not on line ${line}`);
  return `${line}:${column + 1}`;
}

describe('the DESIGN.md example', () => {
  const text = readFileSync(DESIGN_EXAMPLE, 'utf8');

  it('loads with no diagnostics, typed as written', async () => {
    const spec = loaded(await loadSpecFile(DESIGN_EXAMPLE, { now: NOW, knownRuleIds: ALL_RULES }));
    expect(spec.file).toBe(DESIGN_EXAMPLE);
    expect(spec.spec.version).toBe(1);
    const [integration] = spec.spec.integrations;
    expect(integration?.name).toBe('analytics-prod');
    expect(integration?.synapse.sparkPools).toEqual([{ name: 'mlpool', sparkVersion: '3.5', mlflowTracking: 'linkedService' }]);
    expect(integration?.machineLearning.dependencyPrivateEndpoints).toEqual(['blob', 'file', 'dfs', 'vault', 'registry']);
    expect(integration?.linkedService?.servicePrincipal?.secret).toEqual({ keyVault: { linkedService: 'kv-ls', secretName: 'aml-sp' } });
    expect(integration?.access?.required?.[0]?.role).toBe('Storage Blob Data Contributor');
    // YAML 1.2: an unquoted date stays a string.
    expect(spec.spec.waivers).toEqual([{ rule: 'SA013', integration: 'analytics-prod', reason: 'migration to 3.5 booked', expires: '2027-01-31' }]);
  });

  it('locates keys, list items and flow-mapping entries', async () => {
    const spec = loaded(await loadSpecFile(DESIGN_EXAMPLE, { now: NOW }));
    const where = (path: Parameters<LoadedSpec['locate']>[0]) => {
      const p = spec.locate(path);
      expect(p.file).toBe(DESIGN_EXAMPLE);
      return `${p.line}:${p.column}`;
    };
    // The root is its first key (line 1 is the yaml-language-server comment).
    expect(where([])).toBe('2:1');
    expect(where(['version'])).toBe('2:1');
    // A list item is the item's own node; a map pair is its key.
    expect(where(['integrations', 0])).toBe(at(text, 4, 'name:'));
    expect(where(['integrations', 0, 'name'])).toBe(at(text, 4, 'name:'));
    expect(where(['integrations', 0, 'synapse', 'workspaceId'])).toBe(at(text, 6, 'workspaceId'));
    expect(where(['integrations', 0, 'synapse', 'sparkPools', 0])).toBe(at(text, 10, 'name: mlpool'));
    expect(where(['integrations', 0, 'synapse', 'sparkPools', 0, 'sparkVersion'])).toBe(at(text, 11, 'sparkVersion'));
    expect(where(['integrations', 0, 'machineLearning', 'dependencyPrivateEndpoints', 2])).toBe(at(text, 16, 'dfs'));
    expect(where(['integrations', 0, 'linkedService', 'servicePrincipal', 'secret', 'keyVault', 'secretName'])).toBe(at(text, 24, 'secretName'));
    expect(where(['integrations', 0, 'network', 'managedPrivateEndpoint', 'required'])).toBe(at(text, 26, 'required'));
    expect(where(['integrations', 0, 'access', 'required', 0, 'scope'])).toBe(at(text, 31, 'scope'));
    expect(where(['waivers', 0, 'expires'])).toBe(at(text, 33, 'expires'));
  });

  it('falls back to the nearest existing ancestor', async () => {
    const spec = loaded(await loadSpecFile(DESIGN_EXAMPLE, { now: NOW }));
    const where = (path: Parameters<LoadedSpec['locate']>[0]) => `${spec.locate(path).line}:${spec.locate(path).column}`;
    expect(where(['integrations', 0, 'synapse', 'sparkPools', 5, 'name'])).toBe(at(text, 9, 'sparkPools'));
    expect(where(['integrations', 0, 'synapse', 'preventDataExfiltration'])).toBe(at(text, 5, 'synapse'));
    expect(where(['integrations', 3])).toBe('3:1');
    expect(where(['nothing', 'here'])).toBe('2:1');
  });
});

describe('other valid specs', () => {
  it('loads a minimal spec', () => {
    const result = loadSpecText(
      yaml`
        version: 1
        integrations:
          - name: a1
            synapse: { workspaceId: ${SYN} }
            machineLearning: { workspaceId: ${AML} }
      `,
      'min.yaml',
    );
    expect(loaded(result).spec).toEqual({ version: 1, integrations: [{ name: 'a1', synapse: { workspaceId: SYN }, machineLearning: { workspaceId: AML } }] });
  });

  it('loads the documented extensions: exfiltration protection, AML-side link, tenant ID, scoped waivers, GUID roles', () => {
    const text = yaml`
      $schema: ../schema/spec-v1.schema.json
      version: 1
      integrations:
        - name: analytics-prod
          synapse:
            workspaceId: ${SYN}
            managedVirtualNetwork: true
            preventDataExfiltration: false
            publicNetworkAccess: Disabled
            sparkPools:
              - name: legacy
                sparkVersion: "3.4"
                mlflowTracking: servicePrincipal
              - name: mlpool
          machineLearning:
            workspaceId: ${AML}
            synapseLink: { name: synapse-link, linkedBy: ${PRINCIPAL} }
          linkedService:
            name: AzureMLService1
            authentication: servicePrincipal
            servicePrincipal:
              clientId: not-a-guid-is-SA015s-business
              tenantId: 72f988bf-86f1-41af-91ab-2d7cd011db47
          network:
            managedPrivateEndpoint: { name: synapse-to-aml }
            approvedPrivateEndpoints: [ ${PE} ]
          access:
            required:
              - { principalId: ${PRINCIPAL}, role: c3a6d2f1-a26f-4810-9b0f-591308d5cbf1, scope: synapse.workspace }
              - { principalId: ${PRINCIPAL}, role: Contributor, scope: "${AML}" }
              - { principalId: ${PRINCIPAL}, role: Synapse Apache Spark Administrator, scope: "${SYN}" }
      waivers:
        - { rule: SA013, integration: analytics-prod, resource: "${SYN}/bigDataPools/legacy", reason: "runtime upgrade booked", expires: 2026-11-23 }
        - { rule: SA012, reason: "link removal planned", expires: 2027-03-31 }
    `;
    const spec = loaded(loadSpecText(text, 'ext.yaml', { now: NOW, knownRuleIds: ALL_RULES })).spec;
    expect(spec.integrations[0]?.machineLearning.synapseLink).toEqual({ name: 'synapse-link', linkedBy: PRINCIPAL });
    expect(spec.integrations[0]?.synapse.preventDataExfiltration).toBe(false);
    expect(spec.waivers?.[0]?.resource).toBe(`${SYN}/bigDataPools/legacy`);
  });

  it('lets integrations share settings through an x- anchor and merge keys, locating merged values at the anchor', () => {
    const text = yaml`
      version: 1
      x-defaults: &defaults
        synapse:
          workspaceId: ${SYN}
          managedVirtualNetwork: true
        machineLearning:
          workspaceId: ${AML}
      integrations:
        - <<: *defaults
          name: analytics-prod
        - <<: *defaults
          name: analytics-test
          synapse: { workspaceId: ${SYN}, managedVirtualNetwork: false }
    `;
    const spec = loaded(loadSpecText(text, 'merge.yaml', { now: NOW }));
    expect(spec.spec.integrations.map((i) => i.synapse.managedVirtualNetwork)).toEqual([true, false]);
    const where = (path: Parameters<LoadedSpec['locate']>[0]) => `${spec.locate(path).line}:${spec.locate(path).column}`;
    expect(where(['integrations', 0, 'synapse', 'managedVirtualNetwork'])).toBe(at(text, 5, 'managedVirtualNetwork'));
    expect(where(['integrations', 1, 'synapse', 'managedVirtualNetwork'])).toBe(at(text, 13, 'managedVirtualNetwork'));
    expect(where(['integrations', 1, 'machineLearning'])).toBe(at(text, 6, 'machineLearning'));
  });

  it('locates under a node (locateUnder, as the engine does per integration) exactly as from the root', () => {
    const text = yaml`
      version: 1
      x-defaults: &defaults
        synapse:
          workspaceId: ${SYN}
          sparkPools: [{ name: mlpool, sparkVersion: "3.4" }]
        machineLearning:
          workspaceId: ${AML}
      integrations:
        - <<: *defaults
          name: analytics-prod
          access:
            required:
              - { principalId: ${PRINCIPAL}, role: Owner, scope: synapse.workspace }
        - name: analytics-test
          synapse: { workspaceId: ${SYN}, managedVirtualNetwork: false }
          machineLearning:
            workspaceId: ${AML}
    `;
    const spec = loaded(loadSpecText(text, 'merge.yaml', { now: NOW }));
    const paths = [
      [],
      ['name'],
      ['synapse'],
      ['synapse', 'workspaceId'],
      ['synapse', 'managedVirtualNetwork'],
      ['synapse', 'sparkPools', 0, 'sparkVersion'],
      ['synapse', 'sparkPools', 3, 'name'],
      ['machineLearning', 'workspaceId'],
      ['access', 'required', 0, 'role'],
      ['access', 'privilegedPrincipals'],
      ['network', 'managedPrivateEndpoint', 'name'],
    ];
    for (const index of [0, 1, 2]) {
      const locate = spec.locateUnder!(['integrations', index]);
      for (const path of paths) expect(locate(path), JSON.stringify([index, ...path])).toEqual(spec.locate(['integrations', index, ...path]));
    }
  });

  it('reports a mistake inside a shared anchor where it is written, once per integration using it', () => {
    const text = yaml`
      version: 1
      x-defaults: &defaults
        synapse: { workspaceId: ${AML} }
        machineLearning: { workspaceId: ${AML} }
      integrations:
        - { <<: *defaults, name: analytics-prod }
        - { <<: *defaults, name: analytics-test }
    `;
    const result = loadSpecText(text, 'merge.yaml', { now: NOW });
    expect(result.diagnostics.map((d) => [`${d.line}:${d.column}`, d.code, d.message.split(' ')[0]])).toEqual([
      [at(text, 3, '/subscriptions'), 'invalid-workspace-id', 'integrations[0].synapse.workspaceId'],
      [at(text, 3, '/subscriptions'), 'invalid-workspace-id', 'integrations[1].synapse.workspaceId'],
    ]);
  });
});
