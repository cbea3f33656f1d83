import AxeBuilder from '@axe-core/playwright';
import { test, expect, jsEnabled, hydrated, markDocument, sameDocument } from './fixtures';
import { CountriesPage } from './pages/countries';

test('clicking a country on the map opens its page with the right institutions', async ({ page }) => {
  const map = new CountriesPage(page);
  await map.goto();
  await map.country('Mongolia').click();
  await expect(page).toHaveURL(/\/countries\/MN$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mongolia');
  const japanese = page.getByRole('region', { name: 'Japanese institutions' });
  await expect(japanese.getByRole('link', { name: "Tokyo Women's Medical University" })).toBeVisible();
  const local = page.getByRole('region', { name: 'Partner institutions in the country' });
  await expect(local.getByRole('link', { name: 'Mongolian Cancer Center' })).toBeVisible();
});

test('keyboard: Tab reaches the countries on the map and Enter opens one', async ({ page }) => {
  const map = new CountriesPage(page);
  await map.goto();
  await page.getByRole('button', { name: 'Apply filters' }).focus();
  let label: string | null = null;
  for (let i = 0; i < 10 && !label; i++) {
    await page.keyboard.press('Tab');
    label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
    if (label && !/: \d+ activit/.test(label)) label = null;
  }
  expect(label, 'a map country took the focus').not.toBeNull();
  const name = label!.split(':')[0];
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/countries\/[A-Z]{2}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
});

test('a filter changes the shading, and the table agrees', async ({ page }) => {
  const map = new CountriesPage(page);
  await map.goto();
  const vietnamBefore = await map.fillOf('Vietnam');
  await expect(map.country('Zambia')).toBeVisible();
  await page.getByLabel('Medical field').selectOption({ label: 'Liver transplantation' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/field=liver-transplantation/);
  await expect(map.country('Zambia')).toHaveCount(0);
  await expect(map.country('Georgia')).toBeVisible();
  expect(await map.fillOf('Vietnam')).not.toBe(vietnamBefore);
  await expect(map.table.getByRole('row', { name: /Georgia/ })).toContainText('1');
  await expect(map.table.getByRole('row', { name: /Zambia/ })).toHaveCount(0);
  await page.getByRole('link', { name: 'Clear filters' }).click();
  await expect(map.country('Zambia')).toBeVisible();
});

test('with JavaScript, filters apply in place: the map is redrawn without loading the page, and Back returns', async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'without JavaScript the browser sends the form (the test above)');
  const map = new CountriesPage(page);
  await map.goto();
  await hydrated(page);
  await markDocument(page);
  await page.getByLabel('Medical field').selectOption({ label: 'Liver transplantation' });
  await page.getByLabel('Status').selectOption({ label: 'Completed' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  // The canonical address: only the fields chosen, none of the empty ones.
  await expect(page).toHaveURL(/\/countries\?field=liver-transplantation&status=completed$/);
  await expect(map.country('Zambia')).toHaveCount(0);
  await expect(map.country('Georgia')).toBeVisible();
  await expect(map.table.getByRole('row', { name: /Zambia/ })).toHaveCount(0);
  await expect(page.getByLabel('Medical field')).toHaveValue('liver-transplantation');
  expect(await sameDocument(page)).toBe(true);
  await page.goBack();
  await expect(page).toHaveURL(/\/countries$/);
  await expect(map.country('Zambia')).toBeVisible();
  expect(await sameDocument(page)).toBe(true);
});

test('the table sorts by name and by count', async ({ page }) => {
  const map = new CountriesPage(page);
  await map.goto();
  const firstRow = map.table.locator('tbody tr').first();
  await expect(firstRow).toContainText('Vietnam');
  await map.table.getByRole('link', { name: 'Country' }).click();
  await expect(page).toHaveURL(/sort=name/);
  await expect(firstRow).toContainText('Bolivia');
});

test('a country without activities is a friendly page; an unknown code is 404', async ({ page }) => {
  const ok = await page.goto('/countries/FR');
  expect(ok?.status()).toBe(200);
  await expect(page.getByText('No activity in the record takes place in this country yet.')).toBeVisible();
  const missing = await page.goto('/countries/XX');
  expect(missing?.status()).toBe(404);
});

test('the Japanese map is Japanese', async ({ page }) => {
  await page.goto('/ja/countries');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('国別の協力');
  await expect(page.getByRole('link', { name: /^モンゴル：\d+件$/ })).toBeVisible();
  await expect(page.getByRole('table').getByRole('link', { name: 'カザフスタン' })).toBeVisible();
});

test('with JavaScript, pointing at a country shows its count without re-rendering the map', async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'the readout is an enhancement; the labels and table serve without JavaScript');
  const map = new CountriesPage(page);
  await map.goto();
  await hydrated(page);
  await map.map.evaluate((svg) => svg.setAttribute('data-original', 'yes'));
  await map.country('Mongolia').hover();
  await expect(map.readout).toHaveText('Mongolia: 4 activities');
  await map.country('Kazakhstan').focus();
  await expect(map.readout).toHaveText(/^Kazakhstan: \d+ activities$/);
  await expect(map.map).toHaveAttribute('data-original', 'yes');
});

test('with JavaScript, arriving by in-app navigation still draws the map', async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'without JavaScript every visit is a server render');
  await page.goto('/activities');
  await hydrated(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Countries' }).click();
  await expect(page).toHaveURL(/\/countries$/);
  await expect(new CountriesPage(page).country('Mongolia')).toBeVisible();
});

for (const path of ['/countries', '/countries/MN', '/ja/countries/VN', '/']) {
  test(`accessibility audit of ${path}: no serious or critical violations`, async ({ page }, testInfo) => {
    test.skip(!jsEnabled(testInfo), 'axe runs as a script in the page; the markup audited is the same server render');
    await page.goto(path);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  });
}

test('phone width: the map page fits the screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/countries');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
