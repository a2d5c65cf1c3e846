// Start-up benchmark for `synaml validate`, as ratios to references measured in the same run (absolute times do not
// carry from one machine to the next): bare `node -e 0`, and the validate floor (scripts/validate-floor.mjs: js-yaml
// + ajv against the shipped schema, nothing else). Runs are interleaved so machine noise hits all alike; the figures
// are medians. Targets: validate of the demo spec <= 2.5x `node -e 0`; validate <= 1.25x the floor (the bench's
// large spec, scripts/bench-scale.mjs). Run on its own after `npm run build`:
//   node scripts/bench.mjs [spec.yaml] [--node <node binary>]...        (BENCH_RUNS=n, default 20)
// `--node` (repeatable) measures with each Node given, each against its own `node -e 0` (the target holds on Node 22
// and on Node 24); without it, with the Node running this script. `synaml validate` keeps a V8 code cache between runs
// (src/bin.ts): the warm-ups write it, so the figures are those of every run after a user's first; the run without
// it (NODE_DISABLE_COMPILE_CACHE=1, as a first run or an unwritable cache folder) is measured beside them.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './bench-kit.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const STARTUP_TARGET = 2.5;
export const FLOOR_TARGET = 1.25;

// Each process also reports the CPU time it used (user + system, at exit, through an --import hook that every command
// gets alike): on a shared machine, waiting for a CPU inflates wall times, and inflates them unevenly, while CPU time
// stays close to the work done. The ratios are given both ways.
const CPU_DIR = mkdtempSync(join(tmpdir(), 'synaml-bench-cpu-'));
const CPU_FILE = join(CPU_DIR, 'cpu.txt');
const CPU_HOOK = `data:text/javascript,import{writeFileSync}from'node:fs';process.on('exit',()=>{const u=process.cpuUsage();writeFileSync(${JSON.stringify(CPU_FILE)},String((u.user+u.system)/1000))})`;
process.on('exit', () => rmSync(CPU_DIR, { recursive: true, force: true }));

// Each command's stdout goes to a file, as `synaml validate spec.yaml --format json > result.json` writes it, not to a
// pipe this script reads: through a pipe the child waits for this process to read every 64 KiB of validate's report
// (18 MB for the large spec), and that time is the bench's own, not synaml's. The file is truncated for each run.
const STDOUT_FILE = join(CPU_DIR, 'stdout.txt');

function timeOnce([command, args, env]) {
  rmSync(CPU_FILE, { force: true });
  const out = openSync(STDOUT_FILE, 'w');
  const start = process.hrtime.bigint();
  let child;
  try {
    child = spawnSync(command, [`--import=${CPU_HOOK}`, ...args], {
      cwd: ROOT,
      stdio: ['ignore', out, 'pipe'],
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      ...(env && { env: { ...process.env, ...env } }),
    });
  } finally {
    closeSync(out);
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  // Exit 1 (findings, or an invalid spec for the floor) is a normal outcome; anything else means the run failed.
  if (child.error || (child.status !== 0 && child.status !== 1)) {
    throw new Error(`${[command, ...args].join(' ')} exited ${child.status}: ${child.error?.message ?? child.stderr}`);
  }
  return { wall: elapsed, cpu: existsSync(CPU_FILE) ? Number(readFileSync(CPU_FILE, 'utf8')) : NaN };
}

/**
 * Median wall times of `node -e 0`, the validate floor and `synaml validate <spec>`, interleaved, after warm-ups, with
 * the Node binary `node`. `uncached` adds validate without its code cache (`validateUncached*`).
 */
export function measureValidate({ spec = 'fixtures/demo/spec.yaml', runs = 20, warmups = 2, extraArgs = [], node = process.execPath, uncached = false, alsoFormats = [] } = {}) {
  const argsFor = (format) => ['dist/bin/synaml.mjs', 'validate', spec, '--format', format, ...extraArgs];
  const validateArgs = argsFor('json');
  const commands = {
    node: [node, ['-e', '0']],
    floor: [node, ['scripts/validate-floor.mjs', spec]],
    validate: [node, validateArgs],
    ...(uncached && { validateUncached: [node, validateArgs, { NODE_DISABLE_COMPILE_CACHE: '1' }] }),
    ...Object.fromEntries(alsoFormats.map((format) => [`format:${format}`, [node, argsFor(format)]])),
  };
  for (let i = 0; i < warmups; i++) for (const c of Object.values(commands)) timeOnce(c);
  const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, c] of Object.entries(commands)) samples[name].push(timeOnce(c));
  }
  const med = (name, key) => median(samples[name].map((s) => s[key]));
  const uncachedFigures = uncached
    ? { validateUncachedMs: med('validateUncached', 'wall'), validateUncachedCpuMs: med('validateUncached', 'cpu') }
    : {};
  const [nodeMs, floorMs, validateMs] = ['node', 'floor', 'validate'].map((n) => med(n, 'wall'));
  const [nodeCpuMs, floorCpuMs, validateCpuMs] = ['node', 'floor', 'validate'].map((n) => med(n, 'cpu'));
  // The same validate in other formats (the JSON report holds every evaluation; compact prints the findings only).
  const formats = Object.fromEntries(
    alsoFormats.map((format) => {
      const [ms, cpuMs] = ['wall', 'cpu'].map((key) => med(`format:${format}`, key));
      return [format, { ms, cpuMs, floorRatio: ms / floorMs, floorCpuRatio: cpuMs / floorCpuMs }];
    }),
  );
  return {
    spec,
    runs,
    warmups,
    nodeMs,
    floorMs,
    validateMs,
    ratio: validateMs / nodeMs,
    floorRatio: validateMs / floorMs,
    nodeCpuMs,
    floorCpuMs,
    validateCpuMs,
    cpuRatio: validateCpuMs / nodeCpuMs,
    floorCpuRatio: validateCpuMs / floorCpuMs,
    formats,
    ...uncachedFigures,
  };
}

/** The start-up figure: `measureValidate` of a small spec (kept under its old name for bench-scale.mjs). */
export const measureStartup = measureValidate;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!existsSync(`${ROOT}/dist/bin/synaml.mjs`)) {
    console.error('bench: dist/bin/synaml.mjs is missing; run `npm run build` (or `npm run bench`, which builds first)');
    process.exit(2);
  }
  const args = process.argv.slice(2);
  const nodes = [];
  let spec = 'fixtures/demo/spec.yaml';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--node') nodes.push(args[++i]);
    else spec = args[i];
  }
  if (nodes.length === 0) nodes.push(process.execPath);
  for (const node of nodes) {
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    const demo = spec === 'fixtures/demo/spec.yaml';
    const r = measureValidate({ spec, runs: Number(process.env.BENCH_RUNS ?? 20), node, uncached: true, alsoFormats: demo ? [] : ['compact'] });
    const verdict = (ok) => (ok ? 'PASS' : 'MISS');
    console.log(`runs: ${r.runs} each, interleaved, after ${r.warmups} warm-ups (${version}, ${process.platform}/${process.arch})`);
    console.log(`node -e 0:                    median ${r.nodeMs.toFixed(1)} ms wall, ${r.nodeCpuMs.toFixed(1)} ms CPU`);
    console.log(`validate floor (js-yaml+ajv): median ${r.floorMs.toFixed(1)} ms wall, ${r.floorCpuMs.toFixed(1)} ms CPU`);
    console.log(`synaml validate ${r.spec}: median ${r.validateMs.toFixed(1)} ms wall, ${r.validateCpuMs.toFixed(1)} ms CPU`);
    console.log(
      `  without its code cache (NODE_DISABLE_COMPILE_CACHE=1): median ${r.validateUncachedMs.toFixed(1)} ms wall, ${r.validateUncachedCpuMs.toFixed(1)} ms CPU ` +
        `(${(r.validateUncachedMs / r.nodeMs).toFixed(2)}x wall, ${(r.validateUncachedCpuMs / r.nodeCpuMs).toFixed(2)}x CPU of node -e 0)`,
    );
    // Each target applies to one spec (the demo's start-up, the large spec's floor); the other ratio is printed for reference.
    const both = (ratio, cpuRatio, target) => `wall ${verdict(ratio <= target)}, CPU ${verdict(cpuRatio <= target)}`;
    console.log(`validate / node -e 0: ${r.ratio.toFixed(2)}x wall, ${r.cpuRatio.toFixed(2)}x CPU (target <= ${STARTUP_TARGET}x for the demo spec)${demo ? `: ${both(r.ratio, r.cpuRatio, STARTUP_TARGET)}` : ''}`);
    console.log(`validate / floor:     ${r.floorRatio.toFixed(2)}x wall, ${r.floorCpuRatio.toFixed(2)}x CPU (target <= ${FLOOR_TARGET}x for the large spec)${demo ? '' : `: ${both(r.floorRatio, r.floorCpuRatio, FLOOR_TARGET)}`}`);
    for (const [format, f] of Object.entries(r.formats)) {
      console.log(`  with --format ${format}: median ${f.ms.toFixed(1)} ms wall, ${f.cpuMs.toFixed(1)} ms CPU: ${f.floorRatio.toFixed(2)}x wall, ${f.floorCpuRatio.toFixed(2)}x CPU of the floor`);
    }
  }
}
