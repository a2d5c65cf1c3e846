// Regenerates docs/html-trend.png (shown in the README): the trend section of the demo's HTML report with the three
// earlier results of test/fixtures/history (`audit --history`), in headless Chromium. Needs `npm run build` and the
// Debian `chromium` package.
//   node scripts/screenshot-trend.mjs [out.png]
import { screenshotDemo } from './screenshot-demo.mjs';

await screenshotDemo({
  name: 'screenshot-trend',
  defaultOut: 'docs/html-trend.png',
  auditArgs: ['--history', 'test/fixtures/history'],
  viewport: { width: 1000, height: 900 },
  shoot: (page, out) => page.locator('#trend').screenshot({ path: out }),
});
