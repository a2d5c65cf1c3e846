// Start-up benchmark for `synaml validate`: its median wall time against bare `node -e 0`, runs interleaved so
// machine noise hits both alike. Target: validate within 2.5x of node's own start-up. Run on its own
// (`node scripts/bench.mjs`, after `npm run build`) or as part of `npm run bench` (scripts/bench-scale.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const STARTUP_TARGET = 2.5;

function timeOnce([command, args]) {
  const start = process.hrtime.bigint();
  const child = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  // Exit 1 (findings) is a normal validate outcome; anything else means the benchmark measured a failure.
  if (child.error || (child.status !== 0 && child.status !== 1)) {
    throw new Error(`${[command, ...args].join(' ')} exited ${child.status}: ${child.error?.message ?? child.stderr}`);
  }
  return elapsed;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0 ? (sorted[mid - 1] + sorted[mid]) / 2 : sorted[mid];
}

/** Median wall times of `node -e 0` and `synaml validate <spec>`, interleaved, after warm-ups. */
export function measureStartup({ spec = 'fixtures/demo/spec.yaml', runs = 20, warmups = 2 } = {}) {
  const commands = {
    node: [process.execPath, ['-e', '0']],
    validate: [process.execPath, ['dist/bin/synaml.mjs', 'validate', spec]],
  };
  for (let i = 0; i < warmups; i++) for (const c of Object.values(commands)) timeOnce(c);
  const samples = { node: [], validate: [] };
  for (let i = 0; i < runs; i++) {
    for (const [name, c] of Object.entries(commands)) samples[name].push(timeOnce(c));
  }
  const nodeMs = median(samples.node);
  const validateMs = median(samples.validate);
  return { spec, runs, warmups, nodeMs, validateMs, ratio: validateMs / nodeMs };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!existsSync(`${ROOT}/dist/bin/synaml.mjs`)) {
    console.error('bench: dist/bin/synaml.mjs is missing; run `npm run build` (or `npm run bench`, which builds first)');
    process.exit(2);
  }
  const r = measureStartup({ runs: Number(process.env.BENCH_RUNS ?? 20) });
  const verdict = r.ratio <= STARTUP_TARGET ? 'PASS' : 'MISS';
  console.log(`runs: ${r.runs} each, interleaved, after ${r.warmups} warm-ups (${process.version}, ${process.platform}/${process.arch})`);
  console.log(`node -e 0:                      median ${r.nodeMs.toFixed(1)} ms`);
  console.log(`synaml validate ${r.spec}: median ${r.validateMs.toFixed(1)} ms`);
  console.log(`ratio: ${r.ratio.toFixed(2)}x (target <= ${STARTUP_TARGET}x): ${verdict}`);
}
