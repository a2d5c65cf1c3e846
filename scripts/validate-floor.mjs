// The floor `synaml validate` is measured against (BENCHMARKS.md): the least a validator of the spec must do — read
// the file, parse the YAML with js-yaml, check it with ajv against the shipped JSON Schema — and nothing synaml adds
// (positions, worded errors, semantic checks, the spec-only rules, a report). Spawned by the bench the same way as
// `synaml validate`, so both include Node's start-up. Exit 0 when valid, 1 when not.
//   node scripts/validate-floor.mjs <spec.yaml>
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { load } from 'js-yaml';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/validate-floor.mjs <spec.yaml>');
  process.exit(2);
}
const schema = JSON.parse(readFileSync(new URL('../schema/spec-v1.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
const valid = validate(load(readFileSync(file, 'utf8')));
process.stdout.write(`${JSON.stringify({ valid, errors: validate.errors?.length ?? 0 })}\n`);
process.exitCode = valid ? 0 : 1;
