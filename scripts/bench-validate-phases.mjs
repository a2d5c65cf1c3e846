// Where `synaml validate` and the validate floor (scripts/validate-floor.mjs) spend their CPU time, phase by phase, so
// the ratio scripts/bench.mjs measures can be explained. Each sample is a fresh process (cold, as the CLI runs), timed
// with its own process.cpuUsage(); the figures are medians. The `parse` side splits the load phase into its parts, run
// one after the other as loadSpecFile runs them: the YAML with positions, the schema, the semantic checks. Uses the
// compiled library (dist/src), not the bundle, so module loading is not comparable with the CLI's and is left out.
// Run after `npm run build`:
//   node scripts/bench-validate-phases.mjs [spec.yaml]        (BENCH_RUNS=n, default 5)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './bench-kit.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// One child's phases. `side` is floor or validate; prints {phase: cpu ms} as JSON.
const CHILD = String.raw`
const side = process.argv[1], file = process.argv[2];
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const out = {};
const { readFileSync } = await import('node:fs');
if (side === 'floor') {
  const [{ default: Ajv }, { default: addFormats }, { load }] = await Promise.all([import('ajv'), import('ajv-formats'), import('js-yaml')]);
  let t = cpu();
  const text = readFileSync(file, 'utf8'); out.read = cpu() - t; t = cpu();
  const data = load(text); out['js-yaml load'] = cpu() - t; t = cpu();
  const ajv = new Ajv({ allErrors: true, strict: false }); addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync('schema/spec-v1.schema.json', 'utf8'))); out['ajv compile'] = cpu() - t; t = cpu();
  validate(data); out['ajv validate'] = cpu() - t;
} else {
  const { readPlainSpec, loadSpecFile } = await import('./dist/src/spec/load.js');
  const { loadRules } = await import('./dist/src/index.js');
  const { evaluateRules } = await import('./dist/src/engine/evaluate.js');
  const { buildAuditResult } = await import('./dist/src/engine/result.js');
  const { json } = await import('./dist/src/reporters/json.js');
  const now = new Date('2026-11-23T00:00:00Z');
  const rules = await loadRules();
  let t = cpu();
  if (process.argv[3] === 'parse') {
    // The load phase's parts, each as loadSpecFile runs it (a spec with no problem: nothing to word or locate).
    const { validateAgainstSchema } = await import('./dist/src/spec/schema-validate.js');
    const { checkSemantics, findInlineSecrets } = await import('./dist/src/spec/semantic.js');
    const text = readFileSync(file, 'utf8'); out.read = cpu() - t; t = cpu();
    const read = readPlainSpec(text, file); out['plain YAML: data and positions'] = cpu() - t; t = cpu();
    const data = read?.data?.value;
    validateAgainstSchema(data); out['schema (precompiled validator)'] = cpu() - t; t = cpu();
    findInlineSecrets(data);
    checkSemantics(data, { invalidPaths: [], knownRuleIds: rules.map((x) => x.meta.id), now, lineOf: (path) => read.data.map.locate(path).line });
    out['inline secrets and semantic checks'] = cpu() - t;
  } else {
    const r = await loadSpecFile(file, { knownRuleIds: rules.map((x) => x.meta.id), now }); out['load spec (read, YAML, schema, semantics)'] = cpu() - t; t = cpu();
    const entries = evaluateRules({ loaded: r.loaded, rules, now, mode: 'validate' });
    const result = buildAuditResult({ spec: file, entries, auditedAt: now, diagnostics: r.diagnostics }); out['rules (spec-only checks)'] = cpu() - t; t = cpu();
    out.entries = entries.length;
    const text = json.render(result); out['JSON report'] = cpu() - t;
    out['report MiB'] = text.length / 2 ** 20;
  }
}
process.stdout.write(JSON.stringify(out));
`;

function sample(args) {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (child.status !== 0) throw new Error(`phases ${args.join(' ')}: ${child.stderr}`);
  return JSON.parse(child.stdout);
}

const spec = process.argv[2] ?? 'fixtures/demo/spec.yaml';
const runs = Number(process.env.BENCH_RUNS ?? 5);
const sides = { floor: ['floor', spec], validate: ['validate', spec], parse: ['validate', spec, 'parse'] };
const samples = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
for (let i = 0; i < runs; i++) for (const [k, args] of Object.entries(sides)) samples[k].push(sample(args));
console.log(`${spec}: CPU ms per phase, medians of ${runs} fresh processes each (${process.version})`);
for (const [k, list] of Object.entries(samples)) {
  for (const phase of Object.keys(list[0])) console.log(`  ${k.padEnd(8)} ${phase.padEnd(44)} ${median(list.map((s) => s[phase])).toFixed(1)}`);
}
