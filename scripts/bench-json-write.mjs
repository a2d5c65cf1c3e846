// "JSON written at disk speed", measured: the JSON report of a snapshot audit of the bench's generated estate, written
// by the very reporter and writer the CLI uses (`renderJsonChunks` into `writeReportFile`), timed from the result being
// ready to the file being closed, against two references taken in the same process and run, interleaved:
//
//   stringify   JSON.stringify of the same document (`orderResult`, 2-space indent) into one string: the render alone
//   raw write   the same number of bytes, already in memory, written with plain fs.writeSync in the writer's chunk size
//               (1 MiB) to a new file in the same directory, then closed: the disk's speed for that file
//
// Neither the writer nor the raw write calls fsync (the CLI does not: both end when the file is closed and the data is
// in the page cache, which the kernel writes back alike). Target: the writer takes at most 1.25x stringify + raw write
// (rendering the text and writing it out one after the other); with rendering overlapped with writing it can take less.
// Medians of `--runs` (default 5) rounds, each round all three in turn (the order rotating), wall and CPU time.
//
//   npm run build && node scripts/bench-json-write.mjs <estate dir> [--runs n]      (prints one JSON line)
//
// The estate directory is one `bench-kit.mjs` generated (spec.yaml, snapshot.json, meta.json). Run by
// bench-reports.mjs (so by `npm run bench`) after the six-format audit.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './bench-kit.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHUNK = 1 << 20;
export const JSON_WRITE_TARGET = 1.25;

/** Wall and CPU (user + system) milliseconds of `fn`. */
async function timed(fn) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await fn();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, value };
}

async function main() {
  const argv = process.argv.slice(2);
  const dir = argv[0];
  if (!dir) throw new Error('usage: bench-json-write.mjs <estate dir> [--runs n]');
  const runs = argv.includes('--runs') ? Number(argv[argv.indexOf('--runs') + 1]) : 5;
  const dist = (p) => import(pathToFileURL(join(ROOT, 'dist/src', p)).href);
  const [lib, { renderJson, renderJsonChunks, orderResult }, { writeReportFile }] = await Promise.all([
    dist('index.js'),
    dist('reporters/json.js'),
    dist('reporters/report-file.js'),
  ]);
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
  const now = new Date(`${meta.now}T00:00:00Z`);
  const result = await lib.audit(join(dir, 'spec.yaml'), { now, estateSource: lib.snapshotSource(join(dir, 'snapshot.json')) });
  const options = { failOn: 'never' };

  const out = join(dir, 'json-write');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const reportFile = join(out, 'synaml.json');
  const rawFile = join(out, 'raw.bin');

  // The bytes the raw write writes: the report's own text, encoded once, outside the timing.
  const expected = Buffer.from(renderJson(result, options), 'utf8');
  const bytes = expected.length;
  const expectedHash = createHash('sha256').update(expected).digest('hex');

  const steps = {
    stringify: () => JSON.stringify(orderResult(result, options), null, 2).length,
    raw: () => {
      rmSync(rawFile, { force: true });
      const fd = openSync(rawFile, 'w');
      try {
        for (let at = 0; at < bytes; at += CHUNK) writeSync(fd, expected, at, Math.min(CHUNK, bytes - at));
      } finally {
        closeSync(fd);
      }
    },
    writer: async () => {
      rmSync(reportFile, { force: true });
      await writeReportFile(reportFile, renderJsonChunks(result, options));
    },
  };
  const names = Object.keys(steps);
  const times = Object.fromEntries(names.map((n) => [n, { wall: [], cpu: [] }]));
  await steps.writer(); // warm-up: compiles the writer's code paths
  for (let round = 0; round < runs; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length];
      const t = await timed(steps[name]);
      times[name].wall.push(t.wallMs);
      times[name].cpu.push(t.cpuMs);
    }
  }
  const written = readFileSync(reportFile);
  const identical = written.length === bytes && createHash('sha256').update(written).digest('hex') === expectedHash;
  rmSync(out, { recursive: true, force: true });

  const m = Object.fromEntries(names.map((n) => [n, { wallMs: median(times[n].wall), cpuMs: median(times[n].cpu) }]));
  const reference = m.stringify.wallMs + m.raw.wallMs;
  const mbps = (ms) => bytes / 1e6 / (ms / 1000);
  process.stdout.write(
    `${JSON.stringify({
      bytes,
      runs,
      identical,
      stringify: m.stringify,
      raw: { ...m.raw, mbps: mbps(m.raw.wallMs) },
      writer: { ...m.writer, mbps: mbps(m.writer.wallMs) },
      ratio: m.writer.wallMs / reference,
      cpuRatio: m.writer.cpuMs / (m.stringify.cpuMs + m.raw.cpuMs),
      target: JSON_WRITE_TARGET,
    })}\n`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // Checked only as a sanity step: a stale estate directory would make the figures meaningless.
  if (!process.argv[2] || !statSync(process.argv[2], { throwIfNoEntry: false })?.isDirectory()) {
    process.stderr.write('usage: node scripts/bench-json-write.mjs <estate dir> [--runs n]\n');
    process.exit(2);
  }
  await main();
}
