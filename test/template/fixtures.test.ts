// check-template over the template fixtures (test/fixtures/templates/README.md): each acceptance case produces the
// expected rule outcomes at the expected line and column of the template, and the rules a template cannot answer are
// reported as not evaluated, never as a pass.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import type { AuditResult, ResultEntry } from '../../src/engine/types.js';
import { checkTemplate, type CheckTemplateOptions } from '../../src/index.js';

const DIR = 'test/fixtures/templates';
const NOW = new Date('2026-11-23T00:00:00Z');

function run(template: string, options: CheckTemplateOptions = {}): Promise<AuditResult> {
  return checkTemplate(`${DIR}/${template}`, { rules, now: NOW, ...options });
}

/** The text at a 1-based line and column of a file. */
function textAt(file: string, line: number, column: number): string {
  return readFileSync(file, 'utf8').split('\n')[line - 1]!.slice(column - 1);
}

function find(result: AuditResult, ruleId: string, predicate: (e: ResultEntry) => boolean = () => true): ResultEntry[] {
  return result.results.filter((e) => e.ruleId === ruleId && predicate(e));
}

function expectAt(entry: ResultEntry | undefined, file: string, line: number, column: number, text: string): void {
  expect(entry, `no entry expected at ${file}:${line}:${column}`).toBeDefined();
  expect(entry!.location).toEqual({ file: `${DIR}/${file}`, line, column });
  expect(textAt(`${DIR}/${file}`, line, column)).toMatch(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
}

const mentions = (result: AuditResult, ruleId: string) => (result.diagnostics ?? []).filter((d) => d.code === 'not-in-template' && d.message.startsWith(`${ruleId} `));

describe('published Synapse template: MSI linked service, Spark 3.4 pool, managed private endpoint', () => {
  const file = 'published-msi/TemplateForWorkspace.json';

  it('evaluates the linked service, the pools and the runtime, located in the template', async () => {
    const result = await run(file);
    expect(result.source).toEqual({ kind: 'template', file: `${DIR}/${file}` });
    expect(new Set(result.results.map((e) => e.integration))).toEqual(new Set(['syn-prod']));

    const [sa002] = find(result, 'SA002');
    expect(sa002).toMatchObject({ outcome: 'pass' });
    expectAt(sa002, file, 33, 23, '"AutoResolveIntegrationRuntime"');

    // The Spark 3.4 pool: SA003 (MLflow through the linked service, undeclared: warning) and SA013 (end of support).
    const pool34 = (e: ResultEntry) => e.resourceId?.endsWith('/bigDataPools/mlpool34') === true;
    const [sa003] = find(result, 'SA003', pool34);
    expect(sa003).toMatchObject({ outcome: 'fail', severity: 'warning' });
    expectAt(sa003, file, 112, 21, '"3.4"');
    const [sa013] = find(result, 'SA013', pool34);
    expect(sa013).toMatchObject({ outcome: 'fail', severity: 'warning' });
    expect(sa013!.message).toMatch(/in the template, workspace syn-prod\) runs Apache Spark 3\.4, whose runtime reached end of support on 2026-03-31/);
    expectAt(sa013, file, 112, 21, '"3.4"');
    const pool35 = (e: ResultEntry) => e.resourceId?.endsWith('/bigDataPools/mlpool') === true;
    expect(find(result, 'SA013', pool35)).toEqual([expect.objectContaining({ outcome: 'pass', location: { file: `${DIR}/${file}`, line: 137, column: 21 } })]);

    // MSI: no service principal, so SA014 and SA015 do not apply; they point at authentication: MSI.
    for (const id of ['SA014', 'SA015']) {
      const [entry] = find(result, id);
      expect(entry).toMatchObject({ outcome: 'not-applicable' });
      expectAt(entry, file, 30, 24, '"MSI"');
    }
    expect(result.summary.unknown).toBe(0);
  });

  it('leaves out SA001 (a Synapse Studio template does not carry the workspace settings) and says so', async () => {
    const result = await run(file);
    expect(find(result, 'SA001')).toEqual([]);
    expect(mentions(result, 'SA001')).toHaveLength(1);
    expect(mentions(result, 'SA001')[0]!.message).toMatch(/preventDataExfiltration setting of Synapse workspace syn-prod .* is not in the template/);
    // Rules a template can never answer are not run at all.
    for (const id of ['SA004', 'SA005', 'SA006', 'SA007', 'SA008', 'SA009', 'SA010', 'SA011', 'SA012', 'SA101', 'SA102']) expect(find(result, id)).toEqual([]);
  });

  it('with --spec: SA016 and SA100 compare the declarations with the template, located where the fact is', async () => {
    const result = await run(file, { spec: `${DIR}/published-msi/spec.yaml` });
    expect(result.spec).toBe(`${DIR}/published-msi/spec.yaml`);
    expect(new Set(result.results.map((e) => e.integration))).toEqual(new Set(['analytics-prod']));

    // The managed private endpoint to the AML workspace exists in the template.
    const [mpe] = find(result, 'SA016', (e) => e.message.startsWith('Managed private endpoint synapse-to-aml exists'));
    expect(mpe).toMatchObject({ outcome: 'pass' });
    expectAt(mpe, file, 153, 12, `"[concat(parameters('workspaceName'), '/default/synapse-to-aml')]"`);
    // A declared pool the template lacks: located in the spec, where it is declared.
    const [missing] = find(result, 'SA016', (e) => e.outcome === 'fail');
    expect(missing!.message).toBe('Spark pool scoring does not exist in Synapse workspace syn-prod.');
    expect(missing!.location).toEqual({ file: `${DIR}/published-msi/spec.yaml`, line: 16, column: 11 });

    // Drift: the spec declares 3.5 for mlpool34, the template deploys 3.4.
    const [drift] = find(result, 'SA100', (e) => e.outcome === 'fail');
    expect(drift).toMatchObject({ expected: '3.5', actual: '3.4' });
    expectAt(drift, file, 112, 21, '"3.4"');
    // The managed VNet follows from the managed virtual network the template deploys.
    const [mvnet] = find(result, 'SA100', (e) => e.message.startsWith('managedVirtualNetwork'));
    expect(mvnet).toMatchObject({ outcome: 'pass' });
    expectAt(mvnet, file, 146, 12, `"[concat(parameters('workspaceName'), '/default')]"`);
    const [target] = find(result, 'SA100', (e) => e.message.startsWith('target AML workspace'));
    expect(target).toMatchObject({ outcome: 'pass' });
    expectAt(target, file, 29, 25, '"aml-prod"');
    // The spec's mlflowTracking: none for mlpool34 reaches SA003.
    expect(find(result, 'SA003', (e) => e.resourceId?.endsWith('mlpool34') === true)).toEqual([expect.objectContaining({ outcome: 'pass' })]);

    const codes = (result.diagnostics ?? []).map((d) => `${d.line}:${d.column} ${d.message}`);
    expect(codes).toContainEqual(expect.stringMatching(/^8:7 SA100 does not compare synapse\.preventDataExfiltration/));
    expect(codes).toContainEqual(expect.stringMatching(/^30:7 integration marketing-ml is not checked: the template deploys nothing to Synapse workspace syn-marketing/));
    expect(codes).toContainEqual(expect.stringMatching(/SA016 \(declared-resource-exists\) is not evaluated for integration analytics-prod: AML workspace aml-prod is not in the template/));
    expect(result.summary.unknown).toBe(0);
  });
});

describe('published Synapse template: service principal with an inline SecureString', () => {
  const file = 'published-service-principal/TemplateForWorkspace.json';

  it('fails SA014 at the key and passes SA015 for the GUID client ID', async () => {
    const result = await run(file);
    const [sa014] = find(result, 'SA014');
    expect(sa014).toMatchObject({ outcome: 'fail', severity: 'error', actual: 'servicePrincipalKey: SecureString (inline)' });
    expectAt(sa014, file, 39, 29, '{');
    expect(textAt(`${DIR}/${file}`, 40, 1)).toMatch(/"type": "SecureString"/);
    const [sa015] = find(result, 'SA015');
    expect(sa015).toMatchObject({ outcome: 'pass' });
    expectAt(sa015, file, 38, 28, `"[parameters('AzureMLResearch_properties_typeProperties_servicePrincipalId')]"`);
    // The secure parameter has no value, but no rule reads the secret itself: nothing is unknown.
    expect(result.summary.unknown).toBe(0);
  });
});

describe('published Synapse template: a self-hosted integration runtime in the same template', () => {
  const file = 'published-self-hosted/TemplateForWorkspace.json';

  it('fails SA002 at the connectVia reference', async () => {
    const result = await run(file);
    const [sa002] = find(result, 'SA002');
    expect(sa002).toMatchObject({ outcome: 'fail', severity: 'error', actual: 'shir-onprem (SelfHosted)' });
    expectAt(sa002, file, 29, 23, '"shir-onprem"');
  });

  it('an integration runtime the template does not define is not evaluated, and reported', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'synaml-tpl-'));
    try {
      const text = readFileSync(`${DIR}/${file}`, 'utf8').replace(/"shir-onprem"/, '"shir-elsewhere"');
      const copy = path.join(dir, 'TemplateForWorkspace.json');
      writeFileSync(copy, text);
      const result = await checkTemplate(copy, { rules, now: NOW });
      expect(find(result, 'SA002')).toEqual([]);
      expect(mentions(result, 'SA002')[0]!.message).toMatch(/Integration runtime shir-elsewhere \(connectVia of linked service AzureMLResearch\) is not in the template/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parameters given by a parameters file', () => {
  const file = 'published-parameters/TemplateForWorkspace.json';

  it('without it, the template defaults (dev values) are checked', async () => {
    const result = await run(file);
    const [sa015] = find(result, 'SA015');
    expect(sa015).toMatchObject({ outcome: 'fail', integration: 'syn-research-dev', actual: 'research-ml-app' });
    expectAt(sa015, file, 50, 28, `"[parameters('AzureMLService1_properties_typeProperties_servicePrincipalId')]"`);
  });

  it('with TemplateParametersForWorkspace.json, its values win over the defaults', async () => {
    const result = await run(file, { parameters: `${DIR}/published-parameters/TemplateParametersForWorkspace.json` });
    expect(new Set(result.results.map((e) => e.integration))).toEqual(new Set(['syn-research']));
    const [sa015] = find(result, 'SA015');
    expect(sa015).toMatchObject({ outcome: 'pass' });
    expect(sa015!.message).toMatch(/5f0c8a2e-7d4b-4c1e-9a3f-2b6d8e1c4a70/);
    const [sa014] = find(result, 'SA014');
    expect(sa014).toMatchObject({ outcome: 'pass' });
    expectAt(sa014, file, 51, 29, '{');
  });
});

describe('ARM template that deploys the workspace: data exfiltration protection', () => {
  const file = 'arm-exfiltration/azuredeploy.json';

  it('fails SA001 at preventDataExfiltration (its default, true)', async () => {
    for (const options of [{}, { parameters: `${DIR}/arm-exfiltration/azuredeploy.parameters.json` }]) {
      const result = await run(file, options);
      const [sa001] = find(result, 'SA001');
      expect(sa001).toMatchObject({ outcome: 'fail', severity: 'error', actual: 'preventDataExfiltration: true' });
      expectAt(sa001, file, 64, 38, `"[parameters('preventDataExfiltration')]"`);
    }
    const named = await run(file, { parameters: `${DIR}/arm-exfiltration/azuredeploy.parameters.json` });
    expect(find(named, 'SA001')[0]!.integration).toBe('syn-secure');
    expect(find(named, 'SA013')).toEqual([expect.objectContaining({ outcome: 'pass', location: { file: `${DIR}/${file}`, line: 102, column: 25 } })]);
  });
});

describe('an expression that cannot be resolved', () => {
  const file = 'bicep-unresolved/main.json';

  it('makes the rules that need it unknown, naming the expression and its line and column', async () => {
    const result = await run(file);
    for (const id of ['SA003', 'SA013']) {
      const [entry] = find(result, id);
      expect(entry).toMatchObject({ outcome: 'unknown' });
      expectAt(entry, file, 103, 33, `"[parameters('sparkVersion')]"`);
      expect(entry!.reason).toMatchObject({ source: 'template', code: 'UnresolvedExpression', scope: `${DIR}/${file}:103:33` });
      expect(entry!.reason!.message).toMatch(/parameters\('poolSparkVersion'\) at test\/fixtures\/templates\/bicep-unresolved\/main\.json:103:33 cannot be resolved: parameter "poolSparkVersion" has no value/);
      expect(entry!.message).toMatch(/^Could not evaluate: /);
    }
    // What does not depend on it is still answered.
    const [sa001] = find(result, 'SA001');
    expect(sa001).toMatchObject({ outcome: 'pass' });
    expectAt(sa001, file, 44, 38, 'false');
    expect(result.results.some((e) => e.outcome === 'pass' && (e.ruleId === 'SA003' || e.ruleId === 'SA013'))).toBe(false);
  });

  it('resolves through the module once the parameter has a value', async () => {
    const result = await run(file, { parameters: `${DIR}/bicep-unresolved/main.parameters.json` });
    expect(find(result, 'SA013')).toEqual([expect.objectContaining({ outcome: 'fail', location: { file: `${DIR}/${file}`, line: 103, column: 33 } })]);
    expect(result.summary.unknown).toBe(0);
  });
});

describe('two AzureMLService linked services, one with an AML workspace name that cannot be resolved (issue 16)', () => {
  const file = 'published-two-linked-services/TemplateForWorkspace.json';
  const ls = (name: string) => (e: ResultEntry) => e.resourceId?.endsWith(`/linkedservices/${name}`) === true;

  it('judges each linked service on its own: the self-hosted runtime of the first fails, the second is still checked', async () => {
    const result = await run(file);
    // No integration is named after the expression; the one whose AML workspace is unknown is named after its linked service.
    const integrations = new Set(result.results.map((e) => e.integration));
    expect(integrations).toEqual(new Set(['syn-research-aml-research', 'syn-research-azuremlscoring']));
    for (const name of integrations) expect(name).not.toMatch(/variables|notdefined/i);

    const [sa002] = find(result, 'SA002', ls('AzureMLResearch'));
    expect(sa002).toMatchObject({ outcome: 'fail', messageId: 'self-hosted', integration: 'syn-research-aml-research' });
    expectAt(sa002, file, 33, 23, '"shir-onprem"');

    // The linked service whose AML workspace is unknown: its runtime, key and client ID do not depend on it.
    expect(find(result, 'SA002', ls('AzureMLScoring'))).toEqual([expect.objectContaining({ outcome: 'pass', messageId: 'auto-resolve' })]);
    const [sa014] = find(result, 'SA014', ls('AzureMLScoring'));
    expect(sa014).toMatchObject({ outcome: 'fail', messageId: 'inline' });
    expectAt(sa014, file, 53, 29, '{');
    const [sa015] = find(result, 'SA015', ls('AzureMLScoring'));
    expect(sa015).toMatchObject({ outcome: 'fail', messageId: 'not-guid' });
    expectAt(sa015, file, 52, 28, '"aml-scoring-app"');

    // Nothing here needs the AML workspace's name: nothing is unknown, and nothing is judged twice.
    expect(result.summary.unknown).toBe(0);
    expect(find(result, 'SA002')).toHaveLength(2);

    // It is reported as such, at the expression.
    const note = (result.diagnostics ?? []).find((d) => d.code === 'unresolved-aml-workspace');
    expect(note).toMatchObject({ file: `${DIR}/${file}`, line: 51, column: 25, severity: 'warning' });
    expect(note!.message).toMatch(/^linked service AzureMLScoring: its AML workspace is not known \(mlWorkspaceName variables\('notDefined'\) cannot be resolved: the template declares no variable "notDefined"\)/);
  });

  it('with --spec, unknown only where the unresolved name is needed: whether the second one belongs to the integration', async () => {
    const result = await run(file, { spec: `${DIR}/published-two-linked-services/spec.yaml` });
    expect(new Set(result.results.map((e) => e.integration))).toEqual(new Set(['research-dev']));
    // The declared linked service is judged: SA002 fails at its connectVia, SA100 compares it.
    const [sa002] = find(result, 'SA002', (e) => ls('AzureMLResearch')(e) && e.messageId === 'self-hosted');
    expectAt(sa002, file, 33, 23, '"shir-onprem"');
    expect(find(result, 'SA100').map((e) => e.outcome)).toEqual(['pass', 'pass', 'pass']);
    // AzureMLScoring may or may not point at aml-research: the rules that go through the integration's linked services
    // are unknown for it alone, at the expression.
    const unknowns = result.results.filter((e) => e.outcome === 'unknown');
    expect(unknowns.map((e) => e.ruleId).sort()).toEqual(['SA002', 'SA014', 'SA015']);
    for (const e of unknowns) {
      expect(e.resourceId).toMatch(/\/linkedservices\/AzureMLScoring$/);
      expectAt(e, file, 51, 25, `"[variables('notDefined')]"`);
      expect(e.reason).toMatchObject({ code: 'UnresolvedExpression', scope: `${DIR}/${file}:51:25` });
    }
  });
});

describe('ARM template that attaches Synapse Spark pools to AML (Microsoft.MachineLearningServices/workspaces/computes)', () => {
  const file = 'arm-attached-pool/azuredeploy.json';

  it('judges each SynapseSpark compute at its own node, and the private workspace at its publicNetworkAccess', async () => {
    const result = await run(file);
    const sa019 = find(result, 'SA019');
    expect(sa019.map((e) => [e.outcome, e.resourceId?.split('/').pop()])).toEqual([
      ['pass', 'synapse-mlpool'],
      ['fail', 'synapse-noid'],
    ]);
    expectAt(sa019[0], file, 50, 19, '{ "type": "SystemAssigned" }');
    expectAt(sa019[1], file, 60, 15, '"[format(\'{0}/{1}\', parameters(\'amlWorkspaceName\'), \'synapse-noid\')]"');
    const [sa020] = find(result, 'SA020');
    expect(sa020).toMatchObject({ outcome: 'fail', severity: 'error' });
    expect(sa020!.message).toContain('synapse-mlpool, synapse-noid');
    expectAt(sa020, file, 19, 32, '"Disabled"');
    // The AKS compute is not an attached pool; the Synapse RBAC roles (SA018) are not in a template.
    expect(result.results.some((e) => e.resourceId?.endsWith('/aks-scoring'))).toBe(false);
    expect(find(result, 'SA018')).toEqual([]);
  });

  it('reports the attached-pool rules as not evaluated for a template that attaches nothing', async () => {
    const result = await run('arm-exfiltration/azuredeploy.json', { parameters: `${DIR}/arm-exfiltration/azuredeploy.parameters.json` });
    expect(find(result, 'SA019')).toEqual([]);
    expect(mentions(result, 'SA019').length).toBeGreaterThan(0);
  });
});
