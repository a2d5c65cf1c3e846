// check-template over a Synapse Git-mode folder (test/fixtures/templates/synapse-git): artifacts are read as the
// workspace's resources, findings point at the property's line and column in the artifact file, and the workspace is
// named by --workspace, the spec's only integration, or the folder.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import type { AuditResult } from '../../src/engine/types.js';
import { checkTemplate, type CheckTemplateOptions } from '../../src/index.js';
import { detectInputKind } from '../../src/template/input.js';

const DIR = 'test/fixtures/templates/synapse-git';
const LS = `${DIR}/linkedService/AzureMLService1.json`;
const NOW = new Date('2026-11-23T00:00:00Z');
const tmp = mkdtempSync(path.join(tmpdir(), 'synaml-git-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(options: CheckTemplateOptions = {}): Promise<AuditResult> {
  return checkTemplate(DIR, { rules, now: NOW, ...options });
}

function textAt(file: string, line: number, column: number): string {
  return readFileSync(file, 'utf8').split('\n')[line - 1]!.slice(column - 1);
}

describe('Synapse Git folder: a linked service via a self-hosted runtime, with an inline key', () => {
  it('is detected as a Synapse Git folder', async () => {
    expect(await detectInputKind(DIR)).toBe('synapse-git');
  });

  it('fails SA002 at connectVia.referenceName in the artifact file', async () => {
    const result = await run();
    const sa002 = result.results.find((e) => e.ruleId === 'SA002');
    expect(sa002).toMatchObject({ outcome: 'fail', actual: 'shir-onprem (SelfHosted)', location: { file: LS, line: 19, column: 21 } });
    expect(textAt(LS, 19, 21)).toBe('"shir-onprem",');
  });

  it('fails SA014 at servicePrincipalKey without echoing the key', async () => {
    const result = await run();
    const sa014 = result.results.find((e) => e.ruleId === 'SA014');
    expect(sa014).toMatchObject({ outcome: 'fail', actual: 'servicePrincipalKey: SecureString (inline)', location: { file: LS, line: 12, column: 27 } });
    expect(textAt(LS, 12, 4)).toBe('"servicePrincipalKey": {');
    expect(readFileSync(LS, 'utf8')).toContain('git-inline-Secret-Do-Not-Echo-4K');
    expect(JSON.stringify(result)).not.toContain('git-inline-Secret-Do-Not-Echo-4K');
  });

  it('names the workspace with --workspace, else the spec\'s only integration, else the folder', async () => {
    expect(new Set((await run()).results.map((e) => e.integration))).toEqual(new Set(['synapse-git']));
    const named = await run({ workspaceName: 'syn-prod' });
    expect(named.results.find((e) => e.ruleId === 'SA002')?.resourceId).toMatch(/\/workspaces\/syn-prod\/linkedservices\/AzureMLService1$/i);
    // A spec of one integration (published-msi/spec.yaml's first, analytics-prod on syn-prod) names it.
    const spec = path.join(tmp, 'one.yaml');
    writeFileSync(spec, readFileSync('test/fixtures/templates/published-msi/spec.yaml', 'utf8').split('\n').slice(0, 27).join('\n') + '\n');
    const withSpec = await run({ spec });
    expect(new Set(withSpec.results.map((e) => e.integration))).toEqual(new Set(['analytics-prod']));
    // The declared managed private endpoint is found in managedVirtualNetwork/default/managedPrivateEndpoint/.
    const mpe = withSpec.results.find((e) => e.ruleId === 'SA016' && e.message.includes('synapse-to-aml'));
    expect(mpe).toMatchObject({ outcome: 'pass', location: { file: `${DIR}/managedVirtualNetwork/default/managedPrivateEndpoint/synapse-to-aml.json`, line: 2, column: 10 } });
    // A spec of several integrations: --workspace picks the workspace.
    const several = await run({ spec: 'test/fixtures/templates/published-msi/spec.yaml', workspaceName: 'syn-prod' });
    expect(new Set(several.results.map((e) => e.integration))).toEqual(new Set(['analytics-prod']));
  });

  it('rejects --workspace for other inputs, and a file given as a Git folder (exit 2)', async () => {
    await expect(checkTemplate('test/fixtures/templates/published-msi/TemplateForWorkspace.json', { rules, now: NOW, workspaceName: 'x' })).rejects.toThrow(/--workspace is for Synapse Git folders/);
    await expect(checkTemplate(LS, { rules, now: NOW, input: 'synapse-git' })).rejects.toThrow(/a Synapse Git input is the folder/);
  });
});
