// Headless Chromium for the HTML report: the Debian `chromium` package driven by playwright-core, with a fresh empty
// profile and every background feature that could reach the network turned off. Used by the HTML report test and by
// scripts/screenshot-report.mjs and scripts/screenshot-trend.mjs (through scripts/screenshot-demo.mjs).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Where Chromium is: $SYNAML_CHROMIUM, else Debian's /usr/bin/chromium. */
export function chromiumPath() {
  return process.env.SYNAML_CHROMIUM || '/usr/bin/chromium';
}

export function chromiumAvailable() {
  return existsSync(chromiumPath());
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches Chromium with a new empty user data dir. Returns the browser context and a close() that also removes the
 * profile.
 */
export async function launchChromium(options = {}) {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(path.join(tmpdir(), 'synaml-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    offline: true,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
