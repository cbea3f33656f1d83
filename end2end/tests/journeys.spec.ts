import { test, expect, jsEnabled, hydrated, markDocument, sameDocument } from './fixtures';
import { SearchPage } from './pages/search';
import { ActivityPage } from './pages/activity';

const NAGASAKI_KZ = 'Nagasaki University supports living donor liver transplants in Almaty, Kazakhstan';
const NCCHD_ABROAD = 'National Center for Child Health and Development: paediatric living donor liver transplant surgical training abroad';
const NAGASAKI_SOURCE = 'https://www.surgery2.med.nagasaki-u.ac.jp/newtopics/';

test('the home page says what Kakehashi is and shows the record at a glance', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle(/Kakehashi/);
  await expect(page.getByRole('heading', { level: 1, name: 'Kakehashi' })).toBeVisible();
  await expect(page.getByText("The public atlas of Japan's international medical cooperation")).toBeVisible();
  await expect(page.getByText('26 activities')).toBeVisible();
  await expect(page.getByText(/\d+ partner countries/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Recently added activities' })).toBeVisible();
  await expect(page.getByRole('article')).toHaveCount(6);
});

test('a surgeon searching "liver" finds the liver transplant work', async ({ page }) => {
  const search = new SearchPage(page);
  await page.goto('/');
  await search.search('liver');
  await expect(page).toHaveURL(/\/activities\?q=liver$/);
  await expect(search.card(NAGASAKI_KZ)).toBeVisible();
  await expect(search.card(NCCHD_ABROAD)).toBeVisible();
  await expect(search.summary).toContainText('for “liver”');
  // Every result is about livers: nothing about the Zambia visit, for instance.
  await expect(search.card(/University of Zambia/)).toHaveCount(0);
});

test('a Japanese query finds the same work', async ({ page }) => {
  const search = new SearchPage(page, 'ja');
  await page.goto('/ja/activities');
  await search.search('肝移植');
  await expect(search.card('長崎大学、カザフスタン・アルマトイで生体肝移植を支援')).toBeVisible();
});

test('a visitor opens an activity and follows its source', async ({ page }) => {
  const search = new SearchPage(page);
  await page.goto('/activities?q=Almaty');
  await search.card(NAGASAKI_KZ).getByRole('link', { name: NAGASAKI_KZ }).click();
  await expect(page).toHaveURL(/\/activities\/nagasaki-living-donor-liver-transplantation-kazakhstan$/);
  const activity = new ActivityPage(page);
  await expect(activity.heading).toHaveText(NAGASAKI_KZ);
  await expect(page.getByRole('row', { name: /Living donor liver transplants supported/ })).toContainText('10');
  await expect(page.getByRole('row', { name: /Nagasaki University/ })).toContainText('Lead');
  await expect(activity.sourceLink(NAGASAKI_SOURCE)).toBeVisible();
  await expect(activity.sources).toContainText('000_4701a9db64190cae');
});

test('the language switch keeps the current page, and back', async ({ page }) => {
  await page.goto('/activities?q=Almaty');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('link', { name: /日本語/ }).click();
  await expect(page).toHaveURL(/\/ja\/activities\?q=Almaty$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('活動');
  await expect(page.getByRole('link', { name: '長崎大学、カザフスタン・アルマトイで生体肝移植を支援' })).toBeVisible();
  await page.getByRole('link', { name: /English/ }).click();
  await expect(page).toHaveURL(/\/activities\?q=Almaty$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Activities');
});

test('an unknown address answers 404 with a helpful page', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Go to the home page' })).toBeVisible();

  const missing = await page.goto('/ja/activities/no-such-activity');
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'ページが見つかりません' })).toBeVisible();
});

test('a search with no match says so and offers a way out', async ({ page }) => {
  await page.goto('/activities?q=zzzzzz');
  await expect(page.getByText('No activity matches this search.')).toBeVisible();
  await page.getByRole('link', { name: 'Show all activities' }).click();
  await expect(page.getByRole('status')).toHaveText('26 activities');
  await expect(page.getByRole('article')).toHaveCount(20);
});

test('with JavaScript, results update while typing, without a page load', async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'typing-as-you-search needs JavaScript; the GET form covers the rest');
  const search = new SearchPage(page);
  await page.goto('/activities');
  await expect(search.results).toHaveCount(20);
  await hydrated(page);
  await markDocument(page);
  await search.box.pressSequentially('Georgia', { delay: 30 });
  await expect(page).toHaveURL(/\/activities\?q=Georgia$/);
  await expect(search.results).toHaveCount(1);
  await expect(search.card('Nagasaki University establishes living donor liver transplantation in Georgia')).toBeVisible();
  expect(await sameDocument(page)).toBe(true);
  // Clearing the box shows everything again.
  await search.box.fill('');
  await expect(page).toHaveURL(/\/activities$/);
  await expect(search.summary).toHaveText('26 activities');
});

test('with JavaScript, what is typed before the page is interactive is kept and searched', async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'without JavaScript there is no hydration to race');
  // Hold the WebAssembly back, as a slow connection would, while the visitor types.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/pkg/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  const search = new SearchPage(page);
  await page.goto('/activities');
  await search.box.fill('Georgia');
  release();
  await hydrated(page);
  await expect(search.box).toHaveValue('Georgia');
  await expect(page).toHaveURL(/\/activities\?q=Georgia$/);
  await expect(search.results).toHaveCount(1);
});

test('phone width: the search and cards fit the screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/activities?q=liver');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page.getByRole('button', { name: 'Search' })).toBeVisible();
});
