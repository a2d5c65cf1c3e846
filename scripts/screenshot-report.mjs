// Regenerates docs/html-report.png (shown in the README): the HTML report of the demo (fixtures/demo, audit date
// 2026-11-23) in headless Chromium. Needs `npm run build` and the Debian `chromium` package.
//   node scripts/screenshot-report.mjs [out.png]
import { screenshotDemo } from './screenshot-demo.mjs';

await screenshotDemo({
  name: 'screenshot-report',
  defaultOut: 'docs/html-report.png',
  viewport: { width: 1280, height: 1000 },
  shoot: (page, out) => page.screenshot({ path: out, fullPage: false }),
});
