// machineLearning.attachedSparkPools and serverlessSpark: schema and semantic errors, located and in words.
import { describe, expect, it } from 'vitest';
import { loadSpecText } from '../../src/spec/load-yaml.js';
import type { SpecLoadResult } from '../../src/spec/types.js';
import { AML, NOW, SUB, SYN, expectDiagnostics, yaml } from './helpers.js';

const UAMI = `/subscriptions/${SUB}/resourceGroups/rg-analytics/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-spark`;
const load = (text: string): SpecLoadResult => loadSpecText(text, 'spec.yaml', { now: NOW, knownRuleIds: ['SA017'] });

describe('attached Spark pools in the spec', () => {
  it('reads a valid declaration into the typed spec, trailing slashes of identity IDs removed', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse: { workspaceId: ${SYN} }
          machineLearning:
            workspaceId: ${AML}
            serverlessSpark: true
            attachedSparkPools:
              - { name: synapse-mlpool, pool: mlpool, identity: systemAssigned }
              - name: synapse-uami
                pool: mlpool
                identity: userAssigned
                userAssignedIdentities: [ ${UAMI}/ ]
    `;
    const result = load(text);
    expectDiagnostics(result, []);
    if (!result.ok) throw new Error('expected a valid spec');
    const ml = result.loaded.spec.integrations[0]!.machineLearning;
    expect(ml.serverlessSpark).toBe(true);
    expect(ml.attachedSparkPools).toEqual([
      { name: 'synapse-mlpool', pool: 'mlpool', identity: 'systemAssigned' },
      { name: 'synapse-uami', pool: 'mlpool', identity: 'userAssigned', userAssignedIdentities: [UAMI] },
    ]);
  });

  it('reports schema errors in words, with suggestions, at the offending node', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse: { workspaceId: ${SYN} }
          machineLearning:
            workspaceId: ${AML}
            serverlessSpark: "yes"
            attachedSparkPools:
              - name: synapse-mlpool
                pol: mlpool
                identity: SystemAssigned
    `;
    expectDiagnostics(load(text), [
      { at: '7:24', code: 'schema-type', message: 'integrations[0].machineLearning.serverlessSpark must be true or false (got "yes")' },
      // The misspelt key stands for the missing required "pool": one error, not two.
      { at: '10:11', code: 'schema-unknown-property', message: /unknown property "pol" in integrations\[0\]\.machineLearning\.attachedSparkPools\[0\] \(did you mean "pool"\?\)/ },
      { at: '11:21', code: 'schema-enum', message: /must be one of systemAssigned, userAssigned, none \(got "SystemAssigned"\) \(did you mean "systemAssigned"\?\)/ },
    ]);
  });

  it('reports duplicate compute names, identities that do not fit the identity type, and IDs of the wrong type', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse: { workspaceId: ${SYN} }
          machineLearning:
            workspaceId: ${AML}
            attachedSparkPools:
              - { name: synapse-mlpool, pool: mlpool, identity: userAssigned }
              - { name: Synapse-MLPool, pool: other }
              - name: synapse-sys
                pool: mlpool
                identity: systemAssigned
                userAssignedIdentities: [ ${SYN} ]
    `;
    expectDiagnostics(load(text), [
      {
        at: '8:59',
        code: 'missing-user-assigned-identities',
        message: /attachedSparkPools\[0\]\.identity is userAssigned, but .*attachedSparkPools\[0\] lists no userAssignedIdentities/,
      },
      {
        at: '9:19',
        code: 'duplicate-attached-pool',
        message:
          'duplicate attached Spark pool "Synapse-MLPool" in integrations[0].machineLearning.attachedSparkPools: ' +
          'integrations[0].machineLearning.attachedSparkPools[0] (line 8) already declares it (AML compute names are case-insensitive)',
      },
      {
        at: '13:11',
        code: 'unused-user-assigned-identities',
        severity: 'warning',
        message: /attachedSparkPools\[2\]\.userAssignedIdentities is ignored: .*identity is systemAssigned \(line 12\)/,
      },
      {
        at: '13:37',
        code: 'invalid-identity-id',
        message: /must be the ARM resource ID of a user-assigned managed identity \(type Microsoft\.ManagedIdentity\/userAssignedIdentities\), but it is the ID of a Microsoft\.Synapse\/workspaces resource/,
      },
    ]);
  });
});
