// Hostile and malformed snapshot files: a typed, located InputFileError (exit 2 from the CLI), never a stack trace, a
// hang or a polluted prototype; and a snapshot whose reads failed stays unknown where it matters.
import { open, writeFile } from 'node:fs/promises';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSnapshotFile, MAX_SNAPSHOT_BYTES, parseSnapshotText } from '../../src/estate/load-snapshot.js';
import { normaliseSnapshot } from '../../src/estate/normalise.js';
import { AZURE_ROLES } from '../../src/estate/roles.js';
import { SUB, ids, roleAssignmentRow } from '../support/payloads.js';
import { AML_ID, healthySnapshot } from '../support/scenario.js';
import { ROOT, synaml } from '../cli/run.js';
import { STACK_FRAME } from './support.js';
import { located, locatedAsync } from '../support/input-errors.js';

const DEMO = readFileSync(path.join(ROOT, 'fixtures/demo/snapshot.json'), 'utf8');
const dir = mkdtempSync(path.join(tmpdir(), 'synaml-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('snapshot text', () => {
  it('rejects the wrong version and a truncated file at the spot', () => {
    const wrong = located(() => parseSnapshotText(DEMO.replace('"synamlSnapshot": 1', '"synamlSnapshot": 2'), 's.json'));
    expect([wrong.line, wrong.column, wrong.detail]).toEqual([2, 21, 'invalid snapshot: synamlSnapshot must be 1 (this is not a synaml snapshot of version 1)']);
    for (const cut of [1, 100, Math.floor(DEMO.length / 2), DEMO.length - 2]) {
      const e = located(() => parseSnapshotText(DEMO.slice(0, cut), 's.json'));
      expect(e.detail).toMatch(/^not valid JSON \(/);
      expect(e.line).toBeGreaterThanOrEqual(1);
    }
  });

  it('counts positions without a byte-order mark, as editors do', () => {
    const e = located(() => parseSnapshotText('\uFEFF{"synamlSnapshot": 2}', 's.json'));
    expect([e.line, e.column]).toEqual([1, 1]);
    const syntax = located(() => parseSnapshotText('\uFEFF{"a": }', 's.json'));
    expect([syntax.line, syntax.column]).toEqual([1, 7]);
  });

  it('never quotes the file in a message (it may hold a secret next to the error)', () => {
    const e = located(() => parseSnapshotText('{"synamlSnapshot": 1, "key": "s3cr3t-value" oops}', 's.json'));
    expect(e.message).not.toMatch(/s3cr3t|oops/);
  });

  it('reads deeply nested JSON and reports a syntax error deep inside it without overflowing the stack', () => {
    const snapshot = JSON.parse(DEMO) as { resourceGraph: { resources: Array<{ properties: Record<string, unknown> }> } };
    let deep: unknown = 'bottom';
    for (let i = 0; i < 2000; i++) deep = i % 2 ? [deep] : { k: deep };
    snapshot.resourceGraph.resources[0]!.properties['deep'] = deep;
    const text = JSON.stringify(snapshot);
    expect(() => normaliseSnapshot(parseSnapshotText(text, 's.json'))).not.toThrow();
    const broken = `{"a": ${'['.repeat(300_000)}}`;
    expect(located(() => parseSnapshotText(broken, 's.json')).detail).toMatch(/^not valid JSON/);
  });

  it('keeps __proto__ and constructor keys as data', () => {
    const text = DEMO.replace('"arm": {', '"arm": {"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}},');
    const snapshot = parseSnapshotText(text, 's.json');
    expect(() => normaliseSnapshot(snapshot)).not.toThrow();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('snapshot files', () => {
  it('refuses a file over the size limit from its size, without reading it', async () => {
    const file = path.join(dir, 'huge.json');
    const handle = await open(file, 'w');
    await handle.truncate(MAX_SNAPSHOT_BYTES + 1);
    await handle.close();
    const started = performance.now();
    const e = await locatedAsync(loadSnapshotFile(file));
    expect(performance.now() - started).toBeLessThan(500);
    expect(e.detail).toMatch(/the limit is 512 MiB/);
  });

  it('locates bytes that are not UTF-8, and says so for UTF-16', async () => {
    const latin1 = path.join(dir, 'latin1.json');
    await writeFile(latin1, Buffer.from('{\n  "capturedAt": "caf\xe9"\n}', 'latin1'));
    const e = await locatedAsync(loadSnapshotFile(latin1));
    expect([e.line, e.column, e.detail]).toEqual([2, 21, 'the snapshot is not valid UTF-8: byte 0xE9 at byte offset 22 cannot be decoded; save the file as UTF-8']);
    const utf16 = path.join(dir, 'utf16.json');
    await writeFile(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{}', 'utf16le')]));
    expect((await locatedAsync(loadSnapshotFile(utf16))).detail).toMatch(/UTF-16/);
  });

  it('exits 2 from the CLI with file:line:column for each broken snapshot, without a stack trace', async () => {
    const cases: Record<string, string | Buffer> = {
      'version.json': DEMO.replace('"synamlSnapshot": 1', '"synamlSnapshot": "1"'),
      'truncated.json': DEMO.slice(0, 5000),
      'empty.json': '',
      'latin1.json': Buffer.from('{"capturedAt": "\xff"}', 'latin1'),
      'array.json': '[]',
    };
    for (const [name, content] of Object.entries(cases)) await writeFile(path.join(dir, name), content);
    for (const name of [...Object.keys(cases), 'missing.json', '.']) {
      const file = path.join(dir, name);
      const run = synaml(['audit', 'fixtures/demo/spec.yaml', '--snapshot', file, '--format', 'json']);
      expect(run.code, `${name}: ${run.stderr}`).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).not.toMatch(STACK_FRAME);
      if (!['missing.json', '.'].includes(name)) expect(run.stderr).toMatch(new RegExp(`${name.replace('.', '\\.')}:\\d+:\\d+: `));
    }
  });
});

describe('read errors stay unknown where they matter', () => {
  const MG = '/providers/Microsoft.Management/managementGroups/mg-platform';

  it('a management-group assignment is unknown when the subscription\'s ancestry could not be read', () => {
    const b = healthySnapshot();
    b.assignment(roleAssignmentRow(MG, 'abcdabcd-0000-4000-8000-00000000000a', AZURE_ROLES.owner.guid, 'Group'));
    b.error({ source: 'resourceGraph.resourcecontainers', scope: `/subscriptions/${SUB}`, status: 429, code: 'RateLimiting', message: 'throttled' });
    const covering = normaliseSnapshot(b.build()).roleAssignmentsCovering(AML_ID);
    expect(covering).toMatchObject({ ok: false, error: { source: 'resourceGraph.resourcecontainers', status: 429 } });
  });

  it('the ancestry does not matter when no assignment is at a management group', () => {
    const b = healthySnapshot();
    b.error({ source: 'resourceGraph.resourcecontainers', scope: `/subscriptions/${SUB}`, status: 429, code: 'RateLimiting', message: 'throttled' });
    expect(normaliseSnapshot(b.build()).roleAssignmentsCovering(AML_ID).ok).toBe(true);
  });

  it('a known ancestry decides, read error or not, for another subscription', () => {
    const b = healthySnapshot();
    b.assignment(roleAssignmentRow(MG, 'abcdabcd-0000-4000-8000-00000000000a', AZURE_ROLES.owner.guid, 'Group'));
    b.resourcecontainers.push({
      id: `/subscriptions/${SUB}`,
      name: SUB,
      type: 'microsoft.resources/subscriptions',
      subscriptionId: SUB,
      properties: { managementGroupAncestorsChain: [{ name: 'mg-platform' }] },
    });
    b.error({ source: 'resourceGraph.resourcecontainers', scope: '/subscriptions/33333333-4444-4555-8666-777777777777', status: 403, message: 'denied' });
    const covering = normaliseSnapshot(b.build()).roleAssignmentsCovering(ids.aml('aml-prod'));
    expect(covering.ok && covering.value.some((a) => a.scope.includes('mg-platform'))).toBe(true);
  });
});
