// `synaml init` as a function: the starter spec validates, and the draft from the demo estate declares what is
// deployed, says where each value came from, lists what it left out, and audits clean on SA016 / SA100.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules, ruleIds } from '../../rules/index.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { normaliseSnapshot } from '../../src/estate/normalise.js';
import type { Snapshot } from '../../src/estate/snapshot.js';
import { initFromSnapshot } from '../../src/init/from-snapshot.js';
import { starterSpec } from '../../src/init/starter.js';
import { kebabName, uniqueName } from '../../src/spec/integration-name.js';
import { loadSpecText } from '../../src/spec/load-yaml.js';

const NOW = new Date('2026-11-23T00:00:00Z');
const demo = JSON.parse(readFileSync('fixtures/demo/snapshot.json', 'utf8')) as Snapshot;

function load(text: string) {
  const result = loadSpecText(text, 'draft.yaml', { knownRuleIds: ruleIds, now: NOW });
  expect(result.diagnostics.filter((d) => d.severity === 'error'), JSON.stringify(result.diagnostics)).toEqual([]);
  if (!result.ok) throw new Error('spec did not load');
  return result.loaded;
}

describe('the starter spec', () => {
  it('loads without an error or a warning, and its spec-only rules pass', () => {
    const loaded = load(starterSpec());
    expect(loadSpecText(starterSpec(), 's.yaml', { knownRuleIds: ruleIds, now: NOW }).diagnostics).toEqual([]);
    const entries = evaluateRules({ loaded, rules, now: NOW, mode: 'validate' });
    expect(entries.filter((e) => e.outcome === 'fail')).toEqual([]);
    expect(starterSpec()).toMatch(/^# yaml-language-server: \$schema=/);
  });
});

describe('initFromSnapshot on the demo estate', () => {
  const draft = initFromSnapshot(demo, { origin: '--from-snapshot fixtures/demo/snapshot.json' });

  it('drafts one integration per Synapse workspace with an AzureMLService linked service', () => {
    expect(draft.integrations.map((i) => i.name)).toEqual(['syn-prod', 'syn-research']);
    const [prod, research] = draft.integrations;
    expect(prod).toMatchObject({
      synapse: { managedVirtualNetwork: true, preventDataExfiltration: false, publicNetworkAccess: 'Enabled', sparkPools: [{ name: 'mlpool', sparkVersion: '3.5' }] },
      machineLearning: { workspaceId: expect.stringMatching(/\/workspaces\/aml-prod$/), publicNetworkAccess: 'Disabled' },
      linkedService: { name: 'AzureMLService1', authentication: 'managedIdentity', integrationRuntime: 'AutoResolveIntegrationRuntime' },
      network: { managedPrivateEndpoint: { name: 'synapse-to-aml', required: true }, approvedPrivateEndpoints: [expect.stringMatching(/pe-aml-prod$/)] },
    });
    expect(research).toMatchObject({
      linkedService: { name: 'AzureMLResearch', authentication: 'servicePrincipal', integrationRuntime: 'shir-onprem', servicePrincipal: { clientId: 'research-ml-app', tenantId: '99999999-8888-4777-8666-555555555555' } },
      machineLearning: { synapseLink: { name: 'synapselink1' } },
    });
  });

  it('lists the workspace whose linked services could not be read, in the file and in the result', () => {
    expect(draft.skipped).toEqual([expect.objectContaining({ name: 'syn-marketing', unreadable: true, reason: expect.stringMatching(/linked services could not be read \(synapse\.linkedServices: HTTP 403 Forbidden/) })]);
    expect(draft.yaml).toMatch(/^# Not included: Synapse workspace syn-marketing \(.*\): its linked services could not be read/m);
  });

  it('says where each value came from, and invents nothing', () => {
    expect(draft.yaml).toMatch(/managedVirtualNetwork: true {2}# from Resource Graph: properties\.managedVirtualNetwork$/m);
    expect(draft.yaml).toMatch(/sparkVersion: "3\.5" {2}# from Resource Graph: properties\.sparkVersion$/m);
    expect(draft.yaml).toMatch(/authentication: managedIdentity {2}# from typeProperties\.authentication: MSI$/m);
    // Not recorded in Azure: left as commented placeholders.
    expect(draft.yaml).not.toMatch(/^\s*mlflowTracking:/m);
    expect(draft.yaml).toMatch(/^\s*# mlflowTracking: linkedService \| servicePrincipal \| none/m);
    expect(draft.yaml).not.toMatch(/^\s*objectId:/m);
    expect(draft.yaml).toMatch(/^\s*# objectId: <object ID of the service principal>/m);
    // An inline key is never declared as a secret.
    expect(draft.yaml).not.toMatch(/^\s*secret:/m);
  });

  it('validates, and an audit of the same estate with it has no SA016 or SA100 finding', () => {
    const loaded = load(draft.yaml);
    const entries = evaluateRules({ loaded, rules, estate: normaliseSnapshot(demo), now: NOW, mode: 'audit' });
    const drift = entries.filter((e) => (e.ruleId === 'SA016' || e.ruleId === 'SA100') && (e.outcome === 'fail' || e.outcome === 'unknown'));
    expect(drift).toEqual([]);
    expect(entries.filter((e) => e.ruleId === 'SA016' && e.outcome === 'pass').length).toBeGreaterThan(5);
    // It still shows where the estate stands: research-dev's self-hosted runtime.
    expect(entries.some((e) => e.ruleId === 'SA002' && e.outcome === 'fail')).toBe(true);
  });

  it('drafts the attached Spark pools of each AML workspace on its Synapse workspace, and audits them with no SA016 or SA100 finding', () => {
    const attached = Object.fromEntries(draft.integrations.map((i) => [i.name, i.machineLearning.attachedSparkPools]));
    expect(attached).toEqual({
      'syn-prod': [{ name: 'synapse-mlpool', pool: 'mlpool', identity: 'systemAssigned' }],
      'syn-research': [
        { name: 'synapse-featurize', pool: 'featurize', identity: 'systemAssigned' },
        { name: 'synapse-mlpool34', pool: 'mlpool34', identity: 'systemAssigned' },
      ],
    });
    expect(draft.yaml).toMatch(/^ {6}attachedSparkPools: {2}# from ARM: the computes of type SynapseSpark of AML workspace aml-prod/m);
    // Whether jobs run on serverless Spark is not recorded in Azure.
    expect(draft.yaml).toMatch(/^ {6}# serverlessSpark: true {3}# not recorded in Azure/m);
    const entries = evaluateRules({ loaded: load(draft.yaml), rules, estate: normaliseSnapshot(demo), now: NOW, mode: 'audit' });
    const onAttached = entries.filter((e) => (e.ruleId === 'SA016' || e.ruleId === 'SA100') && e.resourceId?.includes('/computes/'));
    expect(onAttached.length).toBeGreaterThanOrEqual(6);
    expect(onAttached.filter((e) => e.outcome !== 'pass')).toEqual([]);
  });

  it('says why it declares no attached pools when the computes could not be read', () => {
    const snapshot = structuredClone(demo);
    const aml = Object.keys(snapshot.arm).find((k) => k.endsWith('/aml-prod'))!;
    delete snapshot.arm[aml]!.computes;
    snapshot.errors.push({ source: 'arm.computes', scope: aml, status: 403, code: 'AuthorizationFailed', message: 'no computes/read' });
    const again = initFromSnapshot(snapshot);
    expect(again.integrations.find((i) => i.name === 'syn-prod')!.machineLearning.attachedSparkPools).toBeUndefined();
    expect(again.yaml).toMatch(/# attachedSparkPools: not declared: the AML workspace's computes could not be read \(arm\.computes: HTTP 403 AuthorizationFailed: no computes\/read\)/);
  });
});

describe('integration names', () => {
  it('are lower-case kebab-case and unique', () => {
    expect(kebabName('Syn_Prod.West')).toBe('syn-prod-west');
    expect(kebabName('---')).toBe('integration');
    const taken = new Set<string>();
    expect([uniqueName('syn-a', taken), uniqueName('SYN_A', taken), uniqueName('syn a', taken)]).toEqual(['syn-a', 'syn-a-2', 'syn-a-3']);
  });
});
