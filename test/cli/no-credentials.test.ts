// A live audit with no credential at all (issue 20, item 5): one line on what to do, exit 3, and none of the SDK's
// chain text repeated per read. The environment is empty but for HOME and a PATH with no `az`, `azd` or `pwsh`;
// AZURE_TOKEN_CREDENTIALS=dev keeps DefaultAzureCredential to its developer credentials, so its managed identity
// probe never calls the instance metadata endpoint (no test may reach the network). The developer credentials
// (Azure CLI, Azure Developer CLI, Azure PowerShell) all find no tool on PATH: nothing is available.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, fixture, ROOT } from './run.js';

const empty = mkdtempSync(path.join(tmpdir(), 'synaml-no-credentials-'));

function bare(args: string[]) {
  const child = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { HOME: empty, PATH: empty, AZURE_TOKEN_CREDENTIALS: 'dev' },
    timeout: 60_000,
  });
  if (child.error) throw child.error;
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('no credentials', () => {
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it('audit: one line naming every way to sign in, exit 3, no report and no SDK text', () => {
    const run = bare(['audit', fixture('spec.yaml'), '--format', 'json']);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^synaml: no Azure credential available for Azure Resource Manager: /);
    for (const way of ['az login', 'managed identity', 'AZURE_CLIENT_ID', 'AZURE_FEDERATED_TOKEN_FILE', 'SYNAML_ARM_TOKEN', '--snapshot']) expect(lines[0]).toContain(way);
    expect(run.stderr).not.toMatch(/CredentialUnavailableError|ChainedTokenCredential|Visual Studio Code/);
  });

  it('snapshot: the same line before any read', () => {
    const out = path.join(empty, 'state.json');
    const run = bare(['snapshot', fixture('spec.yaml'), '-o', out]);
    expect(run.code).toBe(3);
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^synaml: no Azure credential available for Azure Resource Manager: sign in with `az login`/)]);
  });

  it('only the Synapse token missing: says which audience has no credential', () => {
    const child = spawnSync(process.execPath, [CLI, 'audit', fixture('spec.yaml'), '--format', 'json'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { HOME: empty, PATH: empty, AZURE_TOKEN_CREDENTIALS: 'dev', SYNAML_ARM_TOKEN: 'a-static-arm-token-for-the-test' },
      timeout: 60_000,
    });
    expect(child.status).toBe(3);
    expect(child.stdout).toBe('');
    expect(child.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^synaml: no Azure credential available for the Synapse data plane: /)]);
  });
});
