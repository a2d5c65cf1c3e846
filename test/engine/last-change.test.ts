// lastChange: a drift finding whose property changed (resourcechanges) carries who changed it, when and how; a change
// to another property of the same resource does not attach; it reaches every report format.
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { changeHistoryNote, describeLastChange, lastChangeOf } from '../../src/engine/last-change.js';
import { buildAuditResult } from '../../src/engine/result.js';
import type { ResultEntry } from '../../src/engine/types.js';
import { normaliseSnapshot } from '../../src/estate/normalise.js';
import { renderHtml } from '../../src/reporters/html.js';
import { renderJson } from '../../src/reporters/json.js';
import { renderMarkdown } from '../../src/reporters/markdown.js';
import { buildSarif } from '../../src/reporters/sarif.js';
import { synapseWorkspaceRow, type SnapshotBuilder } from '../support/payloads.js';
import { changeRow } from '../support/policy-payloads.js';
import { NOW, SYNAPSE_ID, healthyIntegration, healthySnapshot, principals } from '../support/scenario.js';
import { loadResultSchema } from '../reporters/fixture.js';
import { fakeLoaded } from './fakes.js';

/** The healthy estate with the Synapse workspace's public network access turned off (the spec declares Enabled). */
function drifted(): SnapshotBuilder {
  const b = healthySnapshot();
  b.resources[0] = synapseWorkspaceRow(SYNAPSE_ID, { principalId: principals.synapseMsi, storageAccountName: 'synprodadls', publicNetworkAccess: 'Disabled' });
  return b;
}

function audit(b: SnapshotBuilder): ResultEntry[] {
  return evaluateRules({ loaded: fakeLoaded([healthyIntegration()]), rules, estate: normaliseSnapshot(b.build()), now: NOW, mode: 'audit' });
}

const driftOf = (entries: ResultEntry[]) => entries.find((e) => e.ruleId === 'SA100' && e.outcome === 'fail' && e.specPath === 'synapse.publicNetworkAccess')!;

describe('lastChange on findings', () => {
  it('attaches the newest change to the finding property, not a newer change to another property', () => {
    const b = drifted().changes(
      changeRow(SYNAPSE_ID, 'older', '2026-11-18T07:00:00Z', { changes: { 'properties.managedVirtualNetworkSettings.allowedAadTenantIdsForLinking': ['[]', '["x"]'] } }),
      changeRow(SYNAPSE_ID, 'pna', '2026-11-20T08:15:00Z', {
        changes: { 'properties.publicNetworkAccess': ['Enabled', 'Disabled'] },
        changedBy: 'alex@contoso.example',
        changedByType: 'User',
        clientType: 'Azure Portal',
        operation: 'Microsoft.Synapse/workspaces/write',
      }),
      changeRow(SYNAPSE_ID, 'tags', '2026-11-22T09:00:00Z', { changes: { 'tags.costCenter': ['1', '2'] }, changedBy: 'pipeline-sp', changedByType: 'Application', clientType: 'Azure CLI' }),
    );
    const finding = driftOf(audit(b));
    expect(finding.lastChange).toEqual({
      timestamp: '2026-11-20T08:15:00Z',
      changedBy: 'alex@contoso.example',
      changedByType: 'User',
      clientType: 'Azure Portal',
      operation: 'Microsoft.Synapse/workspaces/write',
      changeType: 'Update',
      property: 'properties.publicNetworkAccess',
      previousValue: 'Enabled',
      newValue: 'Disabled',
    });
  });

  it('a change to another property only: no lastChange', () => {
    const b = drifted().changes(changeRow(SYNAPSE_ID, 'tags', '2026-11-22T09:00:00Z', { changes: { 'tags.costCenter': ['1', '2'] } }));
    expect(driftOf(audit(b)).lastChange).toBeUndefined();
  });

  it('passes never carry one, and a resource without change records gives none', () => {
    const withChanges = audit(drifted().changes(changeRow(SYNAPSE_ID, 'pna', '2026-11-20T08:15:00Z', { changes: { 'properties.publicNetworkAccess': ['Enabled', 'Disabled'] } })));
    expect(withChanges.filter((e) => e.lastChange).map((e) => [e.ruleId, e.outcome])).toEqual([['SA100', 'fail']]);
    expect(driftOf(audit(drifted())).lastChange).toBeUndefined();
  });

  it('a Create gives the property its value: it attaches, with no property path', () => {
    const created = lastChangeOf(
      normaliseSnapshot(drifted().changes(changeRow(SYNAPSE_ID, 'create', '2026-11-19T10:00:00Z', { changeType: 'Create', clientType: 'ARM Template' })).build()).resourceChanges!(SYNAPSE_ID),
      'properties.publicNetworkAccess',
    );
    expect(created).toMatchObject({ changeType: 'Create', clientType: 'ARM Template' });
    expect(created).not.toHaveProperty('property');
    expect(describeLastChange(created!)).toBe('2026-11-19 10:00 UTC by alex@contoso.example (User) via ARM Template, Microsoft.Synapse/workspaces/write: created');
  });

  it('matches a change to a nested path of the property, and not a sibling with a common prefix', () => {
    const base = { id: 'c', timestamp: '2026-11-20T00:00:00Z', changeType: 'Update' };
    const nested = [{ ...base, changes: { 'properties.managedVirtualNetworkSettings.preventDataExfiltration': { previousValue: 'False', newValue: 'True' } } }];
    expect(lastChangeOf(nested, 'properties.managedVirtualNetworkSettings.preventDataExfiltration')?.newValue).toBe('True');
    expect(lastChangeOf(nested, 'properties.managedVirtualNetworkSettings')?.property).toBe('properties.managedVirtualNetworkSettings.preventDataExfiltration');
    const sibling = [{ ...base, changes: { 'properties.publicNetworkAccessRules': { previousValue: 'a', newValue: 'b' } } }];
    expect(lastChangeOf(sibling, 'properties.publicNetworkAccess')).toBeUndefined();
  });

  it('reaches JSON (valid against the schema), HTML, Markdown and SARIF properties; reports say what Azure does not record', () => {
    const b = drifted().changes(
      changeRow(SYNAPSE_ID, 'pna', '2026-11-20T08:15:00Z', { changes: { 'properties.publicNetworkAccess': ['Enabled', 'Disabled'] }, changedBy: 'alex@contoso.example' }),
    );
    const result = buildAuditResult({ spec: 'spec.yaml', entries: audit(b), auditedAt: NOW, source: { kind: 'snapshot', file: 'state.json' } });
    const json = JSON.parse(renderJson(result));
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats.default(ajv);
    const validate = ajv.compile(loadResultSchema());
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.results.find((e: ResultEntry) => e.lastChange).lastChange.changedBy).toBe('alex@contoso.example');

    const line = '2026-11-20 08:15 UTC by alex&#64;contoso.example (User) via Azure Portal, Microsoft.Synapse/workspaces/write: properties.publicNetworkAccess Enabled -&gt; Disabled';
    expect(renderHtml(result)).toContain(`<b>Last change</b> ${line.replace('&#64;', '@')}`);
    expect(renderHtml(result)).toContain('are not recorded by Azure');
    const md = renderMarkdown(result);
    expect(md).toContain(`last change: ${line}`);
    expect(md).toContain('Synapse RBAC) are not recorded by Azure');
    const sarif = buildSarif(result);
    const withChange = sarif.runs[0]!.results.filter((r) => (r.properties as Record<string, unknown>)['lastChange']);
    expect(withChange).toHaveLength(1);
    expect((withChange[0]!.properties as Record<string, unknown>)['lastChange']).toMatchObject({ property: 'properties.publicNetworkAccess', newValue: 'Disabled' });
  });

  it('the note is left out for a template check and for a result without findings', () => {
    expect(changeHistoryNote({ source: { kind: 'template' }, results: [{ outcome: 'fail' }] })).toBeUndefined();
    expect(changeHistoryNote({ source: { kind: 'live' }, results: [{ outcome: 'pass' }] })).toBeUndefined();
    expect(changeHistoryNote({ source: { kind: 'live' }, results: [{ outcome: 'unknown' }] })).toMatch(/linked services, managed private endpoints/);
  });
});
