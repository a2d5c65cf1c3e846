// The HTML report in a real browser (headless Chromium, Debian's `chromium` driven by playwright-core): the demo's
// report renders its summary, filters and sorts, shows hostile text as text, loads nothing from the network, and
// prints. Outside CI the suite is skipped, saying why, when Chromium is not installed; in CI (CI=true) a missing
// Chromium fails it — .ci/run installs it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/engine/types.js';
import { audit, snapshotSource } from '../../src/index.js';
import { renderHtml } from '../../src/reporters/html.js';
import { rules } from '../../rules/index.js';
import { chromiumAvailable, chromiumPath, launchChromium } from '../../scripts/chromium.mjs';
import { hostileResult, XSS } from './fixture.js';

const inCi = process.env['CI'] === 'true';
const available = chromiumAvailable();
if (!available && !inCi) {
  console.warn(`html-browser.test.ts: SKIPPED — no Chromium at ${chromiumPath()} (apt-get install chromium, or set SYNAML_CHROMIUM)`);
}

describe('html report: Chromium is there in CI', () => {
  it.runIf(inCi)('finds Chromium (CI=true: a missing browser is a failure, not a skip)', () => {
    expect(available, `no Chromium at ${chromiumPath()}: .ci/run installs the Debian package`).toBe(true);
  });
});

const metas = rules.map((r) => r.meta);

describe.skipIf(!available)('html report in headless Chromium', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'synaml-html-'));
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let demo: AuditResult;
  /** What the page lists: failures and unknowns (passes and not-applicable entries are counted, not listed). */
  let findings: AuditResult['results'];

  beforeAll(async () => {
    demo = await audit('fixtures/demo/spec.yaml', { now: new Date('2026-11-23T00:00:00Z'), estateSource: snapshotSource('fixtures/demo/snapshot.json') });
    findings = demo.results.filter((e) => e.outcome === 'fail' || e.outcome === 'unknown');
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(context: BrowserContext, name: string, html: string): Promise<Page> {
    const file = path.join(dir, name);
    writeFileSync(file, html);
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    return page;
  }

  const visibleRows = (page: Page) =>
    page.$$eval('#findings tbody tr', (rows) => rows.filter((r) => !(r as HTMLElement).hidden).map((r) => ({ severity: r.getAttribute('data-severity'), status: r.getAttribute('data-status'), rule: r.getAttribute('data-rule') })));

  it('renders the summary of the demo', async () => {
    const page = await open(browser.context, 'demo.html', renderHtml(demo, { rules: metas }));
    const s = demo.summary;
    await expect(page.locator('h1').textContent()).resolves.toBe('synaml audit report');
    // Under the default --fail-on error, the demo's failed warnings and notes are reported, not failing.
    const failing = demo.results.filter((e) => e.outcome === 'fail' && !e.waived && e.severity === 'error').length;
    await expect(page.locator('#verdict').textContent()).resolves.toBe(
      `Incomplete (--fail-on error, exit 3): ${s.unknown} unknown, ${failing} failing; ${s.fail - failing} reported, not failing`,
    );
    expect(await page.locator('#verdict').isVisible()).toBe(true);
    await expect(page.locator('#summary p').first().textContent()).resolves.toContain(
      `${s.pass} pass, ${s.fail} fail, ${s.notApplicable} not applicable, ${s.unknown} unknown, ${s.waived} waived`,
    );
    const integrations = await page.$$eval('#integrations tbody th', (ths) => ths.map((th) => th.textContent));
    expect(integrations).toEqual(['analytics-prod', 'research-dev', 'marketing-ml']);
    await expect(page.locator('#findings-count').textContent()).resolves.toBe(`${findings.length} of ${findings.length} findings shown`);
    await page.close();
  });

  it('filters by severity, outcome and rule, hiding the other rows', async () => {
    const page = await open(browser.context, 'filter.html', renderHtml(demo, { rules: metas }));
    await page.selectOption('#filter-severity', 'warning');
    const warnings = await visibleRows(page);
    const expected = findings.filter((e) => e.severity === 'warning').length;
    expect(warnings).toHaveLength(expected);
    expect(warnings.every((r) => r.severity === 'warning')).toBe(true);
    const hiddenErrors = await page.$$eval('#findings tbody tr[data-severity="error"]', (rows) => rows.every((r) => (r as HTMLElement).hidden && getComputedStyle(r).display === 'none'));
    expect(hiddenErrors).toBe(true);
    await expect(page.locator('#findings-count').textContent()).resolves.toBe(`${expected} of ${findings.length} findings shown`);

    await page.selectOption('#filter-severity', '');
    await page.selectOption('#filter-status', 'unknown');
    await page.selectOption('#filter-rule', 'SA002');
    const unknownSa002 = await visibleRows(page);
    expect(unknownSa002.length).toBeGreaterThan(0);
    expect(unknownSa002.every((r) => r.status === 'unknown' && r.rule === 'SA002')).toBe(true);

    await page.selectOption('#filter-status', '');
    await page.selectOption('#filter-rule', '');
    await page.fill('#filter-text', 'syn-marketing');
    const marketing = await visibleRows(page);
    expect(marketing.length).toBeGreaterThan(0);
    expect(marketing.length).toBeLessThan(demo.results.length);
    await page.close();
  });

  it('sorts by a column when its header is clicked', async () => {
    const page = await open(browser.context, 'sort.html', renderHtml(demo, { rules: metas }));
    await page.click('#findings thead th:nth-child(3) button');
    await expect(page.locator('#findings thead th:nth-child(3)').getAttribute('aria-sort')).resolves.toBe('ascending');
    const ascending = (await visibleRows(page)).map((r) => r.rule!);
    expect(ascending).toEqual([...ascending].sort());
    await page.click('#findings thead th:nth-child(3) button');
    const descending = (await visibleRows(page)).map((r) => r.rule!);
    expect(descending).toEqual([...ascending].sort().reverse());
    await page.close();
  });

  it(`shows a resource named ${XSS} as text: no element, no dialog`, async () => {
    let dialogs = 0;
    const context = browser.context;
    const page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs += 1;
      void d.dismiss();
    });
    const file = path.join(dir, 'hostile.html');
    writeFileSync(file, renderHtml(hostileResult(), { rules: metas }));
    await page.goto(pathToFileURL(file).href);
    await page.selectOption('#filter-rule', 'SA001'); // the script runs over hostile rows too
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('svg').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    const message = page.getByText(`Workspace ${XSS} has data exfiltration protection enabled.`);
    await message.waitFor({ state: 'visible', timeout: 5_000 });
    expect(await message.isVisible()).toBe(true);
    await expect(page.locator('#findings .resource span').first().textContent()).resolves.toBe(`workspaces/${XSS}`);
    expect(await page.locator('code').first().textContent()).toBe(`specs/${XSS}.yaml`);
    await page.waitForTimeout(200);
    expect(dialogs).toBe(0);
    await page.close();
  });

  it('loads nothing but the file itself, and the CSP blocks nothing of its own', async () => {
    const requests: string[] = [];
    const errors: string[] = [];
    const page = await browser.context.newPage();
    page.on('request', (r) => void requests.push(r.url()));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => void errors.push(e.message));
    const file = path.join(dir, 'network.html');
    writeFileSync(file, renderHtml(demo, { rules: metas }));
    await page.goto(pathToFileURL(file).href);
    await page.selectOption('#filter-severity', 'error');
    await page.click('#findings thead th:nth-child(2) button');
    await page.locator('#findings details summary').first().click();
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(errors).toEqual([]); // a CSP violation (style or script refused) would be logged here
    const styled = await page.$eval('.verdict', (el) => getComputedStyle(el).fontWeight);
    expect(styled).toBe('600'); // the inline style applied
    await page.close();
  });

  it('prints without the controls, and saves a screenshot', async () => {
    const page = await open(browser.context, 'print.html', renderHtml(demo, { rules: metas }));
    const shot = path.join(dir, 'report.png');
    await page.screenshot({ path: shot });
    const png = readFileSync(shot);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.length).toBeGreaterThan(10_000);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.filters').isVisible()).toBe(false);
    expect(await page.locator('#findings').isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });
});
