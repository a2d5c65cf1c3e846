// Schema errors, in words, at the line and column of the offending value (or key, or map).
import { describe, expect, it } from 'vitest';
import { loadSpecText } from '../../src/spec/load-yaml.js';
import type { SpecLoadResult } from '../../src/spec/types.js';
import { AML, NOW, PRINCIPAL, SYN, expectDiagnostics, yaml } from './helpers.js';

const load = (text: string): SpecLoadResult => loadSpecText(text, 'spec.yaml', { now: NOW });

/** ajv's own sentences: none may reach a person. */
const AJV_TEXT = /must NOT|must match pattern|must have required property|must be equal to (one of the allowed values|constant)|must match a schema in anyOf|must be (string|object|array|boolean)\b/;

describe('schema errors', () => {
  it('says to quote a Spark version YAML read as a number', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse:
            workspaceId: ${SYN}
            sparkPools:
              - name: mlpool
                sparkVersion: 3.4
              - name: oldpool
                sparkVersion: 3.10
          machineLearning:
            workspaceId: ${AML}
    `;
    const result = load(text);
    expect(result.ok).toBe(false);
    expectDiagnostics(result, [
      {
        at: '8:25',
        code: 'schema-type',
        message: 'integrations[0].synapse.sparkPools[0].sparkVersion must be a string such as "3.4"; YAML read 3.4 as a number — put it in quotes',
      },
      {
        // As written, not as the number YAML made of it (3.1).
        at: '10:25',
        code: 'schema-type',
        message: 'integrations[0].synapse.sparkPools[1].sparkVersion must be a string such as "3.10"; YAML read 3.10 as a number — put it in quotes',
      },
    ]);
  });

  it('lists the allowed values of an enum, with a hint when only the case is wrong', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse: { workspaceId: ${SYN} }
          machineLearning: { workspaceId: ${AML} }
        - name: analytics-test
          synapse: { workspaceId: ${SYN} }
          machineLearning:
            workspaceId: ${AML}
            publicNetworkAccess: disabled
          linkedService:
            name: AzureMLService1
            authentication: msi
    `;
    expectDiagnostics(load(text), [
      {
        at: '10:28',
        code: 'schema-enum',
        message: 'integrations[1].machineLearning.publicNetworkAccess must be one of Enabled, Disabled (got "disabled") (did you mean "Disabled"?)',
      },
      {
        at: '13:23',
        code: 'schema-enum',
        message: 'integrations[1].linkedService.authentication must be one of managedIdentity, servicePrincipal (got "msi")',
      },
    ]);
  });

  it('points at an unknown property key and suggests the property meant', () => {
    const text = yaml`
      version: 1
      colour: blue
      integrations:
        - name: analytics-prod
          synapse:
            workspaceId: ${SYN}
            managedVnet: true
          machineLearning:
            workspaceId: ${AML}
            privateEndpoints: [blob]
    `;
    expectDiagnostics(load(text), [
      {
        at: '2:1',
        code: 'schema-unknown-property',
        message: 'unknown property "colour" in the top level of the spec; expected one of: $schema, version, integrations, waivers',
      },
      {
        at: '7:7',
        code: 'schema-unknown-property',
        message: 'unknown property "managedVnet" in integrations[0].synapse (did you mean "managedVirtualNetwork"?)',
      },
      {
        at: '10:7',
        code: 'schema-unknown-property',
        message: 'unknown property "privateEndpoints" in integrations[0].machineLearning (did you mean "dependencyPrivateEndpoints"?)',
      },
    ]);
  });

  it('reports a misspelt required property once, as the misspelling', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse:
            workspaceID: ${SYN}
          machineLearning:
            workspaceId: ${AML}
    `;
    expectDiagnostics(load(text), [
      { at: '5:7', code: 'schema-unknown-property', message: 'unknown property "workspaceID" in integrations[0].synapse (did you mean "workspaceId"?)' },
    ]);
  });

  it('reports missing required properties at several depths, at the map they are missing from', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse:
            workspaceId: ${SYN}
          machineLearning:
            publicNetworkAccess: Disabled
          linkedService:
            name: AzureMLService1
            servicePrincipal:
              clientId: 3c0f6a8e-2b7d-4e91-a5c4-9d8b7a6f5e43
              secret: { keyVault: { linkedService: kv-ls } }
          access:
            required:
              - { principalId: ${PRINCIPAL}, role: Contributor }
    `;
    expectDiagnostics(load(text), [
      { at: '7:7', code: 'schema-required', message: 'missing required property "workspaceId" in integrations[0].machineLearning' },
      { at: '9:7', code: 'schema-required', message: 'missing required property "authentication" in integrations[0].linkedService' },
      {
        at: '12:29',
        code: 'schema-required',
        message: 'missing required property "secretName" in integrations[0].linkedService.servicePrincipal.secret.keyVault',
      },
      { at: '15:11', code: 'schema-required', message: 'missing required property "scope" in integrations[0].access.required[0]' },
    ]);
  });

  it('reports a missing top-level property at the first key of the file', () => {
    const text = yaml`
      # yaml-language-server: $schema=../schema/spec-v1.schema.json
      version: 1
    `;
    expectDiagnostics(load(text), [
      { at: '2:1', code: 'schema-required', message: 'missing required property "integrations" in the top level of the spec' },
    ]);
  });

  it('names the expected type and what was found', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse:
            workspaceId: ${SYN}
            managedVirtualNetwork: "yes"
            sparkPools:
              name: mlpool
          machineLearning:
            workspaceId: ${AML}
            dependencyPrivateEndpoints: blob
          network:
    `;
    expectDiagnostics(load(text), [
      { at: '6:30', code: 'schema-type', message: 'integrations[0].synapse.managedVirtualNetwork must be true or false (got "yes")' },
      { at: '8:9', code: 'schema-type', message: 'integrations[0].synapse.sparkPools must be a list (got a mapping)' },
      { at: '11:35', code: 'schema-type', message: 'integrations[0].machineLearning.dependencyPrivateEndpoints must be a list (got "blob")' },
      { at: '12:5', code: 'schema-type', message: 'integrations[0].network has no value: it must be a mapping (key: value pairs)' },
    ]);
  });

  it('checks the integration name pattern', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: Analytics_Prod
          synapse: { workspaceId: ${SYN} }
          machineLearning: { workspaceId: ${AML} }
    `;
    expectDiagnostics(load(text), [
      {
        at: '3:11',
        code: 'schema-pattern',
        message:
          'integrations[0].name must be lower-case kebab-case: letters a-z, digits and single hyphens between them, such as analytics-prod (got "Analytics_Prod")',
      },
    ]);
  });

  it('requires version to be the number 1', () => {
    const text = yaml`
      version: "1"
      integrations:
        - name: analytics-prod
          synapse: { workspaceId: ${SYN} }
          machineLearning: { workspaceId: ${AML} }
    `;
    expectDiagnostics(load(text), [{ at: '1:10', code: 'schema-const', message: 'version must be 1 (got "1"); write it without quotes' }]);
  });

  it('requires object and principal IDs to be GUIDs, but leaves a non-GUID client ID to rule SA015', () => {
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
              clientId: my-aml-app
              objectId: my-aml-app-object
          access:
            privilegedPrincipals: [ 9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d, alice@contoso.com ]
    `;
    expectDiagnostics(load(text), [
      {
        at: '11:19',
        code: 'schema-pattern',
        message: 'integrations[0].linkedService.servicePrincipal.objectId must be an object ID: a GUID such as 00000000-0000-0000-0000-000000000000 (got "my-aml-app-object")',
      },
      {
        at: '13:69',
        code: 'schema-pattern',
        message: 'integrations[0].access.privilegedPrincipals[1] must be an object ID: a GUID such as 00000000-0000-0000-0000-000000000000 (got "alice@contoso.com")',
      },
    ]);
  });

  it('reports a bad access scope once, not once per anyOf branch', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse: { workspaceId: ${SYN} }
          machineLearning: { workspaceId: ${AML} }
          access:
            required:
              - principalId: ${PRINCIPAL}
                role: Contributor
                scope: synapse.storage
              - principalId: ${PRINCIPAL}
                role: Contributor
                scope: 42
    `;
    const allowed = 'synapse.workspace, synapse.defaultStorage, machineLearning.workspace or an ARM resource ID starting with /';
    expectDiagnostics(load(text), [
      { at: '10:18', code: 'schema-invalid', message: `integrations[0].access.required[0].scope must be ${allowed} (got "synapse.storage")` },
      { at: '13:18', code: 'schema-invalid', message: `integrations[0].access.required[1].scope must be ${allowed} (got 42)` },
    ]);
  });

  it('points at the second of two identical list items, and at an empty string', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse: { workspaceId: ${SYN} }
          machineLearning:
            workspaceId: ${AML}
            dependencyPrivateEndpoints: [blob, file, blob]
          linkedService: { name: "", authentication: managedIdentity }
    `;
    expectDiagnostics(load(text), [
      {
        at: '7:48',
        code: 'schema-duplicate-item',
        message: 'integrations[0].machineLearning.dependencyPrivateEndpoints lists "blob" twice (items 0 and 2); remove one',
      },
      { at: '8:28', code: 'schema-empty', message: 'integrations[0].linkedService.name must not be empty' },
    ]);
  });

  it('reports every schema error of a file in one run, none of them in ajv words', () => {
    const text = yaml`
      version: 2
      integrations:
        - name: Bad_Name
          synapse:
            workspaceId: 17
            publicNetworkAccess: Open
            sparkPools:
              - sparkVersion: 3.5
          machineLearning: []
          linkedService: { name: ls, authentication: msi, extra: 1 }
      waivers:
        - { rule: S13, reason: "   ", expires: 31-01-2027 }
    `;
    const result = load(text);
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      '1:10 schema-const',
      '3:11 schema-pattern',
      '5:20 schema-type',
      '6:28 schema-enum',
      '8:11 schema-required',
      '8:25 schema-type',
      '9:22 schema-type',
      '10:48 schema-enum',
      '10:53 schema-unknown-property',
      '12:13 schema-pattern',
      '12:26 schema-pattern',
      '12:42 schema-pattern',
    ]);
    for (const d of result.diagnostics) expect(d.message).not.toMatch(AJV_TEXT);
    expect(result.diagnostics.find((d) => d.line === 12 && d.column === 42)?.message).toBe(
      'waivers[0].expires must be a date written YYYY-MM-DD, such as 2027-01-31 (got "31-01-2027")',
    );
  });
});
