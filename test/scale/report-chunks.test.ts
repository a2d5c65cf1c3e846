// The json and junit reports written in pieces (so a large tenant's result is never one string) are byte-identical to
// the rendered ones, whatever the result holds; and the CLI's report files are exactly that text.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/engine/types.js';
import { renderJson, renderJsonChunks } from '../../src/reporters/json.js';
import { renderJunit, renderJunitChunks } from '../../src/reporters/junit.js';
import { synaml } from '../cli/run.js';
import { hostileResult, mixedResult } from '../reporters/fixture.js';

const joined = (result: AuditResult) => [...renderJsonChunks(result)].join('');

describe('json report in pieces', () => {
  it('is the same text as renderJson: mixed, hostile, empty, with diagnostics and a line break in a message', () => {
    const multiline = mixedResult();
    multiline.results[0]!.message = 'line one\nline two "quoted" \\ backslash';
    multiline.diagnostics = [{ file: 'spec.yaml', line: 3, column: 5, severity: 'warning', code: 'duplicate-entry', message: 'x\ny' }];
    const empty = { ...mixedResult(), results: [] };
    for (const result of [mixedResult(), hostileResult(), multiline, empty]) expect(joined(result)).toBe(renderJson(result));
    expect([...renderJsonChunks(mixedResult())].length).toBe(mixedResult().results.length + 2);
  });

  it('is what `audit --output-dir` writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'synaml-chunks-'));
    try {
      const spec = join(dir, 'spec.yaml');
      writeFileSync(spec, readFileSync(new URL('../../fixtures/demo/spec.yaml', import.meta.url), 'utf8'));
      const snapshot = new URL('../../fixtures/demo/snapshot.json', import.meta.url).pathname;
      const out = join(dir, 'out');
      const r = synaml(['audit', spec, '--snapshot', snapshot, '--now', '2026-11-23', '--format', 'json', '--output-dir', out, '--fail-on', 'never', '--quiet']);
      expect(r.code).toBe(0);
      const written = readFileSync(join(out, 'synaml.json'), 'utf8');
      const result = JSON.parse(written) as AuditResult;
      expect(written).toBe(renderJson(result, { failOn: 'never' }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('junit report in pieces', () => {
  it('is the same text as renderJunit, one piece per integration between the head and the end, for every --fail-on', () => {
    const multiline = mixedResult();
    multiline.results[0]!.message = 'line one\nline two "quoted" & <tag>';
    const empty = { ...mixedResult(), results: [] };
    for (const result of [mixedResult(), hostileResult(), multiline, empty]) {
      for (const failOn of ['error', 'warning', 'never'] as const) {
        const pieces = [...renderJunitChunks(result, { failOn })];
        expect(pieces.join('')).toBe(renderJunit(result, { failOn }));
        expect(pieces).toHaveLength(new Set(result.results.map((e) => e.integration)).size + 2);
        expect(pieces[0]).toMatch(/^<\?xml [^\n]*\n<testsuites [^\n]*>\n$/);
        expect(pieces.at(-1)).toBe('</testsuites>\n');
      }
    }
  });

  it('is what `audit --output-dir` writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'synaml-chunks-'));
    try {
      const snapshot = new URL('../../fixtures/demo/snapshot.json', import.meta.url).pathname;
      const spec = new URL('../../fixtures/demo/spec.yaml', import.meta.url).pathname;
      const out = join(dir, 'out');
      const r = synaml(['audit', spec, '--snapshot', snapshot, '--now', '2026-11-23', '--format', 'json,junit', '--output-dir', out, '--fail-on', 'warning', '--quiet']);
      expect(r.code).not.toBe(2);
      const result = JSON.parse(readFileSync(join(out, 'synaml.json'), 'utf8')) as AuditResult;
      expect(result.results.length).toBeGreaterThan(0);
      expect(readFileSync(join(out, 'synaml.junit.xml'), 'utf8')).toBe(renderJunit(result, { failOn: 'warning' }));
      // Streamed to stdout too, piece by piece: the same text.
      const common = [spec, '--snapshot', snapshot, '--now', '2026-11-23', '--fail-on', 'warning', '--quiet'];
      const json = synaml(['audit', ...common, '--format', 'json']);
      expect(json.stdout).toBe(renderJson(JSON.parse(json.stdout) as AuditResult, { failOn: 'warning' }));
      expect(JSON.parse(json.stdout)).toEqual(result);
      expect(synaml(['audit', ...common, '--format', 'junit']).stdout).toBe(renderJunit(result, { failOn: 'warning' }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
