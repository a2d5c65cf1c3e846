// Reports at scale: a snapshot audit of the bench's generated estate (test/scale/generate.ts; large: 2,000
// workspaces) writing all six formats, as a nightly job would. Measures the CLI's peak RSS, each report's size, and
// how long the HTML report takes to open in headless Chromium (to its `load` event, against an empty page loaded the
// same way); then how fast the JSON report is written, against JSON.stringify and a raw write of the same bytes to the
// same disk (scripts/bench-json-write.mjs). Part of `npm run bench`; runnable alone, without the live audit (about a
// minute once the estate exists):
//
//   npm run build && node scripts/bench-reports.mjs [--size small|medium|large] [--seed n] [--no-write]
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { bundleHarness, cli, fmt, generatedEstate, ROOT, run, verdict, writeBenchmarkBlock } from './bench-kit.mjs';
import { JSON_WRITE_TARGET } from './bench-json-write.mjs';

export const REPORT_TARGETS = { rssMiB: 400, htmlBytes: 5 * 1024 * 1024, htmlOpenMs: 3000 };
const FORMATS = 'table,json,sarif,junit,markdown,html';
/** Past this, the page is reported as not opening at all. */
const OPEN_TIMEOUT_MS = 60_000;

/** Milliseconds from navigation to the `load` event of `url` in a fresh page, and of an empty page before it. */
async function openInChromium(url) {
  const { chromiumAvailable, launchChromium } = await import('./chromium.mjs');
  if (!chromiumAvailable()) return undefined;
  const { context, close } = await launchChromium();
  try {
    const time = async (target) => {
      const page = await context.newPage();
      const started = performance.now();
      try {
        await page.goto(target, { waitUntil: 'load', timeout: OPEN_TIMEOUT_MS });
      } catch (error) {
        if (error?.name !== 'TimeoutError') throw error;
        await page.close();
        return { ms: OPEN_TIMEOUT_MS, timedOut: true };
      }
      const ms = performance.now() - started;
      const rows = await page.evaluate(() => document.querySelectorAll('tr').length);
      await page.close();
      return { ms, rows };
    };
    const blank = join(ROOT, 'node_modules', '.cache', 'synaml-bench', 'blank.html');
    writeFileSync(blank, '<!doctype html><title>blank</title>');
    const empty = await time(pathToFileURL(blank).href);
    const report = await time(url);
    return { emptyMs: empty.ms, ms: report.ms, rows: report.rows, timedOut: report.timedOut === true };
  } finally {
    await close();
  }
}

/** The six-format snapshot audit of a generated estate: peak RSS, wall time, sizes, the HTML in Chromium. */
export async function measureReports({ dir, meta }) {
  const out = join(dir, 'reports');
  rmSync(out, { recursive: true, force: true });
  const run = await cli(['audit', join(dir, 'spec.yaml'), '--snapshot', join(dir, 'snapshot.json'), '--now', meta.now, '--format', FORMATS, '--output-dir', out, '--fail-on', 'never', '--quiet']);
  if (run.code !== 0) throw new Error(`the six-format audit exited ${run.code}: ${run.stderr.slice(0, 2000)}`);
  const sizes = Object.fromEntries(readdirSync(out).map((f) => [f, statSync(join(out, f)).size]));
  const html = Object.keys(sizes).find((f) => f.endsWith('.html'));
  const chromium = html ? await openInChromium(pathToFileURL(join(out, html)).href) : undefined;
  const jsonWrite = await measureJsonWrite(dir);
  return { wallMs: run.ms, maxRssMiB: run.maxRssMiB, sizes, html, htmlBytes: html ? sizes[html] : undefined, chromium, jsonWrite, integrations: meta.integrations };
}

/** The JSON report's writer against JSON.stringify + a raw write of the same bytes, in a process of its own. */
async function measureJsonWrite(dir) {
  const r = await run(process.execPath, [join(ROOT, 'scripts', 'bench-json-write.mjs'), dir, '--runs', '5']);
  if (r.code !== 0) throw new Error(`bench-json-write exited ${r.code}: ${r.stderr.slice(0, 2000)}`);
  const figures = JSON.parse(r.stdout.trim().split('\n').pop());
  if (!figures.identical) throw new Error("bench-json-write: the writer's file is not the JSON report's text");
  return figures;
}

/** Table rows (for the bench's targets table) and/or the detail lines. */
export function renderReports(r, { tableRowsOnly = false, detailOnly = false } = {}) {
  const t = REPORT_TARGETS;
  const rows = [
    `| reports, all six formats: peak RSS ≤ ${t.rssMiB} MiB | ${fmt(r.maxRssMiB ?? 0, 0)} MiB | ${t.rssMiB} MiB | ${verdict((r.maxRssMiB ?? Infinity) <= t.rssMiB)} |`,
    `| HTML report ≤ 5 MB | ${fmt((r.htmlBytes ?? 0) / 1024 / 1024, 1)} MiB | 5 MiB | ${verdict((r.htmlBytes ?? Infinity) <= t.htmlBytes)} |`,
    r.chromium
      ? `| HTML opens in headless Chromium < 3 s | ${r.chromium.timedOut ? `not loaded after ${fmt(r.chromium.ms / 1000, 0)} s` : `${fmt(r.chromium.ms / 1000, 2)} s`} (an empty page: ${fmt(r.chromium.emptyMs / 1000, 2)} s; ${r.chromium.timedOut ? '>' : ''}${fmt(r.chromium.ms / r.chromium.emptyMs, 0)}×) | 3 s | ${verdict(!r.chromium.timedOut && r.chromium.ms < t.htmlOpenMs)} |`
      : '| HTML opens in headless Chromium < 3 s | not measured: no Chromium (SYNAML_CHROMIUM) | 3 s | — |',
  ];
  const w = r.jsonWrite;
  if (w) {
    rows.push(
      `| JSON report written at disk speed: ≤ ${JSON_WRITE_TARGET}× JSON.stringify + a raw write of the same bytes | ` +
        `${fmt(w.ratio, 2)}× (${fmt(w.writer.wallMs, 0)} ms vs ${fmt(w.stringify.wallMs, 0)} + ${fmt(w.raw.wallMs, 0)} ms, medians of ${w.runs}; CPU ${fmt(w.cpuRatio, 2)}×); ` +
        `${fmt(w.writer.mbps, 0)} MB/s against the disk's ${fmt(w.raw.mbps, 0)} MB/s for ${fmt(w.bytes / 1024 / 1024, 1)} MiB | ${JSON_WRITE_TARGET}× | ${verdict(w.ratio <= JSON_WRITE_TARGET)} |`,
    );
  }
  const detail = [
    `Reports: \`synaml audit --snapshot\` of the same ${fmt(r.integrations)}-integration estate with \`--format ${FORMATS}\` took ${fmt(r.wallMs / 1000, 1)} s; ` +
      `sizes: ${Object.entries(r.sizes).map(([f, n]) => `${f} ${fmt(n / 1024 / 1024, 1)} MiB`).join(', ')}.`,
  ];
  if (tableRowsOnly) return rows;
  if (detailOnly) return detail;
  return ['| target | measured | target | verdict |', '|---|---|---|---|', ...rows, '', ...detail];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const argv = process.argv.slice(2);
  const value = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
  const size = value('--size', 'large');
  const seed = Number(value('--seed', '20261123'));
  if (!existsSync(join(ROOT, 'dist/bin/synaml.mjs'))) {
    console.error('bench: dist/bin/synaml.mjs is missing: run `npm run build` first');
    process.exit(2);
  }
  const log = (line) => process.stderr.write(`bench: ${line}\n`);
  const harnessFile = await bundleHarness();
  const { dir, meta } = await generatedEstate(harnessFile, { size, seed }, log);
  log(`reports: ${fmt(meta.integrations)} integrations, all six formats`);
  const r = await measureReports({ dir, meta });
  const report = [
    `Measured ${new Date().toISOString().slice(0, 10)}, Node ${process.version}; size **${size}** (seed ${seed}).`,
    '',
    ...renderReports(r),
  ].join('\n');
  process.stdout.write(`${report}\n`);
  if (!argv.includes('--no-write')) writeBenchmarkBlock(`reports:${size}`, `Reports: ${size}`, report);
}
