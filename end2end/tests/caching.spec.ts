import { test, expect, jsEnabled, hydrated } from './fixtures';
import type { CDPSession, Page } from '@playwright/test';

// A return visit transfers only the HTML: the stylesheet, the script and the wasm carry their
// content hash in their names and are kept by the browser for a year (`immutable`), so the
// second page of a visit takes them from the browser's cache without asking the server.
// What reached the network is read from Chromium's own view (DevTools protocol), because a
// cached answer looks like any other in Playwright's `response` events.

type Seen = { url: string; fromCache: boolean; status?: number; cacheControl?: string };

/** Records every request the page makes, and whether the cache answered it. */
async function watchNetwork(page: Page): Promise<{ cdp: CDPSession; seen: Map<string, Seen> }> {
  const cdp = await page.context().newCDPSession(page);
  const seen = new Map<string, Seen>();
  cdp.on('Network.requestWillBeSent', (e) => {
    seen.set(e.requestId, { url: e.request.url, fromCache: false });
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    const entry = seen.get(e.requestId);
    if (entry) entry.fromCache = true;
  });
  cdp.on('Network.responseReceived', (e) => {
    const entry = seen.get(e.requestId);
    if (!entry) return;
    entry.status = e.response.status;
    entry.cacheControl = e.response.headers['cache-control'] ?? e.response.headers['Cache-Control'];
    if (e.response.fromDiskCache || e.response.fromPrefetchCache || e.response.fromServiceWorker) {
      entry.fromCache = true;
    }
  });
  await cdp.send('Network.enable');
  return { cdp, seen };
}

const kind = (url: string) => {
  const path = new URL(url).pathname;
  if (!path.startsWith('/pkg/')) return null;
  return path.match(/\.(css|js|wasm)$/)?.[1] ?? 'other';
};

async function settle(page: Page, js: boolean) {
  if (js) await hydrated(page);
  await page.waitForLoadState('networkidle');
}

test('a second page takes the stylesheet, script and wasm from the browser cache', async ({ page }, testInfo) => {
  const js = jsEnabled(testInfo);
  const { seen } = await watchNetwork(page);

  await page.goto('/');
  await settle(page, js);
  // The first visit fetched them from the server, and was told to keep them.
  // Without JavaScript Chromium starts the script's modulepreload and drops it unanswered:
  // only answered requests count.
  const first = [...seen.values()].filter((r) => kind(r.url) && !r.fromCache && r.status !== undefined);
  const firstKinds = new Set(first.map((r) => kind(r.url)));
  for (const expected of js ? ['css', 'js', 'wasm'] : ['css']) {
    expect(firstKinds.has(expected), `${expected} fetched: ${JSON.stringify(first)}`).toBe(true);
  }
  for (const r of first) {
    expect(r.status, r.url).toBe(200);
    expect(new URL(r.url).pathname, 'a hashed name').toMatch(/\.[A-Za-z0-9_-]{22}\.(css|js|wasm)$/);
    expect(r.cacheControl, r.url).toBe('public, max-age=31536000, immutable');
  }

  seen.clear();
  await page.goto('/countries/MN');
  await settle(page, js);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Mongolia');
  const all = [...seen.values()];
  const doc = all.find((r) => new URL(r.url).pathname === '/countries/MN');
  expect(doc?.fromCache, 'the page itself comes from the server').toBe(false);
  const second = all.filter((r) => kind(r.url));
  // The second page asked for the same files (so the check below means something) ...
  const secondKinds = new Set(second.map((r) => kind(r.url)));
  for (const expected of js ? ['css', 'js', 'wasm'] : ['css']) {
    expect(secondKinds.has(expected), `${expected} asked for: ${JSON.stringify(all)}`).toBe(true);
  }
  // ... and the cache answered every one: no request, not even a revalidation (304).
  const fromNetwork = second
    .filter((r) => !r.fromCache && r.status !== undefined)
    .map((r) => `${r.url} (${r.status})`);
  expect(fromNetwork, 'no static file reached the network').toEqual([]);
});

test('a page seen before answers 304 to the browser revalidating it', async ({ page }) => {
  const first = await page.goto('/organizations');
  expect(first?.status()).toBe(200);
  const tag = first?.headers()['etag'];
  expect(tag).toMatch(/^W\/"/);
  expect(first?.headers()['cache-control']).toBe('no-cache');
  const again = await page.request.get('/organizations', { headers: { 'If-None-Match': tag! } });
  expect(again.status()).toBe(304);
  expect((await again.body()).length).toBe(0);
});
