// The built CLI under fast-check: mangled specs and snapshots, and odd command lines, spawned as a CI job would.
// Whatever comes in, the exit code is 0, 1, 2 or 3 and, without --verbose, stderr holds no stack trace.
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run.js';
import { expectOrderlyExit, pool, runCli } from './support.js';

const RUNS = 32;
const DEMO_SPEC = readFileSync(path.join(ROOT, 'fixtures/demo/spec.yaml'), 'utf8');
const DEMO_SNAPSHOT = readFileSync(path.join(ROOT, 'fixtures/demo/snapshot.json'), 'utf8');
const dir = mkdtempSync(path.join(tmpdir(), 'synaml-cli-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A splice of the text: something removed, something inserted. */
const splice = (text: string) =>
  fc
    .tuple(fc.nat(text.length), fc.nat(80), fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('\n', ':', '- ', '"', '{', '[', '\u0000', '\t', '&a', '*a', '\uFEFF', 'null')))
    .map(([at, remove, insert]) => text.slice(0, at) + insert + text.slice(at + remove));

const FLAGS = ['--verbose', '--quiet', '--all', '--fail-on', 'warning', '--fail-on', 'never', '--format', 'json', '--format', 'table', '--format', 'sarif,junit', '--now', '2026-13-45', '--now', '2026-11-23', '--output-dir', '', '--bogus', '--', '-'];

const invocation = fc.record({
  command: fc.constantFrom('validate', 'audit', 'audit', 'explain', 'rules', 'nope'),
  spec: fc.oneof(splice(DEMO_SPEC), fc.string({ unit: 'binary', maxLength: 80 }), fc.constant(DEMO_SPEC)),
  snapshot: fc.oneof(splice(DEMO_SNAPSHOT), fc.constant(DEMO_SNAPSHOT), fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v))),
  flags: fc.array(fc.constantFrom(...FLAGS), { maxLength: 4 }),
});

describe('fuzzing the CLI', () => {
  it(`ends every run with exit 0-3 and no stack trace (${RUNS} spawned runs)`, async () => {
    const cases = fc.sample(invocation, RUNS);
    const runs = await pool(
      cases.map((c, i) => async () => {
        const spec = path.join(dir, `spec-${i}.yaml`);
        const snapshot = path.join(dir, `snapshot-${i}.json`);
        writeFileSync(spec, c.spec);
        writeFileSync(snapshot, c.snapshot);
        const flags = c.flags.map((f) => (f === '' ? path.join(dir, `out-${i}`) : f));
        const args =
          c.command === 'audit' ? ['audit', spec, '--snapshot', snapshot, ...flags]
          : c.command === 'validate' ? ['validate', spec, ...flags]
          : // A command line cannot carry a NUL byte (the OS refuses it before synaml runs).
            c.command === 'explain' ? ['explain', c.spec.slice(0, 20).replaceAll('\u0000', ''), ...flags]
          : [c.command, ...flags];
        // In the temp folder: a flag taken as --output-dir's value (`--output-dir --quiet`) is a relative path.
        const run = await runCli(args, {}, 20_000, dir);
        expectOrderlyExit(run, args, `synaml ${args.join(' ')}`);
        return run;
      }),
      3,
    );
    expect(runs).toHaveLength(RUNS);
    console.log(`[cli-fuzz] ${RUNS} runs, exit codes ${[...new Set(runs.map((r) => r.code))].sort().join(', ')}`);
  }, 120_000);
});
