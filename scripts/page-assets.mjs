// Opens each address given on the command line in headless Chromium (JavaScript on), waits
// until the page has hydrated, and prints one line per address: the address, then every
// script and wasm path it fetched from the site, tab-separated. Used by size-report.sh.
//
// Usage: node scripts/page-assets.mjs http://127.0.0.1:3193 / /activities?q=liver ...
import { chromium } from '../end2end/node_modules/playwright/index.mjs';

const [base, ...addresses] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic'],
});
try {
  for (const address of addresses) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const fetched = new Set();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin === new URL(base).origin && /\.(js|wasm)$/.test(url.pathname)) {
        fetched.add(url.pathname);
      }
    });
    await page.goto(base + address);
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: 30_000 });
    // Chunks a page needs are fetched before it hydrates; give stragglers a moment.
    await page.waitForLoadState('networkidle');
    console.log([address, ...[...fetched].sort()].join('\t'));
    await context.close();
  }
} finally {
  await browser.close();
}
