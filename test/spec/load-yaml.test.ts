// The loader on files that are not sound YAML, or not readable: positions come from the YAML parser.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpecFile } from '../../src/spec/load.js';
import { loadSpecText } from '../../src/spec/load-yaml.js';
import { AML, NOW, SYN, expectDiagnostics, yaml } from './helpers.js';

describe('YAML problems', () => {
  it('reports a syntax error at its position and stops there', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse: workspaceId: /x
          machineLearning: 7
    `;
    const result = loadSpecText(text, 'spec.yaml');
    expect(result.ok).toBe(false);
    // No schema error for `machineLearning: 7`: after a syntax error the tree is a guess.
    expectDiagnostics(result, [
      { at: '4:14', code: 'yaml-syntax', message: /^a nested mapping cannot start on the same line as its key/ },
    ]);
    expect(result.diagnostics[0]?.file).toBe('spec.yaml');
  });

  it('reports an unclosed quote', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: "analytics-prod
    `;
    expectDiagnostics(loadSpecText(text, 'spec.yaml'), [{ at: '4:1', code: 'yaml-syntax', message: 'YAML syntax error: missing closing "quote' }]);
  });

  it('reports a duplicate key at the second key, naming the first, and still checks the rest of the file', () => {
    const text = yaml`
      version: 2
      integrations:
        - name: analytics-prod
          synapse:
            workspaceId: ${SYN}
          machineLearning:
            workspaceId: ${AML}
          name: analytics-test
    `;
    const result = loadSpecText(text, 'spec.yaml');
    expect(result.ok).toBe(false);
    expectDiagnostics(result, [
      { at: '1:10', code: 'schema-const', message: 'version must be 1 (got 2)' },
      {
        at: '8:5',
        code: 'yaml-duplicate-key',
        message: 'duplicate key "name" (first at line 3): a key may appear only once in a mapping — remove or merge one of them',
      },
    ]);
  });

  it('reports a duplicate key inside a flow mapping', () => {
    const text = yaml`
      version: 1
      integrations:
        - name: analytics-prod
          synapse: { workspaceId: ${SYN}, workspaceId: ${SYN} }
          machineLearning: { workspaceId: ${AML} }
    `;
    const column = '    synapse: { workspaceId: '.length + SYN.length + ', '.length + 1;
    expectDiagnostics(loadSpecText(text, 'spec.yaml'), [
      { at: `4:${column}`, code: 'yaml-duplicate-key', message: /^duplicate key "workspaceId" \(first at line 4\)/ },
    ]);
  });

  it('reports tab indentation', () => {
    const text = 'version: 1\nintegrations:\n\t- name: analytics-prod\n';
    expectDiagnostics(loadSpecText(text, 'spec.yaml'), [
      { at: '3:1', code: 'yaml-tab-indent', message: 'a tab is used for indentation: YAML indents with spaces only — replace the tab with spaces' },
    ]);
  });

  it('reports a second YAML document', () => {
    const text = yaml`
      version: 1
      integrations: []
      ---
      version: 1
    `;
    expectDiagnostics(loadSpecText(text, 'spec.yaml'), [
      { at: '3:1', code: 'yaml-syntax', message: 'the file holds more than one YAML document (a second "---"): a spec is a single document' },
    ]);
  });

  it('reports an alias to an anchor that does not exist at the alias', () => {
    const text = yaml`
      version: 1
      integrations:
        - *missing
    `;
    expectDiagnostics(loadSpecText(text, 'spec.yaml'), [
      { at: '3:5', code: 'yaml-syntax', message: /^YAML error: unresolved alias .*missing$/ },
    ]);
  });

  it('reports an empty file and a comment-only file at 1:1', () => {
    for (const text of ['', '# nothing here yet\n']) {
      expectDiagnostics(loadSpecText(text, 'spec.yaml'), [
        { at: '1:1', code: 'schema-type', message: 'the spec is empty: it must be a mapping with at least "version: 1" and "integrations"' },
      ]);
    }
  });

  it('reports a list where the spec mapping belongs', () => {
    expectDiagnostics(loadSpecText('- version: 1\n', 'spec.yaml'), [
      { at: '1:1', code: 'schema-type', message: 'the spec must be a mapping with at least "version: 1" and "integrations" (got a list)' },
    ]);
  });

  it('ignores a byte-order mark: columns on line 1 stay right', () => {
    const result = loadSpecText('\uFEFFversion: 3\nintegrations: []\n', 'spec.yaml');
    expectDiagnostics(result, [
      { at: '1:10', code: 'schema-const', message: 'version must be 1 (got 3)' },
      { at: '2:15', code: 'schema-empty', message: 'integrations must not be an empty list' },
    ]);
  });
});

describe('loadSpecFile', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synaml-spec-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file and reports positions against its path', async () => {
    const file = join(dir, 'spec.yaml');
    await writeFile(file, 'version: 1\nintegrations: 5\n');
    const result = await loadSpecFile(file, { now: NOW });
    expect(result.diagnostics).toEqual([
      { file, line: 2, column: 15, severity: 'error', code: 'schema-type', message: 'integrations must be a list (got 5)' },
    ]);
  });

  it('turns a missing file into a file-unreadable diagnostic at 1:1', async () => {
    const file = join(dir, 'nope.yaml');
    const result = await loadSpecFile(file);
    expect(result).toEqual({
      ok: false,
      diagnostics: [{ file, line: 1, column: 1, severity: 'error', code: 'file-unreadable', message: `cannot read ${file}: no such file` }],
    });
  });

  it('turns a directory into a file-unreadable diagnostic', async () => {
    const result = await loadSpecFile(dir);
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toEqual([
      { file: dir, line: 1, column: 1, severity: 'error', code: 'file-unreadable', message: `cannot read ${dir}: it is a directory, not a spec file` },
    ]);
  });
});
