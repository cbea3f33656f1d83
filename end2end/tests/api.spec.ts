import AxeBuilder from '@axe-core/playwright';
import { test, expect, jsEnabled, hydrated } from './fixtures';

// A developer reads /api, follows its examples, and gets JSON from the site itself.

for (const [path, heading, operations] of [
  ['/api', 'Open data: the API and exports', 'The API'],
  ['/ja/api', 'オープンデータ：APIとエクスポート', 'API'],
] as const) {
  test(`${path} explains the API and every example answers JSON`, async ({ page }, testInfo) => {
    await page.goto(path);
    if (jsEnabled(testInfo)) await hydrated(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(page.getByRole('heading', { level: 2, name: operations, exact: true })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'OpenAPI' })).toBeVisible();
    const examples = page.locator('a[href^="/api/v1/"]');
    const hrefs = await examples.evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    expect(hrefs).toContain('/api/v1/openapi.json');
    expect(hrefs.length).toBeGreaterThanOrEqual(9);
    for (const href of hrefs) {
      const r = await page.request.get(href);
      expect(r.status(), href).toBe(href.includes('per_page=500') ? 400 : 200);
      expect(r.headers()['content-type'], href).toBe('application/json');
      expect(await r.json(), href).toBeTruthy();
    }
  });
}

test('an example link opens the JSON itself, not a page of the site', async ({ page }, testInfo) => {
  await page.goto('/api');
  if (jsEnabled(testInfo)) await hydrated(page);
  await page.getByRole('link', { name: '/api/v1/countries/VN', exact: true }).click();
  await expect(page).toHaveURL(/\/api\/v1\/countries\/VN$/);
  await expect(page.locator('body')).toContainText('"code":"VN"');
});

test('the footer leads to the API page in the page language', async ({ page }, testInfo) => {
  await page.goto('/ja/activities');
  if (jsEnabled(testInfo)) await hydrated(page);
  await page.getByRole('contentinfo').getByRole('link', { name: 'オープンデータ：APIとエクスポート' }).click();
  await expect(page).toHaveURL(/\/ja\/api$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('オープンデータ：APIとエクスポート');
});

test('accessibility audit of /api: no serious or critical violations', async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'axe runs as a script in the page; the markup audited is the same server render');
  await page.goto('/api');
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
});
