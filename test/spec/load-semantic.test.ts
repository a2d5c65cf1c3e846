// Semantic checks: what the schema cannot say, located like schema errors.
import { describe, expect, it } from 'vitest';
import { loadSpecText } from '../../src/spec/load-yaml.js';
import { isGuid, parseArmId } from '../../src/azure/ids.js';
import { wellFormedId } from '../../src/spec/semantic.js';
import type { SpecLoadResult } from '../../src/spec/types.js';
import { AML, NOW, PE, PRINCIPAL, SUB, SYN, expectDiagnostics, yaml } from './helpers.js';

const RULES = ['SA001', 'SA013'];
const load = (text: string): SpecLoadResult => loadSpecText(text, 'spec.yaml', { now: NOW, knownRuleIds: RULES });

describe('semantic checks', () => {
  it('reports a duplicate integration name at the second name', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse: { workspaceId: ${SYN} }
          machineLearning: { workspaceId: ${AML} }
        - name: analytics-prod
          synapse: { workspaceId: ${SYN} }
          machineLearning: { workspaceId: ${AML} }
    `;
    expectDiagnostics(load(text), [
      {
        at: '6:11',
        code: 'duplicate-integration',
        message: 'duplicate integration name "analytics-prod": integrations[0] (line 3) already uses it; integration names must be unique',
      },
    ]);
  });

  it('checks that each workspace ID is an ARM ID of the right type, saying what it found', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse:
            workspaceId: ${AML}
          machineLearning:
            workspaceId: ${SYN}/bigDataPools/mlpool
        - name: analytics-test
          synapse:
            workspaceId: syn-analytics
          machineLearning:
            workspaceId: /subscriptions/<subscription>/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/mlw
    `;
    expectDiagnostics(load(text), [
      {
        at: '5:20',
        code: 'invalid-workspace-id',
        message:
          'integrations[0].synapse.workspaceId must be the ARM resource ID of a Synapse workspace (type Microsoft.Synapse/workspaces), ' +
          'but it is the ID of a Microsoft.MachineLearningServices/workspaces resource',
      },
      {
        at: '7:20',
        code: 'invalid-workspace-id',
        message:
          'integrations[0].machineLearning.workspaceId must be the ARM resource ID of an Azure Machine Learning workspace ' +
          '(type Microsoft.MachineLearningServices/workspaces), but it is the ID of a Microsoft.Synapse/workspaces/bigDataPools resource',
      },
      {
        at: '10:20',
        code: 'invalid-workspace-id',
        message:
          'integrations[1].synapse.workspaceId must be the ARM resource ID of a Synapse workspace ' +
          '(/subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.Synapse/workspaces/<name>), but "syn-analytics" is not an ARM resource ID',
      },
      {
        at: '12:20',
        code: 'invalid-workspace-id',
        message: 'integrations[1].machineLearning.workspaceId names subscription "<subscription>", which is not a subscription ID (a GUID)',
      },
    ]);
  });

  it('compares resource types case-insensitively (Resource Graph lower-cases them)', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse: { workspaceId: ${SYN.toLowerCase()} }
          machineLearning: { workspaceId: ${AML.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/')} }
    `;
    expectDiagnostics(load(text), []);
  });

  it('requires a servicePrincipal block with servicePrincipal authentication', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse: { workspaceId: ${SYN} }
          machineLearning: { workspaceId: ${AML} }
          linkedService:
            name: AzureMLService1
            authentication: servicePrincipal
    `;
    expectDiagnostics(load(text), [
      {
        at: '8:23',
        code: 'missing-service-principal',
        message:
          'integrations[0].linkedService.authentication is servicePrincipal, but integrations[0].linkedService has no servicePrincipal block: ' +
          'add servicePrincipal with its clientId (the application ID), objectId and a Key Vault secret reference',
      },
    ]);
  });

  it('warns about a servicePrincipal block next to managedIdentity, and the spec still loads', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse: { workspaceId: ${SYN} }
          machineLearning: { workspaceId: ${AML} }
          linkedService:
            name: AzureMLService1
            authentication: managedIdentity
            servicePrincipal:
              clientId: 3c0f6a8e-2b7d-4e91-a5c4-9d8b7a6f5e43
    `;
    const result = load(text);
    expect(result.ok).toBe(true);
    expectDiagnostics(result, [
      {
        at: '9:7',
        code: 'unused-service-principal',
        severity: 'warning',
        message:
          "integrations[0].linkedService.servicePrincipal is ignored: the linked service authenticates with the workspace's managed identity " +
          '(authentication: managedIdentity, line 8); remove the block or set authentication: servicePrincipal',
      },
    ]);
  });

  it('rejects every form of inline secret without ever repeating the secret', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse: { workspaceId: ${SYN} }
          machineLearning: { workspaceId: ${AML} }
          linkedService:
            name: AzureMLService1
            authentication: servicePrincipal
            servicePrincipal:
              clientId: 3c0f6a8e-2b7d-4e91-a5c4-9d8b7a6f5e43
              secret: "p@ss-W0rd-Inline-1"
        - name: analytics-test
          synapse: { workspaceId: ${SYN} }
          machineLearning: { workspaceId: ${AML} }
          linkedService:
            name: AzureMLService1
            authentication: servicePrincipal
            servicePrincipal:
              clientId: 3c0f6a8e-2b7d-4e91-a5c4-9d8b7a6f5e43
              clientSecret: p@ss-W0rd-Inline-2
              secret:
                value: p@ss-W0rd-Inline-3
                type: SecureString
        - name: analytics-dev
          synapse: { workspaceId: ${SYN} }
          machineLearning: { workspaceId: ${AML} }
          linkedService:
            name: AzureMLService1
            authentication: servicePrincipal
            servicePrincipal:
              clientId: 3c0f6a8e-2b7d-4e91-a5c4-9d8b7a6f5e43
              secret: { keyVault: p@ss-W0rd-Inline-4 }
    `;
    const advice = /is an inline secret: synaml never accepts secrets in the spec: store the secret in Azure Key Vault and reference it with secret: \{ keyVault: \{ linkedService: <Key Vault linked service>, secretName: <secret name> \} \}/;
    const result = load(text);
    expectDiagnostics(result, [
      { at: '11:17', code: 'inline-secret', message: advice },
      { at: '20:9', code: 'inline-secret', message: advice },
      { at: '22:11', code: 'inline-secret', message: advice },
      { at: '32:29', code: 'schema-type', message: 'integrations[2].linkedService.servicePrincipal.secret.keyVault must be a mapping (key: value pairs)' },
    ]);
    expect(result.diagnostics[0]?.message.startsWith('integrations[0].linkedService.servicePrincipal.secret is an inline secret')).toBe(true);
    expect(result.diagnostics[1]?.message.startsWith('integrations[1].linkedService.servicePrincipal.clientSecret is an inline secret')).toBe(true);
    for (const d of result.diagnostics) expect(d.message).not.toMatch(/W0rd|Inline-\d/);
  });

  it('reports a duplicate Spark pool name (case-insensitive) at the second pool', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse:
            workspaceId: ${SYN}
            sparkPools:
              - name: mlpool
                sparkVersion: "3.5"
              - name: MLPool
          machineLearning: { workspaceId: ${AML} }
    `;
    expectDiagnostics(load(text), [
      {
        at: '9:17',
        code: 'duplicate-spark-pool',
        message:
          'duplicate Spark pool "MLPool" in integrations[0].synapse.sparkPools: integrations[0].synapse.sparkPools[0] (line 7) already declares it ' +
          '(pool names are case-insensitive)',
      },
    ]);
  });

  it('requires approved private endpoints to be private endpoint IDs', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse: { workspaceId: ${SYN} }
          machineLearning: { workspaceId: ${AML} }
          network:
            approvedPrivateEndpoints:
              - ${PE}
              - ${AML}
              - pe-mlw
              - ${PE.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/')}
    `;
    expectDiagnostics(load(text), [
      {
        at: '9:11',
        code: 'invalid-private-endpoint-id',
        message:
          'integrations[0].network.approvedPrivateEndpoints[1] must be the ARM resource ID of a private endpoint (type Microsoft.Network/privateEndpoints), ' +
          'but it is the ID of a Microsoft.MachineLearningServices/workspaces resource',
      },
      { at: '10:11', code: 'invalid-private-endpoint-id', message: /^integrations\[0\]\.network\.approvedPrivateEndpoints\[2\] .* but "pe-mlw" is not an ARM resource ID$/ },
      {
        at: '11:11',
        code: 'duplicate-entry',
        severity: 'warning',
        message: 'integrations[0].network.approvedPrivateEndpoints[3] repeats integrations[0].network.approvedPrivateEndpoints[0] (line 8); ARM IDs are case-insensitive',
      },
    ]);
  });

  it('checks roles and scopes of required access', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse: { workspaceId: ${SYN} }
          machineLearning: { workspaceId: ${AML} }
          access:
            required:
              - principalId: ${PRINCIPAL}
                role: Storage Blob Contributor
                scope: synapse.defaultStorage
              - principalId: ${PRINCIPAL}
                role: Contributor
                scope: /subscriptions/${SUB}/resourceGroups
              - principalId: ${PRINCIPAL}
                role: Synapse Apache Spark Administrator
                scope: machineLearning.workspace
              - principalId: ${PRINCIPAL}
                role: ba92f5b4-2d11-453d-a403-e96b0029c9fe
                scope: /subscriptions/${SUB}/resourceGroups/rg-analytics/providers/Microsoft.Storage/storageAccounts/stanalytics
              - principalId: ${PRINCIPAL}
                role: synapse apache spark administrator
                scope: synapse.workspace
    `;
    expectDiagnostics(load(text), [
      {
        at: '9:17',
        code: 'unknown-role',
        message:
          /^integrations\[0\]\.access\.required\[0\]\.role "Storage Blob Contributor" is not a role synaml knows \(did you mean "Storage Blob Data Contributor"\?\); use a role definition GUID or one of: Owner, Contributor, .*Synapse Apache Spark Administrator/,
      },
      {
        at: '13:18',
        code: 'invalid-scope',
        message: new RegExp(`^integrations\\[0\\]\\.access\\.required\\[1\\]\\.scope "/subscriptions/${SUB}/resourceGroups" is not a valid ARM resource ID; use synapse\\.workspace, synapse\\.defaultStorage, machineLearning\\.workspace or a full ID`),
      },
      {
        at: '16:18',
        code: 'role-scope-mismatch',
        message:
          'integrations[0].access.required[2].scope is "machineLearning.workspace", but Synapse Apache Spark Administrator is a Synapse RBAC role: ' +
          'it can only be held on a Synapse workspace (scope: synapse.workspace)',
      },
    ]);
  });

  it('checks waivers: known rule, declared integration, real date, ARM resource, expiry', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse: { workspaceId: ${SYN} }
          machineLearning: { workspaceId: ${AML} }
      waivers:
        - { rule: SA999, reason: "typo", expires: 2027-01-31 }
        - { rule: SA013, integration: analytics-test, reason: "not yet", expires: 2027-01-31 }
        - { rule: SA013, integration: analytics-prod, reason: "migration to 3.5 booked", expires: 2026-11-22 }
        - { rule: SA013, integration: analytics-prod, reason: "migration to 3.5 booked", expires: 2026-11-23 }
        - { rule: SA001, reason: "x", expires: 2027-02-30 }
        - { rule: SA001, reason: "x", expires: 2027-01-31, resource: syn-analytics }
    `;
    const result = load(text);
    expect(result.ok).toBe(false);
    expectDiagnostics(result, [
      { at: '7:13', code: 'unknown-rule', message: 'waivers[0].rule "SA999" is not a synaml rule; known rules: SA001, SA013' },
      {
        at: '8:33',
        code: 'unknown-integration',
        message: 'waivers[1].integration "analytics-test" is not an integration declared in this spec; declared: analytics-prod',
      },
      {
        at: '9:93',
        code: 'waiver-expired',
        severity: 'warning',
        message: 'waivers[2] expired on 2026-11-22: it no longer waives SA013 for analytics-prod; renew it with a later date or remove it',
      },
      { at: '11:42', code: 'invalid-date', message: 'waivers[4].expires "2027-02-30" is not a real date' },
      {
        at: '12:64',
        code: 'invalid-resource-id',
        message: 'waivers[5].resource "syn-analytics" is not an ARM resource ID, so the waiver would never match a finding',
      },
    ]);
  });

  it('accepts any SA rule ID in a waiver when the caller gives no rule list', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse: { workspaceId: ${SYN} }
          machineLearning: { workspaceId: ${AML} }
      waivers:
        - { rule: SA999, reason: "future rule", expires: 2027-01-31 }
    `;
    expectDiagnostics(loadSpecText(text, 'spec.yaml', { now: NOW }), []);
  });

  it('keeps a spec with only an expired waiver loadable: a warning, not an error', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse: { workspaceId: ${SYN} }
          machineLearning: { workspaceId: ${AML} }
      waivers:
        - rule: SA013
          reason: migration to 3.5 booked
          expires: 2026-01-31
    `;
    const result = load(text);
    expect(result.ok).toBe(true);
    expectDiagnostics(result, [
      {
        at: '9:14',
        code: 'waiver-expired',
        severity: 'warning',
        message: 'waivers[0] expired on 2026-01-31: it no longer waives SA013; renew it with a later date or remove it',
      },
    ]);
    if (result.ok) expect(result.loaded.spec.waivers?.[0]?.expires).toBe('2026-01-31');
  });

  it('reports a managed private endpoint without a managed virtual network', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse:
            workspaceId: ${SYN}
            managedVirtualNetwork: false
            preventDataExfiltration: true
          machineLearning: { workspaceId: ${AML} }
          network:
            managedPrivateEndpoint: { name: synapse-to-aml, required: true }
    `;
    expectDiagnostics(load(text), [
      {
        at: '7:7',
        code: 'exfiltration-protection-needs-managed-vnet',
        message:
          'integrations[0].synapse.preventDataExfiltration is true but integrations[0].synapse.managedVirtualNetwork is false (line 6): ' +
          'data exfiltration protection exists only in a managed virtual network',
      },
      {
        at: '10:7',
        code: 'managed-endpoint-needs-managed-vnet',
        message:
          'integrations[0].network.managedPrivateEndpoint is declared but integrations[0].synapse.managedVirtualNetwork is false (line 6): ' +
          'managed private endpoints exist only in a Synapse managed virtual network; set managedVirtualNetwork: true or remove the endpoint',
      },
    ]);
  });

  it('warns about entries repeated in another letter case', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse: { workspaceId: ${SYN} }
          machineLearning: { workspaceId: ${AML} }
          access:
            privilegedPrincipals:
              - 9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d
              - 9A8B7C6D-5E4F-4A3B-9C2D-1E0F9A8B7C6D
            required:
              - { principalId: ${PRINCIPAL}, role: Contributor, scope: machineLearning.workspace }
              - { principalId: ${PRINCIPAL.toUpperCase()}, role: contributor, scope: machineLearning.workspace }
    `;
    const result = load(text);
    expect(result.ok).toBe(true);
    expectDiagnostics(result, [
      {
        at: '9:11',
        code: 'duplicate-entry',
        severity: 'warning',
        message: 'integrations[0].access.privilegedPrincipals[1] repeats integrations[0].access.privilegedPrincipals[0] (line 8); object IDs are case-insensitive',
      },
      {
        at: '12:11',
        code: 'duplicate-entry',
        severity: 'warning',
        message: 'integrations[0].access.required[1] repeats integrations[0].access.required[0] (line 11): same principal, role and scope',
      },
    ]);
  });

  it('skips semantic checks on values the schema rejected, so nothing is reported twice', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse: { workspaceId: 42 }
          machineLearning: { workspaceId: ${AML} }
          access:
            required:
              - { principalId: ${PRINCIPAL}, role: 7, scope: nowhere }
    `;
    expect(load(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      '4:29 schema-type',
      '8:70 schema-type',
      '8:80 schema-invalid',
    ]);
  });
});

describe('every problem in one run', () => {
  it('reports YAML, schema and semantic problems of one file together, sorted by position', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse:
            workspaceId: ${AML}
            sparkPools:
              - { name: mlpool, sparkVersion: 3.5, mlflowTracking: linkedservice }
          machineLearning:
            workspaceId: ${AML}
            workspaceId: ${AML}
          linkedService: { name: AzureMLService1, authentication: servicePrincipal }
        - name: analytics-prod
          synapse: { workspaceId: ${SYN}, managedVnet: true }
          machineLearning: {}
      waivers:
        - { rule: SA013, integration: analytics, reason: "booked", expires: 2026-06-30 }
    `;
    const result = load(text);
    expect(result.ok).toBe(false);
    expectDiagnostics(result, [
      { at: '5:20', code: 'invalid-workspace-id', message: /^integrations\[0\]\.synapse\.workspaceId must be the ARM resource ID of a Synapse workspace/ },
      { at: '7:41', code: 'schema-type', message: /sparkVersion must be a string such as "3\.5"; YAML read 3\.5 as a number — put it in quotes$/ },
      {
        at: '7:62',
        code: 'schema-enum',
        message:
          'integrations[0].synapse.sparkPools[0].mlflowTracking must be one of linkedService, servicePrincipal, none (got "linkedservice") (did you mean "linkedService"?)',
      },
      { at: '10:7', code: 'yaml-duplicate-key', message: /^duplicate key "workspaceId" \(first at line 9\)/ },
      { at: '11:61', code: 'missing-service-principal', message: /^integrations\[0\]\.linkedService\.authentication is servicePrincipal/ },
      { at: '12:11', code: 'duplicate-integration', message: /^duplicate integration name "analytics-prod": integrations\[0\] \(line 3\)/ },
      { at: `13:${29 + SYN.length + 2}`, code: 'schema-unknown-property', message: /^unknown property "managedVnet" in integrations\[1\]\.synapse \(did you mean "managedVirtualNetwork"\?\)$/ },
      { at: '14:22', code: 'schema-required', message: 'missing required property "workspaceId" in integrations[1].machineLearning' },
      { at: '16:33', code: 'unknown-integration', message: /^waivers\[0\]\.integration "analytics" is not an integration declared in this spec/ },
      { at: '16:71', code: 'waiver-expired', severity: 'warning', message: /^waivers\[0\] expired on 2026-06-30/ },
    ]);
  });
});

describe('the well-formed ARM ID shortcut of the semantic checks', () => {
  // armIdOfType accepts an ID of the canonical form with one pattern test and parses anything else: the pattern must
  // never accept an ID the parse would report (the parse's verdict is restated here from armIdOfType's conditions).
  const TYPES = ['Microsoft.Synapse/workspaces', 'Microsoft.MachineLearningServices/workspaces', 'Microsoft.Network/privateEndpoints', 'Microsoft.ManagedIdentity/userAssignedIdentities'];
  const parsedOk = (id: string, type: string): boolean => {
    const parsed = parseArmId(id);
    return parsed?.type?.toLowerCase() === type.toLowerCase() && parsed.resourceGroup !== undefined && isGuid(parsed.subscriptionId);
  };
  const SUBS = ['6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', '6F1C2A3B-4D5E-4F60-8A7B-9C0D1E2F3A4B', 'not-a-guid', '6f1c2a3b4d5e4f608a7b9c0d1e2f3a4b', ''];
  const idsFor = (type: string): string[] => {
    const [provider, kind] = type.split('/') as [string, string];
    const out: string[] = [];
    for (const sub of SUBS) {
      for (const [subs, rgs, providers] of [['subscriptions', 'resourceGroups', 'providers'], ['SUBSCRIPTIONS', 'resourcegroups', 'Providers'], ['subscription', 'resourceGroups', 'providers']]) {
        const id = `/${subs}/${sub}/${rgs}/rg-1/${providers}/${provider}/${kind}/name-1`;
        out.push(id, id.toLowerCase(), `${id}/`, `${id}//`, ` ${id}`, `${id} `, `${id}\n`, id.replace('/rg-1/', '//rg-1/'), id.replace('rg-1', 'rg 1'));
        out.push(id.replace('/name-1', '/ '), id.replace('/name-1', ''), id.replace(`/${rgs}/rg-1`, ''), `${id}/child/x`, id.replace(provider, 'Microsoft.Storage'));
        out.push(id.replace(kind, `${kind}/parent/${kind}`), id.replace('name-1', 'na\u0130me'), id.replace('rg-1', '\u212Arg'), id.replace(provider, provider.replace('i', '\u0130')));
      }
    }
    return out;
  };

  it('accepts only IDs the parse accepts, and accepts the canonical form in any letter case', () => {
    let accepted = 0;
    let checked = 0;
    for (const type of TYPES) {
      for (const id of idsFor(type)) {
        checked++;
        if (!wellFormedId(type).test(id)) continue;
        accepted++;
        expect(parsedOk(id, type), `${type}: ${JSON.stringify(id)}`).toBe(true);
      }
      expect(wellFormedId(type).test(`/subscriptions/${SUBS[0]}/resourceGroups/rg/providers/${type}/n`)).toBe(true);
      expect(wellFormedId(type).test(`/SUBSCRIPTIONS/${SUBS[1]}/RESOURCEGROUPS/rg/PROVIDERS/${type.toUpperCase()}/n`)).toBe(true);
    }
    // Both branches were taken: the shortcut accepted some, and left others to the parse.
    expect(accepted).toBeGreaterThan(TYPES.length * 4);
    expect(checked - accepted).toBeGreaterThan(accepted);
  });
});

describe('ARM IDs in the loaded spec', () => {
  it('are written as Azure writes them: doubled and trailing slashes removed, the root scope kept, the rest untouched', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse: { workspaceId: "${SYN.replace('/resourceGroups', '//resourceGroups')}///" }
          machineLearning: { workspaceId: ${AML} }
          network:
            approvedPrivateEndpoints: [ "${PE}/", "${PE.replace('pe-mlw', 'pe-other')}" ]
          access:
            required:
              - { principalId: ${PRINCIPAL}, role: Reader, scope: "/" }
    `;
    const result = load(text);
    expectDiagnostics(result, []);
    if (!result.ok) throw new Error('expected a valid spec');
    const integration = result.loaded.spec.integrations[0]!;
    expect(integration.synapse.workspaceId).toBe(SYN);
    expect(integration.machineLearning.workspaceId).toBe(AML);
    expect(integration.network?.approvedPrivateEndpoints).toEqual([PE, PE.replace('pe-mlw', 'pe-other')]);
    expect(integration.access?.required?.[0]?.scope).toBe('/');
  });
});
