import { describe, expect, it } from 'vitest';
import { editDistance, findRule, suggestRules } from '../../src/engine/rule-lookup.js';
import type { Rule } from '../../src/engine/types.js';
import { meta } from './fakes.js';

const rules: Rule[] = [
  { meta: meta('SA001', { name: 'exfiltration-protection-blocks-aml' }) },
  { meta: meta('SA002', { name: 'self-hosted-runtime-unsupported' }) },
  { meta: meta('SA013', { name: 'spark-runtime-end-of-support' }) },
  { meta: meta('SA100', { name: 'desired-state-drift' }) },
];

describe('findRule', () => {
  it('finds by ID or kebab name, in any case', () => {
    expect(findRule(rules, 'sa001')?.meta.id).toBe('SA001');
    expect(findRule(rules, ' SA013 ')?.meta.id).toBe('SA013');
    expect(findRule(rules, 'Desired-State-Drift')?.meta.id).toBe('SA100');
    expect(findRule(rules, 'SA999')).toBeUndefined();
  });
});

describe('suggestRules', () => {
  it('suggests the closest IDs and names first', () => {
    expect(suggestRules(rules, 'SA01', 2).map((r) => r.meta.id).sort()).toEqual(['SA001', 'SA013']);
    expect(suggestRules(rules, 'SA0001')[0]?.meta.id).toBe('SA001');
    expect(suggestRules(rules, 'SA003').map((r) => r.meta.id)).toContain('SA013');
    expect(suggestRules(rules, 'self-hosted-runtime')[0]?.meta.id).toBe('SA002');
    expect(suggestRules(rules, 'drift')[0]?.meta.id).toBe('SA100');
    expect(suggestRules(rules, 'x', 2)).toHaveLength(2);
  });

  it('computes edit distances', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});
