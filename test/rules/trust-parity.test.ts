// The trust parity test: in an audit, a rule about the estate never passes on what the spec declares while the live
// data it is about could not be read. Every rule in the registry is driven over the demo estate with each of its data
// sources failing in turn, and with all of them failing at once: a `pass` is allowed only from a rule that judges the
// spec itself (meta.judges === 'spec'), and only the very pass `validate` gives from the spec alone.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import * as evaluateModule from '../../src/engine/evaluate.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import * as access from '../../src/engine/access.js';
import * as attachedPools from '../../src/engine/attached-pools.js';
import * as linkedServices from '../../src/engine/linked-services.js';
import * as outcomes from '../../src/engine/outcomes.js';
import * as privateEndpoints from '../../src/engine/private-endpoints.js';
import * as sparkRuntimes from '../../src/engine/spark-runtimes.js';
import * as storage from '../../src/engine/storage.js';
import type { ResultEntry, Rule } from '../../src/engine/types.js';
import { normaliseSnapshot } from '../../src/estate/normalise.js';
import type { DataSource, Snapshot } from '../../src/estate/snapshot.js';
import { loadSpecText } from '../../src/spec/load-yaml.js';

const SPEC_FILE = new URL('../../fixtures/demo/spec.yaml', import.meta.url);
const SNAPSHOT_FILE = new URL('../../fixtures/demo/snapshot.json', import.meta.url);
const NOW = new Date('2026-06-01T00:00:00Z');

const specText = readFileSync(SPEC_FILE, 'utf8');
const loadedSpec = () => {
  const result = loadSpecText(specText, 'spec.yaml', { knownRuleIds: rules.map((r) => r.meta.id), now: NOW });
  if (!result.ok) throw new Error('the demo spec does not load');
  // Waivers would hide outcomes: this test is about what the rules say.
  return { ...result.loaded, spec: { ...result.loaded.spec, waivers: [] } };
};

/**
 * The demo estate with some sources changed everywhere: `refused` ones fail (HTTP 403 at the root scope) and their
 * payloads are gone; `empty` ones were read and hold nothing.
 */
function estateWith(refused: readonly DataSource[], empty: readonly DataSource[] = []) {
  const snapshot = JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')) as Snapshot;
  for (const source of [...refused, ...empty]) {
    const [area, field] = source.split('.') as [string, string];
    const value = refused.includes(source) ? undefined : [];
    if (area === 'resourceGraph') (snapshot.resourceGraph as Record<string, unknown>)[field] = [];
    else for (const scope of Object.values(area === 'arm' ? snapshot.arm : snapshot.synapse)) (scope as Record<string, unknown>)[field] = value;
  }
  snapshot.errors = refused.map((source) => ({ source, scope: '/', status: 403, code: 'AuthorizationFailed', message: `${source} refused (test)` }));
  return normaliseSnapshot(snapshot);
}

const key = (e: ResultEntry) => `${e.integration}|${e.messageId}|${e.resourceId ?? ''}|${e.message}`;

/** The passes a rule may give from the spec alone: its `validate` passes, when it judges the spec itself. */
function specPasses(rule: Rule): Set<string> {
  if (rule.meta.judges !== 'spec') return new Set();
  const entries = evaluateRules({ loaded: loadedSpec(), rules: [rule], now: NOW, mode: 'validate' });
  return new Set(entries.filter((e) => e.outcome === 'pass').map(key));
}

const SOURCES: DataSource[] = [
  'resourceGraph.resources',
  'resourceGraph.authorizationresources',
  'resourceGraph.resourcecontainers',
  'resourceGraph.policyresources',
  'resourceGraph.resourcechanges',
  'arm.integrationRuntimes',
  'arm.linkedServices',
  'arm.computes',
  'synapse.linkedServices',
  'synapse.managedPrivateEndpoints',
  'synapse.roleAssignments',
];

describe('trust parity: no pass from the spec while the live data is unreadable', () => {
  it('gives every rule a judges field: spec or estate', () => {
    for (const { meta } of rules) expect(['spec', 'estate'], meta.id).toContain(meta.judges);
  });

  it('the demo estate, fully readable, lets rules pass (so the checks below can fail)', () => {
    const entries = evaluateRules({ loaded: loadedSpec(), rules, estate: estateWith([]), now: NOW, mode: 'audit' });
    const passing = new Set(entries.filter((e) => e.outcome === 'pass').map((e) => e.ruleId));
    expect(passing.size).toBeGreaterThan(rules.length / 2);
  });

  const audit = (rule: Rule, refused: readonly DataSource[], empty: readonly DataSource[] = []) =>
    evaluateRules({ loaded: loadedSpec(), rules: [rule], estate: estateWith(refused, empty), now: NOW, mode: 'audit' });
  const passes = (entries: readonly ResultEntry[]) => entries.filter((e) => e.outcome === 'pass');
  const describePass = (e: ResultEntry) => `${e.integration}: ${e.message}`;

  for (const rule of rules) {
    describe(rule.meta.id, () => {
      const allowed = specPasses(rule);

      it('passes only what it may say from the spec alone when no source can be read', () => {
        const entries = audit(rule, SOURCES);
        const fromSpec = passes(entries).filter((e) => !allowed.has(key(e)));
        expect(fromSpec.map(describePass), `${rule.meta.id} passes with nothing readable`).toEqual([]);
        // What cannot be read is said to be unknown, not silently left out (unless the spec asks nothing of the rule,
        // e.g. SA102 with no access.required entry of its own: then it is not applicable).
        const judged = entries.filter((e) => e.outcome !== 'not-applicable');
        if (rule.checkEstate && judged.length > 0) expect(judged.some((e) => e.outcome === 'unknown'), `${rule.meta.id} reports no unknown`).toBe(true);
      });

      // One source at a time: a pass given while a source is refused must not rest on that source's data, so it is
      // also given when the source was read and returned nothing (an unreadable source must not stand in for the spec).
      for (const source of rule.meta.dataSources.filter((s): s is DataSource => s !== 'spec')) {
        it(`passes nothing that rests on ${source} when ${source} cannot be read`, () => {
          const refused = passes(audit(rule, [source]));
          const readEmpty = new Set(passes(audit(rule, [], [source])).map(key));
          const readFull = new Set(passes(audit(rule, [])).map(key));
          const standIns = refused.filter((e) => !allowed.has(key(e)) && !(readEmpty.has(key(e)) && readFull.has(key(e))));
          expect(standIns.map(describePass), `${rule.meta.id} passes with ${source} unreadable`).toEqual([]);
        });
      }
    });
  }
});

describe('user-facing rule text', () => {
  // `explain`, SARIF's rule help and every message come from the rule metadata: they talk about the spec and Azure,
  // never about synaml's internals (issue 20).
  const internal = new Set(['checkSpec', 'checkEstate']);
  for (const module of [evaluateModule, outcomes, linkedServices, access, attachedPools, privateEndpoints, storage, sparkRuntimes]) {
    for (const [name, value] of Object.entries(module)) if (typeof value === 'function' && /^[a-z]+[A-Z]/.test(name)) internal.add(name);
  }

  it('knows the internal names it looks for', () => {
    expect([...internal]).toEqual(expect.arrayContaining(['checkSpec', 'evaluateRules', 'readAmlLinkedServices', 'declaredPoolTargets']));
  });

  for (const { meta } of rules) {
    it(`${meta.id} names no internal function`, () => {
      const texts = [meta.title, meta.rationale, meta.remediation, ...Object.values(meta.messages)];
      const named = [...internal].filter((name) => texts.some((t) => new RegExp(`\\b${name}\\b`).test(t)));
      expect(named).toEqual([]);
    });
  }
});
