// The scale benchmark's TypeScript side, bundled by scripts/bench-scale.mjs (esbuild) and run as child processes so
// that each measurement has a process of its own:
//   generate --size <s> [--seed n] [--set key=value ...] --out <dir>   snapshot.json, spec.yaml, spec-one.yaml, meta.json
//   fake --dir <dir> [--latency ms] [--quota n/ms]                     serves the estate; IPC: stats, reset, stop
//   engine --dir <dir> [--iterations n] [--per-rule]                   the rules engine alone, evaluations per second
//                                                                      (--per-rule: also each rule's CPU time alone, in
//                                                                      audit and validate mode)
// Each prints one JSON line on stdout (the fake: when it is listening).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { evaluateRules, summarise } from '../../src/engine/evaluate.js';
import { normaliseSnapshot } from '../../src/estate/normalise.js';
import type { Snapshot } from '../../src/estate/snapshot.js';
import type { Rule } from '../../src/engine/types.js';
import { loadRules } from '../../src/index.js';
import { loadSpecFile } from '../../src/spec/load.js';
import { startFakeAzure, type RecordedRequest } from '../fake-azure/index.js';
import { requiredReads } from './estate-math.js';
import { generateEstate, SIZES, type ScaleSizes, type SizeName } from './generate.js';

export const ARM_TOKEN = 'bench-arm-token-7c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f';
export const SYNAPSE_TOKEN = 'bench-synapse-token-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d';

function args(argv: string[]): { command: string; flags: Map<string, string[]> } {
  const [command = '', ...rest] = argv;
  const flags = new Map<string, string[]>();
  for (let i = 0; i < rest.length; i++) {
    const key = rest[i]!.replace(/^--/, '');
    const value = rest[i + 1] !== undefined && !rest[i + 1]!.startsWith('--') ? rest[++i]! : 'true';
    flags.set(key, [...(flags.get(key) ?? []), value]);
  }
  return { command, flags };
}

const one = (flags: Map<string, string[]>, key: string, fallback?: string) => flags.get(key)?.at(-1) ?? fallback;

function readSnapshot(dir: string): Snapshot {
  return JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8')) as Snapshot;
}

async function generate(flags: Map<string, string[]>): Promise<void> {
  const size = (one(flags, 'size', 'small') as SizeName) ?? 'small';
  if (!(size in SIZES)) throw new Error(`unknown size ${size}`);
  const seed = Number(one(flags, 'seed', '20261123'));
  const overrides: Partial<ScaleSizes> = {};
  for (const pair of flags.get('set') ?? []) {
    const [key, value] = pair.split('=');
    if (!key || value === undefined || !(key in SIZES.small)) throw new Error(`--set ${pair}: expected <size key>=<number>, keys: ${Object.keys(SIZES.small).join(', ')}`);
    overrides[key as keyof ScaleSizes] = Number(value);
  }
  const out = one(flags, 'out');
  if (!out) throw new Error('--out <dir> is required');
  const started = performance.now();
  const estate = generateEstate({ size, seed, overrides });
  const generatedMs = performance.now() - started;
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'snapshot.json'), JSON.stringify(estate.snapshot));
  writeFileSync(join(out, 'spec.yaml'), estate.specYaml);
  // The first integration alone, for the start-up figure of `validate` with a one-integration spec.
  const lines = estate.specYaml.split('\n');
  const firstEnd = lines.findIndex((l, i) => i > lines.indexOf('integrations:') + 1 && l.startsWith('  - name:'));
  writeFileSync(join(out, 'spec-one.yaml'), `${lines.slice(0, firstEnd).join('\n')}\n`);

  const { loadSpecText } = await import('../../src/spec/load-yaml.js');
  const loaded = loadSpecText(estate.specYaml, 'spec.yaml', { now: new Date(`${estate.now}T00:00:00Z`) });
  if (!loaded.ok) throw new Error(`generated spec is invalid: ${JSON.stringify(loaded.diagnostics.slice(0, 3))}`);
  const reads = requiredReads(estate.snapshot, loaded.loaded.spec);
  const meta = {
    size,
    seed,
    sizes: estate.sizes,
    now: estate.now,
    integrations: loaded.loaded.spec.integrations.length,
    violations: estate.violations.size,
    resources: estate.snapshot.resourceGraph.resources.length,
    authorizationresources: estate.snapshot.resourceGraph.authorizationresources.length,
    generatedMs: Math.round(generatedMs),
    reads,
  };
  writeFileSync(join(out, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  console.log(JSON.stringify({ ok: true, generatedMs: meta.generatedMs, integrations: meta.integrations }));
}

interface Stats {
  byOperation: Record<string, number>;
  byStatus: Record<string, number>;
  argRequests: number;
  /** Resource Graph requests by the table their query reads (its first word). */
  argByTable: Record<string, number>;
  argRows: number;
  argFirst?: number;
  argLast?: number;
  throttled: number;
  writes: number;
  total: number;
  first?: number;
  last?: number;
  /** Requests arriving in each second from the first one (how busy the fake was: C / latency at best). */
  perSecond: number[];
  /** Arrival of each Resource Graph request, in ms after the first request. */
  argTimes: number[];
  /** Arrival of the first ARM or data-plane request, in ms after the first request. */
  firstListAt?: number;
}

function stats(requests: readonly RecordedRequest[], throttled: number, writes: number): Stats {
  const s: Stats = { byOperation: {}, byStatus: {}, argRequests: 0, argByTable: {}, argRows: 0, throttled, writes, total: requests.length, perSecond: [], argTimes: [] };
  const start = requests[0]?.time ?? 0;
  for (const r of requests) {
    if (r.route === 'arg') s.argTimes.push(r.time - start);
    else if (s.firstListAt === undefined) s.firstListAt = r.time - start;
  }
  for (const r of requests) {
    const second = Math.floor((r.time - start) / 1000);
    s.perSecond[second] = (s.perSecond[second] ?? 0) + 1;
  }
  for (const r of requests) {
    const key = `${r.route}:${r.operation}`;
    s.byOperation[key] = (s.byOperation[key] ?? 0) + 1;
    s.byStatus[String(r.status)] = (s.byStatus[String(r.status)] ?? 0) + 1;
    s.first = Math.min(s.first ?? r.time, r.time);
    s.last = Math.max(s.last ?? r.time, r.time);
    if (r.route === 'arg') {
      s.argRequests++;
      const query = (r.body as { query?: unknown } | undefined)?.query;
      const table = typeof query === 'string' ? (/^\s*([A-Za-z]+)/.exec(query)?.[1]?.toLowerCase() ?? 'unknown') : 'unknown';
      s.argByTable[table] = (s.argByTable[table] ?? 0) + 1;
      s.argRows += r.rows ?? 0;
      s.argFirst = Math.min(s.argFirst ?? r.time, r.time);
      s.argLast = Math.max(s.argLast ?? r.time, r.time);
    }
  }
  return s;
}

async function fake(flags: Map<string, string[]>): Promise<void> {
  const dir = one(flags, 'dir');
  if (!dir) throw new Error('--dir <dir> is required');
  const latencyMs = Number(one(flags, 'latency', '40'));
  const quotaFlag = one(flags, 'quota', '15/5000') ?? '15/5000';
  const [perWindow, windowMs] = quotaFlag.split('/').map(Number);
  const snapshot = readSnapshot(dir);
  const fakeAzure = await startFakeAzure({
    snapshot,
    latencyMs,
    ...(quotaFlag !== 'none' ? { quota: { perWindow: perWindow!, windowMs: windowMs! } } : {}),
    armToken: ARM_TOKEN,
    synapseToken: SYNAPSE_TOKEN,
  });
  let offset = 0;
  let throttledBefore = 0;
  process.on('message', (message: { kind: string }) => {
    if (message.kind === 'stats') {
      process.send?.({ kind: 'stats', stats: stats(fakeAzure.requests.slice(offset), fakeAzure.throttled - throttledBefore, fakeAzure.writes.length) });
    } else if (message.kind === 'reset') {
      offset = fakeAzure.requests.length;
      throttledBefore = fakeAzure.throttled;
      process.send?.({ kind: 'reset' });
    } else if (message.kind === 'stop') {
      void fakeAzure.stop().then(() => process.exit(0));
    }
  });
  process.send?.({ kind: 'ready', url: fakeAzure.url, caCertFile: fakeAzure.caCertFile });
}

async function engine(flags: Map<string, string[]>): Promise<void> {
  const dir = one(flags, 'dir');
  if (!dir) throw new Error('--dir <dir> is required');
  const iterations = Number(one(flags, 'iterations', '5'));
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { now: string };
  const now = new Date(`${meta.now}T00:00:00Z`);
  const rules = await loadRules();
  const result = await loadSpecFile(join(dir, 'spec.yaml'), { knownRuleIds: rules.map((r) => r.meta.id), now });
  if (!result.ok) throw new Error('spec invalid');
  const normaliseStarted = performance.now();
  const estate = normaliseSnapshot(readSnapshot(dir));
  const normaliseMs = performance.now() - normaliseStarted;
  const run = () => evaluateRules({ loaded: result.loaded, rules, estate, now, mode: 'audit', strictMessages: true });
  const first = performance.now();
  const entries = run();
  const firstMs = performance.now() - first;
  // SYNAML_BENCH_PROFILE=<file>: a CPU profile of the timed runs only (open it in Chrome DevTools).
  const profile = process.env['SYNAML_BENCH_PROFILE'] ? await startProfile() : undefined;
  const times: number[] = [];
  const cpuTimes: number[] = [];
  // The reference the engine's time is judged against (a ratio carries from one machine to another; a time does
  // not): JSON.parse of the snapshot the estate comes from, timed in the same loop.
  const snapshotText = readFileSync(join(dir, 'snapshot.json'), 'utf8');
  const parseTimes: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const p = performance.now();
    JSON.parse(snapshotText);
    parseTimes.push(performance.now() - p);
    const t = performance.now();
    const cpu = process.cpuUsage();
    run();
    const used = process.cpuUsage(cpu);
    times.push(performance.now() - t);
    cpuTimes.push((used.user + used.system) / 1000);
  }
  cpuTimes.sort((a, b) => a - b);
  if (profile) writeFileSync(process.env['SYNAML_BENCH_PROFILE']!, JSON.stringify(await profile()));
  const ruleCosts = flags.has('per-rule')
    ? perRule(iterations, (subset, mode) => evaluateRules({ loaded: result.loaded, rules: subset, estate, now, mode, strictMessages: true }), rules)
    : undefined;
  times.sort((a, b) => a - b);
  const medianMs = times[Math.floor(times.length / 2)] ?? firstMs;
  console.log(
    JSON.stringify({
      evaluations: entries.length,
      integrations: result.loaded.spec.integrations.length,
      rules: rules.length,
      firstMs,
      medianMs,
      perSecond: entries.length / (medianMs / 1000),
      /** The same, in CPU time (less sensitive to other processes on a shared machine). */
      cpuMedianMs: cpuTimes[Math.floor(cpuTimes.length / 2)],
      normaliseMs,
      parseMs: parseTimes.sort((a, b) => a - b)[Math.floor(parseTimes.length / 2)],
      summary: summarise(entries),
      ...(ruleCosts && { perRule: ruleCosts }),
    }),
  );
}

/** One rule's own cost (`engine --per-rule`). */
interface RuleCost {
  id: string;
  /** Its result entries over the whole spec (audit mode). */
  entries: number;
  /** CPU time of an audit-mode run of the engine with that rule alone, median. */
  auditMs: number;
  /** The same in validate mode (the rules' spec checks only). */
  validateMs: number;
}

/**
 * Each rule's own cost: the engine run with that rule alone (the engine's per-entry work included, so the sum is a
 * little more than a run with every rule), in audit and in validate mode, CPU time, medians of `iterations` after a
 * warm-up; most expensive first.
 */
function perRule(iterations: number, run: (rules: Rule[], mode: 'audit' | 'validate') => unknown[], rules: readonly Rule[]): RuleCost[] {
  const cpuMs = (f: () => unknown): number => {
    const c = process.cpuUsage();
    f();
    const u = process.cpuUsage(c);
    return (u.user + u.system) / 1000;
  };
  const median = (v: number[]) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  const rows = rules.map((rule): RuleCost => {
    const entries = run([rule], 'audit').length;
    run([rule], 'validate');
    const audit: number[] = [];
    const validate: number[] = [];
    for (let i = 0; i < iterations; i++) {
      audit.push(cpuMs(() => run([rule], 'audit')));
      validate.push(cpuMs(() => run([rule], 'validate')));
    }
    return { id: rule.meta.id, entries, auditMs: median(audit), validateMs: median(validate) };
  });
  return rows.sort((a, b) => b.auditMs - a.auditMs);
}

async function startProfile(): Promise<() => Promise<unknown>> {
  const { Session } = await import('node:inspector');
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return async () => ((await post('Profiler.stop')) as { profile: unknown }).profile;
}

const { command, flags } = args(process.argv.slice(2));
const commands: Record<string, (f: Map<string, string[]>) => Promise<void>> = { generate, fake, engine };
const run = commands[command];
if (!run) {
  console.error(`usage: harness <${Object.keys(commands).join('|')}> [flags]`);
  process.exit(2);
}
run(flags).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
