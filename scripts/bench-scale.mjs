// The scale benchmark (`npm run bench`): a synthetic estate served by the fake Azure with a per-request latency and
// Resource Graph's quota enforced, audited live by the CLI; plus the rules engine alone, `validate` of the big spec,
// and `validate` start-up against bare Node. Prints the figures next to their targets and writes them to
// BENCHMARKS.md (between the markers of the size that ran).
//
//   npm run bench [-- --size small|medium|large] [--seed n] [--latency ms] [--concurrency n] [--set key=value ...]
//                    [--no-write] [--startup-runs n] [--validate-runs n] [--audit-runs n]
//
// The TypeScript side (generator, fake Azure, engine timing) lives in test/scale/ and is bundled here with esbuild.
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { measureStartup, median, STARTUP_TARGET } from './bench.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'synaml-bench');
const ARM_TOKEN = 'bench-arm-token-7c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f';
const SYNAPSE_TOKEN = 'bench-synapse-token-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d';
const QUOTA = { perWindow: 15, windowMs: 5000 };
const TARGETS = { argVsNaive: 50, wallVsBound: 1.25, rssMiB: 400, evaluationsPerSecond: 200_000, validateBigMs: 1000, startupRatio: STARTUP_TARGET };

/** The ARM and data-plane requests the table lists, by the fake's `route:operation`, with the minimum each needs. */
const LISTED_REQUESTS = [
  ['ARM: integration runtimes', 'arm:integrationRuntimes', (r) => r.arm.integrationRuntimes],
  ['ARM: AML-side linked services', 'arm:amlLinkedServices', (r) => r.arm.amlLinkedServices],
  ['ARM: AML computes (attached Spark pools)', 'arm:amlComputes', (r) => r.arm.amlComputes],
  ['ARM: workspace existence (declared, not in Resource Graph)', 'arm:unknown', (r) => r.arm.existenceChecks],
  ['ARM: role definitions', 'arm:roleDefinitions', () => 0],
  ['Synapse data plane: linked services', 'dataplane:linkedServices', (r) => r.dataPlane.linkedServices],
  ['Synapse data plane: managed private endpoints', 'dataplane:managedPrivateEndpoints', (r) => r.dataPlane.managedPrivateEndpoints],
  ['Synapse data plane: role assignments', 'dataplane:roleAssignments', (r) => r.dataPlane.roleAssignments],
];

/** The listed requests of one route (`arm:`, `dataplane:`), added up. */
const listedCount = (count, route) => LISTED_REQUESTS.filter(([, op]) => op.startsWith(route)).reduce((sum, [, op]) => sum + count(op), 0);

// ---- options -------------------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const o = { size: 'large', seed: 20261123, latency: 40, concurrency: 8, set: [], write: true, startupRuns: 20, validateRuns: 5, auditRuns: 2 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (argv[i + 1] === undefined) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--size') o.size = value();
    else if (a === '--seed') o.seed = Number(value());
    else if (a === '--latency') o.latency = Number(value());
    else if (a === '--concurrency') o.concurrency = Number(value());
    else if (a === '--set') o.set.push(value());
    else if (a === '--no-write') o.write = false;
    else if (a === '--startup-runs') o.startupRuns = Number(value());
    else if (a === '--validate-runs') o.validateRuns = Number(value());
    else if (a === '--audit-runs') o.auditRuns = Math.max(1, Number(value()));
    else throw new Error(`unknown option ${a}`);
  }
  if (!['small', 'medium', 'large'].includes(o.size)) throw new Error(`--size must be small, medium or large, got ${o.size}`);
  return o;
}

// ---- the TypeScript harness --------------------------------------------------------------------------------------

/** Each bundled module keeps its own `import.meta.url`, so test/support/payloads.ts finds its example files. */
const keepImportMetaUrl = {
  name: 'keep-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
      loader: 'ts',
    }));
  },
};

async function bundleHarness() {
  mkdirSync(CACHE, { recursive: true });
  const outfile = join(CACHE, 'harness.mjs');
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['test/scale/harness.ts'],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    packages: 'external',
    plugins: [keepImportMetaUrl],
    logLevel: 'warning',
  });
  return outfile;
}

// ---- child processes ---------------------------------------------------------------------------------------------

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
  });
}

async function harness(file, args) {
  const r = await run(process.execPath, ['--max-old-space-size=4096', file, ...args]);
  if (r.code !== 0) throw new Error(`harness ${args[0]} failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function startFake(file, dir, latency) {
  const child = fork(file, ['fake', '--dir', dir, '--latency', String(latency), '--quota', `${QUOTA.perWindow}/${QUOTA.windowMs}`], {
    cwd: ROOT,
    execArgv: ['--max-old-space-size=8192'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = (kind) =>
    new Promise((resolve) => {
      const onMessage = (m) => {
        if (m.kind === kind) {
          child.off('message', onMessage);
          resolve(m);
        }
      };
      child.on('message', onMessage);
      child.send({ kind });
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the fake Azure exited (${code}) before it was ready`)));
    child.on('message', (m) => {
      if (m.kind === 'ready') resolve({ url: m.url, caCertFile: m.caCertFile, stats: () => ask('stats').then((x) => x.stats), reset: () => ask('reset'), stop: () => child.send({ kind: 'stop' }) });
    });
  });
}

/** Runs the CLI with an `--import` hook that records the process' peak RSS (getrusage maxrss) at exit. */
async function cli(args, env = {}) {
  const rssFile = join(CACHE, `rss-${process.pid}-${Date.now()}.txt`);
  const hook = join(CACHE, 'rss-hook.mjs');
  writeFileSync(hook, "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.SYNAML_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n");
  const r = await run(process.execPath, ['--import', pathToFileURL(hook).href, 'dist/bin/synaml.mjs', ...args], {
    env: { ...process.env, ...env, SYNAML_BENCH_RSS_FILE: rssFile },
  });
  const maxRssKiB = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : undefined;
  rmSync(rssFile, { force: true });
  return { ...r, maxRssMiB: maxRssKiB === undefined ? undefined : maxRssKiB / 1024 };
}

/** One live audit by the CLI against a fresh fake Azure: its wall time, peak RSS, the fake's request log, the result. */
async function liveAudit(harnessFile, dir, meta, o) {
  const fake = await startFake(harnessFile, dir, o.latency);
  const outDir = join(dir, 'report');
  rmSync(outDir, { recursive: true, force: true });
  const auditStarted = Date.now();
  const audit = await cli(
    ['audit', join(dir, 'spec.yaml'), '--arm-endpoint', fake.url, '--now', meta.now, '--format', 'json', '--output-dir', outDir, '--fail-on', 'never', '--quiet', '--concurrency', String(o.concurrency)],
    { NODE_EXTRA_CA_CERTS: fake.caCertFile, SYNAML_ARM_TOKEN: ARM_TOKEN, SYNAML_SYNAPSE_TOKEN: SYNAPSE_TOKEN },
  );
  const auditEnded = Date.now();
  const stats = await fake.stats();
  fake.stop();
  if (audit.code !== 0) throw new Error(`the live audit exited ${audit.code}: ${audit.stderr.slice(0, 2000)}`);
  // Where the wall time went: start-up and spec loading, reading Azure (first to last request answered), the rest.
  const phases = {
    beforeFirstRequestMs: stats.first - auditStarted,
    collectingMs: stats.last + o.latency - stats.first,
    argMs: stats.argLast + o.latency - stats.argFirst,
    afterLastRequestMs: auditEnded - (stats.last + o.latency),
  };
  const result = JSON.parse(readFileSync(join(outDir, 'synaml.json'), 'utf8'));
  const statuses = Object.entries(stats.byStatus).map(([status, n]) => `${fmt(n)} × ${status}`).join(', ');
  process.stderr.write(`bench: live audit: ${fmt(audit.ms)} ms, ${fmt(stats.total)} requests (${statuses}), peak RSS ${fmt(audit.maxRssMiB, 1)} MiB\n`);
  return { audit, stats, phases, result };
}

// ---- the lower bound ---------------------------------------------------------------------------------------------

/**
 * The least wall time the needed requests allow:
 *   T_arg   = floor((R_arg - 1) / Q) * W + L       R_arg requests, at most Q per window W, each taking L
 *   T_lists = ceil((R_arm + R_dp) / C) * L          ARM and data-plane lists on C parallel connections
 *   T_dp    = L + ceil(R_dp / C) * L                data-plane lists wait for the first Resource Graph answer
 *   T_lb    = max(T_arg, T_lists, T_dp)
 */
function lowerBound({ argRequests, armRequests, dataPlaneRequests, latency, concurrency }) {
  const tArg = argRequests > 0 ? Math.floor((argRequests - 1) / QUOTA.perWindow) * QUOTA.windowMs + latency : 0;
  const tLists = Math.ceil((armRequests + dataPlaneRequests) / concurrency) * latency;
  const tDp = latency + Math.ceil(dataPlaneRequests / concurrency) * latency;
  return { tArg, tLists, tDp, bound: Math.max(tArg, tLists, tDp) };
}

// ---- the run -----------------------------------------------------------------------------------------------------

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (ok) => (ok ? 'PASS' : 'MISS');

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!existsSync(join(ROOT, 'dist/bin/synaml.mjs'))) throw new Error('dist/bin/synaml.mjs is missing: run `npm run bench` (it builds first)');
  const log = (line) => process.stderr.write(`bench: ${line}\n`);
  const startedAll = Date.now();

  const harnessFile = await bundleHarness();
  const dir = join(CACHE, `${o.size}-${o.seed}${o.set.length ? `-${o.set.join('-').replace(/[^a-z0-9-]/gi, '_')}` : ''}`);
  log(`generating the ${o.size} estate (seed ${o.seed}) into ${relative(ROOT, dir)}`);
  const gen = await harness(harnessFile, ['generate', '--size', o.size, '--seed', String(o.seed), '--out', dir, ...o.set.flatMap((s) => ['--set', s])]);
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
  const reads = meta.reads;
  log(`generated ${fmt(meta.integrations)} integrations, ${fmt(meta.resources)} resources, ${fmt(meta.authorizationresources)} authorization rows in ${fmt(gen.generatedMs)} ms`);

  // 1. The full live audit, by the CLI, against the fake Azure.
  // A shared machine only ever adds time: the audit runs `--audit-runs` times (a fresh fake each time) and the
  // fastest run is the figure; every run is listed, and the peak RSS is the highest of them.
  log(`live audit: latency ${o.latency} ms, Resource Graph quota ${QUOTA.perWindow} per ${QUOTA.windowMs / 1000} s, --concurrency ${o.concurrency}, ${o.auditRuns} run(s)`);
  const runs = [];
  for (let i = 0; i < o.auditRuns; i++) runs.push(await liveAudit(harnessFile, dir, meta, o));
  const best = runs.reduce((a, b) => (b.audit.ms < a.audit.ms ? b : a));
  const { audit, stats, phases, result } = best;
  const maxRssMiB = Math.max(...runs.map((r) => r.audit.maxRssMiB ?? 0));

  // 2. The rules engine alone, on the generated snapshot (also the reference for the live audit's findings).
  log('rules engine alone');
  const engine = await harness(harnessFile, ['engine', '--dir', dir, '--iterations', '5']);

  // 3. validate of the big spec, and start-up with a one-integration spec.
  log(`validate of the ${fmt(meta.integrations)}-integration spec`);
  const validateTimes = [];
  for (let i = 0; i < o.validateRuns; i++) {
    const r = await cli(['validate', join(dir, 'spec.yaml'), '--now', meta.now, '--format', 'json']);
    if (r.code !== 0 && r.code !== 1) throw new Error(`validate exited ${r.code}: ${r.stderr.slice(0, 2000)}`);
    validateTimes.push(r.ms);
  }
  log('validate start-up against node -e 0');
  const startup = measureStartup({ spec: relative(ROOT, join(dir, 'spec-one.yaml')), runs: o.startupRuns });

  // The figures.
  const count = (op) => stats.byOperation[op] ?? 0;
  const measured = {
    arg: stats.argRequests,
    argRows: stats.argRows,
    arm: listedCount(count, 'arm:'),
    dataPlane: listedCount(count, 'dataplane:'),
  };
  const bound = lowerBound({
    argRequests: reads.argMinRequests,
    armRequests: reads.arm.total,
    dataPlaneRequests: reads.dataPlane.total,
    latency: o.latency,
    concurrency: o.concurrency,
  });
  const sameFindings = JSON.stringify(result.summary) === JSON.stringify(engine.summary);
  const figures = {
    size: o.size,
    seed: o.seed,
    node: process.version,
    cpus: (await import('node:os')).cpus().length,
    latency: o.latency,
    concurrency: o.concurrency,
    meta,
    stats,
    measured,
    bound,
    wallMs: audit.ms,
    wallRunsMs: runs.map((r) => r.audit.ms),
    phases,
    maxRssMiB,
    engine,
    validateMs: median(validateTimes),
    validateTimes,
    startup,
    summary: result.summary,
    sameFindings,
    benchSeconds: (Date.now() - startedAll) / 1000,
  };
  const report = render(figures);
  process.stdout.write(`${report}\n`);
  writeFileSync(join(dir, 'figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
  if (o.write) writeResults(o.size, report);
  if (!sameFindings) {
    process.stderr.write('bench: the live audit and the engine on the generated snapshot disagree (see summaries above)\n');
    process.exitCode = 1;
  }
}

function render(f) {
  const r = f.meta.reads;
  const t = TARGETS;
  const argRatio = r.naive.perResourceGets / f.measured.arg;
  const wallRatio = f.wallMs / f.bound.bound;
  const lines = [];
  lines.push(`Measured ${new Date().toISOString().slice(0, 10)} on ${f.cpus} CPUs, Node ${f.node}; size **${f.size}** (seed ${f.seed}), ` +
    `${fmt(f.meta.integrations)} integrations, ${fmt(f.meta.sizes.subscriptions)} subscriptions, ${fmt(f.meta.sizes.synapseWorkspaces)} Synapse and ` +
    `${fmt(f.meta.sizes.amlWorkspaces)} AML workspaces, ${fmt(f.meta.resources)} resource rows, ${fmt(f.meta.authorizationresources)} authorization rows; ` +
    `latency ${f.latency} ms per request, Resource Graph quota ${QUOTA.perWindow} per ${QUOTA.windowMs / 1000} s enforced, \`--concurrency ${f.concurrency}\`.`);
  lines.push('');
  lines.push('| target | measured | bound / target | verdict |');
  lines.push('|---|---|---|---|');
  lines.push(`| Resource Graph requests = minimum for the rows needed | ${fmt(f.measured.arg)} requests, ${fmt(f.measured.argRows)} rows | minimum ${fmt(r.argMinRequests)} for ${fmt(r.argRows)} rows | ${verdict(f.measured.arg <= r.argMinRequests)} |`);
  lines.push(`| no per-resource ARM reads for Resource Graph data | ${fmt(f.stats.byOperation['arm:unknown'] ?? 0)} resource GETs (existence checks of missing workspaces) | ${fmt(r.arm.existenceChecks)} declared workspaces missing | ${verdict((f.stats.byOperation['arm:unknown'] ?? 0) <= r.arm.existenceChecks)} |`);
  lines.push(`| ≥ ${t.argVsNaive}× fewer requests than naive for that data | ${fmt(argRatio, 0)}× (${fmt(r.naive.perResourceGets)} naive GETs / ${fmt(f.measured.arg)}) | ≥ ${t.argVsNaive}× | ${verdict(argRatio >= t.argVsNaive)} |`);
  const runsText = f.wallRunsMs.length > 1 ? `; runs ${f.wallRunsMs.map((ms) => fmt(ms / 1000, 1)).join(', ')} s` : '';
  lines.push(`| wall time ≤ ${t.wallVsBound}× lower bound | ${fmt(f.wallMs / 1000, 1)} s (${fmt(wallRatio, 2)}×${runsText}) | bound ${fmt(f.bound.bound / 1000, 1)} s | ${verdict(wallRatio <= t.wallVsBound)} |`);
  lines.push(`| peak RSS ≤ ${t.rssMiB} MiB | ${fmt(f.maxRssMiB, 0)} MiB | ${t.rssMiB} MiB | ${verdict(f.maxRssMiB <= t.rssMiB)} |`);
  lines.push(`| engine ≥ ${fmt(t.evaluationsPerSecond)} rule evaluations/s | ${fmt(f.engine.perSecond, 0)}/s (${fmt(f.engine.evaluations)} in ${fmt(f.engine.medianMs, 0)} ms; ${fmt(f.engine.cpuMedianMs, 0)} ms CPU) | ${fmt(t.evaluationsPerSecond)}/s | ${verdict(f.engine.perSecond >= t.evaluationsPerSecond)} |`);
  lines.push(`| \`validate\` of the ${fmt(f.meta.integrations)}-integration spec ≤ 1 s | ${fmt(f.validateMs, 0)} ms (median of ${f.validateTimes.length}) | ${t.validateBigMs} ms | ${verdict(f.validateMs <= t.validateBigMs)} |`);
  lines.push(`| \`validate\` of a one-integration spec ≤ ${t.startupRatio}× \`node -e 0\` | ${fmt(f.startup.validateMs, 1)} ms vs ${fmt(f.startup.nodeMs, 1)} ms (${fmt(f.startup.ratio, 2)}×) | ${t.startupRatio}× | ${verdict(f.startup.ratio <= t.startupRatio)} |`);
  lines.push('');
  lines.push('Requests per API (measured, next to the minimum the data needs):');
  lines.push('');
  lines.push('| API | measured | minimum |');
  lines.push('|---|---|---|');
  lines.push(`| Resource Graph | ${fmt(f.measured.arg)} (${fmt(f.stats.throttled)} throttled) | ${fmt(r.argMinRequests)} |`);
  for (const a of r.arg) lines.push(`| &nbsp;&nbsp;round ${a.round}, \`${a.table}\`: ${a.what} | | ${fmt(a.minRequests)} (${fmt(a.rows)} rows) |`);
  for (const [label, op, minimum] of LISTED_REQUESTS) lines.push(`| ${label} | ${fmt(f.stats.byOperation[op] ?? 0)} | ${fmt(minimum(r))} |`);
  // Every request is in a row: one the rows above do not name is listed by its route and operation (none is needed).
  const listed = new Set(LISTED_REQUESTS.map(([, op]) => op));
  for (const [op, n] of Object.entries(f.stats.byOperation)) if (!op.startsWith('arg:') && !listed.has(op)) lines.push(`| other: \`${op}\` | ${fmt(n)} | 0 |`);
  lines.push(`| **total** | **${fmt(f.stats.total)}** | **${fmt(r.argMinRequests + r.arm.total + r.dataPlane.total)}** |`);
  lines.push(`| naive (one ARM GET per resource + the same lists) | ${fmt(r.naive.total)} | |`);
  lines.push('');
  lines.push(`Naive per-resource GETs for the Resource Graph data: ${Object.entries(r.naive.byKind).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}.`);
  lines.push(`Resource Graph holds ${fmt(r.argTotalRows)} rows in the three tables; the queries brought back ${fmt(f.measured.argRows)}.`);
  lines.push('');
  lines.push(`Wall time: ${fmt(f.phases.beforeFirstRequestMs / 1000, 1)} s start-up and spec before the first request, ${fmt(f.phases.collectingMs / 1000, 1)} s reading Azure ` +
    `(Resource Graph ${fmt(f.phases.argMs / 1000, 1)} s of it, overlapped), ${fmt(f.phases.afterLastRequestMs / 1000, 1)} s after the last answer (normalise, rules, report).`);
  lines.push(`Lower bound: T_arg = ${fmt(f.bound.tArg / 1000, 2)} s, T_lists = ${fmt(f.bound.tLists / 1000, 2)} s, T_dp = ${fmt(f.bound.tDp / 1000, 2)} s → ${fmt(f.bound.bound / 1000, 2)} s. ` +
    `Engine: normalise ${fmt(f.engine.normaliseMs, 0)} ms once, then ${fmt(f.engine.evaluations)} evaluations (${f.engine.rules} rules × ${fmt(f.engine.integrations)} integrations) in ${fmt(f.engine.medianMs, 0)} ms (median of 5, first run ${fmt(f.engine.firstMs, 0)} ms).`);
  lines.push(`Findings: ${Object.entries(f.summary).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}; the live audit ${f.sameFindings ? 'matches' : 'DOES NOT match'} the engine on the generated snapshot.`);
  lines.push(`The whole benchmark took ${fmt(f.benchSeconds, 0)} s.`);
  return lines.join('\n');
}

function writeResults(size, report) {
  const file = join(ROOT, 'BENCHMARKS.md');
  const start = `<!-- results:${size}:start -->`;
  const end = `<!-- results:${size}:end -->`;
  const block = `${start}\n${report}\n${end}`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  if (text.includes(start) && text.includes(end)) text = text.slice(0, text.indexOf(start)) + block + text.slice(text.indexOf(end) + end.length);
  else text = `${text.trimEnd()}\n\n### Results: ${size}\n\n${block}\n`;
  writeFileSync(file, text);
  process.stderr.write(`bench: wrote the ${size} results to BENCHMARKS.md\n`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

