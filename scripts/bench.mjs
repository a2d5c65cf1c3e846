// Start-up benchmark for `synaml validate`: its median wall time against bare `node -e 0`, runs interleaved so
// machine noise hits both alike. Target: validate within 2.5x of node's own start-up. `npm run bench` builds first.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const WARMUPS = 2;
const TARGET = 2.5;
const SPEC = 'fixtures/demo/spec.yaml';

const commands = {
  node: [process.execPath, ['-e', '0']],
  validate: [process.execPath, ['dist/bin/synaml.mjs', 'validate', SPEC]],
};

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

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0 ? (sorted[mid - 1] + sorted[mid]) / 2 : sorted[mid];
}

if (!existsSync(`${ROOT}/dist/bin/synaml.mjs`)) {
  console.error('bench: dist/bin/synaml.mjs is missing; run `npm run build` (or `npm run bench`, which builds first)');
  process.exit(2);
}

for (let i = 0; i < WARMUPS; i++) for (const c of Object.values(commands)) timeOnce(c);
const samples = { node: [], validate: [] };
for (let i = 0; i < RUNS; i++) {
  for (const [name, c] of Object.entries(commands)) samples[name].push(timeOnce(c));
}

const nodeMedian = median(samples.node);
const validateMedian = median(samples.validate);
const ratio = validateMedian / nodeMedian;
const verdict = ratio <= TARGET ? 'PASS' : 'MISS';
console.log(`runs: ${RUNS} each, interleaved, after ${WARMUPS} warm-ups (${process.version}, ${process.platform}/${process.arch})`);
console.log(`node -e 0:                      median ${nodeMedian.toFixed(1)} ms`);
console.log(`synaml validate ${SPEC}: median ${validateMedian.toFixed(1)} ms`);
console.log(`ratio: ${ratio.toFixed(2)}x (target <= ${TARGET}x): ${verdict}`);
