// A large tenant's spec that shares its settings through YAML anchors: one `&pools` list and one `&deps` list, aliased
// by every integration. yaml's own alias guard counted uses and refused the 101st; the loader now bounds the values
// aliases add instead (MAX_YAML_ALIAS_EXPANSION), and locates through aliases without walking the document per alias.
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateRules } from '../../src/engine/evaluate.js';
import type { ResultEntry } from '../../src/engine/types.js';
import { normaliseSnapshot } from '../../src/estate/normalise.js';
import { loadRules } from '../../src/index.js';
import { loadSpecText } from '../../src/spec/load-yaml.js';
import type { SpecLoadResult } from '../../src/spec/types.js';
import { generateEstate, type GeneratedEstate } from './generate.js';

const NOW = new Date('2026-11-23T00:00:00Z');
const POOLS = `      sparkPools:
        - { name: pool1, sparkVersion: "3.5", mlflowTracking: linkedService }
        - { name: pool2, sparkVersion: "3.5", mlflowTracking: none }
        - { name: pool3, sparkVersion: "3.5", mlflowTracking: none }
    machineLearning:
`;
const DEPS = 'dependencyPrivateEndpoints: [blob, file, dfs, vault, registry]';

/** The spec with the first integration's pools and dependency kinds anchored, and every later copy an alias. */
function withAliases(spec: string): { text: string; aliases: number; sharing: string[] } {
  const first = (text: string, block: string, anchored: string, alias: string) => {
    const at = text.indexOf(block);
    const rest = text.slice(at + block.length).split(block);
    return { text: text.slice(0, at) + anchored + rest.join(alias), uses: rest.length - 1 };
  };
  const pools = first(spec, POOLS, POOLS.replace('sparkPools:', 'sparkPools: &pools'), '      sparkPools: *pools\n    machineLearning:\n');
  const deps = first(pools.text, DEPS, DEPS.replace(': [', ': &deps ['), 'dependencyPrivateEndpoints: *deps');
  // The integrations whose pools are the alias (a planted violation changes some integrations' pools).
  const sharing = deps.text
    .split('\n  - name: ')
    .filter((chunk) => chunk.includes('sparkPools: *pools'))
    .map((chunk) => chunk.slice(0, chunk.indexOf('\n')));
  return { text: deps.text, aliases: pools.uses + deps.uses, sharing };
}

let estate: GeneratedEstate;
let plain: SpecLoadResult;
let aliased: SpecLoadResult;
let aliases: number;
let sharing: string[];
let took: number;

beforeAll(async () => {
  estate = generateEstate({ size: 'medium' });
  const knownRuleIds = (await loadRules()).map((r) => r.meta.id);
  plain = loadSpecText(estate.specYaml, 'plain.yaml', { now: NOW, knownRuleIds });
  const converted = withAliases(estate.specYaml);
  aliases = converted.aliases;
  sharing = converted.sharing;
  const started = performance.now();
  aliased = loadSpecText(converted.text, 'aliased.yaml', { now: NOW, knownRuleIds });
  took = performance.now() - started;
});

async function audit(result: SpecLoadResult): Promise<ResultEntry[]> {
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics.slice(0, 3)));
  return evaluateRules({ loaded: result.loaded, rules: await loadRules(), estate: normaliseSnapshot(estate.snapshot), now: NOW, mode: 'audit' });
}

describe('a spec sharing settings through anchors', () => {
  it('is read as the same data, with hundreds of aliases', () => {
    expect(aliases).toBeGreaterThan(300);
    expect(aliased.diagnostics).toEqual([]);
    expect(aliased.ok && plain.ok && aliased.loaded.spec).toEqual(plain.ok && plain.loaded.spec);
    // yaml's syntax tree is the slow way to read a spec; a walk of the document per alias would be far slower still.
    expect(took).toBeLessThan(10_000);
  });

  it('audits the same, with findings in shared settings located at the anchor', async () => {
    const [fromPlain, fromAliased] = [await audit(plain), await audit(aliased)];
    const identity = (e: ResultEntry) => [e.ruleId, e.outcome, e.message, e.fingerprint];
    expect(fromAliased.map(identity)).toEqual(fromPlain.map(identity));
    const anchorLine = estate.specYaml.slice(0, estate.specYaml.indexOf(POOLS)).split('\n').length + 1;
    const inPools = fromAliased.filter((e) => e.specPath?.startsWith('synapse.sparkPools[pool1]') && sharing.includes(e.integration));
    expect(new Set(inPools.map((e) => e.integration)).size).toBeGreaterThan(100);
    expect(inPools.length).toBeGreaterThan(0);
    for (const e of inPools) expect(e.location?.line).toBeGreaterThanOrEqual(anchorLine);
    for (const e of inPools) expect(e.location?.line).toBeLessThanOrEqual(anchorLine + 3);
  });
});
