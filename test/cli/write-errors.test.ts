// Writing reports or a spec where it cannot go gives a sentence, not an errno message (issue 20, item 9).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, synaml } from './run.js';

const dir = mkdtempSync(path.join(tmpdir(), 'synaml-write-errors-'));

describe('writing where synaml cannot', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--output-dir naming an existing file: exit 2, says it is a file', () => {
    const file = path.join(dir, 'reports');
    writeFileSync(file, 'not a directory');
    const run = synaml(['audit', fixture('spec.yaml'), '--snapshot', fixture('clean.snapshot.json'), '--now', '2026-11-23', '--format', 'json', '--output-dir', file]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`synaml: ${file}: cannot write reports: the output directory is a file, not a directory: give --output-dir a directory (it is created when missing)`);
    expect(run.stderr).not.toMatch(/EEXIST|ENOTDIR|mkdir/);
  });

  it('init -o <an existing directory> --force: exit 2, says to give a file name', () => {
    const target = path.join(dir, 'specs');
    mkdirSync(target);
    const run = synaml(['init', '-o', target, '--force']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`synaml: ${target}: cannot write the spec: it is a directory: give -o a file name (e.g. -o <dir>/synaml.yaml)`);
    expect(run.stderr).not.toMatch(/EISDIR|illegal operation/);
  });
});
