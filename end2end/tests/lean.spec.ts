import { test, expect, jsEnabled, hydrated, markDocument, sameDocument } from './fixtures';
import type { Page } from '@playwright/test';

// The wasm is split by route (app/src/routes/lazy.rs): the public pages, drawn on the server
// (app/src/routes/drawn.rs), load the main `kakehashi*.wasm` only; the account side loads
// its chunks (`split___*.wasm`, `chunk_*.wasm`) when a visitor goes there, one group at a
// time (signing in, an editor's pages, moderation).

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
  '/insights',
  '/insights/flows',
  '/ja/insights/trends',
  '/about',
  '/api',
  '/activities/nagasaki-living-donor-liver-transplantation-kazakhstan/history',
  '/activities/nagasaki-living-donor-liver-transplantation-kazakhstan/v/1',
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
  expect(wasm.some((path) => /\/split___account_pages_view_[^/]*\.wasm$/.test(path)), wasm.join(', ')).toBe(true);
  expect(wasm.some((path) => /\/split___(partner|moderation)_pages_view_/.test(path)), wasm.join(', ')).toBe(false);
});

test('a first visit to the login page hydrates with its chunk', async ({ page }) => {
  const wasm = wasmRequests(page);
  await page.goto('/login');
  await hydrated(page);
  expect(wasm.some((path) => /\/split___account_pages_view_[^/]*\.wasm$/.test(path)), wasm.join(', ')).toBe(true);
  // Hydrated: the language switch is a client-side link now and keeps the page.
  await page.getByRole('link', { name: /日本語/ }).click();
  await expect(page).toHaveURL(/\/ja\/login$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ログイン');
});

/** The pages the browser asked the server to draw (`/api/draw_page`), from now on. */
function drawRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/draw_page') seen.push(page.url());
  });
  return seen;
}

test('a page the server rendered is not drawn again when it hydrates', async ({ page }) => {
  for (const address of PUBLIC_PAGES) {
    const draws = drawRequests(page);
    await page.goto(address);
    await hydrated(page);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(draws, `draw requests on ${address}`).toEqual([]);
  }
});

test('in the app, each page is one request for its drawing, and it shows', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  const draws = drawRequests(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Countries' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Countries with activities' })).toBeVisible();
  expect(draws).toHaveLength(1);
  await markDocument(page);
  // A country on the map: an SVG link, which the page itself keeps in the app.
  await page.locator('.map a[aria-label^="Mongolia"]').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mongolia' })).toBeVisible();
  await expect(page).toHaveTitle(/^Mongolia — Kakehashi$/);
  expect(await sameDocument(page)).toBe(true);
  expect(draws).toHaveLength(2);
  // A link of the drawn markup: the router takes it.
  await page.getByRole('link', { name: 'Countries', exact: true }).last().click();
  await page.getByRole('table').getByRole('link', { name: 'Vietnam' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Vietnam' })).toBeVisible();
  expect(await sameDocument(page)).toBe(true);
  expect(draws).toHaveLength(4);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Insights' }).click();
  await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible();
  expect(draws).toHaveLength(5);
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
