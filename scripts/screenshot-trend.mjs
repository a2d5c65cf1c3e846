// Regenerates docs/html-trend.png (shown in the README): the trend section of the demo's HTML report with the three
// earlier results of test/fixtures/history (`audit --history`), in headless Chromium. Needs `npm run build` and the
// Debian `chromium` package.
//   node scripts/screenshot-trend.mjs [out.png]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromiumAvailable, chromiumPath, launchChromium } from './chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.resolve(root, process.argv[2] ?? 'docs/html-trend.png');
if (!chromiumAvailable()) {
  console.error(`screenshot-trend: no Chromium at ${chromiumPath()} (apt-get install chromium, or set SYNAML_CHROMIUM)`);
  process.exit(1);
}
const dir = mkdtempSync(path.join(tmpdir(), 'synaml-screenshot-'));
try {
  execFileSync(
    process.execPath,
    [
      'dist/bin/synaml.mjs', 'audit', 'fixtures/demo/spec.yaml', '--snapshot', 'fixtures/demo/snapshot.json',
      '--now', '2026-11-23', '--format', 'html', '--output-dir', dir, '--history', 'test/fixtures/history',
      '--fail-on', 'never', '--quiet',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  const browser = await launchChromium({ viewport: { width: 1000, height: 900 } });
  try {
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(path.join(dir, 'synaml.html')).href);
    await page.locator('#trend').screenshot({ path: out });
    console.log(`screenshot-trend: wrote ${path.relative(root, out)}`);
  } finally {
    await browser.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
