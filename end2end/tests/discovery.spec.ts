import { test, expect, jsEnabled, hydrated } from './fixtures';
import { SearchPage } from './pages/search';

test('a facet narrows the results and its count matches', async ({ page }, testInfo) => {
  const search = new SearchPage(page);
  await page.goto('/activities?q=liver');
  const facet = page.getByRole('group', { name: 'Country' }).getByRole('checkbox', { name: /Kazakhstan/ });
  const label = await page.locator('label', { has: page.locator('.count') }).filter({ hasText: 'Kazakhstan' }).innerText();
  const expected = Number(label.replace(/\D+/g, ''));
  if (jsEnabled(testInfo)) await hydrated(page);
  await facet.check();
  // With JavaScript the change alone leads to the narrowed view; without, the panel is a
  // form: apply it.
  if (!jsEnabled(testInfo)) await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/q=liver&country=KZ/);
  await expect(search.summary).toHaveText(`${expected} ${expected === 1 ? 'result' : 'results'} for “liver”`);
  await expect(search.results).toHaveCount(expected);
  await expect(page.getByRole('link', { name: 'Remove filter: Kazakhstan' })).toBeVisible();
});

test('removing a filter chip and the back button restore the previous results', async ({ page }) => {
  const search = new SearchPage(page);
  await page.goto('/activities?q=liver');
  const before = await search.summary.innerText();
  await page.goto('/activities?q=liver&country=KZ');
  const narrowed = await search.summary.innerText();
  expect(narrowed).not.toBe(before);
  await page.getByRole('link', { name: 'Remove filter: Kazakhstan' }).click();
  await expect(page).toHaveURL(/\/activities\?q=liver$/);
  await expect(search.summary).toHaveText(before);
  await page.goBack();
  await expect(page).toHaveURL(/country=KZ/);
  await expect(search.summary).toHaveText(narrowed);
});

test('bad parameters are ignored, never an error', async ({ page }) => {
  const response = await page.goto('/activities?country=ZZZ&from=abc&page=-3&sort=bogus&kind=castle');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('status')).toHaveText('26 activities');
});

test('pages and sorts are addresses', async ({ page }) => {
  await page.goto('/activities?sort=title');
  await expect(page.getByRole('article')).toHaveCount(20);
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/sort=title&page=2/);
  await expect(page.getByRole('article')).toHaveCount(6);
  await expect(page.getByText('Page 2 of 2')).toBeVisible();
});

test('the organisations list leads to a partner and back to its Japanese partners', async ({ page }) => {
  await page.goto('/organizations');
  await page.getByLabel('Japanese or partner').selectOption({ label: 'Partner institutions abroad' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/side=partner/);
  await page.getByRole('link', { name: 'Mongolian Cancer Center' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mongolian Cancer Center');
  const partners = page.getByRole('region', { name: 'Partners' });
  await expect(partners.getByRole('link', { name: "Tokyo Women's Medical University" })).toBeVisible();
});

test('a year range narrows the results and shows as a removable filter', async ({ page }) => {
  const search = new SearchPage(page);
  await page.goto('/activities');
  await expect(search.summary).toHaveText('26 activities');
  const years = page.getByRole('group', { name: 'Years' });
  await years.getByRole('spinbutton', { name: 'From' }).fill('2020');
  await years.getByRole('spinbutton', { name: 'From' }).press('Enter');
  // With JavaScript the address is canonical; without, the browser also sends the empty "to".
  await expect(page).toHaveURL(/\/activities\?from=2020(&to=)?$/);
  // With JavaScript the address changes first and the results follow a moment later.
  await expect(search.summary).not.toHaveText('26 activities');
  const narrowed = Number((await search.summary.innerText()).replace(/\D+/g, ''));
  expect(narrowed).toBeGreaterThan(0);
  expect(narrowed).toBeLessThan(26);
  await expect(search.results).toHaveCount(narrowed);
  await expect(years.getByRole('spinbutton', { name: 'From' })).toHaveValue('2020');
  await page.getByRole('link', { name: 'Remove filter: from 2020' }).click();
  await expect(search.summary).toHaveText('26 activities');
});

test('the breadcrumb of an activity leads back to the search that found it', async ({ page }) => {
  const search = new SearchPage(page);
  await page.goto('/activities?q=liver&sort=title');
  const title = 'Nagasaki University establishes living donor liver transplantation in Georgia';
  await search.card(title).getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  const crumbs = page.getByRole('navigation', { name: 'Breadcrumbs' });
  await crumbs.getByRole('link', { name: 'Your search results' }).click();
  await expect(page).toHaveURL(/\/activities\?q=liver&sort=title$/);
  await expect(search.card(title)).toBeVisible();
});

test('an activity opened directly leads back to all activities', async ({ page }) => {
  await page.goto('/activities/nagasaki-living-donor-liver-transplantation-georgia');
  const crumbs = page.getByRole('navigation', { name: 'Breadcrumbs' });
  await expect(crumbs.getByRole('link', { name: 'Activities' })).toHaveAttribute('href', '/activities');
  await expect(crumbs.getByRole('link', { name: 'Your search results' })).toHaveCount(0);
});
