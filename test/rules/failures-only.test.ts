import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/index.js';
import type { IntegrationSpec } from '../../src/spec/types.js';
import { healthyIntegration, NOW } from '../support/scenario.js';

// In an audit the engine keeps only the failures of a rule's spec checks when the rule judges the estate, and tells
// the rule so (`failuresOnly`): a rule that then leaves the other outcomes out must leave out nothing else.
describe('spec checks with failuresOnly', () => {
  const versions = ['3.5', '3.4', '3.4.1', '3.3', '2.4', '3.10', ' 3.5 ', 'banana', '4.0'];
  const trackings = [undefined, 'linkedService', 'servicePrincipal', 'none'] as const;
  const integrations: IntegrationSpec[] = [];
  for (const tracking of trackings) {
    const integration = healthyIntegration();
    integration.synapse.sparkPools = versions.map((sparkVersion, i) => ({ name: `pool${i}`, sparkVersion, ...(tracking && { mlflowTracking: tracking }) }));
    integration.synapse.sparkPools.push({ name: 'noversion' });
    integrations.push(integration);
  }
  const dirty = healthyIntegration();
  dirty.synapse.preventDataExfiltration = true;
  dirty.synapse.managedVirtualNetwork = false;
  dirty.machineLearning.synapseLink = { name: 'old-link' };
  integrations.push(dirty, healthyIntegration());

  it('gives exactly the failures of the full spec checks, in order, for every rule that judges the estate', async () => {
    const rules = (await loadRules()).filter((r) => r.checkSpec && r.meta.judges === 'estate');
    expect(rules.length).toBeGreaterThan(2);
    let failures = 0;
    for (const rule of rules) {
      for (const integration of integrations) {
        const all = rule.checkSpec!({ integration, now: NOW });
        const onlyFailures = rule.checkSpec!({ integration, now: NOW, failuresOnly: true });
        expect(onlyFailures, `${rule.meta.id} ${integration.name}`).toEqual(all.filter((c) => c.outcome === 'fail'));
        failures += onlyFailures.length;
      }
    }
    // The cases above make each kind of declared failure (not only passes that were left out).
    expect(failures).toBeGreaterThan(10);
  });
});
