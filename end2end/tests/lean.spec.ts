import { test, expect, jsEnabled, hydrated } from './fixtures';
import type { Page } from '@playwright/test';

// The wasm is split by route (app/src/routes/lazy.rs): the public pages of the record load
// the main `kakehashi*.wasm` only; the account side, the rarely visited pages (history,
// API) and the insights section load their chunks (`split___*.wasm`, `chunk_*.wasm`) when a
// visitor goes there.

const PUBLIC_PAGES = [
  '/',
  '/activities?q=liver',
  '/activities/nagasaki-living-donor-liver-transplantation-kazakhstan',
  '/countries',
  '/countries/MN',
  '/organizations',
  '/organizations/nagasaki-university',
  '/no-such-page',
  '/ja',
  '/ja/activities?q=肝移植',
  '/ja/countries/VN',
];

const isMainWasm = (path: string) => /\/pkg\/kakehashi[^/]*\.wasm$/.test(path);

/** Every wasm file the page fetches from now on, by path. */
function wasmRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.wasm')) seen.push(path);
  });
  return seen;
}

test.beforeEach(({}, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'the wasm loads only with JavaScript');
});

for (const address of PUBLIC_PAGES) {
  test(`${address} loads the main wasm and no chunk of another page`, async ({ page }) => {
    const wasm = wasmRequests(page);
    await page.goto(address);
    await hydrated(page);
    expect(wasm.filter(isMainWasm)).toHaveLength(1);
    expect(wasm.filter((path) => !isMainWasm(path)), 'chunks a public page loaded').toEqual([]);
  });
}

test('walking through the public pages in the app loads no chunk', async ({ page }) => {
  const wasm = wasmRequests(page);
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activities' }).click();
  await expect(page).toHaveURL(/\/activities$/);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Countries' }).click();
  await expect(page).toHaveURL(/\/countries$/);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organisations' }).click();
  await expect(page).toHaveURL(/\/organizations$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(wasm.filter((path) => !isMainWasm(path))).toEqual([]);
});

test('the login page loads its own chunk, also when reached from a public page', async ({ page }) => {
  const wasm = wasmRequests(page);
  await page.goto('/activities');
  await hydrated(page);
  await page.getByRole('link', { name: 'Partner institutions: log in' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Log in' })).toBeVisible();
  await expect(page.getByLabel('Email')).toBeVisible();
  expect(wasm.some((path) => /\/split___login_view_[^/]*\.wasm$/.test(path)), wasm.join(', ')).toBe(true);
});

test('a first visit to the login page hydrates with its chunk', async ({ page }) => {
  const wasm = wasmRequests(page);
  await page.goto('/login');
  await hydrated(page);
  expect(wasm.some((path) => /\/split___login_view_[^/]*\.wasm$/.test(path)), wasm.join(', ')).toBe(true);
  // Hydrated: the language switch is a client-side link now and keeps the page.
  await page.getByRole('link', { name: /日本語/ }).click();
  await expect(page).toHaveURL(/\/ja\/login$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ログイン');
});

test('the insights pages load their own chunks, and only when visited', async ({ page }) => {
  const wasm = wasmRequests(page);
  await page.goto('/insights/flows');
  await hydrated(page);
  expect(wasm.some((path) => /\/split___insight_flows_view_[^/]*\.wasm$/.test(path)), wasm.join(', ')).toBe(true);
  expect(wasm.some((path) => /\/split___(login|dashboard|admin)_view_/.test(path)), wasm.join(', ')).toBe(false);
});

// The wasm waits for the first paint of the server-rendered page (BootScript in
// app/src/lib.rs), so on a slow link its download never holds that paint back. On loopback
// a wasm fetched as soon as the JS loads still comes after the paint now and then (7 times
// in 10 on /countries/MN here), so every public page is checked: one regression fails some.
for (const address of [...PUBLIC_PAGES, '/login']) {
  test(`${address} paints before its wasm is fetched`, async ({ page }) => {
    await page.goto(address);
    await hydrated(page);
    const { paint, wasm } = await page.evaluate(() => ({
      paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      wasm: performance
        .getEntriesByType('resource')
        .filter((entry) => new URL(entry.name).pathname.endsWith('.wasm'))
        .map((entry) => entry.startTime),
    }));
    expect(paint, 'first contentful paint').not.toBeNull();
    expect(wasm.length).toBeGreaterThan(0);
    expect(Math.min(...wasm), `wasm requested at ${wasm.join(', ')} ms, painted at ${paint} ms`).toBeGreaterThanOrEqual(paint!);
  });
}
