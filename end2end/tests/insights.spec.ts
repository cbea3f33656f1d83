import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { test, expect, jsEnabled, hydrated } from './fixtures';
import { partnerPort } from '../playwright.config';
import { SearchPage } from './pages/search';

// An analyst sees where cooperation is dense and where it is absent, which way people move
// and how it has changed; every number opens the activities behind it.

const FLOW_MAP = 'Map of flows of people between Japan and its partner countries';

async function open(page: Page, path: string) {
  await page.goto(path);
  if (jsEnabled(test.info())) await hydrated(page);
}

test('a matrix cell opens the matching search with the same count', async ({ page }) => {
  await open(page, '/insights');
  const matrix = page.getByRole('table', { name: 'Activities by partner country and medical field' });
  const cell = matrix.getByRole('link', { name: /^Mongolia · Surgery: \d+ activit/ });
  const count = Number(await cell.innerText());
  expect(count).toBeGreaterThan(0);
  await cell.click();
  await expect(page).toHaveURL(/\/activities\?country=MN&field=general-surgery$/);
  await expect(new SearchPage(page).summary).toHaveText(`${count} ${count === 1 ? 'activity' : 'activities'}`);
  await expect(new SearchPage(page).results).toHaveCount(count);
});

test('the matrix keeps its filters in the address and sorts by total', async ({ page }) => {
  await open(page, '/insights');
  await page.getByLabel('Kind of activity').selectOption({ label: 'Surgical training abroad' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/\/insights\?kind=surgical-training-abroad$/);
  const matrix = page.getByRole('table', { name: 'Activities by partner country and medical field' });
  await expect(matrix.getByRole('link', { name: 'Zambia' })).toHaveCount(0);
  await expect(matrix.getByRole('link', { name: /^Kazakhstan · Liver transplantation: 2 activities$/ })).toBeVisible();
  await page.getByRole('link', { name: 'By total, largest first' }).click();
  await expect(page).toHaveURL(/kind=surgical-training-abroad&sort=total$/);
  await expect(matrix.locator('tbody tr').first().getByRole('rowheader')).toHaveText('Kazakhstan');
});

test('the flows show which way people move, with their numbers and sources', async ({ page }) => {
  await open(page, '/insights/flows');
  const map = page.getByRole('group', { name: FLOW_MAP });
  await expect(map.getByRole('link', { name: /^Vietnam, to Japan: 2 activities; 84 people stated/ })).toBeVisible();
  await expect(map.getByRole('link', { name: /^Vietnam, online: 1 activity; 280 people stated/ })).toBeVisible();
  await expect(map.getByRole('link', { name: /^Mongolia, from Japan: 4 activities/ })).toBeVisible();
  const table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Figures and their sources' }) });
  const online = table.getByRole('row', { name: /Vietnam Online/ });
  await expect(online).toContainText('Attendees: about 280 people (27 October 2021)');
  await expect(online.getByRole('link', { name: 'Viet Nam to Strengthen Bilateral Cooperation on Healthcare with Japan' })).toBeVisible();
  await expect(table.getByRole('row', { name: /Not on one country.*To Japan/ })).toContainText('76');
});

/** Moves the mouse onto the arc of `link`, where no other arc covers it, as a person points
 * at it (the middle of a curve's box is usually off the curve). */
async function pointAt(page: Page, link: Locator) {
  await link.scrollIntoViewIfNeeded();
  const point = await link.evaluate((a) => {
    const path = a.querySelector('path')!;
    const length = path.getTotalLength();
    const m = path.getScreenCTM()!;
    for (let i = 1; i < 40; i++) {
      const p = path.getPointAtLength((length * i) / 40);
      const x = p.x * m.a + p.y * m.c + m.e;
      const y = p.x * m.b + p.y * m.d + m.f;
      if (a.contains(document.elementFromPoint(x, y))) return { x, y };
    }
    return null;
  });
  expect(point, 'a point of the arc that no other arc covers').not.toBeNull();
  await page.mouse.move(point!.x, point!.y);
}

test('with JavaScript, pointing at an arc names its numbers under the map', async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'without JavaScript the arc\'s own tooltip and the table say the same');
  await open(page, '/insights/flows');
  const arc = page.getByRole('group', { name: FLOW_MAP }).getByRole('link', { name: /^Vietnam, online/ });
  await pointAt(page, arc);
  await expect(page.getByRole('status')).toContainText('Vietnam, online: 1 activity; 280 people stated');
  await arc.focus();
  await expect(page.getByRole('status')).toContainText('Vietnam, online');
});

test('with JavaScript, the tabs and the back button draw each view in the page', async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'without JavaScript every visit is a server render');
  await open(page, '/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Insights' }).click();
  await expect(page).toHaveURL(/\/insights$/);
  await expect(page.getByRole('table', { name: 'Activities by partner country and medical field' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Flows of people' }).click();
  await expect(page).toHaveURL(/\/insights\/flows$/);
  await expect(page.getByRole('group', { name: FLOW_MAP }).getByRole('link', { name: /^Mongolia, from Japan/ })).toBeVisible();
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Trends' }).click();
  await expect(page.getByRole('heading', { name: 'By kind of activity' })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/insights\/flows$/);
  await expect(page.getByRole('group', { name: FLOW_MAP })).toBeVisible();
});

test('the trends count activities started per year, by region and by kind', async ({ page }) => {
  await open(page, '/insights/trends');
  await expect(page.getByText('Years 1983–2024')).toBeVisible();
  await expect(page.getByRole('img', { name: /^Eastern Asia: 1987: 1/ })).toBeVisible();
  await page.getByText('The same as a table').click();
  const byKind = page.getByRole('table', { name: 'By kind of activity' });
  await expect(byKind.getByRole('row', { name: /^1987/ })).toBeVisible();
});

test('each view downloads as CSV', async ({ page }) => {
  await open(page, '/insights/flows');
  const link = page.locator('.downloads').getByRole('link', { name: 'CSV' });
  await expect(link).toHaveAttribute('href', '/insights/flows.csv');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('kakehashi-flows.csv');
});

test('the home page and a country page lead into the views, in Japanese too', async ({ page }) => {
  await open(page, '/ja/countries/MN');
  await page.getByRole('link', { name: '国×分野の表でこの国を見る' }).click();
  await expect(page).toHaveURL(/\/ja\/insights#row-MN$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('協力の全体像');
  await expect(page.getByRole('rowheader', { name: 'モンゴル' })).toBeVisible();
  await open(page, '/');
  await page.getByRole('link', { name: /See the shape of cooperation/ }).click();
  await expect(page).toHaveURL(/\/insights$/);
});

test('bad parameters are named, and the rest is drawn', async ({ page }) => {
  const response = await page.goto('/insights?from=abc&country=MN');
  expect(response?.status()).toBe(200);
  await expect(page.getByText('Not understood, and left out:')).toContainText('from=abc');
  await expect(page.getByRole('table', { name: 'Activities by partner country and medical field' })).toBeVisible();
});

for (const path of ['/insights', '/insights/flows', '/insights/trends', '/ja/insights']) {
  test(`accessibility audit of ${path}: no serious or critical violations`, async ({ page }, testInfo) => {
    test.skip(!jsEnabled(testInfo), 'axe runs as a script in the page; the markup audited is the same server render');
    await open(page, path);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  });
}

test('phone width: the views fit the screen, the matrix scrolls in its box', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ['/insights', '/insights/flows', '/insights/trends']) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
});

test.describe('on a site where a partner reports trainees from Mongolia', () => {
  test.use({ baseURL: `http://127.0.0.1:${partnerPort}` });

  test('the flow for Mongolia shows both directions', async ({ page }, testInfo) => {
    const title = `Mongolian surgeons trained in Japan ${testInfo.project.name}`;
    await page.goto('/partner');
    await page.getByLabel('Email').fill('editor.mongolian-cancer-center@example.org');
    await page.getByLabel('Password').fill('kakehashi-demo');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await expect(page).toHaveURL(/\/partner$/);
    await page.getByRole('link', { name: 'Propose a new activity' }).click();
    if (jsEnabled(testInfo)) await hydrated(page);
    await page.getByLabel('Title (English)').fill(title);
    await page.getByLabel('Title (Japanese)').fill('日本で研修を受けたモンゴルの外科医');
    await page.getByLabel('Summary (English)').fill('Surgeons of the Mongolian Cancer Center trained in Japan.');
    await page.getByLabel('Summary (Japanese)').fill('モンゴル国立がんセンターの外科医が日本で研修を受けた。');
    await page.getByLabel('Kind', { exact: true }).selectOption('trainees-in-japan');
    await page.getByLabel('Status', { exact: true }).selectOption('completed');
    await page.getByLabel('Start').fill('2024');
    await page.getByLabel('Surgery', { exact: true }).check();
    await page.getByLabel('Country 1').selectOption('MN');
    await page.getByLabel('What is counted (English)').fill('Surgeons trained in Japan');
    await page.getByLabel('What is counted (Japanese)').fill('日本で研修を受けた外科医');
    await page.getByLabel('Value', { exact: true }).fill('4');
    await page.getByLabel('Unit (English)').fill('surgeons');
    await page.getByLabel('Unit (Japanese)').fill('名');
    await page.getByLabel('Source number').fill('1');
    await page.getByLabel('People who took part').selectOption('countries');
    await page.getByLabel('Title of the source').fill('Mongolian Cancer Center news');
    await page.getByLabel('Web address').fill('https://example.org/mcc-training');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect(page).toHaveURL(/\/partner\?submitted=\d+$/);
    await page.getByRole('button', { name: 'Log out' }).click();

    await page.goto('/moderation');
    await page.getByLabel('Email').fill('moderator@example.org');
    await page.getByLabel('Password').fill('kakehashi-demo');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.getByRole('link', { name: title }).click();
    await page.getByRole('button', { name: 'Approve and publish' }).click();
    await expect(page).toHaveURL(/\/moderation\?decided=approved$/);
    await page.getByRole('button', { name: 'Log out' }).click();

    await open(page, '/insights/flows');
    const map = page.getByRole('group', { name: FLOW_MAP });
    await expect(map.getByRole('link', { name: /^Mongolia, to Japan: \d+ activit.*people stated/ })).toBeVisible();
    await expect(map.getByRole('link', { name: /^Mongolia, from Japan: \d+ activities/ })).toBeVisible();
    const rows = page.getByRole('row', { name: /^Mongolia/ });
    await expect(rows.filter({ hasText: 'To Japan' })).toContainText('Surgeons trained in Japan: 4 surgeons');
    await expect(rows.filter({ hasText: 'From Japan' })).toHaveCount(1);
  });
});
