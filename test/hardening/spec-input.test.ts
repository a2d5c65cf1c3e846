// Hostile and malformed spec files: each ends in located diagnostics (exit 2 from the CLI), fast, never a throw,
// a hang or a polluted prototype. Issue #6, "Spec and snapshot input".
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadSpecFile,
  MAX_SPEC_BYTES,
  MAX_SPEC_COLLECTION_ITEMS,
  MAX_SPEC_DEPTH,
  MAX_SPEC_DIAGNOSTICS,
  MAX_YAML_ALIAS_EXPANSION,
  MAX_YAML_ALIASES,
} from '../../src/spec/load.js';
import { loadSpecText } from '../../src/spec/load-yaml.js';
import { validateAgainstSchema } from '../../src/spec/schema-validate.js';
import type { SpecLoadResult } from '../../src/spec/types.js';
import { NOW } from '../spec/helpers.js';
import { ROOT, synaml } from '../cli/run.js';

const DEMO = readFileSync(join(ROOT, 'fixtures/demo/spec.yaml'), 'utf8');

function codes(result: SpecLoadResult): string[] {
  return result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`);
}

// The guards below are proven by where they fire (the first alias, node or byte past the limit), not by a stopwatch:
// a timed assertion fails on a loaded machine and proves nothing on a fast one. Without its guard, the billion-laughs
// document never finishes loading, so the run fails on its time limit instead.

/** The classic billion-laughs document: 10 levels of 9 aliases each, 9^9 strings once expanded. */
function billionLaughs(): string {
  const lines = ['version: 1', 'x-lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i < 10; i++) lines.push(`x-lol${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
  lines.push('integrations: *l9');
  return `${lines.join('\n')}\n`;
}

describe('limits', () => {
  it('exports the limits it enforces', () => {
    expect({ MAX_SPEC_BYTES, MAX_SPEC_DEPTH, MAX_SPEC_COLLECTION_ITEMS, MAX_YAML_ALIAS_EXPANSION, MAX_YAML_ALIASES, MAX_SPEC_DIAGNOSTICS }).toEqual({
      MAX_SPEC_BYTES: expect.any(Number),
      MAX_SPEC_DEPTH: 64,
      MAX_SPEC_COLLECTION_ITEMS: expect.any(Number),
      MAX_YAML_ALIAS_EXPANSION: 1_000_000,
      MAX_YAML_ALIASES: 10_000,
      MAX_SPEC_DIAGNOSTICS: 1000,
    });
    expect(MAX_SPEC_BYTES).toBeGreaterThanOrEqual(1024 * 1024);
  });

  it('rejects a billion-laughs alias bomb at its first alias', () => {
    const value = loadSpecText(billionLaughs(), 'lol.yaml');
    expect(value.ok).toBe(false);
    expect(value.diagnostics).toEqual([
      expect.objectContaining({ line: 3, column: 14, severity: 'error', code: 'yaml-alias-limit', message: expect.stringMatching(/billion laughs/) }),
    ]);
  });

  it('refuses a flat anchor aliased until the expansion passes the limit, at the first alias', () => {
    const items = MAX_SPEC_COLLECTION_ITEMS;
    // Each use adds the list and its items.
    const uses = Math.floor(MAX_YAML_ALIAS_EXPANSION / (items + 1)) + 1;
    const text = `version: 1\nx-big: &big [${Array(items).fill('1').join(', ')}]\nx-uses:\n${'  - *big\n'.repeat(uses)}integrations: []\n`;
    const value = loadSpecText(text, 'big.yaml');
    expect(value.diagnostics).toEqual([expect.objectContaining({ line: 4, column: 5, code: 'yaml-alias-limit', message: expect.stringMatching(/1,000,000 values/) })]);
    // One use fewer stays within the limit: the spec is read, and only the schema has something to say.
    const within = text.replace('  - *big\n', '');
    expect(codes(loadSpecText(within, 'big.yaml'))).not.toContain('4:5 yaml-alias-limit');
  });

  it('accepts one x- anchor merged 500 times (yaml\'s own guard counted uses and refused more than 100)', () => {
    const text = DEMO.replace('version: 1', `version: 1\nx-pool: &pool { sparkVersion: "3.5", mlflowTracking: linkedService }\nx-pools:\n${'  - { <<: *pool, name: p }\n'.repeat(500)}`);
    const result = loadSpecText(text, 'demo.yaml', { now: NOW });
    expect(result.diagnostics).toEqual([]);
    const spec = result.ok ? (result.loaded.spec as unknown as Record<string, unknown>) : {};
    expect(spec['x-pools']).toHaveLength(500);
    expect((spec['x-pools'] as unknown[])[499]).toEqual({ sparkVersion: '3.5', mlflowTracking: 'linkedService', name: 'p' });
  });

  it('refuses more aliases than the limit at the first alias (yaml resolves them in quadratic time)', () => {
    const lists = [0, 1].map((k) => `x-u${k}:\n${'  - *a\n'.repeat(MAX_YAML_ALIASES / 2)}`);
    const text = `version: 1\nx-a: &a 1\n${lists.join('')}x-one-more: *a\nintegrations: []\n`;
    const value = loadSpecText(text, 'many.yaml');
    expect(value.diagnostics).toEqual([expect.objectContaining({ line: 4, column: 5, code: 'yaml-alias-limit', message: expect.stringMatching(/10,001 YAML aliases/) })]);
    expect(codes(loadSpecText(text.replace('x-one-more: *a\n', ''), 'many.yaml'))).toEqual(['10005:15 schema-empty']);
  });

  it('counts an alias inside its own anchor (a cycle yaml builds) without going round it', () => {
    const value = loadSpecText('version: 1\nx-loop: &loop [1, { a: *loop }]\nintegrations: []\n', 'loop.yaml');
    expect(codes(value)).toEqual(['3:15 schema-empty']);
  });

  it('still accepts a few aliases and merge keys', () => {
    const text = DEMO.replace('version: 1', 'version: 1\nx-pool: &pool { sparkVersion: "3.5", mlflowTracking: linkedService }').replace(
      '          sparkVersion: "3.5"\n          mlflowTracking: linkedService',
      '          <<: *pool',
    );
    expect(text).toContain('<<: *pool');
    expect(loadSpecText(text, 'demo.yaml', { now: NOW }).ok).toBe(true);
  });

  it('rejects deep flow nesting before parsing it', () => {
    const text = `version: 1\nintegrations: ${'['.repeat(400_000)}${']'.repeat(400_000)}\n`;
    const value = loadSpecText(text, 'deep.yaml');
    expect(codes(value)).toEqual([`2:${15 + MAX_SPEC_DEPTH} yaml-too-deep`]);
  });

  it('rejects deep block nesting at the first node past the limit', () => {
    const text = `version: 1\n${Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}x${i}:`).join('\n')} 1\n`;
    const result = loadSpecText(text, 'deep.yaml');
    // Line 1 holds the top-level mapping (depth 1); the mapping that starts on line n, column n - 1, is at depth n - 1.
    expect(codes(result)).toEqual([`${MAX_SPEC_DEPTH + 2}:${MAX_SPEC_DEPTH + 1} yaml-too-deep`]);
  });

  it('rejects a list or mapping with more entries than the limit, at the collection', () => {
    const list = `version: 1\nintegrations:\n${Array.from({ length: MAX_SPEC_COLLECTION_ITEMS + 1 }, () => '  - 1').join('\n')}\n`;
    expect(codes(loadSpecText(list, 'long.yaml'))).toEqual(['3:3 yaml-too-many-items']);
    const map = `version: 1\nx-big: {${Array.from({ length: MAX_SPEC_COLLECTION_ITEMS + 1 }, (_, i) => `k${i}: 1`).join(', ')}}\n`;
    expect(codes(loadSpecText(map, 'wide.yaml'))).toEqual(['2:8 yaml-too-many-items']);
  });

  it('refuses text over the size limit without parsing it', () => {
    const value = loadSpecText(`version: 1\nx-pad: "${'x'.repeat(MAX_SPEC_BYTES)}"\n`, 'big.yaml');
    expect(value.diagnostics).toEqual([expect.objectContaining({ line: 1, column: 1, code: 'file-too-large' })]);
  });

  it('stops wording problems at the report limit and says so', () => {
    const text = `version: 1\nintegrations:\n${Array.from({ length: 400 }, (_, i) => `  - { name: n${i}, a: 1, b: 2, c: 3 }`).join('\n')}\n`;
    const result = loadSpecText(text, 'many.yaml');
    expect(result.diagnostics).toHaveLength(MAX_SPEC_DIAGNOSTICS + 1);
    expect(result.diagnostics.at(-1)).toMatchObject({ code: 'too-many-problems', severity: 'error' });
  });

  it('validates thousands of broken integrations in linear time (no quadratic error gathering)', () => {
    const generated = readFileSync(join(ROOT, 'src/generated/spec-validator.js'), 'utf8');
    expect(generated).not.toMatch(/vErrors\.concat\(/);
    const data = { version: 1, integrations: Array.from({ length: 10_000 }, (_, i) => ({ name: `N${i}`, a: 1, b: 2, c: 3, d: 4, e: 5 })) };
    const value = validateAgainstSchema(data);
    expect(value.length).toBeGreaterThan(60_000);
  });
});

describe('YAML that is legal but not a spec', () => {
  it('reports duplicate keys at the second one, also when YAML would see two different keys ("1" and 1)', () => {
    const result = loadSpecText('version: 1\nx-a: 1\nx-a: 2\nx-n:\n  1: a\n  "1": b\nintegrations: []\n', 'dup.yaml');
    expect(codes(result)).toEqual(['3:1 yaml-duplicate-key', '6:3 yaml-duplicate-key', '7:15 schema-empty']);
    expect(result.diagnostics[0]!.message).toBe('duplicate key "x-a" (first at line 2): a key may appear only once in a mapping — remove or merge one of them');
  });

  it('reports __proto__, constructor and prototype as unknown properties and never pollutes Object.prototype', () => {
    const text = DEMO.replace('version: 1', 'version: 1\n__proto__: { polluted: yes }\nconstructor: { prototype: { polluted: yes } }\nprototype: 1')
      .replace('    synapse:\n', '    synapse:\n      __proto__: { isAdmin: true }\n')
      .replace('x-unused: 1', '');
    const result = loadSpecText(text, 'proto.yaml', { now: NOW });
    expect(result.ok).toBe(false);
    const unknown = result.diagnostics.filter((d) => d.code === 'schema-unknown-property').map((d) => d.message.replace(/;.*$/, ''));
    expect(unknown).toEqual([
      'unknown property "__proto__" in the top level of the spec',
      'unknown property "constructor" in the top level of the spec',
      'unknown property "prototype" in the top level of the spec',
      'unknown property "__proto__" in integrations[0].synapse',
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('does not pollute through a merge key either', () => {
    const result = loadSpecText('version: 1\nx-a: &a { __proto__: { polluted: 1 } }\nx-b:\n  <<: *a\nintegrations: []\n', 'merge.yaml');
    expect(result.ok).toBe(false);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('reports a second document at its "---"', () => {
    expect(codes(loadSpecText('version: 1\nintegrations: []\n---\nversion: 1\n', 'multi.yaml'))).toEqual(['3:1 yaml-syntax']);
    expect(codes(loadSpecText('version: 1\n...\n--- \nfoo: 1\n', 'multi.yaml'))).toEqual(['3:1 yaml-syntax']);
  });

  it('reports tab indentation', () => {
    expect(codes(loadSpecText('version: 1\nintegrations:\n\t- name: x\n', 'tab.yaml'))).toEqual(['3:1 yaml-tab-indent']);
  });

  it('reports a control character (ESC, NUL, DEL, a C1 control, a lone surrogate) at its position', () => {
    for (const [text, at] of [
      ['version: 1\nintegrations:\n  - name: "\u001b[31mred"\n', '3:12'],
      ['version: 1\u0000\n', '1:11'],
      ['version: 1\nx-a: b\u007f\n', '2:7'],
      ['version: 1\nx-a: \u0090\n', '2:6'],
      ['version: 1\nx-a: "\ud800"\n', '2:7'],
    ] as const) {
      expect(codes(loadSpecText(text, 'ctl.yaml'))).toEqual([`${at} yaml-control-character`]);
    }
    // Tabs inside values, CR LF line ends and NEL are allowed; so is a character outside the BMP.
    expect(loadSpecText('version: 1\r\nx-a: "a\tb \u0085 \ud83d\ude00"\r\nintegrations: []\r\n', 'ok.yaml').diagnostics.map((d) => d.code)).toEqual(['schema-empty']);
  });

  it('keeps positions right with a byte-order mark and with CR LF line ends', () => {
    const lf = 'version: 1\nintegrations:\n  - name: Bad_Name\n    synapse: 3\n';
    const expected = codes(loadSpecText(lf, 'lf.yaml'));
    expect(expected).toEqual(['3:5 schema-required', '3:11 schema-pattern', '4:14 schema-type']);
    expect(codes(loadSpecText(lf.replace(/\n/g, '\r\n'), 'crlf.yaml'))).toEqual(expected);
    expect(codes(loadSpecText(`\uFEFF${lf.replace(/\n/g, '\r\n')}`, 'bom.yaml'))).toEqual(expected);
  });

  it('reports an empty file, a blank file and a comment-only file at 1:1', () => {
    for (const text of ['', '\n\n', '   ', '# nothing\n', '\uFEFF']) {
      expect(codes(loadSpecText(text, 'empty.yaml'))).toEqual(['1:1 schema-type']);
    }
  });

  it('rejects numbers where strings belong instead of quietly converting them (3.40 would become "3.4")', () => {
    for (const [written, line] of [['3.4', 15], ['3.40', 15], ['3', 15], ['.5', 15]] as const) {
      const result = loadSpecText(DEMO.replace('sparkVersion: "3.5"', `sparkVersion: ${written}`), 'demo.yaml', { now: NOW });
      expect(result.ok).toBe(false);
      expect(result.diagnostics).toEqual([
        expect.objectContaining({
          line,
          code: 'schema-type',
          message: `integrations[0].synapse.sparkPools[0].sparkVersion must be a string such as "${written}"; YAML read ${written} as a number — put it in quotes`,
        }),
      ]);
    }
    const clientId = loadSpecText(DEMO.replace(/clientId: [0-9a-f-]+/, 'clientId: 12345'), 'demo.yaml', { now: NOW });
    expect(clientId.diagnostics.map((d) => d.message)).toEqual([
      'integrations[1].linkedService.servicePrincipal.clientId must be a string such as "12345"; YAML read 12345 as a number — put it in quotes',
    ]);
    const version = loadSpecText(DEMO.replace('version: 1', 'version: "1"'), 'demo.yaml', { now: NOW });
    expect(version.diagnostics.map((d) => d.message)).toEqual(['version must be 1 (got "1"); write it without quotes']);
  });

  it('accepts ARM IDs in any case and with a trailing slash', () => {
    const odd = DEMO.replace(
      '/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg-analytics/providers/Microsoft.Synapse/workspaces/syn-prod',
      '/SUBSCRIPTIONS/11111111-2222-4333-8444-555555555555/RESOURCEGROUPS/RG-Analytics/PROVIDERS/microsoft.synapse/Workspaces/Syn-Prod/',
    );
    expect(odd).not.toBe(DEMO);
    expect(loadSpecText(odd, 'odd.yaml', { now: NOW }).ok).toBe(true);
  });
});

describe('spec files', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synaml-hostile-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a file over the size limit from its size, without reading it', async () => {
    const file = join(dir, 'huge.yaml');
    // A sparse file: the size is there, the bytes are not, so reading it would take a while.
    const handle = await open(file, 'w');
    await handle.truncate(MAX_SPEC_BYTES + 1);
    await handle.close();
    const started = performance.now();
    const result = await loadSpecFile(file);
    expect(performance.now() - started).toBeLessThan(200);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ file, line: 1, column: 1, code: 'file-too-large', message: expect.stringMatching(/the limit is/) }),
    ]);
  });

  it.runIf(existsSync('/dev/zero'))('reads an endless device only up to the limit', async () => {
    const result = await loadSpecFile('/dev/zero');
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'file-too-large', message: expect.stringMatching(/larger than the limit/) })]);
  });

  it('locates the first byte that is not UTF-8 (Latin-1, overlong forms, encoded surrogates) instead of replacing it', async () => {
    for (const [bytes, at, byte] of [
      [Buffer.from('version: 1\nintegrations:\n  - name: caf\xe9\n', 'latin1'), '3:14', '0xE9'],
      [Buffer.concat([Buffer.from('version: 1\nx-a: "'), Buffer.from([0xc0, 0xaf]), Buffer.from('"\n')]), '2:7', '0xC0'],
      [Buffer.concat([Buffer.from('x-é: '), Buffer.from([0xed, 0xa0, 0x80])]), '1:6', '0xED'],
      [Buffer.concat([Buffer.from('version: 1\n'), Buffer.from([0xe2, 0x82])]), '2:1', '0xE2'],
    ] as const) {
      const file = join(dir, 'bad-utf8.yaml');
      await writeFile(file, bytes);
      const result = await loadSpecFile(file);
      expect(codes(result)).toEqual([`${at} file-encoding`]);
      expect(result.diagnostics[0]!.message).toContain(`byte ${byte}`);
    }
  });

  it('says so when the file is UTF-16', async () => {
    const file = join(dir, 'utf16.yaml');
    await writeFile(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('version: 1\n', 'utf16le')]));
    expect((await loadSpecFile(file)).diagnostics[0]).toMatchObject({ line: 1, column: 1, code: 'file-encoding', message: expect.stringMatching(/UTF-16/) });
  });

  it('accepts a UTF-8 byte-order mark with CR LF line ends', async () => {
    const file = join(dir, 'bom.yaml');
    await writeFile(file, `\uFEFF${DEMO.replace(/\n/g, '\r\n')}`);
    const result = await loadSpecFile(file, { now: NOW });
    expect(result.ok).toBe(true);
    const loaded = result.ok ? result.loaded : undefined;
    expect(loaded?.locate(['integrations', 1, 'name'])).toEqual({ file, line: 38, column: 5 });
  });

  it('exits 2 from the CLI, with file:line:column, for each hostile spec, and never prints a stack trace', async () => {
    const cases: Array<[string, string | Buffer, RegExp]> = [
      ['lol.yaml', billionLaughs(), /lol\.yaml:3:14: error: .*\[yaml-alias-limit\]/],
      ['deep.yaml', `version: 1\nx: ${'['.repeat(100_000)}`, /deep\.yaml:2:\d+: error: .*\[yaml-too-deep\]/],
      ['proto.yaml', '__proto__: 1\nversion: 1\nintegrations: []\n', /proto\.yaml:1:1: error: unknown property "__proto__"/],
      ['multi.yaml', 'version: 1\n---\nversion: 1\n', /multi\.yaml:2:1: error: .*more than one YAML document/],
      ['latin1.yaml', Buffer.from('version: 1\nx-a: \xff\n', 'latin1'), /latin1\.yaml:2:6: error: .*not valid UTF-8.*\[file-encoding\]/],
      ['empty.yaml', '', /empty\.yaml:1:1: error: the spec is empty/],
      ['number.yaml', DEMO.replace('sparkVersion: "3.5"', 'sparkVersion: 3.40'), /number\.yaml:15:25: error: .*"3\.40"; YAML read 3\.40 as a number/],
    ];
    for (const [name, content] of cases) await writeFile(join(dir, name), content);
    for (const [name, , expected] of cases) {
      for (const command of [['validate'], ['audit', '--snapshot', 'fixtures/demo/snapshot.json']]) {
        const [verb, ...rest] = command;
        const run = synaml([verb!, join(dir, name), ...rest, '--format', 'json']);
        expect(run.code, `${name}: ${run.stderr}`).toBe(2);
        expect(run.stderr).toMatch(expected);
        expect(run.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
        expect(run.stdout).toBe('');
      }
    }
    for (const path of [dir, join(dir, 'missing.yaml')]) {
      const run = synaml(['validate', path]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/:1:1: error: cannot read .*(directory|no such file)/);
    }
  });
});

describe('SECURITY.md', () => {
  it('states the limits the loaders enforce, with their current values', async () => {
    const { MAX_SNAPSHOT_BYTES } = await import('../../src/estate/load-snapshot.js');
    const doc = readFileSync(join(ROOT, 'SECURITY.md'), 'utf8');
    const mib = (bytes: number) => `${bytes / (1024 * 1024)} MiB`;
    for (const [name, shown] of [
      ['MAX_SPEC_BYTES', mib(MAX_SPEC_BYTES)],
      ['MAX_SPEC_DEPTH', String(MAX_SPEC_DEPTH)],
      ['MAX_SPEC_COLLECTION_ITEMS', MAX_SPEC_COLLECTION_ITEMS.toLocaleString('en-US')],
      ['MAX_YAML_ALIAS_EXPANSION', MAX_YAML_ALIAS_EXPANSION.toLocaleString('en-US')],
      ['MAX_YAML_ALIASES', MAX_YAML_ALIASES.toLocaleString('en-US')],
      ['MAX_SPEC_DIAGNOSTICS', MAX_SPEC_DIAGNOSTICS.toLocaleString('en-US')],
      ['MAX_SNAPSHOT_BYTES', mib(MAX_SNAPSHOT_BYTES)],
    ] as const) {
      expect(doc, name).toContain(`\`${name}\` (${shown})`);
    }
    for (const heading of ['## What synaml reads', '## The permissions it needs', '## What synaml never does', '## Untrusted input', '## Reporting a vulnerability']) {
      expect(doc).toContain(heading);
    }
  });
});
