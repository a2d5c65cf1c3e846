// End-to-end: `synaml init` writes a starter spec that validates, refuses to overwrite without --force, and
// `init --from-snapshot` drafts a spec from the demo estate that validates and audits with no SA016 / SA100 finding.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/engine/types.js';
import { synaml } from './run.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'synaml-init-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const SNAPSHOT = 'fixtures/demo/snapshot.json';

describe('synaml init', () => {
  it('writes a commented starter spec that validates', () => {
    const file = path.join(tmp, 'starter.yaml');
    const run = synaml(['init', '-o', file]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/wrote .*starter\.yaml: a starter spec/);
    expect(readFileSync(file, 'utf8')).toMatch(/^# yaml-language-server: \$schema=/);
    const validate = synaml(['validate', file, '--format', 'json', '--now', '2026-11-23']);
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
  });

  it('does not overwrite a file without --force', () => {
    const file = path.join(tmp, 'exists.yaml');
    writeFileSync(file, 'mine\n');
    const run = synaml(['init', '-o', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/exists\.yaml already exists: add --force/);
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
    expect(synaml(['init', '-o', file, '--force']).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^# yaml-language-server/);
  });

  it('writes to stdout with -o -', () => {
    const run = synaml(['init', '-o', '-']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^version: 1$/m);
  });

  it('refuses a scope without --from-live, and two sources at once (exit 2, nothing written)', () => {
    const file = path.join(tmp, 'live.yaml');
    const scope = synaml(['init', '--subscription', '11111111-2222-4333-8444-555555555555', '-o', file]);
    expect(scope.code).toBe(2);
    expect(scope.stderr).toMatch(/--subscription and --management-group go with --from-live/);
    const both = synaml(['init', '--from-live', '--from-snapshot', SNAPSHOT, '-o', file]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give one source/);
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a --subscription that is not a subscription ID, in init and audit, before reading anything', () => {
    const tokens = { SYNAML_ARM_TOKEN: 't', SYNAML_SYNAPSE_TOKEN: 't' };
    const file = path.join(tmp, 'named.yaml');
    const init = synaml(['init', '--from-live', '--subscription', 'Contoso Production', '--arm-endpoint', 'https://127.0.0.1:9', '-o', file], tokens);
    expect(init.code).toBe(2);
    expect(init.stderr).toMatch(/--subscription takes a subscription ID, as <GUID> or \/subscriptions\/<GUID>, got "Contoso Production"/);
    expect(existsSync(file)).toBe(false);
    const audit = synaml(['audit', 'fixtures/demo/spec.yaml', '--subscription', '11111111-2222-4333-8444-555555555555', '/subscriptions/not-a-guid', '--arm-endpoint', 'https://127.0.0.1:9'], tokens);
    expect(audit.code).toBe(2);
    expect(audit.stderr).toMatch(/got "\/subscriptions\/not-a-guid"/);
  });

  it('refuses --from-live with an http endpoint before reading anything', () => {
    const run = synaml(['init', '--from-live', '--arm-endpoint', 'http://127.0.0.1:9', '-o', path.join(tmp, 'http.yaml')], { SYNAML_ARM_TOKEN: 't', SYNAML_SYNAPSE_TOKEN: 't' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/https/);
  });
});

describe('synaml init --from-snapshot (round trip on the demo estate)', () => {
  const spec = path.join(tmp, 'draft.yaml');
  let run: ReturnType<typeof synaml>;
  beforeAll(() => {
    run = synaml(['init', '--from-snapshot', SNAPSHOT, '-o', spec, '--now', '2026-11-23']);
  });

  it('writes the draft and reports what it left out and which rules already fail (exit 3: incomplete)', () => {
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/the draft is incomplete: part of the estate could not be read/);
    expect(run.stderr).toMatch(/^synaml: not included: Synapse workspace syn-marketing: its linked services could not be read \(synapse\.linkedServices: HTTP 403 Forbidden/m);
    expect(run.stderr).toMatch(/^synaml: wrote .*draft\.yaml: 2 integrations drafted from fixtures\/demo\/snapshot\.json$/m);
    expect(run.stderr).toMatch(/^synaml: rules that already fail on this estate/m);
    expect(run.stderr).toMatch(/^ {2}syn-research +SA002 +error +self-hosted-runtime-unsupported/m);
  });

  it('validate accepts it', () => {
    const validate = synaml(['validate', spec, '--now', '2026-11-23', '--format', 'json']);
    expect([0, 1]).toContain(validate.code);
    expect(validate.stderr).not.toMatch(/error:/);
  });

  it('an audit of the same estate with it reports no SA016 and no SA100 finding', () => {
    const audit = synaml(['audit', spec, '--snapshot', SNAPSHOT, '--now', '2026-11-23', '--format', 'json']);
    expect([0, 1]).toContain(audit.code);
    const result = JSON.parse(audit.stdout) as AuditResult;
    const drift = result.results.filter((e) => (e.ruleId === 'SA016' || e.ruleId === 'SA100') && (e.outcome === 'fail' || e.outcome === 'unknown'));
    expect(drift).toEqual([]);
    expect(result.summary.unknown).toBe(0);
  });

  it('exits 2 for a file that is not a snapshot', () => {
    const bad = synaml(['init', '--from-snapshot', 'fixtures/demo/spec.yaml', '-o', path.join(tmp, 'bad.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/spec\.yaml:\d+:\d+: /);
  });
});
