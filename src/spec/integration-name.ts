// Integration names made from Azure resource names: lower-case kebab-case (the spec's pattern) and unique.

/** `Syn_Prod.West` -> `syn-prod-west`; empty results become `integration`. */
export function kebabName(text: string): string {
  const kebab = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return kebab === '' ? 'integration' : kebab;
}

/** A kebab name not yet in `taken` (adds `-2`, `-3`, ...), recorded in `taken`. */
export function uniqueName(base: string, taken: Set<string>): string {
  const root = kebabName(base);
  let name = root;
  for (let i = 2; taken.has(name); i++) name = `${root}-${i}`;
  taken.add(name);
  return name;
}
