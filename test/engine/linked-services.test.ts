import { describe, expect, it } from 'vitest';
import { amlLinkedServicesOf } from '../../src/engine/linked-services.js';
import type { SynapseLinkedService } from '../../src/estate/model.js';
import { healthyIntegration } from '../support/scenario.js';

const SUB = '01234567-89ab-4def-0123-456789abcdef';
const linked = (name: string, workspace: string): SynapseLinkedService => ({
  name,
  type: 'AzureMLService',
  typeProperties: { subscriptionId: SUB, resourceGroupName: 'rg-ml', mlWorkspaceName: workspace, authentication: 'MSI' },
});
const amlId = (workspace: string) => `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/${workspace}`;

describe('amlLinkedServicesOf', () => {
  // The answer for one integration and list is kept for the rules that ask next: it must never be another's.
  it('answers each integration and each list for itself, asked in any order', () => {
    const list = [linked('to-a', 'aml-a'), linked('to-b', 'aml-b'), linked('to-a-too', 'AML-A')];
    const other = [linked('to-b-only', 'aml-b')];
    const a = healthyIntegration();
    a.machineLearning.workspaceId = amlId('aml-a');
    delete a.linkedService;
    const b = healthyIntegration();
    b.machineLearning.workspaceId = amlId('aml-b');
    delete b.linkedService;
    const names = (ls: SynapseLinkedService[]) => ls.map((l) => l.name);

    expect(names(amlLinkedServicesOf(list, a))).toEqual(['to-a', 'to-a-too']);
    expect(names(amlLinkedServicesOf(list, a))).toEqual(['to-a', 'to-a-too']);
    expect(names(amlLinkedServicesOf(list, b))).toEqual(['to-b']);
    expect(names(amlLinkedServicesOf(other, b))).toEqual(['to-b-only']);
    expect(names(amlLinkedServicesOf(other, a))).toEqual([]);
    expect(names(amlLinkedServicesOf(list, a))).toEqual(['to-a', 'to-a-too']);
  });
});
