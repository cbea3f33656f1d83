import { readFile } from 'node:fs/promises';
import { test, expect, jsEnabled, hydrated } from './fixtures';
import { SearchPage } from './pages/search';

// An analyst downloads exactly the view on screen.

test('the CSV link of a filtered search downloads one row per result', async ({ page }, testInfo) => {
  const search = new SearchPage(page);
  await page.goto('/activities?q=liver&country=KZ');
  if (jsEnabled(testInfo)) await hydrated(page);
  const shown = await search.results.count();
  expect(shown).toBeGreaterThan(0);
  const link = page.locator('.downloads').getByRole('link', { name: 'CSV' });
  await expect(link).toHaveAttribute('href', '/activities.csv?q=liver&country=KZ');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('kakehashi-activities-liver-KZ.csv');
  const text = await readFile(await download.path(), 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const rows = text.slice(1).split('\r\n').filter((l) => l.length > 0);
  expect(rows[0]).toMatch(/^Slug,Permalink,/);
  expect(rows.length - 1).toBe(shown);
});

test('the IATI XML link of a filtered search downloads one activity per result', async ({ page }, testInfo) => {
  const search = new SearchPage(page);
  await page.goto('/activities?field=liver-transplantation');
  if (jsEnabled(testInfo)) await hydrated(page);
  const shown = await search.results.count();
  expect(shown).toBeGreaterThan(0);
  const link = page.locator('.downloads').getByRole('link', { name: 'IATI XML' });
  await expect(link).toHaveAttribute('href', '/activities.xml?field=liver-transplantation');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('kakehashi-activities-liver-transplantation.xml');
  const text = await readFile(await download.path(), 'utf8');
  expect(text).toContain('<iati-activities version="2.03"');
  expect(text.match(/<iati-activity /g)?.length).toBe(shown);
});

test('the links follow the filters and speak Japanese under /ja', async ({ page }, testInfo) => {
  await page.goto('/ja/activities?country=VN');
  if (jsEnabled(testInfo)) await hydrated(page);
  const downloads = page.locator('.downloads');
  await expect(downloads).toContainText('ダウンロード');
  await expect(downloads.getByRole('link', { name: 'JSON' })).toHaveAttribute('href', '/ja/activities.json?country=VN');
  await expect(downloads.getByRole('link', { name: 'IATI XML' })).toHaveAttribute('href', '/ja/activities.xml?country=VN');
  await page.goto('/organizations/nagasaki-university');
  await expect(page.locator('.downloads').getByRole('link', { name: 'CSV' })).toHaveAttribute(
    'href',
    '/activities.csv?org=nagasaki-university',
  );
  await page.goto('/countries/MN');
  await expect(page.locator('.downloads').getByRole('link', { name: 'JSON' })).toHaveAttribute(
    'href',
    '/activities.json?country=MN',
  );
});
