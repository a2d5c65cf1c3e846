import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSnapshotFile, parseSnapshotText } from '../../src/estate/load-snapshot.js';
import { healthySnapshot } from '../support/scenario.js';
import { located } from '../support/input-errors.js';

describe('snapshot files', () => {
  it('accepts a snapshot built from real payload shapes', () => {
    const text = JSON.stringify(healthySnapshot().build(), null, 2);
    expect(parseSnapshotText(text, 's.json').synamlSnapshot).toBe(1);
  });

  it('points at a JSON syntax error', () => {
    const e = located(() => parseSnapshotText('{\n  "synamlSnapshot": 1,\n  "capturedAt": }', 's.json'));
    expect([e.line, e.column]).toEqual([3, 17]);
    expect(e.message).toMatch(/^s\.json:3:17: not valid JSON/);
  });

  it('rejects a truncated snapshot at the end of the text', () => {
    const text = JSON.stringify(healthySnapshot().build(), null, 2);
    const e = located(() => parseSnapshotText(text.slice(0, 200), 's.json'));
    expect(e.line).toBeGreaterThan(1);
    expect(e.detail).toMatch(/not valid JSON/);
  });

  it('rejects the wrong version at the version field', () => {
    const e = located(() => parseSnapshotText('{\n  "synamlSnapshot": 2,\n  "capturedAt": "x", "resourceGraph": {"resources": [], "authorizationresources": []}, "arm": {}, "synapse": {}, "errors": []\n}', 's.json'));
    expect([e.line, e.column]).toEqual([2, 21]);
    expect(e.detail).toMatch(/version 1/);
  });

  it('names a missing section', () => {
    const e = located(() => parseSnapshotText('{"synamlSnapshot": 1, "capturedAt": "x", "arm": {}, "synapse": {}, "errors": []}', 's.json'));
    expect(e.detail).toMatch(/missing "resourceGraph"/);
  });

  it('reports a missing file and a directory as input errors, not crashes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synaml-'));
    await expect(loadSnapshotFile(join(dir, 'nope.json'))).rejects.toThrow(/no such file/);
    await expect(loadSnapshotFile(dir)).rejects.toThrow(/is a directory/);
    writeFileSync(join(dir, 'empty.json'), '');
    await expect(loadSnapshotFile(join(dir, 'empty.json'))).rejects.toThrow(/empty/);
  });
});
