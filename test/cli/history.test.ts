// `synaml audit --history <dir>`: three earlier results (test/fixtures/history) and this run become a trend: an inline
// SVG chart in the HTML report (checked in headless Chromium: it renders, without the page's script too, and nothing
// errs) and a table in Markdown, the newest run last. A malformed earlier result is a located input error (exit 2).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../../scripts/chromium.mjs';
import { synaml } from './run.js';

const HISTORY = 'test/fixtures/history';
const dir = mkdtempSync(path.join(tmpdir(), 'synaml-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function auditWithHistory(out: string, history = HISTORY) {
  return synaml([
    'audit', 'fixtures/demo/spec.yaml', '--snapshot', 'fixtures/demo/snapshot.json', '--now', '2026-11-23',
    '--format', 'html,markdown,json', '--output-dir', out, '--history', history, '--fail-on', 'never',
  ]);
}

describe('audit --history', () => {
  const out = path.join(dir, 'reports');
  let run: ReturnType<typeof synaml>;
  beforeAll(() => {
    run = auditWithHistory(out);
  });

  it('reads the earlier results, skips what is not a result, and exits as without it', () => {
    expect(run.stderr).toContain(`${path.join(HISTORY, 'baseline.json')} is not a synaml result, skipped`);
    expect(run.code).toBe(0);
  });

  it('tabulates the trend in Markdown, oldest first, this run last, with the direction of each count', () => {
    const md = readFileSync(path.join(out, 'synaml.md'), 'utf8');
    const current = JSON.parse(readFileSync(path.join(out, 'synaml.json'), 'utf8')).summary;
    const table = md.slice(md.indexOf('### Trend (4 runs, newest last)'));
    const rows = table.split('\n').filter((l) => /^\| 2026-/.test(l));
    expect(rows).toEqual([
      '| 2026-11-02 | 12 | 8 | 0 |',
      '| 2026-11-09 | 16 ▲ | 5 ▼ | 2 ▲ |',
      '| 2026-11-16 | 9 ▼ | 2 ▼ | 2 |',
      `| 2026-11-23 (this run) | ${current.fail} ▲ | ${current.unknown} ▲ | ${current.waived} |`,
    ]);
  });

  it('draws an inline SVG in the HTML report: one line per count, a point per run, the same numbers as a table', () => {
    const html = readFileSync(path.join(out, 'synaml.html'), 'utf8');
    const svg = html.slice(html.indexOf('<svg id="trend-chart"'), html.indexOf('</svg>') + 6);
    expect(svg).toMatch(/^<svg id="trend-chart" xmlns="http:\/\/www\.w3\.org\/2000\/svg" role="img"/);
    expect(svg.match(/<polyline /g)).toHaveLength(3);
    expect(svg.match(/<circle /g)).toHaveLength(12);
    expect(svg).toContain('<title>2026-11-02: 12 fail</title>');
    expect(svg).toContain('>2026-11-23</text><text ');
    expect(svg).toContain('>(this run)</text>');
    expect(svg).not.toMatch(/<script|style=|href=/);
    expect(html.indexOf('id="trend"')).toBeLessThan(html.indexOf('id="findings-section"'));
  });

  it('without --history the reports have no trend', () => {
    const plain = path.join(dir, 'plain');
    expect(synaml(['audit', 'fixtures/demo/spec.yaml', '--snapshot', 'fixtures/demo/snapshot.json', '--now', '2026-11-23', '--format', 'html,markdown', '--output-dir', plain, '--fail-on', 'never']).code).toBe(0);
    expect(readFileSync(path.join(plain, 'synaml.html'), 'utf8')).not.toContain('<svg id="trend-chart"');
    expect(readFileSync(path.join(plain, 'synaml.md'), 'utf8')).not.toContain('### Trend');
  });

  it('a malformed earlier result is an input error at file:line:column, exit 2', () => {
    const bad = path.join(dir, 'bad-history');
    mkdirSync(bad);
    copyFileSync(path.join(HISTORY, 'run-2026-11-02.json'), path.join(bad, 'a.json'));
    writeFileSync(path.join(bad, 'b.json'), '{\n  "synamlResult": 1,\n  "tool": { "name": "synaml", "version": "0.1.0" },\n  "auditedAt": 7\n}\n');
    const r = auditWithHistory(path.join(dir, 'bad-out'), bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path.join(bad, 'b.json')}:`);
    expect(r.stderr).toMatch(/b\.json:\d+:\d+: invalid result/);
  });

  it('a --history directory that does not exist is an input error, exit 2', () => {
    const r = auditWithHistory(path.join(dir, 'none-out'), path.join(dir, 'no-such-dir'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read the --history directory');
  });
});

describe.skipIf(!chromiumAvailable())('the trend in headless Chromium', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  const out = path.join(dir, 'browser');
  beforeAll(async () => {
    expect(auditWithHistory(out).code).toBe(0);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('renders the chart with no script error, and without the page script as well', async () => {
    const errors: string[] = [];
    const page = await browser.context.newPage();
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => void errors.push(e.message));
    await page.goto(pathToFileURL(path.join(out, 'synaml.html')).href);
    const chart = page.locator('#trend-chart');
    expect(await chart.isVisible()).toBe(true);
    const box = await chart.boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(box!.height).toBeGreaterThan(100);
    // Each line is drawn: a polyline with a real length, its points where the counts say.
    const lengths = await page.$$eval('#trend-chart polyline', (lines) => lines.map((l) => (l as SVGPolylineElement).getTotalLength()));
    expect(lengths).toHaveLength(3);
    for (const length of lengths) expect(length).toBeGreaterThan(100);
    const failPoints = await page.$$eval('#trend-chart g[data-series="fail"] circle', (cs) => cs.map((c) => Number(c.getAttribute('cy'))));
    // More failures sit higher (smaller y): 2026-11-09 (16) above 2026-11-02 (12) above 2026-11-16 (9).
    expect(failPoints[1]!).toBeLessThan(failPoints[0]!);
    expect(failPoints[0]!).toBeLessThan(failPoints[2]!);
    await expect(page.locator('#trend-table tbody tr').count()).resolves.toBe(4);
    expect(errors).toEqual([]);
    await page.close();

    // The same page with its script removed: the chart is static markup and needs none.
    const html = readFileSync(path.join(out, 'synaml.html'), 'utf8');
    const withoutScript = path.join(out, 'no-script.html');
    writeFileSync(withoutScript, html.replace(/<script>[\s\S]*?<\/script>/, ''));
    expect(readFileSync(withoutScript, 'utf8')).not.toContain('<script');
    const plain = await browser.context.newPage();
    await plain.goto(pathToFileURL(withoutScript).href);
    expect(await plain.locator('#trend-chart').isVisible()).toBe(true);
    expect((await plain.locator('#trend-chart').boundingBox())!.height).toBeGreaterThan(100);
    expect(await plain.$$eval('#trend-chart polyline', (lines) => lines.map((l) => (l as SVGPolylineElement).getTotalLength() > 100))).toEqual([true, true, true]);
    await plain.close();
  });
});
