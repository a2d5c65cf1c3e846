// Secrets: canary tokens (SYNAML_ARM_TOKEN / SYNAML_SYNAPSE_TOKEN) and canary secrets (an inline spec secret; a
// live linked service's servicePrincipalKey, connection string, password and encrypted credential) are fed to every
// command and every output format — error paths and --verbose included — and grepped for in stdout, stderr, every
// file written and every snapshot recorded. Formats are read from the reporter registry, so new ones are covered.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASK } from '../../src/collect/secrets.js';
import type { RawPayload, Snapshot } from '../../src/estate/snapshot.js';
import { FORMAT_NAMES, reporters } from '../../src/reporters/index.js';
import { startFakeAzure, type FakeAzure } from '../fake-azure/index.js';
import { demo, demoSnapshot } from '../support/demo-estate.js';
import { azureMlLinkedService } from '../support/payloads.js';
import { ROOT, type RunResult } from '../cli/run.js';
import { expectOrderlyExit, pool, runCli } from './support.js';

/** Distinctive values no code path has a reason to print; none is JWT-shaped, so no redaction regex catches them by luck. */
const CANARY = {
  armToken: 'cnry-arm-4be1f9c07d3a4e8b9a2f6c5d1e0b7a93',
  synapseToken: 'cnry-syn-8d2c6a1f4e9b4c7d8e3a5b0f2c6d9e14',
  specSecret: 'cnry~spec~Q7m2Xv9Lp4Rt8Wz1K5j3',
  key: 'cnry~key~H3k8Nq5Vy2Bd6Js0P9f1',
  connection: 'cnry9f8e7d6c5b4a3210ffeeddccbbaa==',
  password: 'cnry~pwd~Z1x2C3v4B5n6M7q8W9',
  encrypted: 'cnry0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d',
} as const;
const ENV = { SYNAML_ARM_TOKEN: CANARY.armToken, SYNAML_SYNAPSE_TOKEN: CANARY.synapseToken };
const NOW = ['--now', '2026-11-23'];

let dir: string;
let fake: FakeAzure;
const runs: Array<{ label: string; run: RunResult }> = [];
const files: string[] = [];

const at = (name: string) => path.join(dir, name);
/** The spawned CLI trusts the fake's certificate the way a build agent trusts a corporate CA. */
const trustFake = () => ({ NODE_EXTRA_CA_CERTS: fake.caCertFile });

function write(name: string, content: string): string {
  writeFileSync(at(name), content);
  return at(name);
}

/** The demo estate with every kind of secret a linked service body can carry, as the canaries. */
function canarySnapshot(): Snapshot {
  const s = demoSnapshot();
  const key = demo.research.synapse.toLowerCase();
  const research = s.synapse[key]!.linkedServices![0]! as { properties: { typeProperties: Record<string, unknown> } };
  research.properties.typeProperties['servicePrincipalKey'] = { type: 'SecureString', value: CANARY.key };
  research.properties.typeProperties['encryptedCredential'] = CANARY.encrypted;
  const blob = azureMlLinkedService(demo.research.synapse, 'BlobWithKey', demo.research.aml) as { properties: Record<string, unknown> };
  blob.properties['type'] = 'AzureBlobStorage';
  blob.properties['typeProperties'] = {
    connectionString: `DefaultEndpointsProtocol=https;AccountName=stcanary;AccountKey=${CANARY.connection};EndpointSuffix=core.windows.net`,
    password: { type: 'SecureString', value: CANARY.password },
    servicePrincipalCredential: { type: 'SecureString', value: CANARY.key },
  };
  s.synapse[key]!.linkedServices!.push(blob as RawPayload);
  return s;
}

const DEMO_SPEC = readFileSync(path.join(ROOT, 'fixtures/demo/spec.yaml'), 'utf8');
const KEY_VAULT_SECRET = 'secret: { keyVault: { linkedService: kv-research, secretName: aml-research-sp } }';

/** Every way a secret can be written into a spec, valid YAML or not. */
const INLINE_SPECS: Record<string, string> = {
  'inline-string.yaml': DEMO_SPEC.replace(KEY_VAULT_SECRET, `secret: ${CANARY.specSecret}`),
  'inline-value.yaml': DEMO_SPEC.replace(KEY_VAULT_SECRET, `secret: { value: "${CANARY.specSecret}" }`),
  'inline-client-secret.yaml': DEMO_SPEC.replace(KEY_VAULT_SECRET, `${KEY_VAULT_SECRET}\n        clientSecret: ${CANARY.specSecret}`),
  'inline-password.yaml': DEMO_SPEC.replace(KEY_VAULT_SECRET, `${KEY_VAULT_SECRET}\n        password: { value: ${CANARY.specSecret} }`),
  'inline-unclosed-quote.yaml': DEMO_SPEC.replace(KEY_VAULT_SECRET, `secret: "${CANARY.specSecret}`),
  'inline-block-header.yaml': DEMO_SPEC.replace(KEY_VAULT_SECRET, `secret: |${CANARY.specSecret}\n          x`),
  'inline-tag.yaml': DEMO_SPEC.replace(KEY_VAULT_SECRET, `secret: !${CANARY.specSecret} x`),
  'inline-bad-escape.yaml': DEMO_SPEC.replace(KEY_VAULT_SECRET, `secret: "\\${CANARY.specSecret}"`),
};

async function record(label: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const run = await runCli(args, { ...ENV, ...env });
  runs.push({ label, run });
  expectOrderlyExit(run, args, label);
  return run;
}

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: false })
    .map((f) => path.join(root, String(f)))
    .filter((f) => statSync(f).isFile());
}

function expectNoCanary(text: string, where: string): void {
  for (const [name, value] of Object.entries(CANARY)) {
    // The whole value, and its middle: a partial redaction would still leak.
    expect(text.includes(value), `${where} contains the ${name} canary`).toBe(false);
    expect(text.includes(value.slice(8, 24)), `${where} contains part of the ${name} canary`).toBe(false);
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'synaml-canary-'));
  fake = await startFakeAzure({ snapshot: canarySnapshot(), armToken: CANARY.armToken, synapseToken: CANARY.synapseToken });
}, 30_000);

afterAll(async () => {
  await fake?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('canary secrets and tokens', () => {
  it('the reporter registry has the formats the CLI offers', () => {
    expect(FORMAT_NAMES.length).toBeGreaterThanOrEqual(2);
    for (const name of FORMAT_NAMES) expect(reporters[name].fileName).toMatch(/^synaml\./);
  });

  it('rejects an inline secret in the spec, in every form, without echoing it', async () => {
    const specs = Object.entries(INLINE_SPECS).map(([name, text]) => write(name, text));
    for (const verbose of [[], ['--verbose']]) {
      const run = await record(`validate inline secrets ${verbose.join('')}`, ['validate', ...specs, ...NOW, ...verbose]);
      expect(run.code).toBe(2);
      for (const spec of specs) expect(run.stderr, spec).toMatch(new RegExp(`${path.basename(spec).replace('.', '\\.')}: invalid spec`));
      // The parseable ones are named as inline secrets.
      expect(run.stderr.match(/\[inline-secret\]/g)?.length).toBeGreaterThanOrEqual(4);
    }
    const audit = await record('audit inline secret --verbose', ['audit', specs[0]!, '--snapshot', write('s.json', JSON.stringify(canarySnapshot())), ...NOW, '--verbose']);
    expect(audit.code).toBe(2);
  });

  it('keeps live secrets out of every output format, on stdout and in report files, with and without --verbose', async () => {
    const snapshot = write('canary.snapshot.json', JSON.stringify(canarySnapshot(), null, 2));
    const spec = 'fixtures/demo/spec.yaml';
    const tasks: Array<() => Promise<RunResult>> = [];
    for (const format of FORMAT_NAMES) {
      tasks.push(() => record(`audit --format ${format} --verbose`, ['audit', spec, '--snapshot', snapshot, '--format', format, ...NOW, '--verbose']));
    }
    for (const verbose of [[], ['--verbose']]) {
      const out = at(`reports${verbose.join('')}`);
      tasks.push(async () => {
        const run = await record(`audit --output-dir ${verbose.join('')}`, ['audit', spec, '--snapshot', snapshot, '--format', FORMAT_NAMES.join(','), '--output-dir', out, ...NOW, ...verbose]);
        const written = listFiles(out);
        expect(written.map((f) => path.basename(f)).sort()).toEqual(FORMAT_NAMES.map((f) => reporters[f].fileName).sort());
        files.push(...written);
        return run;
      });
    }
    const audits = await pool(tasks, 3);
    // marketing-ml's data plane is unreadable in the demo snapshot: some outcomes are unknown.
    for (const run of audits) expect(run.code).toBe(3);
    for (const format of ['table', 'json']) {
      const run = await record(`validate --format ${format} --verbose`, ['validate', spec, '--format', format, ...NOW, '--verbose']);
      expect(run.code).toBe(1);
    }
  });

  it('keeps secrets out of error paths: a truncated or invalid snapshot around a secret, a bad spec', async () => {
    const text = JSON.stringify(canarySnapshot(), null, 2);
    const cut = text.indexOf(CANARY.key) + CANARY.key.length;
    const broken = {
      'truncated.json': text.slice(0, cut),
      'garbage-after-secret.json': `${text.slice(0, cut)}" x ${text.slice(cut + 1)}`,
      'schema-invalid.json': JSON.stringify({ ...canarySnapshot(), capturedAt: { secret: CANARY.key } }),
      'bad-error-source.json': JSON.stringify({ ...canarySnapshot(), errors: [{ source: CANARY.password, scope: '/', message: CANARY.password }] }),
    };
    const tasks = Object.entries(broken).flatMap(([name, content]) => {
      const file = write(name, content);
      return [[], ['--verbose']].map((verbose) => async () => {
        const run = await record(`audit ${name} ${verbose.join('')}`, ['audit', 'fixtures/demo/spec.yaml', '--snapshot', file, ...NOW, '--format', 'json', ...verbose]);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(new RegExp(`${name.replace('.', '\\.')}:\\d+:\\d+: `));
        return run;
      });
    });
    await pool(tasks, 3);
  });

  it('masks secrets from a live linked service before a snapshot is written, and never stores the tokens', async () => {
    const tasks = [[], ['--verbose']].map((verbose) => async () => {
      const out = at(`live${verbose.join('')}.snapshot.json`);
      const run = await record(`snapshot live ${verbose.join('')}`, ['snapshot', 'fixtures/demo/spec.yaml', '-o', out, '--arm-endpoint', fake.url, ...verbose], trustFake());
      // marketing-ml's data plane answers 403 (the demo's recorded error, replayed): still written, exit 3.
      expect(run.code, run.stderr).toBe(3);
      files.push(out);
      const recorded = JSON.parse(readFileSync(out, 'utf8')) as Snapshot;
      const bodies = recorded.synapse[demo.research.synapse.toLowerCase()]!.linkedServices! as Array<{ name: string; properties: { typeProperties: Record<string, unknown> } }>;
      const research = bodies.find((b) => b.name === 'AzureMLResearch')!.properties.typeProperties;
      expect(research['servicePrincipalKey']).toEqual({ type: 'SecureString', value: MASK });
      expect(research['encryptedCredential']).toBe(MASK);
      const blob = bodies.find((b) => b.name === 'BlobWithKey')!.properties.typeProperties;
      expect(blob['connectionString']).toBe(MASK);
      expect(blob['password']).toEqual({ type: 'SecureString', value: MASK });
      return run;
    });
    await pool(tasks, 2);
    // The recorded snapshot audits as the canary snapshot does, and a live audit prints nothing secret either.
    const live = await record('audit live --verbose', ['audit', 'fixtures/demo/spec.yaml', '--arm-endpoint', fake.url, '--format', 'json', ...NOW, '--verbose'], trustFake());
    expect(live.code, live.stderr).toBe(3);
    expect(JSON.parse(live.stdout).results.some((r: { ruleId: string; outcome: string }) => r.ruleId === 'SA014' && r.outcome === 'fail')).toBe(true);
    expect(fake.writes).toEqual([]);
  });

  it('keeps secrets out of init, check-template, diff, rules and explain', async () => {
    const snapshot = write('init.snapshot.json', JSON.stringify(canarySnapshot()));
    const template = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/templates/published-service-principal/TemplateForWorkspace.json'), 'utf8')) as {
      parameters: Record<string, { defaultValue?: unknown }>;
      resources: Array<{ properties?: { typeProperties?: Record<string, unknown> } }>;
    };
    template.parameters['AzureMLResearch_servicePrincipalKey']!.defaultValue = CANARY.key;
    const inline = template.resources.find((r) => r.properties?.typeProperties?.['servicePrincipalKey']);
    if (inline?.properties?.typeProperties) inline.properties.typeProperties['encryptedCredential'] = CANARY.encrypted;
    const templateFile = write('template.json', JSON.stringify(template, null, 2));
    const parameters = write('parameters.json', JSON.stringify({ parameters: { AzureMLResearch_servicePrincipalKey: { value: CANARY.password } } }));
    const a = at('a.json');
    const b = at('b.json');
    const tasks: Array<() => Promise<RunResult>> = [
      async () => {
        const run = await record('init --from-snapshot', ['init', '--from-snapshot', snapshot, '-o', at('init.yaml'), ...NOW]);
        files.push(at('init.yaml'));
        return run;
      },
      () => record('init -o -', ['init', '-o', '-']),
      () => record('check-template --verbose', ['check-template', templateFile, '--parameters', parameters, '--format', 'json', ...NOW, '--verbose']),
      () => record('check-template table', ['check-template', templateFile, '--parameters', parameters, '--format', 'table', ...NOW]),
      () => record('rules', ['rules']),
      () => record('explain', ['explain', 'SA014']),
    ];
    await pool(tasks, 3);
    writeFileSync(a, runs.find((r) => r.label === 'audit --format json --verbose')!.run.stdout);
    writeFileSync(b, runs.find((r) => r.label === 'audit live --verbose')!.run.stdout);
    await record('diff', ['diff', a, b, '--format', 'markdown']);
  });

  it('found no canary in any output, file or snapshot', () => {
    expect(runs.length).toBeGreaterThanOrEqual(25);
    for (const { label, run } of runs) {
      expectNoCanary(run.stdout, `stdout of ${label}`);
      expectNoCanary(run.stderr, `stderr of ${label}`);
    }
    expect(files.length).toBeGreaterThanOrEqual(FORMAT_NAMES.length * 2 + 3);
    for (const file of files) expectNoCanary(readFileSync(file, 'utf8'), file);
    console.log(`[secrets] ${runs.length} CLI runs, ${files.length} files written, ${Object.keys(CANARY).length} canaries: none leaked`);
  });
});
