// SA100's remediation names the property that drifted and the command for it (issue 20, item 9), instead of one
// text for every property; a Check's own remediation reaches the result entry.
import { describe, expect, it } from 'vitest';
import { propertyRemediation, type Subject } from '../../rules/SA100-desired-state-drift.js';
import { audit, snapshotSource } from '../../src/index.js';

const SYN = '/subscriptions/s/resourceGroups/rg-a/providers/Microsoft.Synapse/workspaces/syn-a';
const AML = '/subscriptions/s/resourceGroups/rg-m/providers/Microsoft.MachineLearningServices/workspaces/aml-a';
const subject = (property: string, resource: string, resourceId: string): Subject => ({ property, resource, resourceId, path: [] });

describe('SA100 remediation per property', () => {
  it('gives the command for the property that differs, with the resource names filled in', () => {
    expect(propertyRemediation(subject('sparkVersion', 'Spark pool mlpool', `${SYN}/bigDataPools/mlpool`), '3.5')).toContain(
      '`Update-AzSynapseSparkPool -WorkspaceName syn-a -Name mlpool -SparkVersion 3.5`',
    );
    expect(propertyRemediation(subject('publicNetworkAccess', 'AML workspace aml-a', AML), 'Disabled')).toContain(
      '`az ml workspace update --name aml-a --resource-group rg-m --public-network-access Disabled`',
    );
    expect(propertyRemediation(subject('publicNetworkAccess', 'Synapse workspace syn-a', SYN), 'Enabled')).toContain('-EnablePublicNetworkAccess $true');
    expect(propertyRemediation(subject('managedVirtualNetwork', 'Synapse workspace syn-a', SYN), 'true')).toContain('can only be chosen when a Synapse workspace is created');
    expect(propertyRemediation(subject('identity', 'attached Spark pool synapse-mlpool', `${AML}/computes/synapse-mlpool`), 'systemAssigned')).toContain(
      'identity: { type: system_assigned }) and attach it again: `az ml compute detach --name synapse-mlpool --workspace-name aml-a`',
    );
    expect(propertyRemediation(subject('integrationRuntime', 'linked service AzureMLService1', `${SYN}/linkedservices/AzureMLService1`), 'AutoResolveIntegrationRuntime')).toContain(
      'set integrationRuntime to AutoResolveIntegrationRuntime and Publish',
    );
  });

  it('reaches the result: the demo\'s SA100 failures each carry their own property\'s remediation', async () => {
    const result = await audit('fixtures/demo/spec.yaml', { now: new Date('2026-11-23T00:00:00Z'), estateSource: snapshotSource('fixtures/demo/snapshot.json') });
    const drift = result.results.filter((e) => e.ruleId === 'SA100' && e.outcome === 'fail' && e.expected !== undefined);
    expect(drift.length).toBeGreaterThan(1);
    for (const e of drift) expect(e.remediation).toContain(e.message.split(' ')[0]!);
    expect(new Set(drift.map((e) => e.remediation)).size).toBe(drift.length);
  });
});
