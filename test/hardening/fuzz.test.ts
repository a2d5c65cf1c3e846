// Property-based fuzzing (fast-check) of everything that reads untrusted input in-process: the spec loader, the
// snapshot parser, the normaliser and the rules over whatever the normaliser makes of a mangled estate. No input may
// make them throw (anything but a typed SynamlError from the snapshot parser), lose a diagnostic's position, produce
// an invalid outcome, or turn a read that failed into a pass. The case counts are printed at the end (CI log).
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { evaluateRules } from '../../src/engine/evaluate.js';
import type { ResultEntry, Rule } from '../../src/engine/types.js';
import { OUTCOMES } from '../../src/engine/types.js';
import { SynamlError } from '../../src/errors.js';
import { exitCodeForResults } from '../../src/exit-codes.js';
import { parseSnapshotText } from '../../src/estate/load-snapshot.js';
import { normaliseSnapshot } from '../../src/estate/normalise.js';
import type { DataSource, Snapshot } from '../../src/estate/snapshot.js';
import { loadRules } from '../../src/index.js';
import { loadSpecText } from '../../src/spec/load-yaml.js';
import type { LoadedSpec, SpecLoadResult } from '../../src/spec/types.js';
import { ROOT } from '../cli/run.js';

const NOW = new Date('2026-11-23T00:00:00Z');
const DEMO_SPEC = readFileSync(join(ROOT, 'fixtures/demo/spec.yaml'), 'utf8');
const DEMO_SNAPSHOT = readFileSync(join(ROOT, 'fixtures/demo/snapshot.json'), 'utf8');

/** numRuns per property: several thousand cases in all, a few seconds on a 2-core CI runner. */
const RUNS = {
  specStrings: 2000,
  specTokens: 2000,
  specFromValues: 500,
  specTextMutations: 300,
  specDataMutations: 300,
  snapshotText: 1000,
  snapshotMutations: 400,
  snapshotErrorInjection: 100,
} as const;
const ran: Record<string, number> = {};

function property<T>(name: keyof typeof RUNS, arbitrary: fc.Arbitrary<T>, check: (value: T) => void): void {
  fc.assert(
    fc.property(arbitrary, (value) => {
      ran[name] = (ran[name] ?? 0) + 1;
      check(value);
    }),
    { numRuns: RUNS[name] },
  );
}

let rules: readonly Rule[] = [];
let knownRuleIds: string[] = [];
let demoLoaded: LoadedSpec;
let baselineSnapshot: Snapshot;
let baseline: ResultEntry[];

beforeAll(async () => {
  rules = await loadRules();
  knownRuleIds = rules.map((r) => r.meta.id);
  const result = loadSpecText(DEMO_SPEC, 'spec.yaml', { knownRuleIds, now: NOW });
  if (!result.ok) throw new Error('the demo spec must load');
  demoLoaded = result.loaded;
  baselineSnapshot = parseSnapshotText(DEMO_SNAPSHOT, 'snapshot.json');
  baseline = audit(demoLoaded, baselineSnapshot);
});

afterAll(() => {
  const total = Object.values(ran).reduce((a, b) => a + b, 0);
  const detail = Object.entries(ran).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`[fuzz] ${total} cases: ${detail}`);
});

// ---- invariants ----------------------------------------------------------------------------------------------

function expectWellFormed(result: SpecLoadResult, text: string): void {
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  expect(result.ok).toBe(errors.length === 0);
  const lines = text.split('\n').length;
  for (const d of result.diagnostics) {
    expect(Number.isInteger(d.line) && d.line >= 1 && d.line <= lines + 1, `line of ${JSON.stringify(d)}`).toBe(true);
    expect(Number.isInteger(d.column) && d.column >= 1, `column of ${JSON.stringify(d)}`).toBe(true);
    expect(d.code).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.message).not.toMatch(/\bundefined\b|\[object Object\]/);
  }
  expect(Object.prototype).not.toHaveProperty('polluted');
}

function audit(loaded: LoadedSpec, snapshot: Snapshot): ResultEntry[] {
  return evaluateRules({ loaded, rules, estate: normaliseSnapshot(snapshot), now: NOW, mode: 'audit', strictMessages: false });
}

function expectValidEntries(entries: readonly ResultEntry[]): void {
  for (const e of entries) {
    expect(OUTCOMES).toContain(e.outcome);
    // A rule that throws is caught (unknown, exit 3), but on data a snapshot can hold it is still a bug.
    expect(e.messageId, e.message).not.toBe('rule-bug');
    expect(typeof e.message).toBe('string');
    if (e.outcome === 'unknown') expect(e.reason?.message).toEqual(expect.any(String));
  }
}

/** Identity of an evaluation across two estates. */
function keyOf(e: ResultEntry): string {
  return [e.ruleId, e.integration, e.resourceId?.toLowerCase() ?? '', e.fingerprint ?? ''].join('|');
}

// ---- arbitraries ---------------------------------------------------------------------------------------------

/** YAML's punctuation and keywords, so random text reaches deep into the parser rather than failing at once. */
const YAML_TOKENS = [
  'version: 1', 'integrations:', '- ', '  ', '    ', ': ', '\n', '\r\n', '\t', '[', ']', '{', '}', ',', '"', "'", '#', '&a ', '*a',
  '&b ', '*b', '<<: ', '---\n', '...\n', '? ', '|', '>-', '!!str ', '!!binary ', '!custom ', '%YAML 1.2\n', '~', 'null', 'true', '3.40',
  '0x1F', '.inf', '2026-11-23', 'name: ', 'synapse: ', 'workspaceId: ', '/subscriptions/x/', '__proto__', 'constructor', 'prototype',
  '\uFEFF', '\u0000', '\u001b', '\u2028', '\ud83d\ude00', 'é', '\\', '\\u0000', 'x-', '$schema: ', 'waivers:', 'SA013', 'secret: ',
];
const yamlishText = fc.array(fc.oneof(fc.constantFrom(...YAML_TOKENS), fc.string({ maxLength: 6 })), { maxLength: 60 }).map((parts) => parts.join(''));

/**
 * Values that stress a reader: wrong types, nulls, huge and odd strings, deep nesting, prototype keys. YAML text
 * nests by indentation, so specs get shallower values than JSON snapshots (the loader's limit is 64 anyway).
 */
function hostile(maxDepth: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    fc.constantFrom(null, true, false, 0, -1, 3.4, 1e308, '', ' ', 'null', '3.40', '/', '//', '/subscriptions/', '@pipeline()', '**********'),
    fc.constantFrom('x'.repeat(100_000), '<img src=x onerror=alert(1)>', '\u001b[2J\u001b]0;pwned\u0007', '{{placeholder}}', '../../../etc/passwd', '\ud800'),
    fc.nat({ max: maxDepth }).map((depth) => {
      let v: unknown = 'bottom';
      for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { k: v };
      return v;
    }),
    fc.constant(JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}') as unknown),
  );
}

type Path = Array<string | number>;

/** A path to an existing node of `root`, chosen by `picks`. */
function pickPath(root: unknown, picks: number[]): Path {
  const path: Path = [];
  let node = root;
  for (const pick of picks) {
    if (Array.isArray(node) && node.length > 0) {
      const i = pick % node.length;
      path.push(i);
      node = node[i];
    } else if (node !== null && typeof node === 'object' && Object.keys(node).length > 0) {
      const keys = Object.keys(node);
      const key = keys[pick % keys.length]!;
      path.push(key);
      node = (node as Record<string, unknown>)[key];
    } else break;
  }
  return path;
}

type Mutation = { kind: 'replace'; value: unknown } | { kind: 'delete' } | { kind: 'duplicate' } | { kind: 'insert'; key: string; value: unknown };

function mutation(maxDepth: number): fc.Arbitrary<Mutation> {
  const value = hostile(maxDepth);
  return fc.oneof(
    { weight: 3, arbitrary: value.map((v) => ({ kind: 'replace' as const, value: v })) },
    fc.constant({ kind: 'delete' as const }),
    fc.constant({ kind: 'duplicate' as const }),
    fc.record({
      kind: fc.constant('insert' as const),
      key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'id', 'type', 'properties', 'value')),
      value,
    }),
  );
}

/** Applies `m` at `path` of a deep copy of `root` (JSON.parse of the original, so `__proto__` keys stay data). */
function mutate(json: string, picks: number[], m: Mutation): unknown {
  const root = JSON.parse(json) as unknown;
  const path = pickPath(root, picks);
  if (path.length === 0) return m.kind === 'replace' ? m.value : root;
  let parent = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  const define = (target: object, key: string | number, value: unknown) =>
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  if (m.kind === 'replace') define(parent, last, m.value);
  else if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (m.kind === 'duplicate') {
    const copy = JSON.parse(JSON.stringify(parent[last] ?? null)) as unknown;
    if (Array.isArray(parent)) parent.push(copy);
    else define(parent, `${String(last)}2`, copy);
  } else {
    const target = parent[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) define(target, m.key, m.value);
    else define(parent, last, m.value);
  }
  return root;
}

/** YAML text for a value; undefined when yaml cannot write it (symbols, undefined, nesting deeper than its stack). */
function toYaml(value: unknown): string | undefined {
  try {
    const text: unknown = stringify(value);
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}

const picks = fc.array(fc.nat(), { minLength: 0, maxLength: 9 });

// ---- the spec loader -------------------------------------------------------------------------------------------

describe('fuzzing the spec loader', () => {
  it(`never throws on arbitrary text (${RUNS.specStrings} strings of any code points)`, () => {
    property('specStrings', fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
      expectWellFormed(loadSpecText(text, 'f.yaml', { knownRuleIds, now: NOW }), text);
    });
  });

  it(`never throws on YAML-shaped text (${RUNS.specTokens} strings of YAML tokens)`, () => {
    property('specTokens', yamlishText, (text) => {
      expectWellFormed(loadSpecText(text, 'f.yaml', { knownRuleIds, now: NOW }), text);
    });
  });

  it(`never throws on YAML made from arbitrary values (${RUNS.specFromValues} documents)`, () => {
    property('specFromValues', fc.oneof(fc.anything({ maxDepth: 4 }), fc.record({ version: hostile(80), integrations: hostile(80), waivers: hostile(80) })), (value) => {
      const text = toYaml(value);
      if (text === undefined) return;
      expectWellFormed(loadSpecText(text, 'f.yaml', { knownRuleIds, now: NOW }), text);
    });
  });

  it(`never throws on the demo spec with lines deleted, duplicated, swapped or spliced (${RUNS.specTextMutations} mutants)`, () => {
    const lines = DEMO_SPEC.split('\n');
    const edit = fc.array(
      fc.tuple(fc.constantFrom('delete', 'duplicate', 'swap', 'indent', 'insert'), fc.nat(lines.length - 1), fc.nat(lines.length - 1), fc.constantFrom(...YAML_TOKENS)),
      { minLength: 1, maxLength: 4 },
    );
    property('specTextMutations', edit, (edits) => {
      const mutant = [...lines];
      for (const [kind, a, b, token] of edits) {
        const i = a % mutant.length;
        const j = b % mutant.length;
        if (kind === 'delete') mutant.splice(i, 1);
        else if (kind === 'duplicate') mutant.splice(i, 0, mutant[i]!);
        else if (kind === 'swap') [mutant[i], mutant[j]] = [mutant[j]!, mutant[i]!];
        else if (kind === 'indent') mutant[i] = ` ${mutant[i]}`;
        else mutant[i] = `${mutant[i]!.slice(0, j % 20)}${token}${mutant[i]!.slice(j % 20)}`;
      }
      const text = mutant.join('\n');
      const result = loadSpecText(text, 'f.yaml', { knownRuleIds, now: NOW });
      expectWellFormed(result, text);
      if (result.ok) expectValidEntries(audit(result.loaded, baselineSnapshot));
    });
  });

  it(`never throws on the demo spec with values replaced, deleted, duplicated or inserted (${RUNS.specDataMutations} mutants), and audits what loads`, () => {
    const data = JSON.stringify(loadSpecText(DEMO_SPEC, 'spec.yaml', { knownRuleIds, now: NOW }).ok ? (demoLoaded.spec as unknown) : null);
    property('specDataMutations', fc.tuple(picks, mutation(80)), ([p, m]) => {
      const text = toYaml(mutate(data, p, m));
      if (text === undefined) return;
      const result = loadSpecText(text, 'f.yaml', { knownRuleIds, now: NOW });
      expectWellFormed(result, text);
      if (result.ok) {
        const entries = audit(result.loaded, baselineSnapshot);
        expectValidEntries(entries);
        expect(audit(result.loaded, baselineSnapshot)).toEqual(entries);
      }
    });
  });
});

// ---- the snapshot parser, the normaliser and the rules -----------------------------------------------------------------

describe('fuzzing snapshots', () => {
  it(`parses arbitrary text into a snapshot or a located InputFileError, nothing else (${RUNS.snapshotText} texts)`, () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc.tuple(fc.nat(DEMO_SNAPSHOT.length), fc.nat(DEMO_SNAPSHOT.length)).map(([a, b]) => DEMO_SNAPSHOT.slice(0, Math.min(a, b)) + DEMO_SNAPSHOT.slice(Math.max(a, b))),
      fc.nat(DEMO_SNAPSHOT.length).map((n) => DEMO_SNAPSHOT.slice(0, n)),
    );
    property('snapshotText', text, (t) => {
      try {
        const snapshot = parseSnapshotText(t, 's.json');
        expectValidEntries(audit(demoLoaded, snapshot));
      } catch (error) {
        expect(error).toBeInstanceOf(SynamlError);
        const e = error as SynamlError & { line?: number; column?: number };
        expect(e.exitCode).toBe(2);
        expect(e.line).toBeGreaterThanOrEqual(1);
        expect(e.column).toBeGreaterThanOrEqual(1);
      }
    });
  });

  it(`normalises and audits the demo estate with arbitrary values anywhere (${RUNS.snapshotMutations} mutants): valid outcomes, deterministic, an unknown never becomes a pass`, () => {
    const unknownMarketing = new Set(baseline.filter((e) => e.integration === 'marketing-ml' && e.outcome === 'unknown').map(keyOf));
    expect(unknownMarketing.size).toBeGreaterThan(0);
    property('snapshotMutations', fc.tuple(picks, mutation(3000)), ([p, m]) => {
      const text = JSON.stringify(mutate(DEMO_SNAPSHOT, p, m));
      let snapshot: Snapshot;
      try {
        snapshot = parseSnapshotText(text, 's.json');
      } catch (error) {
        expect(error).toBeInstanceOf(SynamlError);
        return;
      }
      const entries = audit(demoLoaded, snapshot);
      expectValidEntries(entries);
      expect(audit(demoLoaded, snapshot)).toEqual(entries);
      // While the recorded 403 on marketing-ml's data plane is intact, nothing it hid may pass.
      const touched = JSON.stringify(pickPath(JSON.parse(DEMO_SNAPSHOT), p));
      if (touched.includes('"errors"') || /marketing/.test(touched)) return;
      for (const e of entries) if (unknownMarketing.has(keyOf(e))) expect(e.outcome, `${e.ruleId} ${e.message}`).not.toBe('pass');
    });
  });

  it(`never turns a pass into anything but itself or unknown when a read error is added (${RUNS.snapshotErrorInjection} injections)`, () => {
    const sources: DataSource[] = [
      'resourceGraph.resources',
      'resourceGraph.authorizationresources',
      'arm.integrationRuntimes',
      'arm.linkedServices',
      'synapse.linkedServices',
      'synapse.managedPrivateEndpoints',
      'synapse.roleAssignments',
    ];
    const scopes = demoLoaded.spec.integrations.flatMap((i) => {
      const parts = i.synapse.workspaceId.split('/');
      return [i.synapse.workspaceId, i.machineLearning.workspaceId, parts.slice(0, 3).join('/'), parts.slice(0, 5).join('/')];
    });
    const passed = new Map(baseline.filter((e) => e.outcome === 'pass').map((e) => [keyOf(e), e]));
    property('snapshotErrorInjection', fc.tuple(fc.constantFrom(...sources), fc.constantFrom(...scopes), fc.constantFrom(403, 429, 500, undefined)), ([source, scope, status]) => {
      const snapshot = JSON.parse(DEMO_SNAPSHOT) as Snapshot;
      snapshot.errors.push({ source, scope, ...(status !== undefined && { status }), message: 'injected' });
      const entries = audit(demoLoaded, snapshot);
      expectValidEntries(entries);
      // Losing data may make a pass unknown (or the rule not applicable without its resource), never a fail...
      for (const e of entries) {
        if (!passed.has(keyOf(e))) continue;
        expect(['pass', 'unknown'], `${e.ruleId} ${e.integration}: ${e.message}`).toContain(e.outcome);
      }
      // ...and no evaluation that was not a pass becomes one.
      const before = new Map(baseline.map((e) => [keyOf(e), e.outcome]));
      for (const e of entries) if (e.outcome === 'pass' && before.has(keyOf(e))) expect(before.get(keyOf(e))).toBe('pass');
      if (entries.some((e) => e.outcome === 'unknown' && e.reason?.message === 'injected')) expect(exitCodeForResults(entries, 'error')).toBe(3);
    });
  });
});
