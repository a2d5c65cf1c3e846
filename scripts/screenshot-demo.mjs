// The part scripts/screenshot-report.mjs and scripts/screenshot-trend.mjs share: render the demo's HTML report
// (fixtures/demo, audit date 2026-11-23) into a temporary directory with the built CLI, open it in headless Chromium
// and let the caller take the picture. Needs `npm run build` and the Debian `chromium` package.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromiumAvailable, chromiumPath, launchChromium } from './chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Writes a screenshot of the demo's HTML report to process.argv[2] (default `defaultOut`, relative to the repository).
 * `name` prefixes the messages; `auditArgs` are added to the audit command line; `shoot(page, out)` takes the picture.
 */
export async function screenshotDemo({ name, defaultOut, auditArgs = [], viewport, shoot }) {
  const out = path.resolve(root, process.argv[2] ?? defaultOut);
  if (!chromiumAvailable()) {
    console.error(`${name}: no Chromium at ${chromiumPath()} (apt-get install chromium, or set SYNAML_CHROMIUM)`);
    process.exit(1);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'synaml-screenshot-'));
  try {
    // The default --fail-on (error), as the README's command: the picture shows what the gate decided. The demo has
    // findings and unknowns, so the audit exits 3; anything but 0, 1 or 3 is a failure to make the report.
    const audit = spawnSync(
      process.execPath,
      [
        'dist/bin/synaml.mjs', 'audit', 'fixtures/demo/spec.yaml', '--snapshot', 'fixtures/demo/snapshot.json',
        '--now', '2026-11-23', '--format', 'html', '--output-dir', dir, ...auditArgs, '--quiet',
      ],
      { cwd: root, stdio: 'inherit' },
    );
    if (![0, 1, 3].includes(audit.status ?? -1)) throw new Error(`${name}: synaml audit exited ${audit.status ?? audit.signal}`);
    const browser = await launchChromium({ viewport });
    try {
      const page = await browser.context.newPage();
      await page.goto(pathToFileURL(path.join(dir, 'synaml.html')).href);
      await shoot(page, out);
      console.log(`${name}: wrote ${path.relative(root, out)}`);
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
