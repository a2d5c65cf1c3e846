// Finding a rule by what a person types: its ID (`SA001`) or its kebab name, in any case.
import type { Rule } from './types.js';

export function findRule(rules: readonly Rule[], idOrName: string): Rule | undefined {
  const wanted = idOrName.trim().toLowerCase();
  return rules.find((r) => r.meta.id.toLowerCase() === wanted || r.meta.name.toLowerCase() === wanted);
}

/** Levenshtein distance: small and exact, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Up to `limit` rules closest to what was typed (by ID or name; a name containing it counts as close). */
export function suggestRules(rules: readonly Rule[], typed: string, limit = 3): Rule[] {
  const wanted = typed.trim().toLowerCase();
  const score = (rule: Rule): number => {
    const id = rule.meta.id.toLowerCase();
    const name = rule.meta.name.toLowerCase();
    const contains = wanted.length >= 3 && (name.includes(wanted) || id.includes(wanted)) ? -1 : 0;
    return Math.min(editDistance(wanted, id), editDistance(wanted, name)) + contains * 100;
  };
  return rules
    .map((rule, index) => ({ rule, index, score: score(rule) }))
    .sort((a, b) => a.score - b.score || a.index - b.index)
    .slice(0, limit)
    .map((x) => x.rule);
}
